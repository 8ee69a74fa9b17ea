"""Typed access to videos, their cues and their sentences."""

from __future__ import annotations

import json
import sqlite3
from typing import Iterable

from ..hashing import content_hash
from ..models import Cue, Sentence, Video
from .db import transaction

_VIDEO_COLS = (
    "id", "title", "channel", "url", "duration_ms", "language", "upload_date", "kind",
    "source_path", "source_hash", "source_format", "youtube",
)


def _video(row: sqlite3.Row) -> Video:
    data = {c: row[c] for c in _VIDEO_COLS}
    data["youtube"] = bool(data["youtube"])
    return Video(**data)


def transcript_hash(video: Video, cues: Iterable[Cue], sentences: Iterable[Sentence]) -> str:
    return content_hash(video, list(cues), [(s.index, s.text, s.start_ms, s.end_ms, s.speaker) for s in sentences])


def upsert_transcript(conn: sqlite3.Connection, video: Video, cues: list[Cue], sentences: list[Sentence]) -> str:
    """Store a video with its transcript in one transaction.

    Returns "added", "replaced" or "unchanged": the same transcript ingested twice changes nothing.
    """
    digest = transcript_hash(video, cues, sentences)
    row = conn.execute("SELECT transcript_hash FROM videos WHERE id = ?", (video.id,)).fetchone()
    if row is not None and row["transcript_hash"] == digest:
        return "unchanged"
    with transaction(conn):
        if row is not None:
            conn.execute("DELETE FROM sentences WHERE video_id = ?", (video.id,))
            conn.execute("DELETE FROM cues WHERE video_id = ?", (video.id,))
            conn.execute("DELETE FROM videos WHERE id = ?", (video.id,))
        values = [getattr(video, c) for c in _VIDEO_COLS]
        values[_VIDEO_COLS.index("youtube")] = int(video.youtube)
        conn.execute(
            f"INSERT INTO videos({', '.join(_VIDEO_COLS)}, transcript_hash) VALUES ({', '.join('?' * len(_VIDEO_COLS))}, ?)",
            (*values, digest),
        )
        if video.channel:
            from .channels import upsert_channel

            upsert_channel(conn, video.channel)
        conn.executemany(
            "INSERT INTO cues(video_id, idx, start_ms, end_ms, text, speaker, nonspeech, words_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (video.id, i, c.start_ms, c.end_ms, c.text, c.speaker, int(c.nonspeech),
                 json.dumps([[w.text, w.start_ms, w.end_ms] for w in c.words], ensure_ascii=False) if c.words else None)
                for i, c in enumerate(cues)
            ],
        )
        conn.executemany(
            "INSERT INTO sentences(video_id, idx, text, start_ms, end_ms, speaker) VALUES (?, ?, ?, ?, ?, ?)",
            [(video.id, s.index, s.text, s.start_ms, s.end_ms, s.speaker) for s in sentences],
        )
    return "added" if row is None else "replaced"


def get_video(conn: sqlite3.Connection, video_id: str) -> Video | None:
    row = conn.execute("SELECT * FROM videos WHERE id = ?", (video_id,)).fetchone()
    return _video(row) if row else None


def find_video(conn: sqlite3.Connection, ref: str) -> Video | None:
    """By id, then by exact title, then by a unique id or title prefix."""
    v = get_video(conn, ref)
    if v:
        return v
    rows = conn.execute("SELECT * FROM videos WHERE title = ? OR source_path = ?", (ref, ref)).fetchall()
    if len(rows) == 1:
        return _video(rows[0])
    rows = conn.execute(
        "SELECT * FROM videos WHERE id LIKE ? || '%' OR lower(title) LIKE lower(?) || '%'", (ref, ref)
    ).fetchall()
    return _video(rows[0]) if len(rows) == 1 else None


def list_videos(conn: sqlite3.Connection, channel: str | None = None) -> list[Video]:
    if channel:
        rows = conn.execute("SELECT * FROM videos WHERE channel = ? ORDER BY upload_date, id", (channel,))
    else:
        rows = conn.execute("SELECT * FROM videos ORDER BY channel, upload_date, id")
    return [_video(r) for r in rows]


def video_stats(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """video id -> (cue count, sentence count)."""
    out = {}
    for row in conn.execute(
        "SELECT v.id, (SELECT COUNT(*) FROM cues c WHERE c.video_id = v.id),"
        " (SELECT COUNT(*) FROM sentences s WHERE s.video_id = v.id) FROM videos v"
    ):
        out[row[0]] = (row[1], row[2])
    return out


def list_sentences(conn: sqlite3.Connection, video_id: str) -> list[Sentence]:
    rows = conn.execute(
        "SELECT id, video_id, idx, text, start_ms, end_ms, speaker FROM sentences WHERE video_id = ? ORDER BY idx",
        (video_id,),
    )
    return [Sentence(video_id=r[1], index=r[2], text=r[3], start_ms=r[4], end_ms=r[5], speaker=r[6], id=r[0]) for r in rows]


def all_sentences(conn: sqlite3.Connection) -> dict[str, list[Sentence]]:
    out: dict[str, list[Sentence]] = {}
    for r in conn.execute("SELECT id, video_id, idx, text, start_ms, end_ms, speaker FROM sentences ORDER BY video_id, idx"):
        out.setdefault(r[1], []).append(Sentence(video_id=r[1], index=r[2], text=r[3], start_ms=r[4], end_ms=r[5], speaker=r[6], id=r[0]))
    return out


def delete_video(conn: sqlite3.Connection, video_id: str) -> bool:
    with transaction(conn):
        cur = conn.execute("DELETE FROM videos WHERE id = ?", (video_id,))
    return cur.rowcount > 0


def sentence_rows(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[int, str, int, str, int]]:
    """Sentence row id -> (id, video_id, index, text, start_ms) for the given ids."""
    out = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for r in conn.execute(
            f"SELECT id, video_id, idx, text, start_ms FROM sentences WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ):
            out[r[0]] = tuple(r)
    return out


def sentence_fingerprint(conn: sqlite3.Connection) -> tuple[int, int]:
    """(count, highest row id): changes whenever sentences are added or replaced."""
    row = conn.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM sentences").fetchone()
    return (row[0], row[1])


def youtube_video_ids(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT id FROM videos WHERE youtube = 1")}
