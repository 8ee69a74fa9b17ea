"""Moments of a video as people read and link them: ``HH:MM:SS`` and YouTube deep links."""

from __future__ import annotations


def hms(ms: int) -> str:
    """``HH:MM:SS`` floored to the second; hours always two digits (more past 99 h)."""
    seconds = max(0, int(ms)) // 1000
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def deep_link(video_id: str, ms: int, youtube: bool = True) -> str | None:
    """The YouTube link that starts playing at ``ms`` (whole seconds), or None for local videos."""
    return f"https://youtu.be/{video_id}?t={max(0, ms) // 1000}" if youtube else None
