"""Small text helpers for command output."""

from __future__ import annotations


def hms(ms: int) -> str:
    s = max(0, ms) // 1000
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def deep_link(video_id: str, ms: int, youtube: bool = True) -> str | None:
    return f"https://youtu.be/{video_id}?t={max(0, ms) // 1000}" if youtube else None
