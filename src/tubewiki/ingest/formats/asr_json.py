"""JSON from other speech recognisers: Google Cloud Speech, AssemblyAI, Vosk, and segment
lists that give only start times (``{"segments": [{start, timestamp, text}]}``).

Word-level outputs become cues of at most 12 words, split at pauses of a second or more
(and at speaker changes), each cue carrying its words.
"""

from __future__ import annotations

import re
from typing import Any

from ...errors import ParseError
from ...models import Cue, ParsedTranscript, SourceMeta, Word
from ..base import TranscriptFormat
from ._cues import cues_from_words, finish_asr, make_cue, parse_words
from ._json_common import (expect_dict, expect_list, expect_str, first_items, int_ms, language_code,
                           language_from_path, load_json, optional_float, seconds_ms, try_json)

_DURATION = re.compile(r"^\s*(\d{1,12}(?:\.\d{1,9})?)s\s*$")
_MINUTES = re.compile(r"^\s*(?:(\d{1,4}):)?(\d{1,6}):(\d{2})(?:\.(\d{1,3}))?\s*$")


def google_time(value: Any, path: str, where: str) -> int:
    """A protobuf Duration: ``"1.100s"``, ``{"seconds": "1", "nanos": 100000000}`` or seconds."""
    if isinstance(value, str):
        m = _DURATION.match(value)
        if not m:
            raise ParseError(path, where, f"expected a duration like \"1.5s\", found {value[:30]!r}")
        return seconds_ms(float(m.group(1)), path, where)
    if isinstance(value, dict):
        seconds, nanos = value.get("seconds", 0), value.get("nanos", 0)
        try:
            total = float(seconds) + float(nanos) / 1e9
        except (TypeError, ValueError):
            raise ParseError(path, where, "duration seconds/nanos are not numbers") from None
        return seconds_ms(total, path, where)
    return seconds_ms(value, path, where)


def _google_results(doc: Any) -> list[Any] | None:
    if not isinstance(doc, dict):
        return None
    response = doc.get("response") if isinstance(doc.get("response"), dict) else doc
    results = response.get("results")
    return results if isinstance(results, list) else None


class GoogleSpeechJson(TranscriptFormat):
    """Google Cloud Speech-to-Text (LongRunningRecognize) operation or response JSON."""

    name = "google-speech-json.v1"
    label = "Google Cloud Speech JSON"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        results = _google_results(try_json(text))
        if not results:
            return 0
        sample = first_items(results)
        return 95 if all(isinstance(r, dict) and isinstance(r.get("alternatives"), list) for r in sample) else 0

    def parse(self, text: str, path: str) -> ParsedTranscript:
        doc = load_json(text, path)
        results = _google_results(doc)
        if results is None:
            raise ParseError(path, "response.results", "expected a list of recognition results")
        cues: list[Cue] = []
        language = None
        last_end = 0
        for k, result in enumerate(results):
            where = f"results[{k}]"
            result = expect_dict(result, path, where)
            language = language or language_code(result.get("languageCode"))
            alternatives = expect_list(result.get("alternatives"), path, f"{where}.alternatives")
            if not alternatives:
                continue
            best = expect_dict(alternatives[0], path, f"{where}.alternatives[0]")
            words = self._words(best.get("words") or [], path, f"{where}.alternatives[0].words")
            if words and words[0].start_ms < last_end and all(w.speaker for w in words):
                continue  # diarization repeats every word of the file in the last result
            if words:
                chunks, _ = cues_from_words([w.text for w in words], words, split_speakers=True, collapse=False)
                cues.extend(chunks)
                last_end = max(last_end, words[-1].end_ms)
            else:
                end = google_time(result["resultEndTime"], path, f"{where}.resultEndTime") \
                    if "resultEndTime" in result else last_end
                cue = make_cue(last_end, end, expect_str(best.get("transcript"), path, f"{where}.transcript"))
                cues.extend([cue] if cue else [])
                last_end = max(last_end, end)
        meta = SourceMeta(language=language or language_from_path(path), kind="asr")
        return finish_asr(self.name, cues, meta, [], whisper=False)

    @staticmethod
    def _words(items: Any, path: str, where: str) -> list[Word]:
        words: list[Word] = []
        for k, item in enumerate(expect_list(items, path, where)):
            wwhere = f"{where}[{k}]"
            item = expect_dict(item, path, wwhere)
            # proto3 JSON leaves out zero values: a word at 0 s has no startTime at all
            start_key = next((k for k in ("startTime", "startOffset", "start_time") if k in item), "startTime")
            end_key = next((k for k in ("endTime", "endOffset", "end_time") if k in item), "endTime")
            start = google_time(item.get(start_key, "0s"), path, f"{wwhere}.{start_key}")
            end = google_time(item.get(end_key, "0s"), path, f"{wwhere}.{end_key}")
            token = expect_str(item.get("word"), path, f"{wwhere}.word").strip()
            tag = item.get("speakerTag", item.get("speakerLabel"))
            speaker = str(tag) if tag not in (None, 0, "") else None
            if token:
                words.append(Word(token, start, max(start, end), optional_float(item.get("confidence")), speaker))
        return words


