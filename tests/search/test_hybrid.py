from __future__ import annotations

import subprocess
import sys

import pytest

from tubewiki.models import Article, Citation, Claim, Section, Video
from tubewiki.search.hybrid import (SearchHit, content_terms, fts_only, reciprocal_rank_fusion, search,
                                    vector_only)
from tubewiki.search.vectors import sentence_index
from tubewiki.store.articles import replace_articles

from .conftest import LOCAL_ID, YOUTUBE_ID, add_video


def test_keyword_query_finds_the_sentence_that_says_it(store):
    hits = fts_only(store, "how does yeast release carbon dioxide?")
    assert hits[0].kind == "sentence"
    assert hits[0].video_id == LOCAL_ID
    assert "Yeast eats sugar" in hits[0].text
    assert hits[0].sentence_index == 1


def test_question_words_are_not_matched_literally():
    assert content_terms("What is an eigenvalue, and why does it matter?") == ["eigenvalue", "matter"]
    assert content_terms("what is it") == ["what", "is", "it"]  # nothing left: keep the words


def test_or_fallback_finds_a_sentence_when_no_sentence_has_every_term(store):
    hits = fts_only(store, "eigenvector crust")
    texts = {h.text for h in hits}
    assert any("eigenvector" in t for t in texts) and any("crust" in t for t in texts)


def test_vector_only_finds_the_closest_sentence(store, hash_embedder):
    hits = vector_only(store, "the eigenvalue is the stretch factor", embedder=hash_embedder)
    assert hits[0].sentence_index == 4
    assert hits[0].cosine is not None and hits[0].cosine > 0.3


def test_rank_fusion_prefers_an_item_both_rankings_agree_on():
    fused = reciprocal_rank_fusion([(["a", "b", "c"], 1.0), (["d", "b", "e"], 1.0)])
    order = sorted(fused, key=lambda k: -fused[k])
    assert order[0] == "b" and fused["b"] == pytest.approx(2 / 62)
    assert fused["a"] == pytest.approx(fused["d"]) == pytest.approx(1 / 61)
    weighted = reciprocal_rank_fusion([(["a"], 2.0), (["d"], 1.0)])
    assert weighted["a"] == pytest.approx(2 * weighted["d"])


def test_hybrid_ranks_a_sentence_found_by_both_rankings_above_one_found_by_keywords_only(store, hash_embedder):
    hits = search(store, "eigenvector stretched", embedder=hash_embedder, kinds=("sentence",))
    keys = [(h.video_id, h.sentence_index) for h in hits]
    assert keys[0] == (YOUTUBE_ID, 4)  # "... that eigenvector gets stretched." matches both ways
    assert all(h.score > 0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_links_point_at_the_whole_second_on_youtube_and_nowhere_for_local_videos(store, hash_embedder):
    hits = search(store, "vectors", embedder=hash_embedder, limit=20)
    by_video = {h.video_id: h for h in hits}
    yt = by_video[YOUTUBE_ID]
    assert yt.link == f"https://youtu.be/{YOUTUBE_ID}?t={yt.start_ms // 1000}"
    assert yt.video_title == "Vectors and eigenvectors"
    assert by_video[LOCAL_ID].link is None
    first = search(store, "today arrows plane", embedder=hash_embedder)[0]
    assert first.sentence_index == 0 and first.start_ms == 12_700 and first.link.endswith("?t=12")


def test_video_filter_keeps_only_that_video(store, hash_embedder):
    for mode in ("fts", "vector", "hybrid"):
        hits = search(store, "vectors bread", video_id=LOCAL_ID, embedder=hash_embedder, mode=mode, limit=20)
        assert hits and {h.video_id for h in hits} == {LOCAL_ID}


def test_neighbouring_sentences_are_collapsed_into_one_hit(store, hash_embedder):
    hits = search(store, "vectors vector arrow", embedder=hash_embedder, kinds=("sentence",), limit=10)
    kept = [(h.video_id, h.sentence_index) for h in hits]
    for vid, idx in kept:
        assert (vid, idx + 1) not in kept


def test_sentences_added_later_are_found_after_the_index_rebuilds(store, hash_embedder):
    before = len(sentence_index(store, hash_embedder))
    add_video(store, Video(id="zzzzzzzzzz1", title="Later", youtube=True), ["Quaternions rotate things in three dimensions."])
    hits = vector_only(store, "quaternions rotate", embedder=hash_embedder)
    assert len(sentence_index(store, hash_embedder)) == before + 1
    assert hits[0].video_id == "zzzzzzzzzz1"


def test_article_hits_carry_their_slug_and_first_citation(store, hash_embedder):
    article = Article(
        slug="sourdough-rising", title="Sourdough rising", video_id=LOCAL_ID, channel_slug="maths",
        writer="extractive.v1",
        sections=(Section(heading=None, level=2, claims=(
            Claim("Dough rises when yeast makes gas.", (Citation(LOCAL_ID, 7_300, 1),)),
            Claim("The oven browns the crust.", (Citation(LOCAL_ID, 14_600, 2),)),
        )),),
    )
    replace_articles(store, [(article, 0, "digest")])
    for mode in ("fts", "hybrid"):
        hits = search(store, "sourdough", embedder=hash_embedder, mode=mode)
        art = next(h for h in hits if h.kind == "article")
        assert art.slug == "sourdough-rising" and art.article_title == "Sourdough rising"
        assert art.start_ms == 7_300 and art.video_id == LOCAL_ID and art.link is None
    assert all(h.kind == "sentence" for h in search(store, "sourdough yeast", embedder=hash_embedder,
                                                     kinds=("sentence",)))


HOSTILE = ['"', '""', "*", "vector*", "NEAR(vector arrow)", "-vector", "vector -arrow", "text:vector",
           "<script>alert(1)</script>", "AND OR NOT", '"unbalanced quote', "^start", "(", "}{", "'; DROP TABLE", "",
           "   ", "?", "é à ü", "\x00null"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_return_a_list_in_every_mode(store, hash_embedder, query):
    for mode in ("fts", "vector", "hybrid"):
        hits = search(store, query, embedder=hash_embedder, mode=mode)
        assert isinstance(hits, list) and all(isinstance(h, SearchHit) for h in hits)


def test_hostile_sentence_text_comes_back_unchanged(store, hash_embedder):
    hits = search(store, "script alert captions quotes", embedder=hash_embedder)
    assert hits[0].text == 'Someone once typed <script>alert("x")</script> into the captions & "quotes".'


def test_search_imports_no_later_stage():
    code = (
        "import sys, tubewiki.search.hybrid, tubewiki.search.ask, tubewiki.search.vectors;"
        "bad = [m for m in sys.modules if m.split('.')[:2] in (['tubewiki','write'], ['tubewiki','render'],"
        " ['tubewiki','web'], ['tubewiki','verify'], ['tubewiki','cli'])];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_minilm_finds_a_paraphrase_that_shares_no_words(store):
    from tubewiki.nlp.embed import get_embedder

    minilm = get_embedder("minilm.v1")
    query = "what makes the loaf puff up"
    assert not any(h.video_id == LOCAL_ID and h.sentence_index in (0, 1) for h in fts_only(store, query))
    hits = vector_only(store, query, embedder=minilm, limit=3)
    assert (hits[0].video_id, hits[0].sentence_index) in {(LOCAL_ID, 0), (LOCAL_ID, 1)}
    fused = search(store, query, embedder=minilm, limit=3)
    assert fused[0].video_id == LOCAL_ID
