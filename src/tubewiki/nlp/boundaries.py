"""Where sentences end in unpunctuated speech: a small boundary model plus length-aware decoding.

Each gap after a word gets a boundary score from a tiny convolutional network over the words
around it. A word is described by its timing (the pause after it, relative to the local
speaking rate, its own lengthening) and by its identity when it is a common function word
or discourse marker ("so", "now", "okay", "what"...), otherwise by its shape only. A dynamic
program then picks the boundaries that maximise score plus a prior on unit length, which
keeps units from being two words or eighty words long.

The fitted weights live in ``data/boundary_model.json`` (numbers and the function-word list
only); ``bench/train_boundaries.py --model light`` produces them. Inference is numpy only.
This light model is the fallback: for English, :func:`segment` prefers the transformer-based
:mod:`tubewiki.nlp.boundary_encoder` when it can load.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np

MODEL_FILE = "boundary_model.json"
VOCAB_FILE = "function_words.txt"
N_NUMERIC = 12
SHAPES = ("<pad>", "<unk>", "<num>", "<short>", "<long>", "<ing>", "<ed>", "<ly>", "<s>", "<tion>")
LEAK = 0.1  # leaky ReLU slope
_WINDOW = 15  # words either side for local rate estimates
_STRIP = re.compile(r"^[^\w']+|[^\w']+$")


def normalise_word(text: str) -> str:
    """Lower case, punctuation at either end removed: how a raw auto-caption spells a word."""
    return _STRIP.sub("", text.lower().replace("\u2019", "'"))


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, int]:
    """Word -> id: the word shapes first, then the bundled function words."""
    raw = resources.files(__package__).joinpath("data", VOCAB_FILE).read_text(encoding="utf-8")
    words = [w for line in raw.splitlines() if not line.startswith("#") for w in line.split()]
    table = {s: i for i, s in enumerate(SHAPES)}
    for w in words:
        table.setdefault(w, len(table))
    return table


def _shape(word: str) -> int:
    if any(ch.isdigit() for ch in word):
        return 2
    for i, suffix in ((5, "ing"), (6, "ed"), (7, "ly"), (9, "tion")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return i
    if word.endswith("s") and len(word) > 3 and not word.endswith("ss"):
        return 8
    return 3 if len(word) <= 4 else 4


def word_ids(words: Sequence[str]) -> np.ndarray:
    table = vocabulary()
    out = np.empty(len(words), dtype=np.int64)
    for i, w in enumerate(words):
        w = normalise_word(w)
        out[i] = table.get(w) or _shape(w)
    return out


def _local_mean(x: np.ndarray, window: int) -> np.ndarray:
    c = np.concatenate(([0.0], np.cumsum(x)))
    n = len(x)
    idx = np.arange(n)
    lo = np.clip(idx - window, 0, n)
    hi = np.clip(idx + window + 1, 0, n)
    return (c[hi] - c[lo]) / np.maximum(hi - lo, 1)


def numeric_features(starts: np.ndarray, ends: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Timing features per word (seconds in, unitless out), shape (n, N_NUMERIC)."""
    n = len(starts)
    starts = starts.astype(np.float64)
    ends = np.maximum(ends.astype(np.float64), starts)
    gap = np.empty(n)
    gap[:-1] = starts[1:] - ends[:-1]
    gap[-1] = 2.0 if n else 0.0
    gap = np.clip(gap, 0.0, 5.0)
    dur = np.clip(ends - starts, 0.0, 3.0)
    mean_gap = _local_mean(gap, _WINDOW)
    mean_dur = _local_mean(dur, _WINDOW)
    per_char = dur / np.maximum(lengths, 1)
    mean_pc = _local_mean(per_char, _WINDOW)
    prev_gap = np.concatenate(([2.0], gap[:-1]))
    next_gap = np.concatenate((gap[1:], [2.0]))
    padded = np.pad(gap, 3, constant_values=0.0)
    local_max = np.max(np.stack([padded[k:k + n] for k in range(7) if k != 3]), axis=0) if n else gap
    f = np.stack([
        gap,
        np.log(gap + 0.02),
        gap / (mean_gap + 0.05),
        np.log(prev_gap + 0.02),
        np.log(next_gap + 0.02),
        dur / (mean_dur + 0.05),
        per_char / (mean_pc + 0.01),
        (gap > local_max).astype(np.float64),
        gap - local_max,
        np.log(mean_gap + 0.02),
        (gap > 0.3).astype(np.float64),
        (gap > 1.0).astype(np.float64),
    ], axis=1)
    return f.astype(np.float32)


