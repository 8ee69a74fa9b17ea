"""Building clean cues from timed JSON records, and undoing speech-recognition artefacts.

Whisper-style recognisers loop ("plus 1 k plus 1 k ...") and, over silence, repeat one
short phrase at every 30-second window ("Let's get started.", " you"). Both would be read
as speech later on, so they are collapsed or dropped here, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from statistics import median
from typing import Any

from ...models import Cue, ParsedTranscript, SourceMeta, Word
from ..text import clean_text, is_nonspeech, remove_inline_markers
from ._json_common import expect_dict, expect_str, optional_float, seconds_ms

_WORD_CHAR = re.compile(r"\w")
_NOT_WORD = re.compile(r"[^\w]+")

MAX_PHRASE = 8  # longest repeated phrase (in words) a loop is looked for with
# Narrated maths repeats phrases for real ("1 plus 1 plus 1 plus 1", "2 times 2 times 2
# times 2", "1, 1, 1, 1, 1, 1, 1"), three to seven times; a recogniser loop goes on longer.
MIN_REPEATS = 5  # a phrase of 2+ words repeated this often in a row is a loop
MIN_REPEATS_ONE_WORD = 10
HALLUCINATION_MIN_RUN = 3
HALLUCINATION_MIN_GAP_MS = 5000
HALLUCINATION_SLACK_MS = 2000
_CONFIDENCE_KEYS = ("probability", "score", "confidence", "conf")


def join_tokens(tokens: Sequence[str]) -> str:
    """Whisper tokens carry their own leading space (``" The"``); other engines' do not."""
    if any(t[:1].isspace() for t in tokens if t):
        return clean_text("".join(tokens))
    return clean_text(" ".join(tokens))


def make_cue(start_ms: int, end_ms: int, raw_text: str, words: Sequence[Word] = (),
             speaker: str | None = None) -> Cue | None:
    """A clean cue, a nonspeech cue for ``[Music]``, or ``None`` when nothing is said."""
    end_ms = max(end_ms, start_ms)
    text = clean_text(raw_text)
    if not text and words:
        text = join_tokens([w.text for w in words])
    if not text:
        return None
    if is_nonspeech(text):
        return Cue(start_ms, end_ms, text, speaker=speaker, nonspeech=True)
    spoken = remove_inline_markers(text)
    if not spoken:
        return Cue(start_ms, end_ms, text, speaker=speaker, nonspeech=True)
    if not _WORD_CHAR.search(spoken):
        return None  # a lone "." or "-" segment
    return Cue(start_ms, end_ms, spoken, speaker=speaker, words=tuple(_clamp_words(words, start_ms, end_ms)))


def _clamp_words(words: Iterable[Word], start_ms: int, end_ms: int) -> Iterable[Word]:
    for w in words:
        if not w.text.strip():
            continue
        s = min(max(w.start_ms, start_ms), end_ms)
        e = min(max(w.end_ms, s), end_ms)
        if (s, e, w.text) != (w.start_ms, w.end_ms, w.text.strip()):
            w = Word(w.text.strip(), s, e, w.confidence, w.speaker)
        yield w


def word_key(token: str) -> str:
    key = _NOT_WORD.sub("", token.lower())
    return key or token.strip()


def loop_kept(keys: Sequence[str]) -> list[int]:
    """Indices of the tokens to keep once every repetition loop is cut to one occurrence."""
    kept: list[int] = []
    i, n = 0, len(keys)
    while i < n:
        found = _loop_at(keys, i)
        if found is None:
            kept.append(i)
            i += 1
            continue
        size, reps = found
        kept.extend(range(i, i + size))
        phrase_at, i = i, i + size * reps
        # a loop cut off mid-phrase at the end leaves a partial phrase behind: drop it too
        tail = 0
        while tail < size - 1 and i + tail < n and keys[i + tail] == keys[phrase_at + tail]:
            tail += 1
        if i + tail == n:
            i = n
    return kept


