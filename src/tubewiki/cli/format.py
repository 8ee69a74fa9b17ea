"""Small text helpers for command output."""

from __future__ import annotations

from ..timecode import deep_link, hms

__all__ = ["deep_link", "hms"]
