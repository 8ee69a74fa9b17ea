from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from tubewiki.models import Segment, Sentence, Video
from tubewiki.nlp.stopwords import connectors, stopwords
from tubewiki.nlp.topics import name_segments, segment_video, should_write

DIM = 32


def _sentences(texts: list[str], vid: str = "vid", seconds: float = 8.0) -> list[Sentence]:
    step = int(seconds * 1000)
    return [Sentence(vid, i, t, i * step, i * step + step - 500) for i, t in enumerate(texts)]


def _topic_vectors(labels: list[int], seed: int = 0) -> np.ndarray:
    """Unit vectors near one direction per label, with noise: a stand-in for sentence embeddings."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(max(labels) + 1, DIM))
    rows = centres[labels] + 1.2 * rng.normal(size=(len(labels), DIM))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _check_cover(segments: list[Segment], sentences: list[Sentence]) -> None:
    assert [s.index for s in segments] == list(range(len(segments)))
    assert segments[0].first_sentence == sentences[0].index
    assert segments[-1].last_sentence == sentences[-1].index
    for a, b in zip(segments, segments[1:]):
        assert b.first_sentence == a.last_sentence + 1
    for seg in segments:
        assert seg.first_sentence <= seg.last_sentence and seg.title


def test_two_clearly_different_topics_split_where_the_subject_changes():
    labels = [0] * 45 + [1] * 45  # two six-minute topics
    sentences = _sentences([f"sentence {i}" for i in range(90)])
    segments = segment_video(sentences, _topic_vectors(labels))
    assert len(segments) == 2
    assert segments[0].last_sentence == 44
    _check_cover(segments, sentences)


def test_a_long_pause_pulls_a_cut_towards_it():
    sentences = _sentences([f"sentence {i}" for i in range(60)])
    moved = [s if s.index < 31 else Sentence(s.video_id, s.index, s.text, s.start_ms + 20000, s.end_ms + 20000)
             for s in sentences]
    same = np.tile(_topic_vectors([0])[0], (60, 1))  # no topical evidence at all
    cuts = {seg.first_sentence for seg in segment_video(moved, same)}
    assert 31 in cuts


def test_a_one_sentence_video_is_one_segment():
    sentences = _sentences(["Hello and welcome."])
    segments = segment_video(sentences, _topic_vectors([0]))
    assert len(segments) == 1
    assert (segments[0].first_sentence, segments[0].last_sentence) == (0, 0)


def test_a_ten_sentence_video_is_one_segment_whatever_its_embeddings():
    sentences = _sentences([f"s {i}" for i in range(10)])
    assert len(segment_video(sentences, _topic_vectors([0] * 5 + [1] * 5))) == 1


def test_a_video_without_sentences_has_no_segments():
    assert segment_video([], np.zeros((0, DIM), dtype=np.float32)) == []


def test_mismatched_embeddings_are_refused():
    with pytest.raises(ValueError):
        segment_video(_sentences(["a", "b"]), _topic_vectors([0]))


def test_segments_follow_sentence_indices_that_do_not_start_at_zero():
    sentences = [Sentence("v", 100 + i, f"s {i}", i * 8000, i * 8000 + 7000) for i in range(80)]
    segments = segment_video(sentences, _topic_vectors([0] * 40 + [1] * 40))
    _check_cover(segments, sentences)


def test_a_five_hour_livestream_gets_many_bounded_segments():
    labels = [k // 30 % 9 for k in range(1800)]  # a topic change every four minutes or so
    sentences = _sentences([f"s {i}" for i in range(1800)], seconds=10.0)
    segments = segment_video(sentences, _topic_vectors(labels, seed=3))
    _check_cover(segments, sentences)
    minutes = [
        (sentences[s.last_sentence].end_ms - sentences[s.first_sentence].start_ms) / 60000 for s in segments
    ]
    assert 35 <= len(segments) <= 150
    assert max(minutes) <= 9.0 and min(minutes) >= 1.0


def test_segmenting_is_deterministic():
    sentences = _sentences([f"s {i}" for i in range(200)])
    vectors = _topic_vectors([k // 40 for k in range(200)], seed=7)
    assert segment_video(sentences, vectors) == segment_video(list(sentences), vectors.copy())


# ---------------------------------------------------------------------------- naming

GRADIENT = [
    "Gradient descent is how a neural network learns.",
    "The cost function measures how bad the network is.",
    "Gradient descent takes a small step downhill on the cost function.",
    "Each step of gradient descent uses the gradient of the cost function.",
    "So gradient descent keeps nudging the weights.",
]
BACKPROP = [
    "Backpropagation computes the gradient efficiently.",
    "The chain rule is at the heart of backpropagation.",
    "Backpropagation applies the chain rule layer by layer.",
    "With backpropagation the chain rule gives every partial derivative.",
]
EULER = [
    "Euler's formula for polyhedra relates vertices, edges and faces.",
    "Every convex polyhedron obeys Euler's formula for polyhedra.",
    "A cube has eight vertices, twelve edges and six faces.",
    "Count the vertices, edges and faces and Euler's formula for polyhedra holds.",
]


def _named_channel():
    video_a = Video(id="a", title="Neural networks | Deep learning, chapter 2")
    sents_a = _sentences(GRADIENT + BACKPROP, "a")
    segs_a = [
        Segment("a", 0, 0, len(GRADIENT) - 1, "x"),
        Segment("a", 1, len(GRADIENT), len(sents_a) - 1, "x"),
    ]
    video_b = Video(id="b", title="Euler's formula")
    sents_b = _sentences(EULER + GRADIENT, "b")
    segs_b = [Segment("b", 0, 0, len(EULER) - 1, "x"), Segment("b", 1, len(EULER), len(sents_b) - 1, "x")]
    return [(video_a, segs_a, sents_a), (video_b, segs_b, sents_b)]


def test_titles_name_the_topic_are_unique_and_read_like_entries():
    named = name_segments(_named_channel(), language="en")
    titles = [seg.title for segs in named for seg in segs]
    assert len({t.lower() for t in titles}) == len(titles)
    stop = stopwords("en") | connectors("en")
    for title in titles:
        words = title.split()
        assert 2 <= len(words) <= 8, title
        assert title[0].isupper(), title
        assert words[0].lower() not in stop and words[-1].lower() not in stop, title
    assert "gradient descent" in titles[0].lower()
    assert "backpropagation" in titles[1].lower() or "chain rule" in titles[1].lower()
    assert titles[2] == "Euler's formula for polyhedra"


def test_a_title_heard_in_two_videos_is_told_apart_by_each_video_topic():
    named = name_segments(_named_channel(), language="en")
    first, repeat = named[0][0].title, named[1][1].title
    assert "gradient descent" in first.lower() and "gradient descent" in repeat.lower()
    assert first != repeat


def test_keywords_are_the_top_five_phrases_and_keep_the_segment_bounds():
    channel = _named_channel()
    named = name_segments(channel, language="en")
    for (_, segments, _), renamed in zip(channel, named):
        for old, new in zip(segments, renamed):
            assert (old.first_sentence, old.last_sentence, old.index) == (new.first_sentence, new.last_sentence, new.index)
            assert 1 <= len(new.keywords) <= 5
    assert "Euler's formula for polyhedra" in named[1][0].keywords


def test_naming_is_deterministic_and_handles_an_empty_channel():
    assert name_segments(_named_channel()) == name_segments(_named_channel())
    assert name_segments([]) == []


# ---------------------------------------------------------------------------- should_write


def test_thin_and_sign_off_segments_are_not_written():
    long_texts = [f"This sentence explains part {i} of the main argument in some detail today." for i in range(8)]
    sentences = _sentences(long_texts + ["Thanks for watching!", "Bye."])
    whole = Segment("vid", 0, 0, 7, "Argument")
    assert should_write(whole, sentences)
    assert not should_write(Segment("vid", 1, 8, 9, "Outro"), sentences)
    thanks = _sentences(
        ["This video is supported by viewers on Patreon, and thanks to all the supporters listed here."] * 4
        + ["Special thanks to our sponsor for making this video possible, check the link in the description."] * 2
    )
    assert not should_write(Segment("vid", 0, 0, 5, "Thanks"), thanks)


# ---------------------------------------------------------------------------- real videos


def _load(folder: Path) -> tuple[Video, list[Sentence]]:
    vid = re.search(r"youtu\.be/([\w-]{11})", (folder / "video_url.txt").read_text()).group(1)
    rows = json.loads((folder / "sentence_timings.json").read_text())
    sents = [Sentence(vid, i, t, round(a * 1000), round(b * 1000)) for i, (t, a, b) in enumerate(rows)]
    return Video(id=vid, title=folder.name.split("-", 1)[1].replace("-", " "), language="en"), sents


@pytest.mark.slow
def test_real_lectures_get_a_handful_of_named_segments(corpus_3b1b):
    from tubewiki.nlp.embed import get_embedder

    embedder = get_embedder("minilm.v1")
    channel = []
    for name in ("2016-determinant", "2017-gradient-descent", "2016-eigenvalues"):
        video, sentences = _load(corpus_3b1b / name)
        segments = segment_video(sentences, embedder.encode([s.text for s in sentences]), language="en")
        minutes = (sentences[-1].end_ms - sentences[0].start_ms) / 60000
        assert 2 <= len(segments) <= 6, (name, minutes, len(segments))
        channel.append((video, segments, sentences))
    named = name_segments(channel, language="en")
    titles = [s.title for segs in named for s in segs]
    assert len(set(titles)) == len(titles)
    assert any("eigen" in t.lower() or "change of basis" in t.lower() for t in (s.title for s in named[2]))