def _loop_at(keys: Sequence[str], i: int) -> tuple[int, int] | None:
    n = len(keys)
    for size in range(1, MAX_PHRASE + 1):
        need = MIN_REPEATS_ONE_WORD if size == 1 else MIN_REPEATS
        if i + size * need > n:
            continue
        phrase = keys[i:i + size]
        reps = 1
        while keys[i + reps * size:i + (reps + 1) * size] == phrase:
            reps += 1
        if reps >= need:
            return size, reps
    return None


def collapse_loops(cue: Cue) -> tuple[Cue, bool]:
    """The cue with each repetition loop in it cut to one occurrence; True when changed."""
    if cue.nonspeech:
        return cue, False
    if cue.words:
        kept = loop_kept([word_key(w.text) for w in cue.words])
        if len(kept) == len(cue.words):
            return cue, False
        words = tuple(cue.words[k] for k in kept)
        text = " ".join(w.text for w in words)
        return Cue(cue.start_ms, cue.end_ms, text, cue.speaker, words, False), True
    tokens = cue.text.split()
    kept = loop_kept([word_key(t) for t in tokens])
    if len(kept) == len(tokens):
        return cue, False
    return Cue(cue.start_ms, cue.end_ms, " ".join(tokens[k] for k in kept), cue.speaker), True


def drop_hallucinations(cues: Sequence[Cue]) -> tuple[list[Cue], list[str]]:
    """Drop runs of one short phrase repeated alone at regular intervals over silence.

    A run is 3+ consecutive cues with the same words, typically 5 s or more apart from
    start to start (so nothing else was said between them), most of them one common
    interval apart, as a recogniser produces when it fills each silent 30 s window.
    """
    out: list[Cue] = []
    warnings: list[str] = []
    i, n = 0, len(cues)
    while i < n:
        key = _phrase_key(cues[i])
        j = i + 1
        while j < n and key is not None and _phrase_key(cues[j]) == key:
            j += 1
        run = cues[i:j]
        if key is not None and len(run) >= HALLUCINATION_MIN_RUN and _regular(run):
            warnings.append(
                f"dropped {len(run)} repeats of {run[0].text!r} from {_clock(run[0].start_ms)} "
                f"to {_clock(run[-1].start_ms)}: recogniser filler over silence")
        else:
            out.extend(run)
        i = j
    return out, warnings


