"""YouTube captions as JSON: yt-dlp's json3 and youtube-transcript-api output.

json3 is YouTube's own timed-text JSON: ``events`` with ``tStartMs``/``dDurationMs`` and
``segs`` of text; auto-captions give each word a ``tOffsetMs`` and an ``acAsrConf``. Rolling
auto-captions overlap the next line, so every cue is cut off where the next one starts.

youtube-transcript-api gives ``[{text, start, duration}]`` in seconds; derived tools rename
the fields (``start_time``/``end_time``), add ``end`` or wrap the list with the video id,
language and ``is_generated``.
"""

from __future__ import annotations

import re
from typing import Any

from ...errors import ParseError
from ...models import Cue, ParsedTranscript, SourceMeta, Word
from ..base import TranscriptFormat
from ._cues import looks_punctuated, make_cue
from ._json_common import (expect_dict, expect_list, expect_str, first_items, int_ms, language_code,
                           language_from_path, load_json, seconds_ms, try_json)

_TURN = re.compile(r"(?:^|\s)(?:>>|&gt;&gt;)(?=\s|$)")


def strip_turn_marks(text: str) -> str:
    """YouTube marks a change of speaker with ``>>``; it is not speech."""
    return " ".join(_TURN.sub(" ", text).split())


def clamp_to_next(cues: list[Cue]) -> list[Cue]:
    """Sort by start and end each cue no later than the next cue's start."""
    cues = sorted(cues, key=lambda c: c.start_ms)
    nexts: list[int | None] = [None] * len(cues)
    for k in range(len(cues) - 2, -1, -1):
        later = cues[k + 1].start_ms
        nexts[k] = later if later > cues[k].start_ms else nexts[k + 1]
    out: list[Cue] = []
    for cue, nxt in zip(cues, nexts):
        if nxt is not None and cue.end_ms > nxt:
            words = tuple(Word(w.text, min(w.start_ms, nxt), min(w.end_ms, nxt), w.confidence, w.speaker)
                          for w in cue.words)
            cue = Cue(cue.start_ms, nxt, cue.text, cue.speaker, words, cue.nonspeech)
        out.append(cue)
    return out


class YouTubeJson3(TranscriptFormat):
    """yt-dlp ``--sub-format json3``: YouTube's timed-text events."""

    name = "json3.v1"
    label = "YouTube json3"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        doc = try_json(text)
        if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
            return 0
        if doc.get("wireMagic") == "pb3":
            return 100
        sample = first_items(doc["events"])
        if sample and all(isinstance(e, dict) and "tStartMs" in e for e in sample):
            return 95
        return 30 if path.endswith(".json3") else 0

    def parse(self, text: str, path: str) -> ParsedTranscript:
        doc = expect_dict(load_json(text, path), path, "top level")
        events = expect_list(doc.get("events"), path, "events")
        cues: list[Cue] = []
        asr = False
        for k, event in enumerate(events):
            cue, has_asr = self._event(event, path, f"events[{k}]")
            asr = asr or has_asr
            if cue is not None:
                cues.append(cue)
        cues = _fill_word_ends(clamp_to_next(cues))
        meta = SourceMeta(language=language_from_path(path), kind="auto" if asr else "manual")
        speech = [c.text for c in cues if not c.nonspeech]
        return ParsedTranscript(self.name, tuple(cues), meta, punctuated=looks_punctuated(speech))

    @staticmethod
    def _event(event: Any, path: str, where: str) -> tuple[Cue | None, bool]:
        event = expect_dict(event, path, where)
        if event.get("segs") is None:
            return None, False  # a window definition, not text
        start = int_ms(event.get("tStartMs", 0), path, f"{where}.tStartMs")
        duration = event.get("dDurationMs")
        end = start + int_ms(duration, path, f"{where}.dDurationMs") if duration is not None else start
        segs = expect_list(event["segs"], path, f"{where}.segs")
        pieces: list[str] = []
        words: list[Word] = []
        timed = False
        for j, seg in enumerate(segs):
            swhere = f"{where}.segs[{j}]"
            seg = expect_dict(seg, path, swhere)
            piece = expect_str(seg.get("utf8"), path, f"{swhere}.utf8")
            pieces.append(piece)
            offset = seg.get("tOffsetMs")
            timed = timed or offset is not None or "acAsrConf" in seg
            at = start + (int_ms(offset, path, f"{swhere}.tOffsetMs") if offset is not None else 0)
            word = strip_turn_marks(piece)
            if word:
                words.append(Word(word, at, max(at, end)))
        raw = strip_turn_marks("".join(pieces))
        if not raw:
            return None, timed
        if not timed:
            words = []
        return make_cue(start, max(end, start), raw, words), timed


