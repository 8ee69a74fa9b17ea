"""Helpers shared by the XML-family, podcast and plain-text readers.

The reader here is deliberately tolerant: real caption files are often not well-formed
XML (``<br>`` left open, truncated downloads, stray ``&``), so tags are found with a
regular expression and the parsers walk a flat list of nodes instead of a tree.
"""

from __future__ import annotations

import bisect
import html
import math
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from ...errors import ParseError
from ...models import Cue, Word
from ..text import clean_text, is_nonspeech, remove_inline_markers

MAX_MS = 100 * 3600 * 1000  # nothing we read is longer than 100 hours

_NODE = re.compile(
    r"""<!--.*?(?:-->|\Z)
    |<!\[CDATA\[(?P<cdata>.*?)(?:\]\]>|\Z)
    |<![^<>]*>
    |<\?.*?(?:\?>|\Z)
    |<(?P<close>/)?(?P<name>[A-Za-z_][\w:.\-]*)
      (?P<attrs>(?:\s+[^\s=<>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?)*)
      \s*(?P<self>/)?>""",
    re.S | re.X,
)
_ATTR = re.compile(r"""([^\s=<>/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+)))?""")
_LANG_HINT = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")
_SENTENCE_MARK = re.compile(r"[.?!,;:。？！、]")


@dataclass(frozen=True, slots=True)
class Node:
    """One piece of a markup document: ``start``, ``end`` or ``text``."""

    kind: str
    name: str = ""  # local tag name, lower-cased, namespace prefix dropped
    attrs: dict[str, str] = field(default_factory=dict)
    text: str = ""  # raw text (entities not yet decoded) for ``text`` nodes
    offset: int = 0
    empty: bool = False  # ``<br/>``: a start tag that closes itself


def iter_nodes(text: str) -> list[Node]:
    """Split markup into nodes; a ``<`` that starts no tag is kept as text."""
    nodes: list[Node] = []
    pos = 0
    for m in _NODE.finditer(text):
        if m.start() > pos:
            nodes.append(Node("text", text=text[pos:m.start()], offset=pos))
        pos = m.end()
        if m.group("cdata") is not None:
            nodes.append(Node("text", text=html.escape(m.group("cdata"), quote=False), offset=m.start()))
        elif m.group("name"):
            name = local_name(m.group("name"))
            if m.group("close"):
                nodes.append(Node("end", name=name, offset=m.start()))
            else:
                nodes.append(Node("start", name=name, attrs=parse_attrs(m.group("attrs") or ""),
                                  offset=m.start(), empty=bool(m.group("self"))))
    if pos < len(text):
        nodes.append(Node("text", text=text[pos:], offset=pos))
    return nodes


def parse_attrs(raw: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        attrs[m.group(1).lower()] = html.unescape(value)
    return attrs


def local_name(name: str) -> str:
    return name.rsplit(":", 1)[-1].lower()


class Lines:
    """Offset to line number, for error messages."""

    def __init__(self, text: str):
        self._starts = [i for i, ch in enumerate(text) if ch == "\n"]

    def at(self, offset: int) -> int:
        return bisect.bisect_left(self._starts, offset) + 1


def seconds_to_ms(value: str | float | int | None) -> int | None:
    """``"12.5"`` / ``12.5`` seconds to integer ms; None when it is not a sane time."""
    if value is None or isinstance(value, bool):
        return None
    try:
        seconds = float(value.strip()) if isinstance(value, str) else float(value)
    except (ValueError, TypeError):
        return None
    return checked_ms(seconds * 1000)


def checked_ms(ms: float) -> int | None:
    """Round to integer ms; None for NaN, infinities, negatives and absurd lengths."""
    if not math.isfinite(ms) or ms < 0 or ms > MAX_MS:
        return None
    return int(round(ms))


def language_from_path(path: str) -> str | None:
    """``talk.fr.ttml`` -> ``"fr"``; ``talk.en-GB.vtt`` -> ``"en-GB"``."""
    suffixes = PurePath(path).suffixes[:-1]
    for suffix in reversed(suffixes):
        tag = suffix[1:]
        if _LANG_HINT.match(tag) and tag.lower() not in {"srv", "srv1", "srv2", "srv3", "xml", "raw", "txt", "orig"}:
            return tag
    return None


def looks_punctuated(texts: list[str]) -> bool:
    """Raw auto-captions carry almost no sentence marks; human text has one every few words."""
    words = sum(len(t.split()) for t in texts)
    if words == 0:
        return False
    marks = sum(len(_SENTENCE_MARK.findall(t)) for t in texts)
    return marks * 25 >= words


def make_cue(start_ms: int, end_ms: int, raw: str, speaker: str | None = None,
             words: tuple[Word, ...] = (), *, cleaned: bool = False) -> Cue | None:
    """A cleaned cue, a nonspeech event cue, or None when nothing is left."""
    text = raw if cleaned else clean_text(raw)
    if not text:
        return None
    end_ms = max(end_ms, start_ms)
    if is_nonspeech(text) or not any(ch.isalnum() for ch in text):
        return Cue(start_ms, end_ms, text, nonspeech=True)  # an event has no speaker
    spoken = remove_inline_markers(text)
    if not spoken:
        return Cue(start_ms, end_ms, text, nonspeech=True)
    if spoken != text and words:
        words = tuple(w for w in words if not is_nonspeech(w.text))
    return Cue(start_ms, end_ms, spoken, speaker=speaker, words=words)


def require_cues(cues: list[Cue], path: str, where: str | None, what: str) -> None:
    if not cues:
        raise ParseError(path, where, f"no captions found in this {what}")


def estimate_end(start_ms: int, text: str) -> int:
    """An end for a last cue whose source gives only a start: about 2.5 words a second."""
    return checked_ms(start_ms + max(1000, 400 * len(text.split()))) or start_ms
