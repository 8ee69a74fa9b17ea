from __future__ import annotations

import pytest

from tubewiki.models import Article, Citation, Claim, Section
from tubewiki.nlp.embed import HashEmbedder, get_embedder
from tubewiki.verify.verifier import Verifier, VerifyCounts

from .conftest import TEXTS, VIDEO


def claim(text: str, *seconds: int, video: str = VIDEO) -> Claim:
    return Claim(text=text, citations=tuple(Citation(video, s * 1000) for s in seconds))


def article(*sections: tuple[str | None, list[Claim]], slug: str = "bread") -> Article:
    return Article(
        slug=slug, title=slug.title(), video_id=VIDEO, channel_slug="tiny",
        sections=tuple(Section(heading=h, level=2, claims=tuple(cs)) for h, cs in sections),
        writer="test.v1",
    )


def test_supported_claims_keep_their_citations_and_get_a_score(by_video):
    a = article((None, [claim(TEXTS[1], 20), claim(TEXTS[2], 37)]))
    result = Verifier(HashEmbedder()).verify_article(a, by_video)
    kept = result.article.sections[0].claims
    assert [c.citations for c in kept] == [c.citations for c in a.sections[0].claims]
    assert all(c.support is not None and c.support > 0.99 for c in kept)
    assert result.counts == VerifyCounts(checked=2, supported=2)


def test_a_claim_is_supported_when_any_of_its_citations_supports_it(by_video):
    a = article((None, [claim(TEXTS[8], 20, 158)]))
    result = Verifier(HashEmbedder()).verify_article(a, by_video)
    assert result.counts.supported == 1
    assert result.article.sections[0].claims[0].citations == a.sections[0].claims[0].citations


def test_a_miscited_claim_is_recited_to_the_sentence_that_supports_it(by_video):
    a = article((None, [claim(TEXTS[8], 20)]))
    result = Verifier(HashEmbedder()).verify_article(a, by_video)
    [moved] = result.article.sections[0].claims
    assert moved.citations == (Citation(VIDEO, 160_000, 8),)
    assert moved.support > 0.99
    assert result.counts == VerifyCounts(checked=1, recited=1)


def test_unsupportable_claims_are_dropped_and_empty_sections_removed(by_video):
    a = article(
        ("Bread", [claim(TEXTS[1], 20)]),
        ("Markets", [claim("Quarterly earnings beat analyst forecasts yesterday.", 40)]),
        ("Elsewhere", [claim(TEXTS[0], 0, video="unknownvid1")]),
    )
    result = Verifier(HashEmbedder()).verify_article(a, by_video)
    assert [s.heading for s in result.article.sections] == ["Bread"]
    assert result.counts == VerifyCounts(checked=3, supported=1, dropped=2, unverifiable=1)


def test_batch_verification_matches_one_by_one_and_embeds_claims_once(by_video):
    class Counting(HashEmbedder):
        calls = 0

        def encode(self, texts, batch_size=64):
            Counting.calls += 1
            return super().encode(texts, batch_size)

    articles = [article((None, [claim(TEXTS[i], 20 * i), claim(TEXTS[9], 0)]), slug=f"a{i}") for i in range(4)]
    batch = Verifier(Counting()).verify_articles(articles, by_video)
    assert Counting.calls <= 4  # sentences, claims, runs near citations, runs of the whole video
    single = [Verifier(HashEmbedder()).verify_article(a, by_video) for a in articles]
    assert [b.article for b in batch] == [s.article for s in single]
    assert sum((b.counts for b in batch), VerifyCounts()) == VerifyCounts(checked=8, supported=4, recited=4)


@pytest.mark.slow
def test_minilm_keeps_a_paraphrase_and_recites_a_miscited_one(by_video):
    a = article((None, [
        claim("Yeast turns sugar in the dough into carbon dioxide.", 20),
        claim("Saturn's rings consist largely of pieces of ice.", 20),
        claim("The stock market fell sharply after the interest rate announcement.", 40),
    ]))
    result = Verifier(get_embedder("minilm.v1")).verify_article(a, by_video)
    kept = result.article.sections[0].claims
    assert [c.text[:6] for c in kept] == ["Yeast ", "Saturn"]
    assert kept[0].citations == (Citation(VIDEO, 20_000),) and kept[0].support >= 0.55
    assert kept[1].citations == (Citation(VIDEO, 160_000, 8),) and kept[1].support >= 0.55
    assert result.counts == VerifyCounts(checked=3, supported=1, recited=1, dropped=1)
