"""Timed sentences from parsed cues.

Punctuated sources are split at sentence-final punctuation (Latin, Devanagari, CJK, Arabic),
across cue boundaries, with abbreviations, decimals, ellipses, quotes and closing brackets
handled; stretches of more than ``LONG_STRETCH`` words without a sentence end are split by the
boundary model. Unpunctuated sources (raw auto-captions, most word-level ASR) are cut into
sentence-like units by :mod:`tubewiki.nlp.boundaries`; only for those sources the first letter
of each unit is capitalised and a final full stop added, so units read as sentences.

Times come from word timing where the cues have it; otherwise a position inside a cue is
timed by its character offset in the cue text. Nonspeech cues (``[Music]``) and speaker
changes always end a sentence, and never fall inside one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..models import Cue, ParsedTranscript, Sentence
from . import boundaries

LONG_STRETCH = 60  # words in a punctuated sentence before the model splits it

_NO_SPACE = re.compile(r"[\u0e00-\u0e7f\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_CLOSERS = "\"'\u201d\u2019\u00bb)]}\u300d\u300f\uff09\u3011"
_TERMINAL = re.compile(r"(\.{2,}|\u2026|[.!?\u203d\u0964\u0965\u061f\u3002\uff01\uff1f]+)([%s]*)" % re.escape(_CLOSERS))
_WIDE_TERMINAL = set("\u3002\uff01\uff1f")  # end a sentence even without a following space
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "e.g", "i.e", "cf", "fig", "approx",
    "eq", "al", "gen", "col", "lt", "sgt", "rev", "hon", "mt", "ft", "inc", "ltd", "co", "corp",
    "dept", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_SENTENCE_STARTERS = {
    "the", "this", "that", "these", "those", "it", "its", "we", "i", "you", "he", "she", "they",
    "in", "but", "so", "and", "now", "then", "there", "what", "why", "how", "when", "if", "a", "an",
}


@dataclass(frozen=True, slots=True)
class _Piece:
    """A word, or a whitespace-separated chunk of cue text, with its (maybe interpolated) time."""

    text: str
    start_ms: int
    end_ms: int
    speaker: str | None


def build_sentences(parsed: ParsedTranscript, video_id: str) -> list[Sentence]:
    """Timed, indexed sentences of one transcript (see the module docstring for the rules)."""
    lexical = not parsed.meta.language or parsed.meta.language.lower().startswith("en")
    out: list[Sentence] = []
    for run in _runs(parsed.cues):
        if parsed.punctuated:
            units = _split_punctuated(run, lexical)
        else:
            units = [(p, _as_sentence(_join(p))) for p in _split_by_model(run, lexical)]
        for pieces, text in units:
            if not text:
                continue
            start = max(pieces[0].start_ms, out[-1].start_ms if out else 0, 0)
            end = max(pieces[-1].end_ms, start)
            out.append(Sentence(video_id, len(out), text, start, end, run[0].speaker))
    return out


def _cue_pieces(cue: Cue) -> list[_Piece]:
    if cue.words:
        return [_Piece(" ".join(w.text.split()), w.start_ms, max(w.end_ms, w.start_ms), w.speaker or cue.speaker)
                for w in cue.words if w.text.strip()]
    text = " ".join(cue.text.split())
    span, n = max(cue.end_ms - cue.start_ms, 0), max(len(text), 1)
    return [_Piece(m.group(), cue.start_ms + round(span * m.start() / n), cue.start_ms + round(span * m.end() / n), cue.speaker)
            for m in re.finditer(r"\S+", text)]


def _runs(cues: tuple[Cue, ...]) -> list[list[_Piece]]:
    """Pieces in order, cut wherever a nonspeech cue sits or the speaker changes."""
    runs: list[list[_Piece]] = [[]]
    for cue in cues:
        if cue.nonspeech:
            runs.append([])
            continue
        for piece in _cue_pieces(cue):
            if runs[-1] and runs[-1][-1].speaker != piece.speaker:
                runs.append([])
            runs[-1].append(piece)
    return [r for r in runs if r]


def _glue(left: str, right: str) -> str:
    return "" if _NO_SPACE.match(left[-1]) and _NO_SPACE.match(right[0]) else " "


def _join(pieces: list[_Piece]) -> str:
    parts: list[str] = []
    for p in pieces:
        if parts:
            parts.append(_glue(parts[-1], p.text))
        parts.append(p.text)
    return "".join(parts)


def _split_by_model(pieces: list[_Piece], lexical: bool) -> list[list[_Piece]]:
    ends = boundaries.segment([p.text for p in pieces], [p.start_ms for p in pieces],
                              [p.end_ms for p in pieces], lexical=lexical)
    units, start = [], 0
    for e in ends:
        units.append(pieces[start:e + 1])
        start = e + 1
    return units


def _as_sentence(text: str) -> str:
    """Capital first letter and a closing mark in the text's own script (unpunctuated only)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            text = text[:i] + ch.upper() + text[i + 1:]
            break
    if not text or _TERMINAL.search(text.rstrip(_CLOSERS)[-1:]):
        return text
    if _NO_SPACE.match(text[-1]):
        return text + "\u3002"
    if "\u0900" <= text[-1] <= "\u097f":
        return text + " \u0964"
    return text + "."


