"""Restated claims pass without embedding; anything new in a claim sends it to the model."""

from __future__ import annotations

from tubewiki.models import Article, Citation, Claim, Section, Sentence
from tubewiki.nlp.embed import get_embedder
from tubewiki.verify.lexical import lexical_support
from tubewiki.verify.verifier import Verifier


def test_a_rewritten_sentence_restates_its_source() -> None:
    source = "So if you take the derivative of x squared, you get two x."
    assert lexical_support("If one takes the derivative of x squared, one gets two x.", [source]) is not None


def test_a_claim_adding_a_word_is_not_a_restatement() -> None:
    source = "If you take the derivative of x squared, you get two x."
    assert lexical_support("The derivative of x squared is always three x.", [source]) is None


def test_a_small_fragment_is_not_enough() -> None:
    source = "The derivative measures how fast a function changes, and the integral accumulates area under a curve."
    assert lexical_support("The integral accumulates area.", [source]) is None


def test_verifier_counts_restated_claims_and_still_checks_the_rest() -> None:
    sents = [Sentence("v", 0, "So you take the derivative of x squared and you get two x.", 0, 4000),
             Sentence("v", 1, "Cats sleep most of the day in warm places.", 60000, 64000)]
    restated = Claim("One takes the derivative of x squared and one gets two x.", (Citation("v", 0, 0),))
    invented = Claim("Dogs bark loudly at the mail carrier every morning.", (Citation("v", 0, 0),))
    article = Article("a", "A", "v", "c", (Section(None, 2, (restated, invented)),), "extractive.v1")
    result = Verifier(get_embedder("hash.v1")).verify_article(article, {"v": sents})
    assert result.counts.lexical == 1 and result.counts.checked == 2
    assert result.counts.dropped == 1
    assert [c.text for s in result.article.sections for c in s.claims] == [restated.text]
