"""Domain records shared by every pipeline stage.

All times are integer milliseconds. Records are frozen: a stage reads records and
produces new ones, it never mutates what it was given. Only ``store/`` talks SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CaptionKind = Literal["manual", "auto", "asr", "unknown"]
CAPTION_KINDS: tuple[str, ...] = ("manual", "auto", "asr", "unknown")


@dataclass(frozen=True, slots=True)
class Word:
    """One spoken word with its own timing."""

    text: str
    start_ms: int
    end_ms: int
    confidence: float | None = None
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class Cue:
    """One caption cue as the source file gives it, after markup is cleaned.

    ``nonspeech`` marks cues such as ``[Music]`` that are kept as events, not words.
    ``words`` holds per-word timing when the source has it.
    """

    start_ms: int
    end_ms: int
    text: str
    speaker: str | None = None
    words: tuple[Word, ...] = ()
    nonspeech: bool = False


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """What a transcript file (and its sidecars) says about the video it belongs to."""

    video_id: str | None = None
    title: str | None = None
    channel: str | None = None
    channel_id: str | None = None
    url: str | None = None
    duration_ms: int | None = None
    language: str | None = None
    upload_date: str | None = None  # ISO date, YYYY-MM-DD
    kind: CaptionKind = "unknown"


@dataclass(frozen=True, slots=True)
class ParsedTranscript:
    """What a format parser returns: clean cues plus what the file said about itself.

    ``punctuated`` is the parser's judgement of whether the text carries sentence
    punctuation (False for raw auto-captions and most word-level ASR outputs).
    """

    format: str
    cues: tuple[Cue, ...]
    meta: SourceMeta = field(default_factory=SourceMeta)
    punctuated: bool = True
    warnings: tuple[str, ...] = ()

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for c in self.cues for w in c.words)


@dataclass(frozen=True, slots=True)
class Video:
    id: str  # YouTube id where known, else a stable id derived from the source
    title: str
    channel: str | None = None
    url: str | None = None
    duration_ms: int | None = None
    language: str | None = None
    upload_date: str | None = None
    kind: CaptionKind = "unknown"
    source_path: str | None = None
    source_hash: str | None = None
    source_format: str | None = None
    youtube: bool = False  # True when ``id`` is a real YouTube video id


@dataclass(frozen=True, slots=True)
class Sentence:
    video_id: str
    index: int
    text: str
    start_ms: int
    end_ms: int
    speaker: str | None = None
    id: int | None = None  # database row id once stored


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of consecutive sentences of one video about one topic."""

    video_id: str
    index: int
    first_sentence: int  # sentence index, inclusive
    last_sentence: int  # sentence index, inclusive
    title: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Citation:
    video_id: str
    time_ms: int
    sentence_index: int | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """One written sentence and the moments it rests on."""

    text: str
    citations: tuple[Citation, ...]
    support: float | None = None  # best verifier score, once checked


@dataclass(frozen=True, slots=True)
class Section:
    heading: str | None  # None for the opening paragraph
    level: int  # 2 for ##, 3 for ###
    claims: tuple[Claim, ...]
    as_list: bool = False


@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    title: str
    video_id: str
    channel_slug: str
    sections: tuple[Section, ...]
    writer: str  # versioned backend name, e.g. "extractive.v1"
    language: str | None = None
    aliases: tuple[str, ...] = ()
