"""YouTube timedtext XML: srv1 ``<transcript><text start dur>``, srv2 ``<text t d>``, srv3 ``<p t d><s t>``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...errors import ParseError
from ...models import Cue, ParsedTranscript, SourceMeta, Word
from ..base import TranscriptFormat
from ..text import clean_text
from ._common import (
    Lines, Node, checked_ms, iter_nodes, language_from_path, looks_punctuated, make_cue,
    require_cues, seconds_to_ms,
)

_TURN_MARK = re.compile(r"^\s*(?:-|–|—|>>)\s+")


@dataclass
class _Para:
    """One timed element before it becomes a cue (times already absolute, in ms)."""

    start: int
    end: int | None
    pieces: list[str] = field(default_factory=list)
    spans: list[tuple[int, str, float | None]] = field(default_factory=list)  # (start, raw, conf)
    append: bool = False


class YouTubeXml(TranscriptFormat):
    """YouTube's timedtext XML in its srv1, srv2 and srv3 layouts."""

    name = "youtube-xml.v1"
    label = "YouTube timedtext XML"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        head = text[:4096]
        if "<transcript" in head and re.search(r"<text\s+start=", head):
            return 95
        if "<timedtext" in head:
            if re.search(r"<p\s[^>]*\bt=\"\d", head) or 'format="3"' in head:
                return 95
            if re.search(r"<text\s[^>]*\bt=\"\d", head):
                return 90
            return 60
        if "<transcript" in head and "<text" in head:
            return 60
        return 0

    def parse(self, text: str, path: str) -> ParsedTranscript:
        nodes = iter_nodes(text)
        lines = Lines(text)
        root = next((n for n in nodes if n.kind == "start"), None)
        if root is None or root.name not in {"transcript", "timedtext"}:
            found = f"<{root.name}>" if root else "no element"
            raise ParseError(path, "line 1", f"expected a <transcript> or <timedtext> root, found {found}")
        warnings: list[str] = []
        if not any(n.kind == "end" and n.name == root.name for n in nodes):
            warnings.append(f"file ends before </{root.name}>; it looks truncated, kept what was complete")
        is_srv3 = any(n.kind == "start" and n.name == "p" for n in nodes)
        paras = _read_paras(nodes, path, lines, "p" if is_srv3 else "text", warnings)
        cues = _to_cues(paras)
        where = f"line {lines.at(len(text))}"
        require_cues(cues, path, where, "timedtext document")
        auto = any(conf is not None for p in paras for _, _, conf in p.spans)
        language = root.attrs.get("lang") or root.attrs.get("xml:lang") or language_from_path(path)
        return ParsedTranscript(
            format=self.name,
            cues=tuple(sorted(cues, key=lambda c: c.start_ms)),
            meta=SourceMeta(language=language, kind="auto" if auto else "unknown"),
            punctuated=looks_punctuated([c.text for c in cues if not c.nonspeech]),
            warnings=tuple(warnings),
        )


def _read_paras(nodes: list[Node], path: str, lines: Lines, tag: str, warnings: list[str]) -> list[_Para]:
    paras: list[_Para] = []
    current: _Para | None = None
    span_start: int | None = None
    span_conf: float | None = None
    span_text: list[str] | None = None
    count = 0
    for node in nodes:
        if node.kind == "start" and node.name == tag:
            count += 1
            current = _open_para(node, path, f"element {count} (line {lines.at(node.offset)})")
            paras.append(current)
            span_text = None
        elif current is None:
            continue
        elif node.kind == "end" and node.name == tag:
            current, span_text = None, None
        elif node.kind == "start" and node.name == "s" and not node.empty:
            offset = _ms_attr(node, "t", path, f"element {count} (line {lines.at(node.offset)})", ms=True)
            span_start = current.start + (offset or 0)
            span_conf = _confidence(node.attrs.get("ac"))
            span_text = []
        elif node.kind == "end" and node.name == "s" and span_text is not None:
            current.spans.append((span_start or current.start, "".join(span_text), span_conf))
            current.pieces.append("".join(span_text))
            span_text = None
        elif node.kind == "start" and node.name == "br":
            current.pieces.append("\n")
        elif node.kind == "text":
            (span_text if span_text is not None else current.pieces).append(node.text)
    if current is not None:
        if span_text is not None:
            current.spans.append((span_start or current.start, "".join(span_text), span_conf))
            current.pieces.append("".join(span_text))
        warnings.append(f"last <{tag}> element is not closed; kept its text as it stands")
    return paras


def _open_para(node: Node, path: str, where: str) -> _Para:
    if "start" in node.attrs:  # srv1: seconds
        start = _ms_attr(node, "start", path, where, ms=False)
        dur = _ms_attr(node, "dur", path, where, ms=False)
    else:  # srv2 / srv3: milliseconds
        start = _ms_attr(node, "t", path, where, ms=True)
        dur = _ms_attr(node, "d", path, where, ms=True)
    if start is None:
        raise ParseError(path, where, f"<{node.name}> has no start time")
    end = None if dur is None else checked_ms(start + dur)
    if dur is not None and end is None:
        raise ParseError(path, where, f"<{node.name}> ends at an impossible time")
    return _Para(start, end, append=node.attrs.get("a") == "1")


def _ms_attr(node: Node, attr: str, path: str, where: str, *, ms: bool) -> int | None:
    raw = node.attrs.get(attr)
    if raw is None or raw.strip() == "":
        return None
    value = seconds_to_ms(raw) if not ms else seconds_to_ms(_per_mille(raw))
    if value is None:
        raise ParseError(path, where, f"{attr}={raw[:30]!r} is not a usable time")
    return value


def _per_mille(raw: str) -> float | None:
    try:
        return float(raw) / 1000
    except ValueError:
        return None


def _confidence(raw: str | None) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return round(min(max(value / 255, 0.0), 1.0), 3) if value == value else None


def _to_cues(paras: list[_Para]) -> list[Cue]:
    spoken = [p for p in paras if clean_text("".join(p.pieces))]  # drops a="1" newline-only appends
    cues: list[Cue] = []
    for i, para in enumerate(spoken):
        next_start = spoken[i + 1].start if i + 1 < len(spoken) else None
        end = para.end if para.end is not None else (next_start if next_start is not None else para.start)
        words = _words(para, end, next_start)
        raw = " ".join("".join(para.pieces).split())
        raw = _TURN_MARK.sub("", clean_text(raw))
        if words:
            end = words[-1].end_ms  # rolling captions: the display end overlaps the next line
        cue = make_cue(para.start, end, raw, words=words, cleaned=True)
        if cue is not None:
            cues.append(cue)
    return cues


def _words(para: _Para, end: int, next_start: int | None) -> tuple[Word, ...]:
    spans = [(start, clean_text(raw), conf) for start, raw, conf in para.spans]
    spans = [s for s in spans if s[1]]
    limit = end if next_start is None or next_start <= para.start else min(end, next_start)
    words: list[Word] = []
    for i, (start, word, conf) in enumerate(spans):
        stop = spans[i + 1][0] if i + 1 < len(spans) else limit
        words.append(Word(word, start, max(start, stop), confidence=conf))
    return tuple(words)
