"""Line-based transcripts: Whisper TSV and plain text with timestamps.

Plain text takes many shapes: ``[00:01:02] text``, ``00:01:02 text``, ``(1:02) Name: text``,
a time alone on its line followed by paragraph lines, ``Name 0:09`` headings, and Whisper's
console form ``[00:01.000 --> 00:04.000] text``. Where only starts are given, a cue ends
where the next one starts.
"""

from __future__ import annotations

import re

from ...errors import ParseError
from ...models import Cue, ParsedTranscript, SourceMeta
from ..base import TranscriptFormat
from ..text import clean_text, split_speaker
from ._common import checked_ms, estimate_end, language_from_path, looks_punctuated, make_cue, require_cues

_STAMP = r"(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_CLOCK = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")
_RANGE_LINE = re.compile(rf"^\s*\[\s*(?P<a>{_STAMP})\s*-->\s*(?P<b>{_STAMP})\s*\]\s*(?P<rest>.*)$")
_STAMP_LINE = re.compile(
    rf"^\s*(?:\[(?P<b>{_STAMP})\]|\((?P<p>{_STAMP})\)|(?P<n>{_STAMP}))(?:\s*[-–—|:]\s+|\s+|$)(?P<rest>.*)$"
)
_NAME_STAMP_LINE = re.compile(rf"^\s*(?P<name>[A-ZÀ-Þ][\w.'\- ]{{0,40}}?)\s+\(?(?P<s>{_STAMP})\)?\s*$")
_NAME_LINE = re.compile(r"^\s*(?P<name>[A-ZÀ-Þ][\w.'\- ]{0,40}?):\s*$")
_TSV_ROW = re.compile(r"^\s*\d+(?:\.\d+)?\t\d+(?:\.\d+)?(?:\t|$)")


