"""Cleaning of cue text shared by every format: entities, markup, markers, speakers."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^<>]{0,200}>")
_TIMESTAMP_TAG = re.compile(r"<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>")
_NONSPEECH = re.compile(r"^\s*[\[\(（♪♫]+\s*[^\]\)）]{0,40}[\]\)）]?\s*[♪♫]*\s*$")
_INLINE_MARKER = re.compile(r"[\[\(][^\]\)]{1,40}[\]\)]")
_SPEAKER_PREFIX = re.compile(r"^\s*(?:-\s*)?([A-Z][\w.'\- ]{0,30}?|[A-ZÀ-Þ][\w.'\-]+(?: [A-ZÀ-Þ][\w.'\-]+){0,2}):\s+(?=\S)")
_NONSPEECH_WORDS = {
    "music", "applause", "laughter", "laughs", "laughing", "silence", "inaudible", "crosstalk",
    "cheering", "noise", "background noise", "upbeat music", "musique", "música", "musik",
    "музыка", "संगीत", "foreign", "sound", "no audio", "blank_audio", "blank audio",
}


def unescape_entities(text: str) -> str:
    """Undo HTML escaping, also when it was applied twice (``&amp;#39;``)."""
    for _ in range(3):
        new = html.unescape(text)
        if new == text:
            break
        text = new
    return text.replace("\u00a0", " ")


def strip_markup(text: str) -> str:
    """Remove inline timestamps, ``<c>``/``<i>``/``<v>`` tags and similar markup."""
    text = _TIMESTAMP_TAG.sub("", text)
    return _TAG.sub("", text)


def clean_text(text: str) -> str:
    """Entities, markup and white space cleaned; order matters for ``&lt;i&gt;`` text."""
    text = strip_markup(unescape_entities(strip_markup(text)))
    return " ".join(text.split())


def is_nonspeech(text: str) -> bool:
    """``[Music]``, ``(upbeat music)``, ``♪`` and friends: an event, not words."""
    t = text.strip()
    if not t:
        return False
    if set(t) <= set("♪♫ ~-"):
        return True
    if _NONSPEECH.match(t) and (t[0] in "[(（" or t[0] in "♪♫"):
        inner = t.strip("[]()（）♪♫ ~").lower()
        return bool(inner) and (inner in _NONSPEECH_WORDS or t[0] == "[" or len(inner.split()) <= 3)
    return False


def remove_inline_markers(text: str) -> str:
    """Drop ``[Music]``-style markers that sit inside otherwise spoken text."""
    def repl(m: re.Match[str]) -> str:
        return " " if is_nonspeech(m.group(0)) else m.group(0)

    return " ".join(_INLINE_MARKER.sub(repl, text).split())


def split_speaker(text: str) -> tuple[str | None, str]:
    """``"Travis: hello"`` -> ``("Travis", "hello")``; leaves ordinary text alone."""
    m = _SPEAKER_PREFIX.match(text)
    if not m:
        return None, text
    name = m.group(1).strip()
    # "Note: ..." / "So: ..." style false positives: speaker names are short, capitalised
    if len(name.split()) > 3 or name.lower() in {"note", "so", "and", "but", "yes", "no", "ok", "okay", "well", "http", "https"}:
        return None, text
    return name, text[m.end():]
