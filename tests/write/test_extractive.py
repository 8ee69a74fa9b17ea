"""The offline extractive.v1 writer: what it keeps, how it shapes and cites the article."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from tubewiki.models import Segment, Sentence, Video
from tubewiki.registry import REGISTRIES
from tubewiki.write.base import TopicInput, draft_to_article
from tubewiki.write.extractive import ExtractiveWriter
from tubewiki.write.rewrite import has_person

LINEARITY = [
    "Um, so, hi everyone, welcome back.",
    "So what is a linear transformation?",
    "A linear transformation is a function between vector spaces that keeps addition and scaling.",
    "You can think of it as a way to move every vector in the space.",
    "There are two properties of linearity.",
    "First, additivity says the image of a sum is the sum of the images.",
    "Second, scaling says the image of a scaled vector is the scaled image.",
    "Finally, together these properties let a matrix describe the whole map.",
    "Now, if you take the basis vectors, you get the columns of the matrix.",
    "We have a matrix whose columns record where each basis vector lands.",
    "Let's call this the matrix of the transformation.",
    "I think this is a really beautiful idea.",
    "The determinant of that matrix measures how areas scale.",
    "When the determinant is zero, the transformation squishes space into a line.",
    "A negative determinant means the orientation of space is flipped.",
    "You might think that flipping is rare, but it happens often.",
    "Eigenvectors are vectors that stay on their own span during the transformation.",
    "Each eigenvector is only stretched by a factor called its eigenvalue.",
    "Uh, you know, eigenvalues come from the characteristic polynomial of the matrix.",
    "Thanks to all the Patreon supporters who made this video possible.",
    "See you next time!",
]


def make_topic(texts: list[str], language: str = "en", title: str = "Linear transformation",
               first_index: int = 40) -> TopicInput:
    video = Video(id="abcdefghijk", title="Lesson", language=language)
    sentences = tuple(Sentence(video_id=video.id, index=first_index + i, text=t,
                               start_ms=1000 * (first_index + i) * 5, end_ms=1000 * (first_index + i) * 5 + 4000)
                      for i, t in enumerate(texts))
    segment = Segment(video_id=video.id, index=0, first_sentence=sentences[0].index,
                      last_sentence=sentences[-1].index, title=title, keywords=("linear map",))
    return TopicInput(video=video, segment=segment, sentences=sentences, channel_slug="chan", slug="lt")


def claims(draft):
    return [c for s in draft.sections for c in s.claims]


def test_the_writer_is_registered_under_its_versioned_name() -> None:
    assert REGISTRIES.writers.get("extractive.v1") is ExtractiveWriter


def test_unknown_options_are_rejected() -> None:
    with pytest.raises(ValidationError):
        ExtractiveWriter.Options(colour="blue")


def test_opening_paragraph_defines_the_topic() -> None:
    draft = ExtractiveWriter().write(make_topic(LINEARITY))
    opening = draft.sections[0]
    assert opening.heading is None
    assert opening.claims[0].text.startswith("A linear transformation is a function")
    assert draft.title == "Linear transformation"


def test_claims_are_impersonal_and_free_of_fillers_and_boilerplate() -> None:
    texts = [c.text for c in claims(ExtractiveWriter().write(make_topic(LINEARITY)))]
    assert not [t for t in texts if has_person(t)]
    joined = " ".join(texts).lower()
    for gone in ("um", "uh", "you know", "patreon", "welcome back", "see you"):
        assert f" {gone} " not in f" {joined} "
    assert "This is called the matrix of the transformation." in texts
    assert any(t.startswith("If one takes the basis vectors, one gets the columns") for t in texts)


def test_every_claim_cites_only_sentences_of_the_topic() -> None:
    topic = make_topic(LINEARITY)
    own = {s.index for s in topic.sentences}
    for claim in claims(ExtractiveWriter().write(topic)):
        assert claim.sentence_indices and set(claim.sentence_indices) <= own


def test_claims_are_well_formed_sentences() -> None:
    for claim in claims(ExtractiveWriter().write(make_topic(LINEARITY))):
        text = claim.text
        assert text[0].isupper() and text[-1] in ".?!", text
        assert "  " not in text
        assert not text.startswith(("And ", "So ", "But ", "Now,"))


def test_enumerations_become_a_list_section() -> None:
    draft = ExtractiveWriter().write(make_topic(LINEARITY))
    lists = [s for s in draft.sections if s.as_list]
    assert len(lists) == 1
    items = [c.text for c in lists[0].claims]
    assert items[0].startswith("First, additivity") and items[-1].startswith("Finally")
    assert all(s.heading for s in draft.sections[1:])


def test_sections_have_named_headings_and_valid_levels() -> None:
    texts = LINEARITY[2:19] * 3
    draft = ExtractiveWriter().write(make_topic(texts))
    headings = [s.heading for s in draft.sections[1:]]
    assert len(headings) >= 2 and len(set(headings)) == len(headings)
    assert all(s.level in (2, 3) for s in draft.sections)
    assert draft.sections[1].level == 2
    assert not any(h.lower().startswith("part") for h in headings)


def test_output_is_deterministic() -> None:
    topic = make_topic(LINEARITY)
    assert ExtractiveWriter().write(topic) == ExtractiveWriter().write(topic)


def test_draft_resolves_to_timestamps() -> None:
    topic = make_topic(LINEARITY)
    article = draft_to_article(ExtractiveWriter().write(topic), topic, ExtractiveWriter.name)
    starts = {s.start_ms for s in topic.sentences}
    assert article.writer == "extractive.v1"
    assert all(c.time_ms in starts for s in article.sections for c in s.claims for c in c.citations)


def test_non_english_topic_keeps_its_language() -> None:
    texts = [
        "Ähm, eine lineare Abbildung ist eine Funktion zwischen Vektorräumen.",
        "Sie erhält die Addition und die Skalierung von Vektoren.",
        "Wir können uns die Abbildung als Bewegung des Raumes vorstellen.",
        "Die Determinante misst, wie sich Flächen verändern.",
    ]
    draft = ExtractiveWriter().write(make_topic(texts, language="de", title="Lineare Abbildung"))
    out = [c.text for c in claims(draft)]
    assert draft.stats["language_kept"] == "de"
    assert "Wir können uns die Abbildung als Bewegung des Raumes vorstellen." in out
    assert not any("Ähm" in t for t in out)


def test_an_empty_topic_gives_an_empty_draft() -> None:
    draft = ExtractiveWriter().write(make_topic(["Okay.", "Thank you."]))
    assert claims(draft) == []


def test_real_transcript_claims_are_impersonal(corpus_3b1b) -> None:
    rows = json.loads((corpus_3b1b / "2016-abstract-vector-spaces" / "sentence_timings.json").read_text())
    topic = make_topic([r[0] for r in rows[:60]], title="Vector spaces", first_index=0)
    texts = [c.text for c in claims(ExtractiveWriter().write(topic))]
    assert len(texts) >= 35
    assert sum(has_person(t) for t in texts) / len(texts) <= 0.03