def _fill_word_ends(cues: list[Cue]) -> list[Cue]:
    """Each json3 word lasts until the next word of its line starts."""
    out: list[Cue] = []
    for cue in cues:
        if cue.words:
            ws = cue.words
            ends = [ws[k + 1].start_ms for k in range(len(ws) - 1)] + [cue.end_ms]
            words: list[Word] = []
            for w, end in zip(ws, ends):
                start = min(w.start_ms, cue.end_ms)
                words.append(Word(w.text, start, max(start, min(end, cue.end_ms)), w.confidence, w.speaker))
            cue = Cue(cue.start_ms, cue.end_ms, cue.text, cue.speaker, tuple(words), cue.nonspeech)
        out.append(cue)
    return out


_START_KEYS = ("start", "start_time", "startTime")
_END_KEYS = ("end", "end_time")


def _item_list(doc: Any) -> tuple[list[Any] | None, str]:
    """The list of caption items and its name, for the plain list and the wrappers."""
    if isinstance(doc, list):
        return doc, "item"
    if isinstance(doc, dict):
        for key in ("transcript", "segments", "snippets"):
            if isinstance(doc.get(key), list):
                return doc[key], key
    return None, ""


def _is_yta_item(item: Any) -> bool:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str) or "words" in item:
        return False
    has_start = any(k in item for k in ("start", "start_time"))
    return has_start and ("duration" in item or "end_time" in item)


class YouTubeTranscriptApiJson(TranscriptFormat):
    """youtube-transcript-api output and its common derivatives."""

    name = "yta-json.v1"
    label = "youtube-transcript-api JSON"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        items, _ = _item_list(try_json(text))
        if not items:
            return 0
        sample = first_items(items)
        return 90 if all(_is_yta_item(i) for i in sample) else 0

    def parse(self, text: str, path: str) -> ParsedTranscript:
        doc = load_json(text, path)
        items, key = _item_list(doc)
        if items is None:
            raise ParseError(path, "top level", 'expected a list of captions or an object with a "transcript" list')
        cues: list[Cue] = []
        for k, item in enumerate(items):
            where = f"item {k}" if key == "item" else f"{key}[{k}]"
            cue = self._item(item, path, where)
            if cue is not None:
                cues.append(cue)
        cues = clamp_to_next(cues)
        speech = [c.text for c in cues if not c.nonspeech]
        return ParsedTranscript(self.name, tuple(cues), self._meta(doc, path), punctuated=looks_punctuated(speech))

    @staticmethod
    def _item(item: Any, path: str, where: str) -> Cue | None:
        item = expect_dict(item, path, where)
        skey = next((k for k in _START_KEYS if k in item), None)
        if skey is None:
            raise ParseError(path, where, "caption has no start time")
        start = seconds_ms(item[skey], path, f"{where}.{skey}")
        ekey = next((k for k in _END_KEYS if k in item), None)
        if ekey is not None:
            end = seconds_ms(item[ekey], path, f"{where}.{ekey}")
        elif "duration" in item:
            end = start + seconds_ms(item["duration"], path, f"{where}.duration")
        else:
            end = start
        raw = strip_turn_marks(expect_str(item.get("text"), path, f"{where}.text"))
        return make_cue(start, max(start, end), raw)

    @staticmethod
    def _meta(doc: Any, path: str) -> SourceMeta:
        if not isinstance(doc, dict):
            return SourceMeta(language=language_from_path(path))
        generated = doc.get("is_generated")
        kind = "auto" if generated is True else "manual" if generated is False else "unknown"
        language = language_code(doc.get("language_code")) or language_code(doc.get("language"))
        video_id = doc.get("video_id") or doc.get("videoId")
        url = doc.get("url") or doc.get("source")
        return SourceMeta(
            video_id=video_id if isinstance(video_id, str) else None,
            url=url if isinstance(url, str) and url.startswith("http") else None,
            language=language or language_from_path(path),
            kind=kind,
        )
