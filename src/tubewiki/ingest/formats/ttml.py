"""TTML and DFXP (``<tt>`` documents): clock, SMPTE frame, tick and offset times.

Broadcast TTML is often not well-formed (``<br>`` left open), so the document is read
with the tolerant node reader and a small element stack, not with a strict XML parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...errors import ParseError
from ...models import Cue, ParsedTranscript, SourceMeta, Word
from ..base import TranscriptFormat
from ..text import clean_text, split_speaker
from ._common import (
    Lines, Node, checked_ms, iter_nodes, language_from_path, looks_punctuated, make_cue, require_cues,
)

_CLOCK = re.compile(r"^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)(?::(\d+)(?:\.(\d+))?)?$")
_OFFSET = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)\s*(h|ms|m|s|f|t)$")
_FRAME_FIELD = re.compile(r"""(?:begin|end|dur)\s*=\s*["']\s*\d+:\d{1,2}:\d{1,2}:(\d+)""")
_DASH_TURN = re.compile(r"^\s*[-–—]\s*")
_NAME_ALONE = re.compile(r"^([A-ZÀ-Þ][\w.'\- ]{0,40}):$")  # "-M.Le Pen:" with the words on the next line
# French broadcast subtitling colours: red for sounds, magenta for music; read them as [events]
_EVENT_COLOURS = {"red", "magenta", "#ff0000", "#ff00ff", "#f00", "#f0f"}
_CONTAINERS = {"body", "div", "p", "span"}


@dataclass(frozen=True, slots=True)
class _Rates:
    frame: float = 30.0
    sub_frame: float = 1.0
    tick: float = 1.0


@dataclass
class _Para:
    start: int
    end: int | None
    where: str
    agent: str | None
    pieces: list[str] = field(default_factory=list)
    spans: list[tuple[int, int | None, list[str]]] = field(default_factory=list)


class Ttml(TranscriptFormat):
    """Timed Text Markup Language, including DFXP and broadcast variants."""

    name = "ttml.v1"
    label = "TTML"

    @classmethod
    def sniff(cls, text: str, path: str) -> int:
        head = text[:4096]
        if not re.search(r"<(?:\w+:)?tt[\s>]", head):
            return 0
        if "www.w3.org/ns/ttml" in head or "ttaf1" in head:
            return 95
        return 80 if re.search(r"<(?:\w+:)?p\s[^>]*\bbegin=", text[:20000]) else 40

    def parse(self, text: str, path: str) -> ParsedTranscript:
        nodes = iter_nodes(text)
        lines = Lines(text)
        root = next((n for n in nodes if n.kind == "start"), None)
        if root is None or root.name != "tt":
            raise ParseError(path, "line 1", "expected a <tt> root element")
        warnings: list[str] = []
        rates = _rates(root, text, warnings)
        agents = _agents(nodes)
        paras = _read_paras(nodes, lines, rates, path, warnings)
        if not any(n.kind == "end" and n.name == "tt" for n in nodes):
            warnings.append("file ends before </tt>; it looks truncated, kept what was complete")
        cues = _to_cues(paras, agents, warnings)
        require_cues(cues, path, f"line {lines.at(len(text))}", "TTML document")
        language = root.attrs.get("xml:lang") or root.attrs.get("lang") or language_from_path(path)
        return ParsedTranscript(
            format=self.name,
            cues=tuple(sorted(cues, key=lambda c: c.start_ms)),
            meta=SourceMeta(language=language or None, kind="manual"),
            punctuated=looks_punctuated([c.text for c in cues if not c.nonspeech]),
            warnings=tuple(warnings),
        )


def _rates(root: Node, text: str, warnings: list[str]) -> _Rates:
    def number(attr: str, default: float) -> float:
        try:
            value = float(root.attrs.get(attr, default))
        except ValueError:
            return default
        return value if 0 < value < 1e9 else default

    frame = number("ttp:framerate", 0.0)
    multiplier = root.attrs.get("ttp:frameratemultiplier", "").split()
    if "ttp:framerate" not in root.attrs:
        frames = [int(m.group(1)) for m in _FRAME_FIELD.finditer(text)]
        frame = 30.0
        if len(frames) >= 20 and max(frames) < 25:
            frame = 25.0
            warnings.append("no ttp:frameRate given and frame numbers never reach 25; read as 25 fps")
    if len(multiplier) == 2:
        try:
            num, den = float(multiplier[0]), float(multiplier[1])
            if num > 0 and den > 0:
                frame = frame * num / den
        except ValueError:
            pass
    sub = number("ttp:subframerate", 1.0)
    tick = number("ttp:tickrate", frame * sub if "ttp:framerate" in root.attrs else 1.0)
    return _Rates(frame=frame or 30.0, sub_frame=sub, tick=tick)


