"""The database: migrations, idempotent ingestion, transactional replacement."""

from __future__ import annotations

import sqlite3

import pytest

from tubewiki.models import Cue, Sentence, Video
from tubewiki.store.db import apply_migrations, connect, migrations, schema_version
from tubewiki.store.fts import search_sentences
from tubewiki.store.videos import list_sentences, list_videos, upsert_transcript


def _video(vid: str = "abcdefghijk", title: str = "A talk") -> Video:
    return Video(id=vid, title=title, channel="Chan", duration_ms=60_000, youtube=True)


def _sentences(vid: str, texts: list[str]) -> list[Sentence]:
    return [Sentence(video_id=vid, index=i, text=t, start_ms=i * 1000, end_ms=i * 1000 + 900) for i, t in enumerate(texts)]


def test_fresh_database_gets_every_migration(tmp_path) -> None:
    conn = connect(tmp_path / "t.db")
    assert schema_version(conn) == migrations()[-1][0]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_upgrade_from_first_schema_keeps_data(tmp_path) -> None:
    conn = connect(tmp_path / "old.db", migrate=False)
    apply_migrations(conn, upto=1)
    assert schema_version(conn) == 1
    upsert_transcript(conn, _video(), [], _sentences("abcdefghijk", ["Old data survives."]))
    applied = apply_migrations(conn)
    assert applied and applied[0] == 2
    assert [s.text for s in list_sentences(conn, "abcdefghijk")] == ["Old data survives."]
    conn.execute("SELECT * FROM articles")  # the newer table exists


def test_same_transcript_twice_changes_nothing(tmp_path) -> None:
    conn = connect(tmp_path / "t.db")
    sents = _sentences("abcdefghijk", ["One.", "Two."])
    assert upsert_transcript(conn, _video(), [Cue(0, 900, "One.")], sents) == "added"
    before = conn.execute("SELECT id, text FROM sentences ORDER BY id").fetchall()
    assert upsert_transcript(conn, _video(), [Cue(0, 900, "One.")], sents) == "unchanged"
    assert conn.execute("SELECT id, text FROM sentences ORDER BY id").fetchall() == before


def test_changed_transcript_replaces_the_video(tmp_path) -> None:
    conn = connect(tmp_path / "t.db")
    upsert_transcript(conn, _video(), [], _sentences("abcdefghijk", ["Old words here."]))
    assert upsert_transcript(conn, _video(), [], _sentences("abcdefghijk", ["New words here.", "More."])) == "replaced"
    assert [s.text for s in list_sentences(conn, "abcdefghijk")] == ["New words here.", "More."]
    assert search_sentences(conn, "old") == []
    assert [h.text for h in search_sentences(conn, "new words")] == ["New words here."]


def test_failed_replacement_leaves_the_old_transcript(tmp_path) -> None:
    conn = connect(tmp_path / "t.db")
    upsert_transcript(conn, _video(), [], _sentences("abcdefghijk", ["Kept."]))
    bad = _sentences("abcdefghijk", ["A.", "B."])
    bad[1] = Sentence(video_id="abcdefghijk", index=0, text="duplicate index", start_ms=0, end_ms=1)
    with pytest.raises(sqlite3.IntegrityError):
        upsert_transcript(conn, _video(), [], bad)
    assert [s.text for s in list_sentences(conn, "abcdefghijk")] == ["Kept."]
    assert len(list_videos(conn)) == 1


def test_fts_query_syntax_in_user_text_is_harmless(tmp_path) -> None:
    conn = connect(tmp_path / "t.db")
    upsert_transcript(conn, _video(), [], _sentences("abcdefghijk", ['He said "NEAR" and -minus: star*']))
    for q in ['"', "NEAR(", "-minus", "star*", "a:b", "OR AND NOT", "'); DROP TABLE videos; --"]:
        search_sentences(conn, q)
    assert search_sentences(conn, "near minus")[0].video_id == "abcdefghijk"