class AssemblyAiJson(TranscriptFormat):
    """AssemblyAI transcript JSON: words in integer milliseconds, optional speaker utterances."""

    name = "assemblyai-json.v1"
    label = "AssemblyAI JSON"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        doc = try_json(text)
        if not isinstance(doc, dict) or not isinstance(doc.get("words"), list):
            return 0
        sample = first_items(doc["words"])
        if not all(isinstance(w, dict) and {"text", "start", "end"} <= w.keys() for w in sample):
            return 0
        return 92 if any(k in doc for k in ("utterances", "audio_duration", "acoustic_model", "status")) else 70

    def parse(self, text: str, path: str) -> ParsedTranscript:
        doc = expect_dict(load_json(text, path), path, "top level")
        words: list[Word] = []
        utterances = doc.get("utterances")
        if isinstance(utterances, list) and utterances:
            for k, utt in enumerate(utterances):
                where = f"utterances[{k}]"
                utt = expect_dict(utt, path, where)
                speaker = utt.get("speaker")
                words.extend(self._words(utt.get("words") or [], path, f"{where}.words",
                                         str(speaker) if speaker not in (None, "") else None))
        else:
            words = self._words(doc.get("words"), path, "words", None)
        words.sort(key=lambda w: w.start_ms)
        cues, _ = cues_from_words([w.text for w in words], words, split_speakers=True, collapse=False)
        duration = doc.get("audio_duration")
        meta = SourceMeta(
            language=language_code(doc.get("language_code")) or language_from_path(path),
            duration_ms=seconds_ms(duration, path, "audio_duration") if isinstance(duration, (int, float))
            and not isinstance(duration, bool) else None,
            kind="asr",
        )
        return finish_asr(self.name, cues, meta, [], whisper=False)

    @staticmethod
    def _words(items: Any, path: str, where: str, speaker: str | None) -> list[Word]:
        words: list[Word] = []
        for k, item in enumerate(expect_list(items, path, where)):
            wwhere = f"{where}[{k}]"
            item = expect_dict(item, path, wwhere)
            start = int_ms(item.get("start"), path, f"{wwhere}.start")
            end = int_ms(item.get("end"), path, f"{wwhere}.end")
            token = expect_str(item.get("text"), path, f"{wwhere}.text").strip()
            who = item.get("speaker")
            who = str(who) if who not in (None, "") else speaker
            if token:
                words.append(Word(token, start, max(start, end), optional_float(item.get("confidence")), who))
        return words


def _vosk_items(doc: Any) -> list[Any] | None:
    if isinstance(doc, dict) and isinstance(doc.get("result"), list):
        return [doc]
    if isinstance(doc, list):
        return doc
    return None