def clock_ms(value: str) -> int | None:
    """``"1:02"``, ``"01:02:03"``, ``"00:01:02.500"`` -> ms; None if it is not a clock time."""
    m = _CLOCK.match(value.strip())
    if not m:
        return None
    hours, minutes, seconds = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
    if seconds >= 60 or (m.group(1) is not None and minutes >= 60):
        return None
    fraction = int((m.group(4) or "0").ljust(3, "0"))
    return checked_ms(((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction)


class WhisperTsv(TranscriptFormat):
    """Whisper's ``.tsv`` output: ``start<TAB>end<TAB>text`` in integer milliseconds."""

    name = "whisper-tsv.v1"
    label = "Whisper TSV"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        rows = [line for line in text.split("\n", 40)[:40] if line.strip()]
        if not rows:
            return 0
        if rows[0].strip().lower().split("\t") == ["start", "end", "text"]:
            return 95
        return 80 if all(_TSV_ROW.match(r) for r in rows[:20]) else 0

    def parse(self, text: str, path: str) -> ParsedTranscript:
        cues: list[Cue] = []
        for number, line in enumerate(text.split("\n"), 1):
            if not line.strip() or (number == 1 and line.strip().lower().startswith("start\t")):
                continue
            parts = line.split("\t", 2)
            start, end = (_ms(parts[0]), _ms(parts[1])) if len(parts) >= 2 else (None, None)
            if start is None or end is None:
                raise ParseError(path, f"line {number}", "expected start<TAB>end<TAB>text with times in ms")
            if end < start:
                raise ParseError(path, f"line {number}", f"row ends ({end} ms) before it starts ({start} ms)")
            cue = make_cue(start, end, parts[2] if len(parts) == 3 else "")
            if cue is not None:
                cues.append(cue)
        require_cues(cues, path, None, "TSV file")
        return ParsedTranscript(
            format=self.name,
            cues=tuple(sorted(cues, key=lambda c: c.start_ms)),
            meta=SourceMeta(language=language_from_path(path), kind="asr"),
            punctuated=looks_punctuated([c.text for c in cues]),
        )


def _ms(raw: str) -> int | None:
    try:
        return checked_ms(float(raw.strip()))
    except ValueError:
        return None


class PlainTimestamps(TranscriptFormat):
    """Plain text whose lines (or paragraphs) start with a time."""

    name = "plain-timestamps.v1"
    label = "Plain text with timestamps"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        head = text[:20000]
        first = head.lstrip()[:20]
        if first.startswith(("WEBVTT", "<", "{")) or re.search(r"^\s*\d+\s*\n\s*" + _STAMP + r"[^\n]*-->", head, re.M):
            return 0
        lines = [line for line in head.split("\n")[:300] if line.strip()]
        if not lines:
            return 0
        ranged = sum(1 for line in lines if _RANGE_LINE.match(line))
        if ranged >= max(1, len(lines) // 2):
            return 60
        if "-->" in head:
            return 0
        stamped = sum(1 for line in lines if _STAMP_LINE.match(line) or _NAME_STAMP_LINE.match(line))
        return 40 if stamped >= 2 and stamped * 5 >= len(lines) else 0

    def parse(self, text: str, path: str) -> ParsedTranscript:
        entries: list[list] = []  # [start, end or None, speaker, text lines, line number]
        speaker: str | None = None
        preamble = 0
        for number, line in enumerate(text.split("\n"), 1):
            where = f"line {number}"
            entry = _entry(line, path, where)
            if entry is not None:
                start, end, name, rest = entry
                if rest:
                    said, rest = split_speaker(rest)
                    name = name or said
                speaker = name or speaker
                entries.append([start, end, speaker, [rest] if rest else [], number])
            elif m := _NAME_LINE.match(line):
                speaker = m.group("name").strip()
            elif entries:
                if not entries[-1][3] and (said := split_speaker(clean_text(line))[0]):
                    speaker = entries[-1][2] = said
                    line = split_speaker(clean_text(line))[1]
                entries[-1][3].append(line)
            elif line.strip():
                preamble += 1
        cues: list[Cue] = []
        backwards = 0
        for k, (start, end, who, lines, _) in enumerate(entries):
            body = clean_text(" ".join(lines))
            following = entries[k + 1][0] if k + 1 < len(entries) else None
            if end is None:
                end = following if following is not None and following >= start else estimate_end(start, body)
            if following is not None and following < start:
                backwards += 1
            cue = make_cue(start, end, body, who, cleaned=True)
            if cue is not None:
                cues.append(cue)
        require_cues(cues, path, None, "text file (no lines start with a time)")
        warnings = []
        if preamble:
            warnings.append(f"{preamble} lines before the first timestamp were skipped")
        if backwards:
            warnings.append(f"{backwards} timestamps go back in time")
        return ParsedTranscript(
            format=self.name,
            cues=tuple(sorted(cues, key=lambda c: c.start_ms)),
            meta=SourceMeta(language=language_from_path(path)),
            punctuated=looks_punctuated([c.text for c in cues]),
            warnings=tuple(warnings),
        )


def _entry(line: str, path: str, where: str) -> tuple[int, int | None, str | None, str] | None:
    """(start, end, speaker, rest of line) when the line opens a new timed entry."""
    if m := _RANGE_LINE.match(line):
        start, end = _clock(m.group("a"), path, where), _clock(m.group("b"), path, where)
        if end < start:
            raise ParseError(path, where, "the range ends before it starts")
        return start, end, None, m.group("rest").strip()
    if m := _STAMP_LINE.match(line):
        stamp = m.group("b") or m.group("p") or m.group("n")
        return _clock(stamp, path, where), None, None, m.group("rest").strip()
    if m := _NAME_STAMP_LINE.match(line):
        return _clock(m.group("s"), path, where), None, m.group("name").strip(), ""
    return None


def _clock(stamp: str, path: str, where: str) -> int:
    value = clock_ms(stamp)
    if value is None:
        raise ParseError(path, where, f"{stamp!r} is not a valid time")
    return value