def time_ms(value: str, rates: _Rates) -> int | None:
    """A TTML time expression in ms: ``01:02:03.5``, ``01:02:03:12``, ``12.5s``, ``900t``."""
    value = value.strip()
    m = _CLOCK.match(value)
    if m:
        hours, minutes, seconds = int(m.group(1)), int(m.group(2)), float(m.group(3))
        frames = int(m.group(4) or 0) + (int(m.group(5)) / rates.sub_frame if m.group(5) else 0)
        return checked_ms(((hours * 60 + minutes) * 60 + seconds + frames / rates.frame) * 1000)
    m = _OFFSET.match(value)
    if m:
        amount, unit = float(m.group(1)), m.group(2)
        scale = {"h": 3_600_000, "m": 60_000, "s": 1000, "ms": 1, "f": 1000 / rates.frame,
                 "t": 1000 / rates.tick}[unit]
        return checked_ms(amount * scale)
    return None


def _agents(nodes: list[Node]) -> dict[str, str]:
    """``<ttm:agent xml:id="a1"><ttm:name>Ann</ttm:name>`` -> ``{"a1": "Ann"}``."""
    agents: dict[str, str] = {}
    agent_id: str | None = None
    in_name = False
    for node in nodes:
        if node.kind == "start" and node.name == "agent":
            agent_id = node.attrs.get("xml:id")
        elif node.kind == "start" and node.name == "name" and agent_id:
            in_name = True
        elif node.kind == "end" and node.name in {"name", "agent"}:
            in_name = False
            agent_id = None if node.name == "agent" else agent_id
        elif node.kind == "text" and in_name and agent_id:
            agents[agent_id] = clean_text(agents.get(agent_id, "") + node.text)
    return agents


def _read_paras(nodes: list[Node], lines: Lines, rates: _Rates, path: str, warnings: list[str]) -> list[_Para]:
    stack: list[tuple[str, int]] = []  # open timing containers: (name, absolute begin)
    paras: list[_Para] = []
    para: _Para | None = None
    span: list[str] | None = None
    events: list[bool] = []  # one flag per open <span>: is it an event-coloured one?
    count = unclosed = 0
    in_body = False
    for node in nodes:
        if node.kind == "start" and node.name == "body":
            in_body = True
        if not in_body:
            continue
        if node.kind == "start" and node.name in _CONTAINERS and not node.empty:
            if node.name == "p":
                if para is not None:
                    unclosed += 1
                    para.pieces.extend("]" for flag in events if flag)
                    stack = [s for s in stack if s[0] not in {"p", "span"}]
                    span, events = None, []
                count += 1
                where = f"element {count} (line {lines.at(node.offset)})"
                para = _open(node, stack, rates, path, where)
                paras.append(para)
                stack.append(("p", para.start if para.start >= 0 else (stack[-1][1] if stack else 0)))
            else:
                base = stack[-1][1] if stack else 0
                begin = _attr_time(node, "begin", rates, path, f"line {lines.at(node.offset)}")
                start = base + (begin or 0)
                stack.append((node.name, start))
                if node.name == "span" and para is not None:
                    events.append(node.attrs.get("tts:color", "").lower() in _EVENT_COLOURS)
                    if events[-1]:
                        para.pieces.append("[")
                if node.name == "span" and para is not None and begin is not None:
                    end = _end_time(node, base, start, rates, path, f"line {lines.at(node.offset)}")
                    span = []
                    para.spans.append((start, end, span))
        elif node.kind == "end" and node.name in _CONTAINERS:
            while stack:
                name, _ = stack.pop()
                if name == node.name:
                    break
            if node.name == "span":
                span = None
                if events and events.pop() and para is not None:
                    para.pieces.append("]")
            elif node.name == "p":
                if para is not None:
                    para.pieces.extend("]" for flag in events if flag)
                para, span, events = None, None, []
        elif para is None:
            continue
        elif node.kind == "start" and node.name == "br":
            para.pieces.append("\n")
        elif node.kind == "text":
            para.pieces.append(node.text)
            if span is not None:
                span.append(node.text)
    if unclosed:
        warnings.append(f"{unclosed} <p> elements were not closed before the next one began")
    if para is not None:
        warnings.append(f"{para.where}: the last <p> is not closed; kept its text as it stands")
    return paras