def _is_vosk_item(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    if isinstance(item.get("result"), list) or set(item) <= {"text", "partial"}:
        return True
    return "content" in item and isinstance(item.get("words"), list)


class VoskJson(TranscriptFormat):
    """Vosk results ``[{"result": [{conf, start, end, word}], "text"}]`` and the
    ``[{content, start, end, words}]`` variant."""

    name = "vosk-json.v1"
    label = "Vosk JSON"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        items = _vosk_items(try_json(text))
        if not items:
            return 0
        sample = first_items(items)
        if not all(_is_vosk_item(i) for i in sample):
            return 0
        return 90 if any(set(i) - {"text", "partial"} for i in sample) else 0

    def parse(self, text: str, path: str) -> ParsedTranscript:
        items = _vosk_items(load_json(text, path))
        if items is None:
            raise ParseError(path, "top level", "expected a list of Vosk results")
        cues: list[Cue] = []
        for k, item in enumerate(items):
            where = f"item {k}"
            item = expect_dict(item, path, where)
            key = "result" if "result" in item else "words"
            words = parse_words(expect_list(item.get(key) or [], path, f"{where}.{key}"), path, f"{where}.{key}", 0)
            start = seconds_ms(item["start"], path, f"{where}.start") if "start" in item else \
                (words[0].start_ms if words else None)
            end = seconds_ms(item["end"], path, f"{where}.end") if "end" in item else \
                (max(w.end_ms for w in words) if words else start)
            raw = expect_str(item.get("content", item.get("text")), path, f"{where}.text")
            if start is None or end is None:
                continue  # an untimed partial result
            cue = make_cue(start, max(start, end), raw, words)
            cues.extend([cue] if cue else [])
        meta = SourceMeta(language=language_from_path(path), kind="asr")
        return finish_asr(self.name, cues, meta, [], whisper=False)


def _is_start_only(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("text"), str) \
        and ("start" in item or "timestamp" in item) and not {"end", "duration", "end_time", "words"} & item.keys()


def minutes_ms(value: Any, path: str, where: str) -> int:
    """``"564:07"`` (minutes may pass 59), ``"1:02:03"`` or ``"4:05.250"`` as milliseconds."""
    text = expect_str(value, path, where)
    m = _MINUTES.match(text)
    if not m:
        raise ParseError(path, where, f"expected a time like 12:34, found {text[:30]!r}")
    h, mi, s, frac = m.groups()
    if int(s) > 59:
        raise ParseError(path, where, f"seconds must be below 60 in {text!r}")
    ms = ((int(h or 0) * 60 + int(mi)) * 60 + int(s)) * 1000 + int((frac or "0").ljust(3, "0"))
    return int_ms(ms, path, where)


class SegmentStartsJson(TranscriptFormat):
    """``{"segments": [{start, timestamp, text}]}``: Whisper segments kept without end times.

    A cue ends at the next cue's start, or sooner when its words cannot fill the gap
    (one second plus half a second a word).
    """

    name = "segment-starts-json.v1"
    label = "Segment start times JSON"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        doc = try_json(text)
        segments = doc.get("segments") if isinstance(doc, dict) else None
        if not isinstance(segments, list) or not segments:
            return 0
        return 85 if all(_is_start_only(s) for s in first_items(segments)) else 0

    def parse(self, text: str, path: str) -> ParsedTranscript:
        doc = expect_dict(load_json(text, path), path, "top level")
        segments = expect_list(doc.get("segments"), path, "segments")
        starts: list[tuple[int, str]] = []
        for k, seg in enumerate(segments):
            where = f"segments[{k}]"
            seg = expect_dict(seg, path, where)
            if "start" in seg:
                start = seconds_ms(seg["start"], path, f"{where}.start")
            elif "timestamp" in seg:
                start = minutes_ms(seg["timestamp"], path, f"{where}.timestamp")
            else:
                raise ParseError(path, where, "segment has no start time")
            starts.append((start, expect_str(seg.get("text"), path, f"{where}.text")))
        starts.sort(key=lambda s: s[0])
        cues: list[Cue] = []
        for k, (start, raw) in enumerate(starts):
            nxt = next((s for s, _ in starts[k + 1:k + 50] if s > start), None)
            end = start + 1000 + 500 * len(raw.split())
            cue = make_cue(start, min(end, nxt) if nxt is not None else end, raw)
            cues.extend([cue] if cue else [])
        meta = SourceMeta(language=language_code(doc.get("language")) or language_from_path(path), kind="asr")
        return finish_asr(self.name, cues, meta, [])
