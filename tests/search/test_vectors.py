"""The query-time paths of the vector index: one product per query, a fast query encoder."""

from __future__ import annotations

import numpy as np
import pytest

from tubewiki.nlp.embed import HashEmbedder, get_embedder
from tubewiki.search import vectors
from tubewiki.search.hybrid import POOL, _best_rows, clear_query_cache, embed_query
from tubewiki.search.vectors import query_threads, sentence_index, top_k

from .conftest import KITCHEN_TALK, VECTORS_TALK


def test_single_and_window_are_the_two_halves_of_one_stacked_matrix(store, hash_embedder):
    index = sentence_index(store, hash_embedder)
    n = len(VECTORS_TALK) + len(KITCHEN_TALK)
    assert index.stacked.shape == (2 * n, hash_embedder.dim) and index.stacked.flags.c_contiguous
    assert np.shares_memory(index.single, index.stacked) and np.shares_memory(index.window, index.stacked)
    direct = hash_embedder.encode(index.texts)
    assert np.allclose(index.single, direct, atol=1e-6)
    # the last sentence of a video has no next one: its window row is the sentence alone
    last_of_first_video = index.video_ids.index(index.video_ids[0]) + index.video_ids.count(index.video_ids[0]) - 1
    assert np.allclose(index.window[last_of_first_video], index.single[last_of_first_video], atol=1e-6)


def test_one_product_scores_a_query_as_the_two_matrices_do_separately(store, hash_embedder):
    index = sentence_index(store, hash_embedder)
    query = hash_embedder.encode(["eigenvector stretched by its eigenvalue"])[0]
    alone, joined = index.scores(query)
    assert np.allclose(alone, index.single @ query, atol=1e-6)
    assert np.allclose(joined, index.window @ query, atol=1e-6)
    assert np.allclose(index.cosines(query), np.maximum(alone, joined), atol=1e-6)
    only, none = index.scores(query, use_window=False)
    assert none is None and np.allclose(only, alone, atol=1e-6)


def test_best_rows_are_the_top_scores_within_the_mask_best_first():
    rng = np.random.default_rng(7)
    scores = rng.standard_normal(5_000).astype(np.float32)
    mask = rng.random(5_000) < 0.01  # fewer rows than POOL pass the mask
    rows = _best_rows(scores, mask)
    assert rows == sorted(np.flatnonzero(mask).tolist(), key=lambda r: -scores[r])
    unmasked = _best_rows(scores, None)
    assert len(unmasked) == POOL and unmasked == top_k(scores, POOL).tolist()
    assert scores[unmasked[-1]] >= np.sort(scores)[-POOL]


def test_query_threads_restore_the_blas_thread_count_when_the_last_query_leaves():
    controller = vectors._QUERY_THREADS._load()
    if controller is None:
        pytest.skip("threadpoolctl is not installed")

    def counts() -> list[int]:
        return [info["num_threads"] for info in controller.info()]

    before = counts()
    with query_threads():
        with query_threads():  # a second query scoring at the same time
            assert all(n == vectors.QUERY_BLAS_THREADS for n in counts())
        assert all(n == vectors.QUERY_BLAS_THREADS for n in counts())
    assert counts() == before


def test_a_remembered_query_vector_is_read_only_and_kept_per_embedder():
    clear_query_cache()

    class Other(HashEmbedder):
        name = "other-hash.v1"
        dim = 64

    first = embed_query("span of two vectors", HashEmbedder())
    assert not first.flags.writeable
    assert embed_query("span of two vectors", HashEmbedder()) is first
    other = embed_query("span of two vectors", Other())
    assert other.shape == (64,) and other is not first
    clear_query_cache()
    assert embed_query("span of two vectors", HashEmbedder()) is not first


def test_default_encode_query_is_the_first_row_of_encode():
    embedder = HashEmbedder()
    assert np.array_equal(embedder.encode_query("a b c"), embedder.encode(["a b c"])[0])


@pytest.mark.slow
def test_minilm_fast_query_path_matches_the_batch_encoder():
    minilm = get_embedder("minilm.v1")
    texts = ["what is a fourier transform", "", "Ünïcødé ∑ x² — “quotes” 日本語",
             "why " * 400, 'Someone typed <script>alert("x")</script>']  # the fourth is truncated
    batch = minilm.encode(texts)
    for text, row in zip(texts, batch):
        fast = minilm.encode_query(text)
        assert fast.dtype == np.float32 and fast.shape == (384,)
        assert np.abs(fast - row).max() < 1e-5
        assert abs(float(np.linalg.norm(fast)) - 1.0) < 1e-5


@pytest.mark.slow
def test_minilm_query_path_leaves_the_torch_thread_count_as_it_was():
    import torch

    minilm = get_embedder("minilm.v1")
    minilm.encode_query("warm up")
    before = torch.get_num_threads()
    minilm.encode_query("how do eigenvectors behave")
    assert torch.get_num_threads() == before


def test_only_the_best_articles_are_read_and_they_are_the_best_of_all(store, hash_embedder):
    from tubewiki.models import Article, Citation, Claim, Section
    from tubewiki.search.hybrid import _article_candidates, _Videos, content_terms
    from tubewiki.search.vectors import claim_index
    from tubewiki.store.articles import replace_articles

    from .conftest import LOCAL_ID

    rows = []
    for i, text in enumerate(KITCHEN_TALK * 3):
        claim = Claim(f"{text} Bread note {i}.", (Citation(LOCAL_ID, 7_300 * (i % 4), i % 4),))
        rows.append((Article(slug=f"bread-{i}", title=f"Bread {i}", video_id=LOCAL_ID, channel_slug="maths",
                             writer="extractive.v1", sections=(Section(heading=None, level=2, claims=(claim,)),)),
                     i, f"digest-{i}"))
    replace_articles(store, rows)
    query = "bread yeast oven"
    terms, vec = content_terms(query), embed_query(query, hash_embedder)
    claims = claim_index(store, hash_embedder)
    every = _article_candidates(store, terms, "hybrid", None, claims, vec, _Videos(store), limit=10**6)
    best = _article_candidates(store, terms, "hybrid", None, claims, vec, _Videos(store), limit=3)
    assert len(every) == len(rows)
    assert [c.hit for c in best] == [c.hit for c in every[:3]]