def _open(node: Node, stack: list[tuple[str, int]], rates: _Rates, path: str, where: str) -> _Para:
    base = stack[-1][1] if stack else 0
    begin = _attr_time(node, "begin", rates, path, where)
    start = base + begin if begin is not None else None
    end = _end_time(node, base, start, rates, path, where) if start is not None else None
    if start is None:  # timing may sit on the spans instead; settled in _to_cues
        start = -1
    return _Para(start, end, where, node.attrs.get("ttm:agent"))


def _attr_time(node: Node, attr: str, rates: _Rates, path: str, where: str) -> int | None:
    raw = node.attrs.get(attr)
    if raw is None or not raw.strip():
        return None
    value = time_ms(raw, rates)
    if value is None:
        raise ParseError(path, where, f"{attr}={raw[:30]!r} is not a TTML time")
    return value


def _end_time(node: Node, base: int, start: int | None, rates: _Rates, path: str, where: str) -> int | None:
    end = _attr_time(node, "end", rates, path, where)
    if end is not None:
        return checked_ms(base + end)
    dur = _attr_time(node, "dur", rates, path, where)
    return checked_ms(start + dur) if dur is not None and start is not None else None


def _to_cues(paras: list[_Para], agents: dict[str, str], warnings: list[str]) -> list[Cue]:
    cues: list[Cue] = []
    speaker: str | None = None
    backwards = 0
    timed = [p for p in paras if p.start >= 0 or p.spans]
    if len(timed) < len(paras):
        warnings.append(f"{len(paras) - len(timed)} <p> elements without any time were skipped")
    for i, para in enumerate(timed):
        start = para.start if para.start >= 0 else min(s for s, _, _ in para.spans)
        end = para.end
        if end is None:
            span_ends = [e for _, e, _ in para.spans if e is not None]
            following = timed[i + 1].start if i + 1 < len(timed) and timed[i + 1].start >= start else None
            end = max(span_ends) if span_ends else (following if following is not None else start)
        if end < start:
            backwards += 1
            end = start
        agent = agents.get(para.agent or "", para.agent)
        turns, speaker = _turns("".join(para.pieces), speaker)
        words = _span_words(para)
        total = sum(len(t) for _, t in turns) or 1
        at = start
        for k, (who, text) in enumerate(turns):
            stop = end if k == len(turns) - 1 else at + (end - start) * len(text) // total
            cue = make_cue(at, stop, text, agent or who, words if len(turns) == 1 else (), cleaned=True)
            if cue is not None:
                cues.append(cue)
            at = stop
    if backwards:
        warnings.append(f"{backwards} captions ended before they began; their end was set to their start")
    return cues


def _turns(raw: str, speaker: str | None) -> tuple[list[tuple[str | None, str]], str | None]:
    """Split a caption at ``-Name:`` dash turns; the speaker carries over to later captions."""
    turns: list[tuple[str | None, str]] = []
    for line in raw.split("\n"):
        text = clean_text(line)
        if not text:
            continue
        dash = _DASH_TURN.match(text)
        if dash and len(text) > dash.end():
            alone = _NAME_ALONE.match(text[dash.end():])
            name, rest = (alone.group(1), "") if alone else split_speaker(text[dash.end():])
            speaker = name
            turns.append((speaker, rest.strip()))
        elif turns:
            turns[-1] = (turns[-1][0], f"{turns[-1][1]} {text}".strip())
        else:
            turns.append((speaker, text))
    return [turn for turn in turns if turn[1]], speaker


def _span_words(para: _Para) -> tuple[Word, ...]:
    """Timed one-word spans become words; phrase spans do not."""
    words: list[Word] = []
    for start, end, pieces in para.spans:
        text = clean_text("".join(pieces))
        if not text or len(text.split()) != 1:
            return ()
        words.append(Word(text, start, max(start, end if end is not None else start)))
    return tuple(words)
