from __future__ import annotations

import html
import re

import pytest

from tubewiki.search.ask import NOT_FOUND, ask, hms, timestamp_anchor

from .conftest import LOCAL_ID, YOUTUBE_ID

ANCHOR = re.compile(r'<a class="yt-timestamp" data-t="(\d\d:\d\d:\d\d)">\[(\d\d:\d\d:\d\d)\]</a>')


def test_timestamps_are_hours_minutes_seconds():
    assert hms(0) == "00:00:00"
    assert hms(3_723_999) == "01:02:03"
    assert timestamp_anchor(83_700) == '<a class="yt-timestamp" data-t="00:01:23">[00:01:23]</a>'


def test_ask_cites_every_sentence_with_a_timestamp_whose_data_t_matches_its_label(store, hash_embedder):
    answer = ask(store, "what is an eigenvalue of an eigenvector?", embedder=hash_embedder)
    assert answer.found
    anchors = ANCHOR.findall(answer.text)
    assert anchors and all(t == label for t, label in anchors)
    assert len(anchors) == len(answer.citations)
    sentences = [s for p in answer.passages for s in p.sentences]
    assert [hms(s.start_ms) for s in sentences] == [t for t, _ in anchors]
    assert [(c.video_id, c.time_ms, c.sentence_index) for c in answer.citations] == [
        (s.video_id, s.start_ms, s.index) for s in sentences]
    # Every sentence's own text (escaped: the answer is HTML) comes directly before its anchor.
    for s in sentences:
        assert f"{html.escape(s.text)} {timestamp_anchor(s.start_ms)}" in answer.text
    assert any(s.video_id == YOUTUBE_ID and s.index == 4 for s in sentences)
    assert answer.sources[0].video_id == YOUTUBE_ID
    assert answer.sources[0].link == f"https://youtu.be/{YOUTUBE_ID}"


def test_passages_are_runs_of_consecutive_sentences_that_do_not_touch(store, hash_embedder):
    answer = ask(store, "eigenvector eigenvalue stretched span vectors", embedder=hash_embedder, limit=5)
    by_video: dict[str, list[tuple[int, int]]] = {}
    for p in answer.passages:
        idx = [s.index for s in p.sentences]
        assert 1 <= len(idx) <= 5 and idx == list(range(idx[0], idx[-1] + 1))
        by_video.setdefault(p.video_id, []).append((idx[0], idx[-1]))
    for spans in by_video.values():
        spans.sort()
        assert all(b[0] > a[1] + 1 for a, b in zip(spans, spans[1:]))


def test_ask_says_plainly_when_the_channel_never_talked_about_it(store, hash_embedder):
    for question in ("what is the best pizza topping", "who won the 1998 world cup"):
        answer = ask(store, question, embedder=hash_embedder)
        assert not answer.found
        assert answer.text == NOT_FOUND == "The channel never talked about this."
        assert answer.citations == () and answer.passages == ()


def test_ask_escapes_sentence_text_in_its_html(store, hash_embedder):
    answer = ask(store, "script alert typed into the captions quotes", embedder=hash_embedder)
    assert answer.found
    assert "<script>" not in answer.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in answer.text
    raw = [s.text for p in answer.passages for s in p.sentences]
    assert any("<script>" in t for t in raw)  # the passages themselves stay plain data


def test_ask_hands_passages_to_a_writer_when_given_one(store, hash_embedder):
    seen = {}

    def writer(question, passages):
        seen["q"], seen["n"] = question, len(passages)
        return "written"

    answer = ask(store, "yeast sugar bread dough", embedder=hash_embedder, writer=writer)
    assert answer.text == "written" and seen["q"] == "yeast sugar bread dough" and seen["n"] >= 1
    assert answer.passages[0].video_id == LOCAL_ID and answer.passages[0].link is None


@pytest.mark.parametrize("question", ['"', "NEAR(", "-", "*", "<script>", ""])
def test_ask_survives_hostile_questions(store, hash_embedder, question):
    answer = ask(store, question, embedder=hash_embedder)
    assert isinstance(answer.text, str)


@pytest.mark.slow
def test_minilm_ask_knows_bread_from_football(store):
    from tubewiki.nlp.embed import get_embedder

    minilm = get_embedder("minilm.v1")
    assert ask(store, "why does bread dough rise?", embedder=minilm).found
    assert not ask(store, "who won the 1998 world cup", embedder=minilm).found