@dataclass(frozen=True)
class BoundaryModel:
    """The fitted network and decoding prior, as plain arrays."""

    embedding: np.ndarray  # (vocab, e)
    mean: np.ndarray  # (N_NUMERIC,) feature standardisation
    scale: np.ndarray
    convs: tuple[tuple[np.ndarray, np.ndarray, int], ...]  # (weight (k, c_in, c_out), bias, dilation)
    out_w: np.ndarray  # (c + e + N_NUMERIC,): last hidden layer and the input itself
    out_b: float
    length_prior: np.ndarray  # log prior for unit length 1..len
    score_weight: float

    def logits(self, ids: np.ndarray, numeric: np.ndarray) -> np.ndarray:
        """Boundary log-odds after each word."""
        x0 = np.concatenate([self.embedding[ids], (numeric - self.mean) / self.scale], axis=1)
        x, n = x0, len(x0)
        for weight, bias, dilation in self.convs:
            k = weight.shape[0]
            pad = dilation * (k // 2)
            xp = np.pad(x, ((pad, pad), (0, 0)))
            y = np.broadcast_to(bias, (n, weight.shape[2])).copy()
            for t in range(k):
                y += xp[t * dilation: t * dilation + n] @ weight[t]
            x = np.maximum(y, LEAK * y)
        return (np.concatenate([x, x0], axis=1) @ self.out_w + self.out_b).astype(np.float64)

    @classmethod
    def from_json(cls, data: dict) -> "BoundaryModel":
        arr = lambda v: np.asarray(v, dtype=np.float32)  # noqa: E731
        return cls(
            embedding=arr(data["embedding"]),
            mean=arr(data["mean"]),
            scale=arr(data["scale"]),
            convs=tuple((arr(c["weight"]), arr(c["bias"]), int(c["dilation"])) for c in data["convs"]),
            out_w=arr(data["out_w"]),
            out_b=float(data["out_b"]),
            length_prior=np.asarray(data["length_prior"], dtype=np.float64),
            score_weight=float(data["score_weight"]),
        )


@lru_cache(maxsize=1)
def load_model() -> BoundaryModel:
    raw = resources.files(__package__).joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return BoundaryModel.from_json(json.loads(raw))


def decode(logits: np.ndarray, length_prior: np.ndarray, score_weight: float) -> list[int]:
    """Best unit ends (inclusive word indices, the last word always among them)."""
    n = len(logits)
    if n == 0:
        return []
    max_len = len(length_prior)
    best = np.full(n + 1, -np.inf)
    best[0] = 0.0
    back = np.zeros(n + 1, dtype=np.int64)
    scores = score_weight * logits
    reverse = length_prior[::-1]  # reverse[max_len - L] is the prior of a unit of L words
    for j in range(1, n + 1):
        lo = max(0, j - max_len)
        cand = best[lo:j] + reverse[max_len - (j - lo):]
        k = int(cand.argmax())
        best[j] = cand[k] + (scores[j - 1] if j < n else 0.0)
        back[j] = lo + k
    ends: list[int] = []
    j = n
    while j > 0:
        ends.append(j - 1)
        j = int(back[j])
    return ends[::-1]


BACKENDS = ("encoder", "light")


def restore_gaps(words: Sequence[str], starts_ms: Sequence[int], ends_ms: Sequence[int]) -> list[int]:
    """Word ends for sources that only time word starts (YouTube auto-captions).

    There each word "ends" where the next begins, so every pause hides inside the word
    before it. When nearly all gaps are zero, a word's end is re-estimated from its length at
    the speaker's own pace (median milliseconds per character), never past the next start.
    """
    n = len(words)
    if n < 8:
        return list(ends_ms)
    gaps = [starts_ms[i + 1] - ends_ms[i] for i in range(n - 1)]
    if sum(1 for g in gaps if g > 20) > 0.05 * len(gaps):
        return list(ends_ms)
    per_char = sorted((starts_ms[i + 1] - starts_ms[i]) / max(len(words[i]), 1) for i in range(n - 1)
                      if starts_ms[i + 1] > starts_ms[i])
    if not per_char:
        return list(ends_ms)
    pace = per_char[len(per_char) // 2]
    out = []
    for i in range(n):
        spoken = starts_ms[i] + int(pace * 1.3 * max(len(words[i]), 2)) + 60
        limit = starts_ms[i + 1] if i + 1 < n else ends_ms[i]
        out.append(max(starts_ms[i], min(spoken, limit)))
    return out


def segment(words: Sequence[str], starts_ms: Sequence[int], ends_ms: Sequence[int],
            lexical: bool = True, model: BoundaryModel | None = None, backend: str | None = None) -> list[int]:
    """Split timed words into sentence-like units; returns each unit's last word index.

    ``backend`` is "encoder" (MiniLM word vectors plus timing, :mod:`.boundary_encoder`),
    "light" (this module's network) or None: the encoder for English when it can load, else
    the light model. ``lexical=False`` (a language other than English) always takes the light
    model with every word unknown, so only timing and length decide.
    """
    if backend is not None and backend not in BACKENDS:
        raise ValueError(f"unknown boundary backend {backend!r}; known: {', '.join(BACKENDS)}")
    if not words:
        return []
    ends_ms = restore_gaps(words, starts_ms, ends_ms)
    if lexical and model is None and backend != "light":
        from . import boundary_encoder

        ends = boundary_encoder.segment(words, starts_ms, ends_ms)
        if ends is not None:
            return ends
        if backend == "encoder":
            raise RuntimeError("the encoder boundary model cannot load (torch, transformers or its data missing)")
    model = model or load_model()
    ids = word_ids(words) if lexical else np.ones(len(words), dtype=np.int64)
    lengths = np.fromiter((len(w) for w in words), dtype=np.float64, count=len(words))
    numeric = numeric_features(np.asarray(starts_ms) / 1000.0, np.asarray(ends_ms) / 1000.0, lengths)
    return decode(model.logits(ids, numeric), model.length_prior, model.score_weight)
