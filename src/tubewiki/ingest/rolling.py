"""Undoing rolling captions: every spoken word once, with its own time.

Live and auto-generated captions are shown as a rolling window: each cue repeats the line
the previous cue showed and adds one new line, and 10 ms "flash" cues repeat the last line
alone. Live streams also grow the last line in place, a few letters per cue. Formats that
carry such captions (WebVTT, SRT, json3, ...) describe each cue as :class:`RollingCue` lines
and call :func:`dedupe_rolling`, which keeps only what each cue adds.

A line is already said when the previous cue displayed it; it continues a displayed line
when that line is its prefix and the continuation starts where the line's own inline word
timing starts (so "down deep" said twice is kept twice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..models import Cue, Word
from .text import is_nonspeech

_MARKER = re.compile(r"\[[^\[\]]{0,60}\]|\([^()]{0,60}\)|[♪♫]+")
_TURN = re.compile(r"^(?:>>|&gt;&gt;)$")


@dataclass(frozen=True, slots=True)
class TimedLine:
    """One displayed line: clean text and, when the source has inline word timing, the
    time (ms) of each character (``None`` before the first inline time)."""

    text: str
    times: tuple[int | None, ...] = ()

    @property
    def untimed(self) -> int:
        """How many leading characters carry no inline time of their own."""
        for i, t in enumerate(self.times):
            if t is not None:
                return i
        return len(self.text)


@dataclass(frozen=True, slots=True)
class RollingCue:
    start_ms: int
    end_ms: int
    lines: tuple[TimedLine, ...]
    speaker: str | None = None


@dataclass(slots=True)
class _Word:
    text: str
    start_ms: int
    cue: int  # index into the output cue list


@dataclass(slots=True)
class _Out:
    start_ms: int
    end_ms: int
    speaker: str | None
    timed: bool
    text: str = ""
    nonspeech: bool = False


def looks_rolling(cue_lines: Sequence[Sequence[str]], share: float = 0.3) -> bool:
    """Whether cues repeat the previous cue's last line often enough to be a rolling window."""
    pairs = repeats = 0
    prev: list[str] = []
    for lines in cue_lines:
        cur = [line.strip() for line in lines if line.strip()]
        if prev and cur:
            pairs += 1
            repeats += cur[0] == prev[-1]
        prev = cur or prev
    return repeats >= 2 and repeats >= share * pairs


def dedupe_rolling(cues: Iterable[RollingCue], *, growing: bool = False) -> list[Cue]:
    """Keep what each rolling cue adds. When any line has inline timing every kept word
    becomes a :class:`Word` (untimed ones at their cue's start); otherwise cues carry text only.

    ``growing`` is for live captions, whose last line grows in place a few letters per cue;
    elsewhere a line is either repeated whole or new whole.
    """
    cues = list(cues)
    timed = any(line.times for cue in cues for line in cue.lines)
    window: list[str] = []
    shown_until: dict[int, list[str]] = {}  # end time -> lines shown until then
    prev_end: int | None = None
    outs: list[_Out] = []
    words: list[_Word] = []
    for cue in cues:
        if prev_end is not None and prev_end != cue.start_ms and cue.start_ms in shown_until:
            window = shown_until[cue.start_ms]  # files joined out of order: resume that window
        lines = [line for line in cue.lines if line.text]
        for line in lines:
            _add_line(line, window, cue, outs, words, timed, growing)
        window = [line.text for line in lines]
        shown_until[cue.end_ms] = window
        prev_end = cue.end_ms
    return _finish(outs, words)


def _add_line(line: TimedLine, window: list[str], cue: RollingCue, outs: list[_Out], words: list[_Word],
              timed: bool, growing: bool) -> None:
    untimed = line.untimed
    if growing:
        said = max((len(w) for w in window if line.text.startswith(w) and untimed >= len(w)), default=0)
    else:
        said = len(line.text) if not line.times and line.text in window else 0
    if said >= len(line.text):
        return
    rest = line.text[said:]
    times = line.times[said:] if line.times else (None,) * len(rest)
    glue = said > 0 and not rest[0].isspace()
    if is_nonspeech(rest):
        outs.append(_Out(cue.start_ms, cue.end_ms, cue.speaker, False, rest.strip(), nonspeech=True))
        return
    rest = _MARKER.sub(lambda m: " " * len(m.group(0)) if is_nonspeech(m.group(0)) or m.group(0)[0] in "♪♫"
                       else m.group(0), rest)
    tokens = [(m.group(0), m.start()) for m in re.finditer(r"\S+", rest)]
    tokens = [t for t in tokens if not _TURN.match(t[0]) and t[0] != "[__]"]
    if not tokens:
        return
    if not outs or outs[-1].nonspeech or outs[-1].start_ms != cue.start_ms or outs[-1].end_ms != cue.end_ms:
        outs.append(_Out(cue.start_ms, cue.end_ms, cue.speaker, timed))
    out_index = len(outs) - 1
    for k, (token, pos) in enumerate(tokens):
        if k == 0 and glue and pos == 0 and words:
            words[-1].text += token
            continue
        t = times[pos]
        start = cue.start_ms if t is None else min(max(t, cue.start_ms), cue.end_ms)
        if words and words[-1].start_ms > start and words[-1].cue == out_index:
            start = words[-1].start_ms  # inline times never run backwards within a cue
        words.append(_Word(token, start, out_index))


def _finish(outs: list[_Out], words: list[_Word]) -> list[Cue]:
    by_cue: dict[int, list[Word]] = {}
    for k, w in enumerate(words):
        own_end = outs[w.cue].end_ms
        nxt = words[k + 1].start_ms if k + 1 < len(words) else own_end
        end = min(nxt, own_end) if nxt >= w.start_ms else own_end
        by_cue.setdefault(w.cue, []).append(Word(w.text, w.start_ms, max(end, w.start_ms)))
    cues: list[Cue] = []
    for i, out in enumerate(outs):
        if out.nonspeech:
            cues.append(Cue(out.start_ms, out.end_ms, out.text, speaker=out.speaker, nonspeech=True))
            continue
        ws = by_cue.get(i)
        if not ws:
            continue
        text = " ".join(w.text for w in ws)
        start = ws[0].start_ms if out.timed else out.start_ms
        cues.append(Cue(start, max(out.end_ms, start), text, speaker=out.speaker,
                        words=tuple(ws) if out.timed else ()))
    return cues
