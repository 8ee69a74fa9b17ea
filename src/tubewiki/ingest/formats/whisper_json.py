"""Whisper-family JSON: openai-whisper, mlx-whisper, faster-whisper, WhisperX, stable-ts,
whisper-timestamped (``{"segments": [{start, end, text, words}]}`` in seconds) and
whisper.cpp's ``-oj`` output (``transcription`` with millisecond ``offsets``).

Recogniser artefacts are removed here: a phrase looping inside one segment is cut to one
occurrence, and one short phrase repeated alone every 30 s over silence is dropped.
"""

from __future__ import annotations

import re
from typing import Any

from ...errors import ParseError
from ...models import Cue, ParsedTranscript, SourceMeta, Word
from ..base import TranscriptFormat
from ._cues import cues_from_words, finish_asr, make_cue, parse_words
from ._json_common import (expect_dict, expect_list, expect_str, first_items, int_ms, language_code,
                           language_from_path, load_json, seconds_ms, try_json)

_CLOCK = re.compile(r"^\s*(\d{1,3}):(\d{2}):(\d{2})(?:[,.](\d{1,3}))?\s*$")


def _is_segment(item: Any) -> bool:
    return isinstance(item, dict) and "start" in item and "end" in item and "text" in item \
        and not {"duration", "content"} & item.keys()


def _segments_of(doc: Any) -> list[Any] | None:
    if isinstance(doc, dict) and isinstance(doc.get("segments"), list):
        return doc["segments"]
    if isinstance(doc, list):
        return doc
    return None


class WhisperJson(TranscriptFormat):
    """Segments with start/end in seconds and optional per-word timings."""

    name = "whisper-json.v1"
    label = "Whisper JSON"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        doc = try_json(text)
        segments = _segments_of(doc)
        if segments is None:
            return 0
        if not segments:
            return 60 if isinstance(doc, dict) and ("language" in doc or "text" in doc) else 0
        sample = first_items(segments)
        if not all(_is_segment(s) for s in sample):
            return 0
        if isinstance(doc, list):
            return 70
        rich = "language" in doc or "text" in doc or any(
            k in sample[0] for k in ("words", "seek", "tokens", "avg_logprob", "id"))
        return 92 if rich else 85

    def parse(self, text: str, path: str) -> ParsedTranscript:
        doc = load_json(text, path)
        segments = _segments_of(doc)
        if segments is None:
            raise ParseError(path, "top level", 'expected an object with a "segments" list')
        top = doc if isinstance(doc, dict) else {}
        cues: list[Cue] = []
        for k, seg in enumerate(segments):
            cue = self._segment(seg, path, f"segments[{k}]")
            if cue is not None:
                cues.append(cue)
        warnings: list[str] = []
        if not segments and isinstance(top.get("word_segments"), list):
            cues = self._from_word_segments(top["word_segments"], path)
        language = language_code(top.get("language")) or language_from_path(path)
        return finish_asr(self.name, cues, SourceMeta(language=language, kind="asr"), warnings)

    @staticmethod
    def _segment(seg: Any, path: str, where: str) -> Cue | None:
        seg = expect_dict(seg, path, where)
        if "start" not in seg:
            raise ParseError(path, where, "segment has no start time")
        start = seconds_ms(seg["start"], path, f"{where}.start")
        end = seconds_ms(seg["end"], path, f"{where}.end") if seg.get("end") is not None else start
        raw_words = seg.get("words")
        words: list[Word] = []
        if raw_words is not None:
            words = parse_words(expect_list(raw_words, path, f"{where}.words"), path, f"{where}.words", start)
        if words:
            end = max(end, words[-1].end_ms) if seg.get("end") is None else end
        raw = expect_str(seg.get("text"), path, f"{where}.text")
        return make_cue(start, max(start, end), raw, words)

    @staticmethod
    def _from_word_segments(items: list[Any], path: str) -> list[Cue]:
        words = parse_words(items, path, "word_segments", 0)
        cues, _ = cues_from_words([w.text for w in words], words)
        return cues


def clock_ms(value: Any, path: str, where: str) -> int:
    """``"00:01:02,500"`` as milliseconds."""
    text = expect_str(value, path, where)
    m = _CLOCK.match(text)
    if not m:
        raise ParseError(path, where, f"expected a time like 00:01:02,500, found {text[:30]!r}")
    h, mi, s, frac = m.groups()
    if int(mi) > 59 or int(s) > 59:
        raise ParseError(path, where, f"minutes and seconds must be below 60 in {text!r}")
    ms = ((int(h) * 60 + int(mi)) * 60 + int(s)) * 1000 + int((frac or "0").ljust(3, "0"))
    return int_ms(ms, path, where)


class WhisperCppJson(TranscriptFormat):
    """whisper.cpp ``-oj``: ``transcription`` items with ``offsets`` in milliseconds."""

    name = "whisper-cpp-json.v1"
    label = "whisper.cpp JSON"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        doc = try_json(text)
        if not isinstance(doc, dict) or not isinstance(doc.get("transcription"), list):
            return 0
        sample = first_items(doc["transcription"])
        if all(isinstance(i, dict) and ("offsets" in i or "timestamps" in i) for i in sample):
            return 95
        return 0

    def parse(self, text: str, path: str) -> ParsedTranscript:
        doc = expect_dict(load_json(text, path), path, "top level")
        items = expect_list(doc.get("transcription"), path, "transcription")
        cues: list[Cue] = []
        for k, item in enumerate(items):
            where = f"transcription[{k}]"
            item = expect_dict(item, path, where)
            start, end = self._span(item, path, where)
            cue = make_cue(start, max(start, end), expect_str(item.get("text"), path, f"{where}.text"))
            if cue is not None:
                cues.append(cue)
        result = doc.get("result") if isinstance(doc.get("result"), dict) else {}
        params = doc.get("params") if isinstance(doc.get("params"), dict) else {}
        language = language_code(result.get("language")) or language_code(params.get("language")) \
            or language_from_path(path)
        return finish_asr(self.name, cues, SourceMeta(language=language, kind="asr"), [])

    @staticmethod
    def _span(item: dict[str, Any], path: str, where: str) -> tuple[int, int]:
        if "offsets" in item:
            offsets = expect_dict(item["offsets"], path, f"{where}.offsets")
            return (int_ms(offsets.get("from"), path, f"{where}.offsets.from"),
                    int_ms(offsets.get("to"), path, f"{where}.offsets.to"))
        stamps = expect_dict(item.get("timestamps"), path, f"{where}.timestamps")
        return (clock_ms(stamps.get("from"), path, f"{where}.timestamps.from"),
                clock_ms(stamps.get("to"), path, f"{where}.timestamps.to"))