def _phrase_key(cue: Cue) -> str | None:
    if cue.nonspeech:
        return None
    keys = [word_key(t) for t in cue.text.split()]
    if not keys:
        return None
    # "you you you" over a silent stretch is the same filler as "you"
    period = next(p for p in range(1, len(keys) + 1) if len(keys) % p == 0 and keys == keys[:p] * (len(keys) // p))
    return " ".join(keys[:period]) if period <= MAX_PHRASE else None


def _regular(run: Sequence[Cue]) -> bool:
    gaps = [b.start_ms - a.start_ms for a, b in zip(run, run[1:])]
    typical = median(gaps)
    if typical < HALLUCINATION_MIN_GAP_MS:
        return False
    steady = sum(1 for g in gaps if abs(g - typical) <= HALLUCINATION_SLACK_MS)
    return steady * 2 >= len(gaps)


def _clock(ms: int) -> str:
    s = ms // 1000
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def word_runs(words: Sequence[Word], pause_ms: int = 1000) -> list[list[int]]:
    """Indices of words grouped into runs that a pause of ``pause_ms`` or more separates."""
    runs: list[list[int]] = []
    last_end: int | None = None
    for k, w in enumerate(words):
        if last_end is None or w.start_ms - last_end >= pause_ms:
            runs.append([])
        runs[-1].append(k)
        last_end = w.end_ms if last_end is None else max(last_end, w.end_ms)
    return runs


def cues_from_words(tokens: Sequence[str], words: Sequence[Word], *, pause_ms: int = 1000,
                    max_words: int = 12, split_speakers: bool = False,
                    collapse: bool = True) -> tuple[list[Cue], int]:
    """Cues of at most ``max_words`` words, split at pauses (and speaker changes).

    ``tokens`` are the words as the source spelled them (with their leading spaces), used
    for the cue text. Loops inside a pause-free run are collapsed; returns the cues and
    how many words the collapsing removed.
    """
    cues: list[Cue] = []
    removed = 0
    runs = word_runs(words, pause_ms) if pause_ms > 0 else [list(range(len(words)))]
    for run in runs:
        kept = [run[k] for k in loop_kept([word_key(words[i].text) for i in run])] if collapse else run
        removed += len(run) - len(kept)
        chunk: list[int] = []
        for i in kept:
            if chunk and (len(chunk) >= max_words
                          or (split_speakers and words[i].speaker != words[chunk[-1]].speaker)):
                cues.extend(_chunk_cue(tokens, words, chunk))
                chunk = []
            chunk.append(i)
        cues.extend(_chunk_cue(tokens, words, chunk))
    return cues, removed


def _chunk_cue(tokens: Sequence[str], words: Sequence[Word], chunk: list[int]) -> list[Cue]:
    if not chunk:
        return []
    ws = [words[i] for i in chunk]
    start = ws[0].start_ms
    end = max(w.end_ms for w in ws)
    cue = make_cue(start, end, join_tokens([tokens[i] for i in chunk]), ws, ws[0].speaker)
    return [cue] if cue else []


def looks_punctuated(texts: Iterable[str], sample: int = 400) -> bool:
    """One sentence end per 40 words or more: the recogniser punctuates."""
    words = ends = 0
    for k, t in enumerate(texts):
        if k >= sample:
            break
        words += len(t.split())
        ends += len(_ENDS.findall(t))
    return words > 0 and ends * 40 >= words


_ENDS = re.compile(r"[.?!؟।](?=\s|$|[\"'”’)\]])|[。？！]")


def sorted_cues(cues: Iterable[Cue]) -> list[Cue]:
    """Cues in time order (stable for equal starts)."""
    return sorted(cues, key=lambda c: c.start_ms)


def parse_words(items: list[Any], path: str, where: str, floor_ms: int) -> list[Word]:
    """Whisper words: ``word`` or ``text``, seconds, a probability/score/confidence.

    WhisperX leaves words it could not align (often numbers) without times; they take the
    end of the word before them.
    """
    words: list[Word] = []
    last = floor_ms
    for k, item in enumerate(items):
        wwhere = f"{where}[{k}]"
        item = expect_dict(item, path, wwhere)
        key = "word" if "word" in item else "text"
        token = expect_str(item.get(key), path, f"{wwhere}.{key}").strip()
        start = seconds_ms(item["start"], path, f"{wwhere}.start") if item.get("start") is not None else last
        end = seconds_ms(item["end"], path, f"{wwhere}.end") if item.get("end") is not None else start
        confidence = next((optional_float(item[c]) for c in _CONFIDENCE_KEYS if c in item), None)
        if token:
            words.append(Word(token, start, max(start, end), confidence))
        last = max(last, end)
    return words


def finish_asr(fmt: str, cues: list[Cue], meta: SourceMeta, warnings: list[str],
               whisper: bool = True) -> ParsedTranscript:
    """Sort, judge punctuation and, for Whisper-style output (``whisper``), collapse
    repetition loops and drop fillers repeated over silence: the end of every ASR parser."""
    kept = sorted_cues(cues)
    if whisper:
        collapsed: list[Cue] = []
        loops = 0
        for cue in kept:
            cue, changed = collapse_loops(cue)
            loops += changed
            collapsed.append(cue)
        if loops:
            warnings.append(f"cut repetition loops in {loops} segment(s) to one occurrence")
        kept, dropped = drop_hallucinations(collapsed)
        warnings.extend(dropped)
    punctuated = looks_punctuated(c.text for c in kept if not c.nonspeech)
    return ParsedTranscript(fmt, tuple(kept), meta, punctuated=punctuated, warnings=tuple(warnings))
