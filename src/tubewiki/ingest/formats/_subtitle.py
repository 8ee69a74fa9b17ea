"""Reading the block structure shared by WebVTT and SRT: timing lines, cue text, headers.

Both formats are a list of cues, each a timing line (``start --> end``) followed by text
lines up to a blank line. Real files bend this in every way: missing blank lines, an id
line glued to the previous cue, headers repeated mid-file, blank lines between the timing
line and its text, colons before milliseconds. :func:`scan` reads all of that into
:class:`RawCue` records (times repaired or refused, text still raw) so that the format
modules only decide what the text means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...errors import ParseError

MAX_MS = 48 * 3600 * 1000  # no caption track is longer than two days
MPEGTS_WRAP_MS = round(2**33 / 90)  # the 33-bit 90 kHz MPEG-TS clock wraps after ~26.5 h

_TIMING = re.compile(r"^\s*(-?\d[\d:.,]*)\s*-{1,2}>\s*(-?\d[\d:.,]*)?(?:\s+(.*))?$")
_LOOSE_TIMING = re.compile(r"^\s*-?\d[^\s>]*\s*-{1,2}>")
_CLOCK = re.compile(r"(?:(\d{1,9}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,9}))?")
_CLOCK_COLON_MS = re.compile(r"(?:(\d{1,9}):)?(\d{1,2}):(\d{2}):(\d{3})")
_CLOCK_EXTRA_ZERO = re.compile(r"0{1,2}:(\d{1,2}:\d{2}:\d{2}[.,]\d{1,3})")
_TIMESTAMP_MAP = re.compile(r"LOCAL:([\d:.]+)\s*,\s*MPEGTS:(\d+)|MPEGTS:(\d+)\s*,\s*LOCAL:([\d:.]+)")
_HEADER_FIELD = re.compile(r"^([A-Za-z][\w-]{0,30})\s*:\s*(.*)$")
_VTT_BLOCKS = ("NOTE", "STYLE", "REGION")


@dataclass(slots=True)
class RawCue:
    """One cue as written: times in ms (offset applied), raw text lines, 1-based line number."""

    start_ms: int
    end_ms: int
    lines: list[str]
    line_no: int
    settings: str = ""
    offset_ms: int = 0  # added to the file's times (X-TIMESTAMP-MAP); inline times need it too


@dataclass(slots=True)
class Scan:
    cues: list[RawCue] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    fragments: int = 0  # mid-file WEBVTT headers (concatenated HLS segments)
    mpegts: bool = False  # an X-TIMESTAMP-MAP was seen
    offset_ms: int = 0  # the clock offset in force


def parse_clock(token: str) -> tuple[int, bool] | None:
    """``"01:02:03.450"`` -> ``(3723450, False)``; the flag says a repair was needed.

    Accepts hours or not, ``.`` or ``,`` before 1-3 digit fractions, and the invalid
    ``00:03:000`` (colon before three-digit milliseconds). Returns ``None`` otherwise.
    """
    negative = token.startswith("-")
    token = token.lstrip("-")
    repaired = False
    m = _CLOCK.fullmatch(token)
    if m is None:
        extra = _CLOCK_EXTRA_ZERO.fullmatch(token)  # "00:00:05:13.120": a doubled hour field
        m = _CLOCK.fullmatch(extra.group(1)) if extra else _CLOCK_COLON_MS.fullmatch(token)
        repaired = True
    if m is None:
        return None
    hours, minutes, seconds, frac = m.groups()
    if int(minutes) >= 60 and hours is not None or int(seconds) >= 60:
        return None
    repaired = repaired or len(frac or "") > 3
    ms = int((frac or "0")[:3].ljust(3, "0"))
    total = ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + ms
    return (0 if negative else total), repaired or negative


def is_timing_line(line: str) -> bool:
    return "-" in line and ">" in line and _LOOSE_TIMING.match(line) is not None


def scan(text: str, path: str, *, vtt: bool) -> Scan:
    """Split decoded text into raw cues; raise :class:`ParseError` for what cannot be read."""
    lines = text.split("\n")
    out = Scan()
    i, n = 0, len(lines)
    while i < n:
        stripped = lines[i].strip().lstrip("\ufeff")
        if not stripped:
            i += 1
        elif vtt and stripped.startswith("WEBVTT"):
            if out.cues or i > 0 and any(s.strip() for s in lines[:i]):
                out.fragments += 1
            i, map_ms = _read_header(lines, i + 1, out)
            if map_ms is not None:
                out.offset_ms, out.mpegts = map_ms, True
        elif vtt and (stripped.split(" ", 1)[0].rstrip(":") in _VTT_BLOCKS or stripped == "##"):
            i = _skip_block(lines, i)
        elif is_timing_line(stripped):
            i = _read_cue(lines, i, path, out.offset_ms, out, vtt)
        elif i + 1 < n and is_timing_line(lines[i + 1].strip()):
            i += 1  # a cue id
        else:
            i = _orphan_text(lines, i, out, vtt)
    if out.mpegts:
        for cue in out.cues:
            cue.start_ms %= MPEGTS_WRAP_MS
            cue.end_ms %= MPEGTS_WRAP_MS
            if cue.end_ms < cue.start_ms:
                cue.end_ms = cue.start_ms
        out.warnings.append("times read on the MPEG-TS clock (X-TIMESTAMP-MAP), wrapped at 26:30:43")
    return out


def _read_header(lines: list[str], i: int, out: Scan) -> tuple[int, int | None]:
    map_ms = None
    while i < len(lines) and lines[i].strip() and not is_timing_line(lines[i]):
        line = lines[i].strip()
        if line.startswith("X-TIMESTAMP-MAP"):
            m = _TIMESTAMP_MAP.search(line)
            if m:
                local = parse_clock(m.group(1) or m.group(4))
                ticks = int(m.group(2) or m.group(3))
                map_ms = round(ticks / 90) - (local[0] if local else 0)
        else:
            m = _HEADER_FIELD.match(line)
            if m and m.group(1).lower() not in out.headers:
                out.headers[m.group(1).lower()] = m.group(2).strip()
        i += 1
    return i, map_ms


def _skip_block(lines: list[str], i: int) -> int:
    i += 1
    while i < len(lines) and lines[i].strip() and not is_timing_line(lines[i]):
        i += 1
    return i


def _read_cue(lines: list[str], i: int, path: str, offset_ms: int, out: Scan, vtt: bool) -> int:
    line_no = i + 1
    m = _TIMING.match(lines[i].strip())
    start = parse_clock(m.group(1)) if m else None
    end = parse_clock(m.group(2)) if m and m.group(2) else None
    j = i + 1
    body: list[str] = []
    while j < len(lines):
        line = lines[j]
        if not line.strip() and (not vtt or not line or _blank_ends_cue(lines, j)):
            break
        if is_timing_line(line) or vtt and line.startswith("WEBVTT"):
            break
        if j + 1 < len(lines) and is_timing_line(lines[j + 1]) and (
                line.strip().isdigit() or not lines[j - 1].strip() and j - 1 > i):
            break  # the next cue's id
        body.append(line)
        j += 1
    last_line = j >= len(lines) or not any(s.strip() for s in lines[j:])
    if m is None or start is None or end is None:
        if last_line:
            out.warnings.append(f"line {line_no}: file ends in a cut timing line; last cue dropped")
            return len(lines)
        raise ParseError(path, f"line {line_no}", f"cannot read timing line {lines[i].strip()[:60]!r}")
    if start[1] or end[1]:
        out.warnings.append(f"line {line_no}: timing {lines[i].strip()[:40]!r} repaired")
    if offset_ms and start[0] > 3600_000:
        # an HLS fragment's local clock starts near zero: this cue is back on the file's clock
        out.warnings.append(f"line {line_no}: cue after a fragment is on the file's own clock")
        offset_ms = 0
    start_ms, end_ms = start[0] + offset_ms, end[0] + offset_ms
    if start_ms > MAX_MS and not out.mpegts and offset_ms == 0:
        raise ParseError(path, f"line {line_no}", f"cue starts after 48 hours ({m.group(1)})")
    out.cues.append(RawCue(start_ms, end_ms, body, line_no, m.group(3) or "", offset_ms))
    out.offset_ms = offset_ms
    return j


def _blank_ends_cue(lines: list[str], j: int) -> bool:
    """In WebVTT a line of spaces is cue text (YouTube writes them); it ends the cue only
    when what follows is clearly a new block."""
    nxt = lines[j + 1] if j + 1 < len(lines) else ""
    return not nxt or is_timing_line(nxt) or nxt.strip().isdigit()


def _orphan_text(lines: list[str], i: int, out: Scan, vtt: bool) -> int:
    """Text outside any cue: header fields, a cue whose text sits after a blank line, junk."""
    j = i
    block: list[str] = []
    while j < len(lines) and lines[j].strip() and not is_timing_line(lines[j]):
        block.append(lines[j])
        j += 1
    field_match = _HEADER_FIELD.match(block[0].strip())
    if vtt and not out.cues and field_match and len(block[0]) < 80:
        return j  # header fields of a file without the WEBVTT line
    if j < len(lines) and is_timing_line(lines[j]) and len(block) == 1:
        return j  # a cue id
    prev = out.cues[-1] if out.cues else None
    if prev is not None and not any(s.strip() for s in prev.lines) and \
            all(not s.strip() for s in lines[prev.line_no:i]):
        prev.lines.extend(block)
        out.warnings.append(f"line {i + 1}: cue text separated from its timing line by a blank line")
    elif not (vtt and field_match and field_match.group(1).lower() in {"kind", "language"}):
        out.warnings.append(f"line {i + 1}: text outside any cue ignored")
    return j


def repair_times(cues: list[RawCue], warnings: list[str]) -> None:
    """Negative, reversed and absurd end times: repaired from the neighbouring cue."""
    for k, cue in enumerate(cues):
        nxt = cues[k + 1].start_ms if k + 1 < len(cues) else None
        if cue.start_ms < 0:
            cue.start_ms = 0
        if cue.end_ms < cue.start_ms or cue.end_ms > MAX_MS and not cue.start_ms > MAX_MS:
            fixed = nxt if nxt is not None and cue.start_ms <= nxt <= MAX_MS else cue.start_ms
            warnings.append(f"line {cue.line_no}: end time repaired ({cue.end_ms} ms -> {fixed} ms)")
            cue.end_ms = fixed


_SENTENCE_END = re.compile(r"[.?!…。？！।؟][\"'”’»)\]]*$")


def looks_punctuated(texts: list[str]) -> bool:
    """Whether speech carries sentence punctuation: enough words end a sentence."""
    words = [w for t in texts for w in t.split()]
    if not words:
        return False
    ends = sum(1 for w in words if _SENTENCE_END.search(w))
    commas = sum(1 for w in words if w.endswith((",", "،", "，")))
    if len(words) < 40:
        return ends + commas > 0
    return ends >= 0.015 * len(words) or ends + commas >= 0.03 * len(words)


def word_level(cues: list[RawCue]) -> bool:
    """One or two words per cue throughout: the output of a word-timestamp ASR writer."""
    counts = sorted(len(" ".join(c.lines).split()) for c in cues)
    return len(counts) >= 10 and counts[len(counts) // 2] <= 2 and counts[-1] <= 8


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def asr_hint(path: str) -> bool:
    return "whisper" in _file_name(path).lower()


_LANG_SUFFIX = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")


def language_hint(path: str) -> str | None:
    """``talk.en.vtt`` -> ``"en"`` (the yt-dlp naming convention); else ``None``."""
    parts = _file_name(path).split(".")
    return parts[-2] if len(parts) >= 3 and _LANG_SUFFIX.match(parts[-2]) else None
