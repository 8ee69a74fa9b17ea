from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tubewiki.errors import UnknownBackend
from tubewiki.hashing import content_hash
from tubewiki.nlp.embed import HashEmbedder, MemoryCache, MiniLMEmbedder, embed_texts, get_embedder
from tubewiki.registry import REGISTRIES


class DictCache:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], np.ndarray] = {}
        self.puts: list[list[str]] = []

    def get_many(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        return {k: self.rows[(model, k)] for k in keys if (model, k) in self.rows}

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        self.puts.append(list(items))
        self.rows.update({(model, k): v for k, v in items.items()})


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        self.seen.extend(texts)
        return super().encode(texts, batch_size)


def test_hash_embedder_rows_are_unit_float32_and_deterministic():
    texts = ["The derivative measures change.", "Integrals add up slices.", ""]
    a, b = HashEmbedder().encode(texts), HashEmbedder().encode(texts)
    assert a.dtype == np.float32 and a.shape == (3, HashEmbedder.dim)
    assert np.allclose(np.linalg.norm(a[:2], axis=1), 1.0)
    assert np.array_equal(a, b)
    assert not np.any(a[2])  # empty text: a zero row, never NaN


def test_hash_embedder_ranks_shared_words_higher():
    rows = HashEmbedder().encode(["the area under a curve", "area under the curve", "a cat sat on a mat"])
    assert rows[0] @ rows[1] > rows[0] @ rows[2]


def test_embed_texts_encodes_each_distinct_miss_once_and_fills_the_cache():
    embedder, cache = CountingEmbedder(), DictCache()
    first = embed_texts(["alpha beta", "gamma", "alpha beta"], embedder, cache)
    assert embedder.seen == ["alpha beta", "gamma"]
    assert np.array_equal(first[0], first[2])
    assert set(cache.puts[0]) == {content_hash("alpha beta"), content_hash("gamma")}

    second = embed_texts(["gamma", "delta"], embedder, cache)
    assert embedder.seen == ["alpha beta", "gamma", "delta"]  # gamma came from the cache
    assert np.array_equal(second[0], first[1])


def test_memory_cache_keeps_vectors_per_model():
    embedder, cache = CountingEmbedder(), MemoryCache()
    embed_texts(["one two"], embedder, cache)
    embed_texts(["one two"], embedder, cache)
    assert embedder.seen == ["one two"]
    assert cache.get_many("other.v1", [content_hash("one two")]) == {}


def test_embed_texts_of_nothing_has_the_embedder_dimension():
    assert embed_texts([], HashEmbedder()).shape == (0, HashEmbedder.dim)


def test_builtin_embedders_are_registered_by_versioned_name():
    assert {"minilm.v1", "hash.v1"} <= set(REGISTRIES.embedders.names())
    assert REGISTRIES.embedders.get("minilm") is MiniLMEmbedder
    with pytest.raises(UnknownBackend, match="hash.v1"):
        get_embedder("nonesuch")


def test_get_embedder_shares_one_instance():
    one, two = get_embedder("minilm.v1"), get_embedder("minilm")
    assert one is two
    assert isinstance(one, MiniLMEmbedder)


def test_getting_the_embedder_does_not_import_the_model_libraries():
    code = (
        "import sys; from tubewiki.nlp.embed import get_embedder; get_embedder(); "
        "print(any(m in sys.modules for m in ('torch', 'sentence_transformers')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_minilm_paraphrase_scores_above_unrelated_text():
    rows = get_embedder("minilm.v1").encode(
        ["Yeast ferments the sugars in dough and releases carbon dioxide gas.",
         "Yeast turns sugar in the dough into carbon dioxide.",
         "Castling moves the king to safety behind a wall of pawns."]
    )
    assert rows.shape == (3, 384) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    assert rows[0] @ rows[1] > 0.8 > 0.2 > rows[0] @ rows[2]