def _split_punctuated(pieces: list[_Piece], lexical: bool) -> list[tuple[list[_Piece], str]]:
    """Sentence units of a punctuated run: (timed pieces, source text)."""
    parts: list[str] = []
    offsets: list[int] = []  # char offset of each piece in the run's text
    pos = 0
    for p in pieces:
        if parts:
            glue = _glue(parts[-1], p.text)
            parts.append(glue)
            pos += len(glue)
        offsets.append(pos)
        parts.append(p.text)
        pos += len(p.text)
    text = "".join(parts)
    cuts = [0] + [c for c in _sentence_ends(text)] + [len(text)]
    units: list[tuple[list[_Piece], str]] = []
    for a, b in zip(cuts, cuts[1:]):
        chunk = text[a:b]
        a += len(chunk) - len(chunk.lstrip())
        b -= len(chunk) - len(chunk.rstrip())
        if a >= b:
            continue
        first = bisect.bisect_right(offsets, a) - 1
        last = bisect.bisect_right(offsets, b - 1) - 1
        timed = [_sub_piece(pieces[first], a - offsets[first], min(b, offsets[first] + len(pieces[first].text)) - offsets[first])]
        if last > first:
            timed += pieces[first + 1:last]
            timed.append(_sub_piece(pieces[last], 0, b - offsets[last]))
        units.extend(_split_long(timed, text[a:b], lexical))
    return units


def _sub_piece(p: _Piece, lo: int, hi: int) -> _Piece:
    """The part ``p.text[lo:hi]`` of a piece, timed by character position."""
    n = len(p.text)
    if lo <= 0 and hi >= n:
        return p
    span = p.end_ms - p.start_ms
    return _Piece(p.text[lo:hi], p.start_ms + round(span * lo / n), p.start_ms + round(span * hi / n), p.speaker)


def _split_long(timed: list[_Piece], text: str, lexical: bool) -> list[tuple[list[_Piece], str]]:
    if len(timed) <= LONG_STRETCH:
        return [(timed, text)]
    return [(unit, _join(unit)) for unit in _split_by_model(timed, lexical)]


def _sentence_ends(text: str) -> list[int]:
    """Character offsets just after each sentence end in ``text``."""
    ends = []
    for m in _TERMINAL.finditer(text):
        after = m.end()
        nxt = text[after:after + 1]
        if nxt and not nxt.isspace() and m.group(1)[-1] not in _WIDE_TERMINAL:
            continue  # 3.14, U.S.A, file.txt: no space, no sentence end
        if _is_sentence_end(text, m, text[after:].split(None, 1)[0] if text[after:].strip() else ""):
            ends.append(after)
    return ends


def _is_sentence_end(text: str, m: re.Match[str], next_word: str) -> bool:
    marks = m.group(1)
    if not next_word:
        return True
    first = next((ch for ch in next_word if ch.isalpha() or ch.isdigit()), "")
    lower_next = first.islower()
    if marks in ("...", "\u2026") or len(marks) > 1 and set(marks) == {"."}:
        return not lower_next  # "wait... what" goes on; "and so on... Then" ends
    if marks != ".":
        return True
    word = text[:m.start()].rsplit(None, 1)[-1].lstrip("\"'(\u201c\u2018[") if text[:m.start()].strip() else ""
    if lower_next:
        return False  # "approx. two", "e.g. this": a full stop before a lower-case word
    if word.lower() in _ABBREVIATIONS and word.lower() not in {"etc"}:
        return False
    if len(word) == 1 and word.isupper() and word != "I":
        return False  # an initial: "J. Smith"
    if _ACRONYM.match(word + "."):
        return next_word.strip("\"'\u201c").lower() in _SENTENCE_STARTERS
    return True
