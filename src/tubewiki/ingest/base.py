"""The transcript-format backend interface and content-based detection."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from ..errors import ParseError
from ..models import ParsedTranscript


class TranscriptFormat(ABC):
    """A parser for one family of timed-transcript files.

    ``sniff`` looks at the decoded text (and the file name, as a weak hint) and returns a
    confidence from 0 (not mine) to 100 (certainly mine). ``parse`` returns clean cues or
    raises :class:`ParseError` naming the file and the place; it never raises anything else.
    """

    name: ClassVar[str]  # stable, versioned: "webvtt.v1"
    label: ClassVar[str]  # human name: "WebVTT"

    @classmethod
    @abstractmethod
    def sniff(cls, text: str, path: str) -> int: ...

    @abstractmethod
    def parse(self, text: str, path: str) -> ParsedTranscript: ...


def detect(text: str, path: str, formats: list[type[TranscriptFormat]]) -> type[TranscriptFormat]:
    best, best_score = None, 0
    for fmt in formats:
        try:
            score = fmt.sniff(text, path)
        except Exception:  # a sniffer must never break detection
            score = 0
        if score > best_score:
            best, best_score = fmt, score
    if best is None:
        head = " ".join(text[:60].split())
        raise ParseError(path, "line 1", f"not a transcript format tubewiki knows (starts with {head!r})")
    return best
