"""What file names and sidecars say about a video: yt-dlp naming, .info.json, folder layouts."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from ..models import SourceMeta

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YTDLP_NAME = re.compile(r"^(?P<title>.*?)\s*\[(?P<id>[A-Za-z0-9_-]{11})\]$")
_LANG = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_TRANSCRIPT_SUFFIXES = {
    ".vtt", ".srt", ".json3", ".json", ".xml", ".srv1", ".srv2", ".srv3", ".ttml", ".dfxp", ".trs",
    ".tsv", ".txt", ".html", ".htm", ".sbv",
}
_URL_ID = re.compile(r"(?:youtu\.be/|[?&]v=|/shorts/|/embed/|/live/)([A-Za-z0-9_-]{11})")
_FORMAT_WORDS = {"words", "whisper", "whisperx", "srv1", "srv2", "srv3", "orig", "auto", "manual", "captions"}


def video_id_from_url(text: str) -> str | None:
    m = _URL_ID.search(text)
    return m.group(1) if m else None


def split_name(path: Path) -> tuple[str, str | None]:
    """``"Title [id].en.vtt"`` -> (``"Title [id]"``, ``"en"``): strip format and language suffixes."""
    name = path.name
    stem = name
    lang = None
    # strip up to three trailing suffixes: .en.words.json, .en.srv3.xml, .fr.vtt
    for _ in range(3):
        base, dot, ext = stem.rpartition(".")
        if not dot or not base:
            break
        low = ext.lower()
        if "." + low in _TRANSCRIPT_SUFFIXES or low in _FORMAT_WORDS:
            stem = base
            continue
        if lang is None and _LANG.match(ext) and len(ext) <= 10:
            lang = ext.split("_")[0]
            stem = base
            continue
        break
    return stem, lang


def meta_from_name(path: Path) -> SourceMeta:
    stem, lang = split_name(path)
    m = _YTDLP_NAME.match(stem)
    if m:
        return SourceMeta(video_id=m.group("id"), title=m.group("title").strip() or None, language=lang)
    if YOUTUBE_ID.match(stem) and any(c.isdigit() or c.isupper() or c in "-_" for c in stem):
        return SourceMeta(video_id=stem, language=lang)
    return SourceMeta(title=prettify(stem), language=lang)


def prettify(stem: str) -> str:
    text = re.sub(r"[_\-]+", " ", stem).strip()
    return text[:1].upper() + text[1:] if text else stem


def find_info_json(path: Path) -> Path | None:
    stem, _ = split_name(path)
    candidate = path.with_name(stem + ".info.json")
    return candidate if candidate.is_file() else None


def meta_from_info_json(info_path: Path) -> SourceMeta:
    """Read what we use of yt-dlp's ``.info.json``; a broken sidecar is ignored, not fatal."""
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return SourceMeta()
    if not isinstance(info, dict):
        return SourceMeta()
    date = str(info.get("upload_date") or "")
    iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if re.fullmatch(r"\d{8}", date) else None
    duration = info.get("duration")
    vid = info.get("id") if isinstance(info.get("id"), str) and YOUTUBE_ID.match(info["id"]) else None
    return SourceMeta(
        video_id=vid,
        title=info.get("title") if isinstance(info.get("title"), str) else None,
        channel=(info.get("channel") or info.get("uploader")) if isinstance(info.get("channel") or info.get("uploader"), str) else None,
        channel_id=info.get("channel_id") if isinstance(info.get("channel_id"), str) else None,
        url=info.get("webpage_url") if isinstance(info.get("webpage_url"), str) else None,
        duration_ms=int(float(duration) * 1000) if isinstance(duration, (int, float)) and duration > 0 else None,
        language=info.get("language") if isinstance(info.get("language"), str) else None,
        upload_date=iso,
    )


def merge(*metas: SourceMeta) -> SourceMeta:
    """Earlier arguments win; ``kind`` keeps the first value that is not "unknown"."""
    out = SourceMeta()
    for m in reversed(metas):
        updates = {f: getattr(m, f) for f in m.__slots__ if getattr(m, f) not in (None, "unknown")}
        out = replace(out, **updates)
    return out


def folder_layout_meta(folder: Path) -> SourceMeta:
    """A folder per video (as in a captions repository): ``video_url.txt`` plus the folder name."""
    url_file = folder / "video_url.txt"
    vid = None
    url = None
    if url_file.is_file():
        try:
            text = url_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        vid = video_id_from_url(text)
        url = f"https://youtu.be/{vid}" if vid else None
    name = folder.name
    date = None
    m = re.match(r"^(\d{4})-(.+)$", name)
    if m:
        date, name = m.group(1), m.group(2)
    return SourceMeta(video_id=vid, url=url, title=prettify(name), upload_date=date)
