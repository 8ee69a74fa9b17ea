"""Podcast transcripts: Transcriber ``.trs``, Podcasting 2.0 JSON and Podcasting 2.0 HTML."""

from __future__ import annotations

import json
import re

from ...errors import ParseError
from ...models import Cue, ParsedTranscript, SourceMeta, Word
from ..base import TranscriptFormat
from ..text import clean_text
from ._common import (
    Lines, estimate_end, iter_nodes, language_from_path, looks_punctuated, make_cue,
    require_cues, seconds_to_ms,
)
from .plain import clock_ms

_SENTENCE_END = re.compile(r"[.?!…]['\"”’)]*$")


class TranscriberTrs(TranscriptFormat):
    """Transcriber ``.trs`` XML: ``<Speakers>``, then ``<Turn>`` elements cut by ``<Sync time>``."""

    name = "transcriber-trs.v1"
    label = "Transcriber TRS"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        head = text[:4096]
        if re.search(r"<Trans[\s>]", head) and ("<Turn" in text[:50000] or "trans-" in head):
            return 95
        return 30 if path.lower().endswith(".trs") and "<Trans" in text[:50000] else 0

    def parse(self, text: str, path: str) -> ParsedTranscript:
        nodes = iter_nodes(text)
        lines = Lines(text)
        root = next((n for n in nodes if n.kind == "start"), None)
        if root is None or root.name != "trans":
            raise ParseError(path, "line 1", "expected a <Trans> root element")
        speakers = {n.attrs.get("id", ""): clean_text(n.attrs.get("name", "")) or n.attrs.get("id") or None
                    for n in nodes if n.kind == "start" and n.name == "speaker"}
        segments = _trs_segments(nodes, lines, speakers, path)
        cues: list[Cue] = []
        for i, (start, end, speaker, pieces) in enumerate(segments):
            following = segments[i + 1][0] if i + 1 < len(segments) else None
            stop = end if end is not None else (following if following is not None else estimate_end(start, "".join(pieces)))
            cue = make_cue(start, stop, "".join(pieces), speaker)
            if cue is not None:
                cues.append(cue)
        require_cues(cues, path, f"line {lines.at(len(text))}", "Transcriber file")
        language = root.attrs.get("xml:lang") or _trs_language(nodes) or language_from_path(path)
        return ParsedTranscript(
            format=self.name,
            cues=tuple(sorted(cues, key=lambda c: c.start_ms)),
            meta=SourceMeta(language=language, kind="manual"),
            punctuated=looks_punctuated([c.text for c in cues]),
        )


def _trs_segments(nodes: list, lines: Lines, speakers: dict[str, str | None], path: str) -> list[list]:
    """``[start, end or None, speaker, raw pieces]`` per Sync; a segment ends at the next Sync or </Turn>."""
    segments: list[list] = []
    current: list | None = None
    group: list[list] = []  # segments since the last Sync: overlapping speakers end together
    turn_ids: list[str] = []
    turn_start: int | None = None
    turn_end: int | None = None
    who: str | None = None
    for node in nodes:
        where = f"line {lines.at(node.offset)}"
        if node.kind == "start" and node.name == "turn":
            turn_ids = node.attrs.get("speaker", "").split()
            who = speakers.get(turn_ids[0], turn_ids[0]) if turn_ids else None
            turn_start = _time(node.attrs.get("starttime"), path, where, required=False)
            turn_end = _time(node.attrs.get("endtime"), path, where, required=False)
            current = None
        elif node.kind == "end" and node.name == "turn":
            _close(group, turn_end)
            current, group, turn_start = None, [], None
        elif node.kind == "start" and node.name == "sync":
            at = _time(node.attrs.get("time"), path, where, required=True)
            _close(group, at)
            current = [at, None, who, []]
            segments.append(current)
            group = [current]
        elif node.kind == "start" and node.name == "who":
            index = node.attrs.get("nb", "1")
            if index.isdigit() and 0 < int(index) <= len(turn_ids):
                who = speakers.get(turn_ids[int(index) - 1], turn_ids[int(index) - 1])
                if current is not None:
                    current = [current[0], current[1], who, []]
                    segments.append(current)
                    group.append(current)
        elif node.kind == "start" and node.name == "event" and node.attrs.get("extent") in (None, "instantaneous", "begin"):
            if current is not None and node.attrs.get("desc"):
                current[3].append(f" [{node.attrs['desc']}] ")
        elif node.kind == "text" and node.text.strip():
            if current is None and turn_start is not None:  # text before the turn's first Sync
                current = [turn_start, None, who, []]
                segments.append(current)
                group = [current]
            if current is not None:
                current[3].append(node.text)
    return segments


def _close(group: list[list], at: int | None) -> None:
    for segment in group:
        if segment[1] is None and at is not None:
            segment[1] = max(segment[0], at)


def _trs_language(nodes: list) -> str | None:
    for node in nodes:
        if node.kind == "start" and node.name == "speaker" and node.attrs.get("lang"):
            return node.attrs["lang"]
    return None


def _time(raw: str | None, path: str, where: str, *, required: bool) -> int | None:
    if raw is None or not raw.strip():
        if required:
            raise ParseError(path, where, "element has no time")
        return None
    value = seconds_to_ms(raw)
    if value is None:
        raise ParseError(path, where, f"time {raw[:30]!r} is not a usable number of seconds")
    return value


