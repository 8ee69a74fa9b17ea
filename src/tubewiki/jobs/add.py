"""`tubewiki add`: read transcript sources, build sentences, store them."""

from __future__ import annotations

import re
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import TubewikiError
from ..hashing import bytes_hash
from ..ingest.discover import Source, expand
from ..ingest.metadata import (YOUTUBE_ID, find_info_json, folder_layout_meta, merge, meta_from_info_json,
                               meta_from_name)
from ..ingest.reader import parse_text
from ..ingest.decode import decode_bytes
from ..ingest.youtube import fetch_captions, is_youtube_url
from ..models import ParsedTranscript, SourceMeta, Video
from ..nlp.sentences import build_sentences
from ..store.videos import upsert_transcript

Progress = Callable[[str, int, int], None]


@dataclass
class AddReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sentences: int = 0
    seconds_of_video: float = 0.0

    def to_json(self) -> dict:
        return {
            "added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
            "skipped": self.skipped, "errors": self.errors, "warnings": self.warnings, "sentences": self.sentences,
            "hours_of_video": round(self.seconds_of_video / 3600, 3),
        }


def local_video_id(path: Path, meta: SourceMeta) -> str:
    """A stable id for a video whose YouTube id is unknown: its name plus a short path hash."""
    base = meta.title or path.stem
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:40] or "video"
    return f"{slug}-{bytes_hash(f'{path.parent.name}/{path.name}'.encode())[:6]}"


def video_record(source: Source, parsed: ParsedTranscript, data: bytes, channel: str | None) -> Video:
    path = source.path
    layout = folder_layout_meta(source.layout_folder) if source.layout_folder else SourceMeta()
    info_path = find_info_json(path)
    info = meta_from_info_json(info_path) if info_path else SourceMeta()
    name_meta = meta_from_name(path) if not source.layout_folder else SourceMeta()
    meta = merge(info, layout, name_meta, parsed.meta)
    youtube = bool(meta.video_id and YOUTUBE_ID.match(meta.video_id))
    vid = meta.video_id if youtube else local_video_id(source.layout_folder or path, meta)
    duration = meta.duration_ms
    last_end = max((c.end_ms for c in parsed.cues), default=0)
    if not duration or duration < last_end:
        duration = last_end
    return Video(
        id=vid,
        title=meta.title or vid,
        channel=channel or meta.channel,
        url=meta.url or (f"https://youtu.be/{vid}" if youtube else None),
        duration_ms=duration,
        language=meta.language,
        upload_date=meta.upload_date,
        kind=meta.kind,
        source_path=str(path),
        source_hash=bytes_hash(data),
        source_format=parsed.format,
        youtube=youtube,
    )


def ingest_source(conn: sqlite3.Connection, source: Source, channel: str | None, report: AddReport) -> None:
    path = source.path
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.errors.append(f"{path}: cannot read file ({exc.strerror or exc})")
        return
    try:
        parsed = parse_text(decode_bytes(data, str(path)), str(path))
        if not any(not c.nonspeech and c.text.strip() for c in parsed.cues):
            report.skipped.append(str(path))
            report.warnings.append(f"{path}: skipped, no speech in it ({len(parsed.cues)} non-speech cues)")
            return
        video = video_record(source, parsed, data, channel)
        sentences = build_sentences(parsed, video.id)
    except TubewikiError as exc:
        report.errors.append(exc.one_line())
        return
    for w in parsed.warnings:
        report.warnings.append(f"{path}: {w}")
    outcome = upsert_transcript(conn, video, list(parsed.cues), sentences)
    getattr(report, outcome).append(video.id)
    report.sentences += len(sentences)
    report.seconds_of_video += (video.duration_ms or 0) / 1000


def add(conn: sqlite3.Connection, args: list[str], *, channel: str | None = None,
        progress: Progress | None = None, limit: int | None = None) -> AddReport:
    """Ingest every source the arguments name; one bad file never stops the batch."""
    report = AddReport()
    local_args = [a for a in args if not is_youtube_url(a)]
    sources, errors = expand(local_args) if local_args else ([], [])
    report.errors.extend(errors)
    with tempfile.TemporaryDirectory(prefix="tubewiki-yt-") as tmp:
        for i, url in enumerate(a for a in args if is_youtube_url(a)):
            try:
                files = fetch_captions(url, Path(tmp) / str(i), limit=limit)
            except TubewikiError as exc:
                report.errors.append(exc.one_line())
                continue
            sources.extend(Source(p) for p in files)
        for n, source in enumerate(sources):
            if progress:
                progress(str(source.path), n, len(sources))
            ingest_source(conn, source, channel, report)
        if progress:
            progress("", len(sources), len(sources))
    return report
