"""Speakers and turns inside subtitle cues (shared by WebVTT and SRT).

Speakers show up four ways: ``<v Name>`` voice tags, ``Name:`` prefixes, SDH labels such
as ``[Alba]`` and bare ``- `` dashes that only say "someone else speaks now". A cue holding
two turns becomes two cues that share its time in proportion to their text. ``Name:`` and
voice speakers carry over to the next cues until another turn starts; SDH labels do not,
since subtitlers only write them when the speaker is off screen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...models import Cue
from ..text import is_nonspeech, remove_inline_markers, split_speaker

_DASH = re.compile(r"^[-‐–—]\s+(?=\S)|^-(?=\[|[A-ZÀ-Þ][\w.]*:)")
_LABEL = re.compile(r"^\[([^\[\]]{1,40})\]\s*(?=\S)")
_MUSIC = re.compile(r"[♪♫]+")
_WORD = re.compile(r"\w")
_NOT_NAMES = {"music", "applause", "laughter", "laughs", "inaudible", "crosstalk", "silence", "noise",
              "cheering", "sighs", "speaking", "foreign", "music playing", "no audio"}


@dataclass(slots=True)
class _Turn:
    speaker: str | None
    carries: bool  # the speaker may carry over to the next cue
    texts: list[str] = field(default_factory=list)


def is_name(label: str) -> bool:
    """``Alba``, ``Sr. Cifuentes``, ``ÁNGELES`` are names; ``ríen emocionadas``, ``MUSIC`` not."""
    words = label.split()
    if not 1 <= len(words) <= 3 or label.lower() in _NOT_NAMES:
        return False
    return all(w[:1].isupper() for w in words if w.lower() not in {"de", "del", "la", "van", "von"})


def split_turns(lines: Sequence[tuple[str | None, str]], carry: str | None) -> tuple[list[_Turn], str | None]:
    """Group a cue's ``(voice, text)`` lines into turns; returns them and the speaker to carry."""
    turns: list[_Turn] = []
    for voice, line in lines:
        if not line:
            continue
        speaker, carries, new_turn = None, False, False
        dash = _DASH.match(line)
        if dash:
            line, new_turn = line[dash.end():], True
        label = _LABEL.match(line)
        if label and is_name(label.group(1).strip()):
            speaker, line, new_turn = label.group(1).strip(), line[label.end():], True
        else:
            name, rest = split_speaker(line)
            if name:
                speaker, line, carries, new_turn = name, rest, True, True
        if voice and speaker is None and (not turns or turns[-1].speaker != voice):
            speaker, carries, new_turn = voice, True, True
        if not turns and not new_turn:
            speaker, carries = carry, carry is not None
        if new_turn or not turns:
            turns.append(_Turn(speaker, carries))
        turns[-1].texts.append(line.strip())
    if turns:
        carry = turns[-1].speaker if turns[-1].carries else None
    return turns, carry


def turn_cues(start_ms: int, end_ms: int, turns: Sequence[_Turn]) -> list[Cue]:
    """Clean cues for a cue's turns, sharing its time by text length; markers as nonspeech."""
    texts = [" ".join(t for t in turn.texts if t) for turn in turns]
    total = sum(max(len(t), 1) for t in texts)
    cues: list[Cue] = []
    at = 0
    for turn, text in zip(turns, texts):
        s = start_ms + (end_ms - start_ms) * at // total
        at += max(len(text), 1)
        e = start_ms + (end_ms - start_ms) * at // total
        cue = speech_cue(s, e, text, turn.speaker)
        if cue is not None:
            cues.append(cue)
    return cues


def speech_cue(start_ms: int, end_ms: int, text: str, speaker: str | None) -> Cue | None:
    """A cue for clean text: nonspeech for ``[Music]``/``♪``, inline markers removed."""
    text = " ".join(text.split())
    if not text:
        return None
    if is_nonspeech(text):
        return Cue(start_ms, end_ms, text, nonspeech=True)
    spoken = " ".join(_MUSIC.sub(" ", remove_inline_markers(text)).split())
    if not _WORD.search(spoken):
        if spoken == text and not _MUSIC.search(text):
            return None  # a lone "," or "-": nothing said
        return Cue(start_ms, end_ms, text, nonspeech=True)
    return Cue(start_ms, end_ms, spoken, speaker=speaker)


def plain_cues(raw: Sequence[tuple[int, int, Sequence[tuple[str | None, str]]]]) -> list[Cue]:
    """Cues from ``(start, end, [(voice, clean line), ...])`` records in file order.

    Speakers carry over only in files that name two or more speakers several times
    (a lone "Audience question:" says nothing about the cues after it). A cue holding
    only punctuation (word-per-cue ASR writes ``","`` as its own cue) is
    joined to the cue before it.
    """
    carry: str | None = None
    out: list[Cue] = []
    carrying = _names_used_throughout(raw)
    for start_ms, end_ms, lines in raw:
        turns, carry = split_turns(lines, carry)
        carry = carry if carrying else None
        text = " ".join(" ".join(t.texts) for t in turns).strip()
        if text and not _WORD.search(text) and not is_nonspeech(text) and not _MUSIC.search(text):
            if out and not out[-1].nonspeech:
                last = out[-1]
                out[-1] = Cue(last.start_ms, last.end_ms, last.text + text, last.speaker, last.words)
            continue
        out.extend(turn_cues(start_ms, end_ms, turns))
    return out


def _names_used_throughout(raw: Sequence[tuple[int, int, Sequence[tuple[str | None, str]]]]) -> bool:
    named: list[str] = []
    for _, _, lines in raw:
        turns, _ = split_turns(lines, None)
        named.extend(t.speaker for t in turns if t.carries and t.speaker)
    return len(set(named)) >= 2 and len(named) >= 4
