"""Expand files, folders and globs into transcript sources, one per video."""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

from ..errors import TubewikiError
from .metadata import _TRANSCRIPT_SUFFIXES

# In a folder-per-video layout, the best transcript wins (human-reviewed sentences first).
_LAYOUT_PREFERENCE = ("sentence_timings.json", "word_timings.json", "captions.srt")
_SKIP_NAMES = {"sources.md", "readme.md", "video_url.txt"}


@dataclass(frozen=True, slots=True)
class Source:
    path: Path
    layout_folder: Path | None = None  # set when the folder-per-video layout applies


def expand(args: list[str]) -> tuple[list[Source], list[str]]:
    """Sources for each argument, plus one-line errors for arguments that match nothing."""
    sources: list[Source] = []
    errors: list[str] = []
    seen: set[Path] = set()
    for arg in args:
        paths = [Path(p) for p in sorted(glob.glob(arg, recursive=True))] if glob.has_magic(arg) else [Path(arg)]
        if not paths or not any(p.exists() for p in paths):
            errors.append(f"{arg}: no such file or folder")
            continue
        for p in paths:
            for src in _walk(p):
                key = src.path.resolve()
                if key not in seen:
                    seen.add(key)
                    sources.append(src)
    return sources, errors


def _walk(path: Path) -> list[Source]:
    if path.is_file():
        layout = path.parent if path.name in _LAYOUT_PREFERENCE and (path.parent / "video_url.txt").exists() else None
        return [Source(path, layout)]
    if not path.is_dir():
        return []
    out: list[Source] = []
    names = {p.name for p in path.iterdir()} if path.is_dir() else set()
    chosen = next((n for n in _LAYOUT_PREFERENCE if n in names), None)
    if chosen and ("video_url.txt" in names or chosen != "captions.srt"):
        out.append(Source(path / chosen, path))
    else:
        for child in sorted(path.iterdir()):
            if child.is_file() and _looks_like_transcript(child):
                out.append(Source(child))
    for child in sorted(path.iterdir()):
        if child.is_dir() and not child.name.startswith("."):
            out.extend(_walk(child))
    return out


def _looks_like_transcript(path: Path) -> bool:
    name = path.name.lower()
    if name in _SKIP_NAMES or name.endswith(".info.json") or name.startswith("."):
        return False
    return path.suffix.lower() in _TRANSCRIPT_SUFFIXES


def require_sources(args: list[str]) -> list[Source]:
    sources, errors = expand(args)
    if not sources and errors:
        raise TubewikiError(errors[0])
    return sources
