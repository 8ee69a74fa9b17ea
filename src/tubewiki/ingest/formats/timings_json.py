"""Word and sentence timing JSON: ``[[" word", start_s, end_s], ...]`` and
``[[sentence, start_s, end_s], ...]`` (as an aligner writes them beside the captions).

Word timings become cues of at most 12 words split at pauses of a second or more; each
sentence of a sentence-timings file becomes one cue. An aligner sometimes ends a sentence
before it starts; such a sentence is kept as an instant and counted in a warning.
"""

from __future__ import annotations

from pathlib import PurePath
from statistics import median
from typing import Any

from ...errors import ParseError
from ...models import Cue, ParsedTranscript, SourceMeta, Word
from ..base import TranscriptFormat
from ._cues import cues_from_words, drop_hallucinations, looks_punctuated, make_cue
from ._json_common import expect_list, expect_str, first_items, language_from_path, load_json, seconds_ms, try_json


def _is_timing(item: Any) -> bool:
    return isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) \
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in item[1:])


def _timing_rows(text: str) -> list[Any] | None:
    doc = try_json(text)
    if not isinstance(doc, list) or not all(_is_timing(i) for i in first_items(doc)):
        return None
    return doc


def _words_per_row(rows: list[Any]) -> float:
    return median(len(r[0].split()) for r in first_items(rows, 50)) if rows else 0.0


def _hint(path: str) -> str:
    name = PurePath(path).name.lower()
    return "word" if "word" in name else "sentence" if "sentence" in name else ""


def _read_rows(text: str, path: str) -> list[tuple[str, int, int]]:
    doc = expect_list(load_json(text, path), path, "top level")
    rows: list[tuple[str, int, int]] = []
    for k, item in enumerate(doc):
        where = f"item {k}"
        item = expect_list(item, path, where)
        if len(item) != 3:
            raise ParseError(path, where, f"expected [text, start, end], found {len(item)} values")
        token = expect_str(item[0], path, f"{where}[0]")
        rows.append((token, seconds_ms(item[1], path, f"{where}[1]"), seconds_ms(item[2], path, f"{where}[2]")))
    return rows


def _sniff_rows(text: str, path: str, kind: str) -> int:
    """Rows of [text, start, end]: words when a row holds about one word, else sentences."""
    rows = _timing_rows(text)
    if rows is None:
        return 0
    hint = _hint(path)
    if not rows:
        return 40 if hint == kind else 0
    if hint == kind:
        return 95
    other = "sentence" if kind == "word" else "word"
    wordy = _words_per_row(rows) <= 1.5
    if hint == other or wordy != (kind == "word"):
        return 0
    return 88 if kind == "word" else 85


class WordTimingsJson(TranscriptFormat):
    """One row per word, the word keeping its leading space: ``[" word", start, end]``."""

    name = "word-timings-json.v1"
    label = "Word timings JSON"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        return _sniff_rows(text, path, "word")

    def parse(self, text: str, path: str) -> ParsedTranscript:
        rows = _read_rows(text, path)
        rows.sort(key=lambda r: r[1])
        words = [Word(token.strip(), start, max(start, end)) for token, start, end in rows if token.strip()]
        tokens = [token for token, _, _ in rows if token.strip()]
        cues, removed = cues_from_words(tokens, words)
        warnings = [f"cut repetition loops: {removed} repeated word(s) removed"] if removed else []
        cues, dropped = drop_hallucinations(cues)
        warnings.extend(dropped)
        return _result(self.name, cues, path, warnings, looks_punctuated(c.text for c in cues))


class SentenceTimingsJson(TranscriptFormat):
    """One row per sentence: ``[sentence, start, end]``; the text is punctuated."""

    name = "sentence-timings-json.v1"
    label = "Sentence timings JSON"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        return _sniff_rows(text, path, "sentence")

    def parse(self, text: str, path: str) -> ParsedTranscript:
        cues: list[Cue] = []
        backwards = 0
        for token, start, end in _read_rows(text, path):
            backwards += end < start
            cue = make_cue(start, max(start, end), token)
            cues.extend([cue] if cue else [])
        cues.sort(key=lambda c: c.start_ms)
        warnings = [f"{backwards} sentence(s) end before they start; kept as instants"] if backwards else []
        cues, dropped = drop_hallucinations(cues)
        warnings.extend(dropped)
        return _result(self.name, cues, path, warnings, True)


def _result(fmt: str, cues: list[Cue], path: str, warnings: list[str], punctuated: bool) -> ParsedTranscript:
    meta = SourceMeta(language=language_from_path(path), kind="asr")
    return ParsedTranscript(fmt, tuple(cues), meta, punctuated=punctuated, warnings=tuple(warnings))
