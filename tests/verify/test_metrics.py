from __future__ import annotations

import json

import pytest

from tubewiki.models import Sentence
from tubewiki.nlp.embed import HashEmbedder
from tubewiki.verify.metrics import has_filler, is_first_person, quality_report

from .conftest import DURATION_MS, TEXTS, VIDEO, cite, make_sentences

OTHER = "vid00000002"
A_CLAIMS = [
    (TEXTS[1], "00:00:20"),  # supported, offset 0 s
    (TEXTS[2], "00:00:37"),  # supported, best sentence starts 3 s later
    ("Um, we see that the stock market fell.", "00:00:00"),  # unsupported, first person, filler
    ('He wrote "I think we should stop" in a letter.', "01:00:00"),  # beyond the video: invalid
]


@pytest.fixture
def vault(tmp_path):
    body = "\n".join(f"- {text} {cite(t)}" for text, t in A_CLAIMS)
    (tmp_path / "a.md").write_text(f"---\nvideoId: {VIDEO}\n---\n{body}\n\n[[a]] and [[nope]]\n")
    (tmp_path / "b.md").write_text(f"---\nvideoId: {OTHER}\n---\nShort claim here. {cite('00:00:00')}\n")
    (tmp_path / "index.md").write_text("# Index\n\n[[a]] [[b]]\n")
    return tmp_path


@pytest.fixture
def transcripts():
    return {VIDEO: make_sentences(VIDEO), OTHER: make_sentences(OTHER), "vid00000003": make_sentences("vid00000003")}


def test_quality_report_figures_on_a_known_vault(vault, transcripts):
    durations = {v: DURATION_MS for v in transcripts}
    r = quality_report(vault, transcripts, durations, HashEmbedder())
    assert (r.articles, r.videos, r.videos_without_articles, r.claims, r.citations) == (3, 2, 1, 5, 5)
    assert r.citation_validity == pytest.approx(4 / 5)
    assert r.citation_support_rate == pytest.approx(2 / 5)
    assert (r.median_offset_s, r.median_signed_offset_s) == (1.5, 1.5)
    assert (r.transcript_sentences, r.transcript_coverage) == (24, pytest.approx(2 / 24))
    assert r.first_person_rate == pytest.approx(1 / 5) and r.filler_rate == pytest.approx(1 / 5)
    assert (r.links, r.links_resolving) == (4, pytest.approx(3 / 4))
    assert r.articles_per_video == 1.0
    a_words = sum(len(text.split()) for text, _ in A_CLAIMS) + len("a and nope".split())  # uncited prose counts
    assert r.words_per_article_median == (a_words + 3) / 2 == r.words_per_video


def test_quality_report_renders_a_table_and_json(vault, transcripts):
    r = quality_report(vault, transcripts, {}, HashEmbedder(), calibrate_distance_s=120)
    table = r.render_table()
    assert "citation support rate" in table and "40.0%" in table
    data = json.loads(r.to_json())
    assert data["calibration"]["samples"] == 4 and data["calibration"]["rate"] == 0.0


def test_calibration_counts_a_far_repeat_of_the_cited_sentence_as_a_false_pass(tmp_path):
    texts = TEXTS + TEXTS  # the same talk twice: every claim is also supported 240 s away
    sentences = {VIDEO: [Sentence(VIDEO, i, t, i * 20_000, i * 20_000 + 8_000) for i, t in enumerate(texts)]}
    (tmp_path / "a.md").write_text(f"---\nvideoId: {VIDEO}\n---\n{TEXTS[5]} {cite('00:01:40')}\n")
    r = quality_report(tmp_path, sentences, {}, HashEmbedder(), calibrate_distance_s=230)
    # far sentences start at 340 s (the repeat) and later; later windows reach it only through runs
    assert r.calibration.samples == 1
    r_many = [quality_report(tmp_path, sentences, {}, HashEmbedder(), calibrate_distance_s=230, seed=s).calibration
              for s in range(12)]
    assert 0 < sum(c.passes for c in r_many) < 12


@pytest.mark.parametrize("text", [
    "We can see that the sum converges.",
    "Let's compute the derivative.",
    "This gives us a bound.",
    "Your answer is wrong.",
    "I'm going to draw a circle.",
    "That’s how you’re meant to read it.",
    "Take my word for it.",
])
def test_first_person_is_found(text):
    assert is_first_person(text)


@pytest.mark.parametrize("text", [
    'The author wrote "I think we should stop" in the letter.',
    "He said \u201cyou can\u2019t do that\u201d loudly.",
    "She called it \u2018our little secret\u2019 in the book.",
    "The US economy grew.",
    "Mussels and wealthy yourts are not words for it.",
    "The theorem holds for every prime.",
])
def test_third_person_and_quoted_speech_are_not_first_person(text):
    assert not is_first_person(text)


@pytest.mark.parametrize("text,expected", [
    ("Um, the answer is two.", True),
    ("It was, you know, hard.", True),
    ("I mean it works.", True),
    ("Uhh this part is tricky.", True),
    ("The drum beat on the term paper.", False),
    ('She wrote "uh oh" on the board.', False),
    ("The umbrella and the germ theory.", False),
])
def test_filler_detection(text, expected):
    assert has_filler(text) is expected
