from __future__ import annotations

import numpy as np

from tubewiki.nlp.embed import HashEmbedder
from tubewiki.verify.support import SupportScorer, candidate_runs, overlapping_span

from .conftest import TEXTS, VIDEO


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts, batch_size=64):
        self.calls.append(list(texts))
        return super().encode(texts, batch_size)


def test_window_reaches_five_seconds_back_and_twenty_five_forward():
    starts = np.array([0, 20_000, 40_000, 60_000])
    ends = starts + 8_000
    assert overlapping_span(starts, ends, 20_000) == (1, 2)  # 15 s .. 45 s
    assert overlapping_span(starts, ends, 13_000) == (0, 1)  # 8 s .. 38 s touches the first sentence's end
    assert overlapping_span(starts, ends, 14_000) == (1, 1)
    assert overlapping_span(starts, ends, 500_000) is None


def test_candidate_runs_are_every_run_of_up_to_three_touching_the_span():
    runs = candidate_runs(10, (4, 5))
    assert (4, 4) in runs and (5, 5) in runs and (3, 4) in runs and (3, 5) in runs and (5, 7) in runs
    assert (2, 3) not in runs and (6, 8) not in runs and (1, 3) not in runs
    assert all(1 <= b - a + 1 <= 3 for a, b in runs)
    assert len(runs) == len(set(runs)) == 2 + 3 + 4
    assert candidate_runs(2, (0, 1), min_run=2) == [(0, 1)]


def test_a_claim_matching_one_sentence_needs_no_runs(by_video):
    embedder = CountingEmbedder()
    scorer = SupportScorer(embedder)
    scorer.load(by_video)
    claim = scorer.embed([TEXTS[1]])[0]
    [match] = scorer.best([(claim, scorer.spans_at([(VIDEO, 20_000)]))])
    assert scorer.supported(match) and match.first == match.last == 1
    assert match.time_ms == 20_000 and match.sentence_index == 1
    assert len(embedder.calls) == 1  # the sentences; the claim repeats one (cached) and no run was embedded
    assert scorer.videos[VIDEO].runs == {}


def test_a_claim_spanning_two_sentences_is_scored_on_their_joined_run(by_video):
    scorer = SupportScorer(HashEmbedder(), threshold=0.95)
    scorer.load(by_video)
    claim = scorer.embed([f"{TEXTS[1]} {TEXTS[2]}"])[0]
    [match] = scorer.best([(claim, scorer.spans_at([(VIDEO, 20_000)]))])
    assert (match.first, match.last) == (1, 2)
    assert match.score > 0.999
    assert match.best_start_ms in (20_000, 40_000)


def test_runs_are_embedded_once_across_claims(by_video):
    embedder = CountingEmbedder()
    scorer = SupportScorer(embedder)
    scorer.load(by_video)
    claims = scorer.embed(["nothing like the transcript", "also unrelated words"])
    spans = scorer.spans_at([(VIDEO, 20_000)])
    scorer.best([(claims[0], spans), (claims[1], spans)])
    scorer.best([(claims[0], spans)])
    run_calls = embedder.calls[2:]
    assert len(run_calls) == 1
    assert len(run_calls[0]) == len(set(run_calls[0])) == len(candidate_runs(len(TEXTS), (1, 2), min_run=2))


def test_unknown_video_and_silent_moment_give_no_match(by_video):
    scorer = SupportScorer(HashEmbedder())
    scorer.load(by_video)
    claim = scorer.embed([TEXTS[0]])[0]
    assert scorer.spans_at([("other", 0), (VIDEO, 900_000)]) == []
    assert scorer.best([(claim, [])]) == [None]