class PodcastJson(TranscriptFormat):
    """Podcasting 2.0 JSON: ``{"version", "segments": [{speaker, startTime, endTime, body}]}``."""

    name = "podcast-json.v1"
    label = "Podcasting 2.0 JSON"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        head = text[:8192]
        if head.lstrip().startswith("{") and '"segments"' in head and '"startTime"' in head and '"body"' in head:
            return 95
        return 0

    def parse(self, text: str, path: str) -> ParsedTranscript:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParseError(path, f"line {exc.lineno}", f"not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise ParseError(path, None, "JSON nests too deeply to read") from None
        segments = data.get("segments") if isinstance(data, dict) else None
        if not isinstance(segments, list):
            raise ParseError(path, "line 1", 'expected an object with a "segments" list')
        items: list[tuple[int, int, str | None, str]] = []
        for k, seg in enumerate(segments, 1):
            if not isinstance(seg, dict):
                raise ParseError(path, f"segment {k}", "segment is not an object")
            start = seconds_to_ms(_number(seg.get("startTime")))
            end = seconds_to_ms(_number(seg.get("endTime"))) if seg.get("endTime") is not None else start
            if start is None or end is None:
                raise ParseError(path, f"segment {k}", "startTime/endTime are not usable times")
            body = clean_text(seg.get("body") if isinstance(seg.get("body"), str) else "")
            speaker = seg.get("speaker") if isinstance(seg.get("speaker"), str) and seg["speaker"].strip() else None
            if body:
                items.append((start, max(start, end), speaker.strip() if speaker else None, body))
        word_level = len(items) > 1 and all(len(body.split()) == 1 for *_, body in items)
        cues = _group_words(items) if word_level else [
            c for c in (make_cue(s, e, b, who, cleaned=True) for s, e, who, b in items) if c is not None]
        require_cues(cues, path, None, "Podcasting 2.0 JSON file")
        language = data.get("language") if isinstance(data.get("language"), str) else None
        return ParsedTranscript(
            format=self.name,
            cues=tuple(sorted(cues, key=lambda c: c.start_ms)),
            meta=SourceMeta(language=language or language_from_path(path)),
            punctuated=looks_punctuated([c.text for c in cues]),
        )


def _number(value: object) -> float | str | None:
    if isinstance(value, bool):
        return None
    return value if isinstance(value, (int, float, str)) else None


def _group_words(items: list[tuple[int, int, str | None, str]]) -> list[Cue]:
    """Word-per-segment files: one cue per run of one speaker, cut at sentence ends and pauses."""
    cues: list[Cue] = []
    run: list[Word] = []
    for k, (start, end, speaker, body) in enumerate(items):
        run.append(Word(body, start, end, speaker=speaker))
        nxt = items[k + 1] if k + 1 < len(items) else None
        if nxt is None or nxt[2] != speaker or nxt[0] - end > 2000 or _SENTENCE_END.search(body) or len(run) >= 40:
            cue = make_cue(run[0].start_ms, max(w.end_ms for w in run), " ".join(w.text for w in run),
                           speaker, tuple(run), cleaned=True)
            if cue is not None:
                cues.append(cue)
            run = []
    return cues


class PodcastHtml(TranscriptFormat):
    """Podcasting 2.0 HTML: ``<cite>Name:</cite> <time>0:09</time> <p>text</p>`` repeated."""

    name = "podcast-html.v1"
    label = "Podcasting 2.0 HTML"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        head = text[:20000]
        times = len(re.findall(r"<time[^>]*>\s*\d{1,2}(?::\d{2}){1,2}", head))
        if times and "<p" in head:
            return 90 if "<cite" in head else 70
        return 0

    def parse(self, text: str, path: str) -> ParsedTranscript:
        lines = Lines(text)
        speaker: str | None = None
        open_tag: str | None = None
        buffer: list[str] = []
        paras: list[tuple[int, str | None, str]] = []
        start: int | None = None
        for node in iter_nodes(text):
            if node.kind == "start" and node.name in {"cite", "time", "p"}:
                open_tag, buffer = node.name, []
            elif node.kind == "text" and open_tag:
                buffer.append(node.text)
            elif node.kind == "end" and node.name == open_tag:
                value = clean_text("".join(buffer))
                if open_tag == "cite":
                    speaker = value.rstrip(":").strip() or None
                elif open_tag == "time":
                    start = clock_ms(value)
                    if start is None:
                        raise ParseError(path, f"line {lines.at(node.offset)}", f"<time> {value[:30]!r} is not a time")
                elif value and start is not None:
                    paras.append((start, speaker, value))
                open_tag = None
        cues: list[Cue] = []
        for k, (at, who, body) in enumerate(paras):
            following = paras[k + 1][0] if k + 1 < len(paras) else None
            end = following if following is not None and following >= at else estimate_end(at, body)
            cue = make_cue(at, end, body, who, cleaned=True)
            if cue is not None:
                cues.append(cue)
        require_cues(cues, path, f"line {lines.at(len(text))}", "HTML transcript")
        return ParsedTranscript(
            format=self.name,
            cues=tuple(cues),
            meta=SourceMeta(language=language_from_path(path)),
            punctuated=looks_punctuated([c.text for c in cues]),
        )


