"""SubRip (SRT): numbered cues with ``HH:MM:SS,mmm`` times.

Human, translated, podcast and Whisper subtitles read cue by cue, with ``Name:``
prefixes and ``- `` turns as speakers. YouTube auto-captions converted to SRT come two
ways: each cue repeating the previous cue's line (a rolling window, de-duplicated with
:func:`~tubewiki.ingest.rolling.dedupe_rolling`) or every cue overlapping the next in
time (trimmed so that each cue ends when the next begins).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import ClassVar

from ...errors import ParseError
from ...models import Cue, ParsedTranscript, SourceMeta
from ..base import TranscriptFormat
from ..rolling import RollingCue, TimedLine, dedupe_rolling, looks_rolling
from ._subtitle import RawCue, asr_hint, language_hint, looks_punctuated, repair_times, scan, word_level
from ._turns import plain_cues
from .webvtt import clean_line

_NUMBERED = re.compile(r"^\s*\d+\s*\n\s*\d{1,3}:\d{2}:\d{2},\d{1,3}\s*-->", re.M)
_COMMA_TIMING = re.compile(r"^\s*\d{1,3}:\d{2}:\d{2},\d{1,3}\s*-->", re.M)


class SubRip(TranscriptFormat):
    name: ClassVar[str] = "srt.v1"
    label: ClassVar[str] = "SubRip (SRT)"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        head = text[:4096].lstrip("\ufeff \n\t")
        if head.startswith("WEBVTT"):
            return 0
        hint = 10 if path.lower().endswith(".srt") else 0
        if _NUMBERED.search(head):
            return 90 + hint
        if _COMMA_TIMING.search(head):
            return 60 + hint
        return 0

    def parse(self, text: str, path: str) -> ParsedTranscript:
        found = scan(text, path, vtt=False)
        if not found.cues:
            raise ParseError(path, None, "no cues found in SRT file")
        raw = found.cues
        repair_times(raw, found.warnings)
        lines = [[clean_line(x) for x in c.lines] for c in raw]
        rolling = looks_rolling(lines)
        overlapping = _mostly_overlapping(raw)
        if rolling:
            cues = dedupe_rolling(RollingCue(c.start_ms, c.end_ms, tuple(TimedLine(x) for x in ls))
                                  for c, ls in zip(raw, lines))
        else:
            cues = plain_cues([(c.start_ms, c.end_ms, [(None, x) for x in ls]) for c, ls in zip(raw, lines)])
        if not cues:
            raise ParseError(path, f"line {raw[0].line_no}", "SRT file has timing lines but no text")
        cues = sorted(cues, key=lambda c: c.start_ms)
        if rolling or overlapping:
            cues = _trim_overlaps(cues)
        speech = [c.text for c in cues if not c.nonspeech]
        punctuated = looks_punctuated(speech)
        kind = "auto" if rolling or overlapping and not punctuated else \
            "asr" if asr_hint(path) or word_level(raw) else "unknown"
        meta = SourceMeta(language=language_hint(path), kind=kind)
        return ParsedTranscript(format=self.name, cues=tuple(cues), meta=meta, punctuated=punctuated,
                                warnings=tuple(found.warnings))


def _mostly_overlapping(raw: list[RawCue]) -> bool:
    """YouTube's auto-caption window: nearly every cue runs past the next one's start."""
    pairs = list(zip(raw, raw[1:]))
    over = sum(1 for a, b in pairs if a.end_ms > b.start_ms + 100)
    return len(pairs) >= 5 and over >= 0.8 * len(pairs)


def _trim_overlaps(cues: list[Cue]) -> list[Cue]:
    out: list[Cue] = []
    for k, cue in enumerate(cues):
        nxt = cues[k + 1].start_ms if k + 1 < len(cues) else None
        if nxt is not None and cue.start_ms <= nxt < cue.end_ms:
            cue = replace(cue, end_ms=nxt)
        out.append(cue)
    return out
