"""WebVTT: plain subtitles, podcast voice tags, and YouTube's rolling auto-captions.

YouTube auto-captions time each word inline (``word<00:00:01.210><c> next</c>``) inside
a rolling two-line window; those go through :func:`~tubewiki.ingest.rolling.dedupe_rolling`
so each word is kept once with its own time. Live-stream captions saved as concatenated
HLS fragments restart their clock at every ``WEBVTT`` header (``X-TIMESTAMP-MAP``) and time
words relative to the fragment; both are mapped back onto one timeline here.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ...errors import ParseError
from ...models import ParsedTranscript, SourceMeta
from ..base import TranscriptFormat
from ..rolling import RollingCue, TimedLine, dedupe_rolling, looks_rolling
from ..text import strip_markup, unescape_entities
from ._subtitle import (MPEGTS_WRAP_MS, RawCue, Scan, asr_hint, language_hint, looks_punctuated, repair_times,
                        scan, word_level)
from ._turns import plain_cues

_INLINE_TIME = re.compile(r"<(?:(\d{1,9}):)?(\d{1,2}):(\d{2})[.,](\d{1,3})>")
_VOICE = re.compile(r"<v(?:\.[\w.-]*)?\s+([^<>]{1,60})>")
_VTT_TIMING = re.compile(r"^\s*(?:\d+:)?\d{2}:\d{2}\.\d{3}\s*-->\s*(?:\d+:)?\d{2}:\d{2}\.\d{3}", re.M)
_ASS_TAG = re.compile(r"\{\\[^{}]*\}")
_CHUNK = re.compile(r"<c(?:\.[\w.]*)?>([^<]*)</c>")
_SLACK_MS = 1000  # inline times this far outside their cue are taken as fragment-relative


class WebVTT(TranscriptFormat):
    name: ClassVar[str] = "webvtt.v1"
    label: ClassVar[str] = "WebVTT"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        head = text[:4096].lstrip("\ufeff \n\t")
        if head.startswith("WEBVTT"):
            return 100
        timings = len(_VTT_TIMING.findall(head))
        if timings == 0:
            return 0
        return min(90, 50 + 10 * timings + (20 if path.lower().endswith(".vtt") else 0))

    def parse(self, text: str, path: str) -> ParsedTranscript:
        found = scan(text, path, vtt=True)
        if not found.cues:
            raise ParseError(path, None, "no cues found in WebVTT file")
        raw = found.cues
        repair_times(raw, found.warnings)
        inline = any(_INLINE_TIME.search(line) for c in raw for line in c.lines)
        rolling = inline or looks_rolling([[clean_line(x) for x in c.lines] for c in raw])
        if rolling:
            cues = dedupe_rolling((_rolling_cue(c, found) for c in raw), growing=_sub_word_chunks(raw))
        else:
            cues = plain_cues([(c.start_ms, c.end_ms, _voiced_lines(c)) for c in raw])
        if not cues:
            raise ParseError(path, f"line {raw[0].line_no}", "WebVTT file has timing lines but no text")
        cues = sorted(cues, key=lambda c: c.start_ms)
        speech = [c.text for c in cues if not c.nonspeech]
        meta = SourceMeta(language=_language(found) or language_hint(path), kind=_kind(found, raw, rolling, inline, path))
        return ParsedTranscript(format=self.name, cues=tuple(cues), meta=meta,
                                punctuated=looks_punctuated(speech), warnings=tuple(found.warnings))


def clean_line(raw: str) -> str:
    """Cue text line without markup or entities, white space collapsed."""
    return " ".join(_clean_fragment(raw).split())


def _clean_fragment(raw: str) -> str:
    return _ASS_TAG.sub("", strip_markup(unescape_entities(strip_markup(raw))))


def _voiced_lines(cue: RawCue) -> list[tuple[str | None, str]]:
    out: list[tuple[str | None, str]] = []
    voice = None
    for line in cue.lines:
        m = _VOICE.search(line)
        if m:
            voice = " ".join(m.group(1).split()) or None
        out.append((voice, clean_line(line)))
    return out


def _rolling_cue(cue: RawCue, found: Scan) -> RollingCue:
    lines = [_timed_line(line, cue, found) for line in cue.lines]
    times = [t for line in lines for t in line[1] if t is not None]
    if times and (min(times) < cue.start_ms - _SLACK_MS or max(times) > cue.end_ms + _SLACK_MS):
        place = _relative_placer(cue, min(times), max(times))
        lines = [(text, [None if t is None else place(t) for t in ts]) for text, ts in lines]
    return RollingCue(cue.start_ms, cue.end_ms,
                      tuple(TimedLine(text, tuple(ts) if any(t is not None for t in ts) else ())
                            for text, ts in lines))


def _timed_line(raw: str, cue: RawCue, found: Scan) -> tuple[str, list[int | None]]:
    """Clean text of one line and the inline time of each of its characters."""
    chunks: list[tuple[str, int | None]] = []
    pos, at = 0, None
    for m in _INLINE_TIME.finditer(raw):
        chunks.append((raw[pos:m.start()], at))
        h, mi, s, frac = m.groups()
        at = ((int(h or 0) * 60 + int(mi)) * 60 + int(s)) * 1000 + int(frac.ljust(3, "0")) + cue.offset_ms
        if found.mpegts:
            at %= MPEGTS_WRAP_MS
        pos = m.end()
    chunks.append((raw[pos:], at))
    chars: list[str] = []
    times: list[int | None] = []
    for piece, t in chunks:
        for ch in _clean_fragment(piece):
            if ch.isspace():
                if not chars or chars[-1] == " ":
                    continue
                ch = " "
            chars.append(ch)
            times.append(t)
    while chars and chars[-1] == " ":
        chars.pop()
        times.pop()
    return "".join(chars), times


def _sub_word_chunks(raw: list[RawCue]) -> bool:
    """Live captions time pieces of words (``t<..><c>he</c>``) and grow lines in place."""
    chunks = [m.group(1) for c in raw for line in c.lines for m in _CHUNK.finditer(line)]
    return len(chunks) >= 20 and sum(1 for ch in chunks if not ch[:1].isspace()) > 0.3 * len(chunks)


def _relative_placer(cue: RawCue, first: int, last: int):
    """Map fragment-relative inline times into the cue: keep their spacing, fit the cue."""
    duration = max(cue.end_ms - cue.start_ms, 0)
    span = last - first
    if span > duration:
        return lambda t: cue.start_ms + (t - first) * duration // max(span, 1)
    relative = (first - cue.offset_ms) % MPEGTS_WRAP_MS  # the time as written in the file
    lead = max(min(relative, duration - span), 0)
    return lambda t: cue.start_ms + lead + t - first


def _language(found: Scan) -> str | None:
    lang = found.headers.get("language", "").strip()
    return lang or None


def _kind(found: Scan, raw: list[RawCue], rolling: bool, inline: bool, path: str) -> str:
    if inline or rolling:
        return "auto"
    if asr_hint(path) or word_level(raw):
        return "asr"
    if found.headers.get("kind", "").lower() in {"captions", "subtitles"}:
        return "manual"
    return "unknown"
