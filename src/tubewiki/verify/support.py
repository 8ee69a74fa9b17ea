"""Does a claim rest on the moment it cites?

support(claim, t) is the best cosine between the claim and any run of 1-3 consecutive
transcript sentences that overlaps [t - 5 s, t + 25 s]; a claim is supported at >= 0.55.

Each sentence is embedded once. Runs of two or three sentences are embedded (and kept)
only for claims whose single sentences do not already reach the threshold, so a reported
score is exact below the threshold and a lower bound above it: the verdict is always exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np

from ..models import Sentence
from ..nlp.embed import EmbeddingCache, Embedder, MemoryCache, embed_texts

SUPPORT_THRESHOLD = 0.55
WINDOW_BEFORE_MS = 5_000
WINDOW_AFTER_MS = 25_000
MAX_RUN = 3

Span = tuple[int, int]  # first and last position (inclusive) in a video's ordered sentences


def overlapping_span(
    starts: np.ndarray,
    ends: np.ndarray,
    time_ms: int,
    before_ms: int = WINDOW_BEFORE_MS,
    after_ms: int = WINDOW_AFTER_MS,
) -> Span | None:
    """Positions of the first and last sentence overlapping [t - before, t + after]."""
    hit = np.nonzero((starts <= time_ms + after_ms) & (ends >= time_ms - before_ms))[0]
    if hit.size == 0:
        return None
    return int(hit[0]), int(hit[-1])


def candidate_runs(count: int, span: Span, max_run: int = MAX_RUN, min_run: int = 1) -> list[Span]:
    """Every run of ``min_run``..``max_run`` consecutive sentences sharing a sentence with ``span``."""
    lo, hi = span
    runs = []
    for length in range(min_run, max_run + 1):
        for first in range(max(0, lo - length + 1), min(hi, count - length) + 1):
            runs.append((first, first + length - 1))
    return runs


@dataclass(frozen=True, slots=True)
class Match:
    """The best-supporting run of sentences found for one claim."""

    video_id: str
    first: int  # positions in the video's ordered sentences
    last: int
    score: float
    time_ms: int  # start of the run's first sentence
    sentence_index: int  # Sentence.index of the run's first sentence
    best_start_ms: int  # start of the single best-scoring sentence inside the run


class VideoIndex:
    """One video's sentences in time order, their vectors, and run vectors made on demand."""

    def __init__(self, video_id: str, sentences: Sequence[Sentence], vectors: np.ndarray):
        self.video_id = video_id
        self.sentences = list(sentences)
        self.vectors = vectors
        self.starts = np.array([s.start_ms for s in self.sentences], dtype=np.int64)
        self.ends = np.array([max(s.end_ms, s.start_ms) for s in self.sentences], dtype=np.int64)
        self.runs: dict[Span, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.sentences)

    def span_at(self, time_ms: int) -> Span | None:
        return overlapping_span(self.starts, self.ends, time_ms)

    def whole(self) -> Span | None:
        return (0, len(self) - 1) if self.sentences else None

    def run_text(self, run: Span) -> str:
        return " ".join(s.text for s in self.sentences[run[0] : run[1] + 1])

    def match(self, run: Span, score: float, claim: np.ndarray) -> Match:
        first, last = run
        singles = self.vectors[first : last + 1] @ claim
        best = first + int(np.argmax(singles))
        head = self.sentences[first]
        return Match(self.video_id, first, last, float(score), head.start_ms, head.index,
                     self.sentences[best].start_ms)


def order_sentences(sentences: Iterable[Sentence]) -> list[Sentence]:
    return sorted(sentences, key=lambda s: (s.start_ms, s.index))


Query = tuple[np.ndarray, list[tuple[str, Span]]]  # a claim vector and the spans it may rest on


class SupportScorer:
    """Scores claims against the transcripts of many videos, embedding in few large calls."""

    def __init__(self, embedder: Embedder, cache: EmbeddingCache | None = None,
                 threshold: float = SUPPORT_THRESHOLD):
        self.embedder = embedder
        self.cache = cache if cache is not None else MemoryCache()  # claims often repeat sentences
        self.threshold = threshold
        self.videos: dict[str, VideoIndex] = {}

    def load(self, sentences_by_video: Mapping[str, Sequence[Sentence]],
             video_ids: Iterable[str] | None = None) -> None:
        """Embed the sentences of the given videos (all by default) in one call."""
        wanted = list(dict.fromkeys(video_ids if video_ids is not None else sentences_by_video))
        todo = [v for v in wanted if v not in self.videos and sentences_by_video.get(v)]
        ordered = {v: order_sentences(sentences_by_video[v]) for v in todo}
        texts = [s.text for v in todo for s in ordered[v]]
        vectors = self.embed(texts)
        at = 0
        for v in todo:
            n = len(ordered[v])
            self.videos[v] = VideoIndex(v, ordered[v], vectors[at : at + n])
            at += n

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return embed_texts(list(texts), self.embedder, self.cache)

    def spans_at(self, citations: Iterable[tuple[str, int]]) -> list[tuple[str, Span]]:
        """The candidate spans for (video id, time ms) citations; unknown videos give none."""
        spans = []
        for video_id, time_ms in citations:
            index = self.videos.get(video_id)
            span = index.span_at(time_ms) if index else None
            if span is not None:
                spans.append((video_id, span))
        return spans

    def whole_videos(self, video_ids: Iterable[str]) -> list[tuple[str, Span]]:
        spans = []
        for video_id in dict.fromkeys(video_ids):
            index = self.videos.get(video_id)
            if index is not None and len(index):
                spans.append((video_id, index.whole()))
        return spans

    def best(self, queries: Sequence[Query]) -> list[Match | None]:
        """The best match for each query: single sentences first, runs only where needed."""
        results: list[Match | None] = []
        for claim, spans in queries:
            best = None
            for video_id, (lo, hi) in spans:
                index = self.videos[video_id]
                scores = index.vectors[lo : hi + 1] @ claim
                i = int(np.argmax(scores))
                if best is None or scores[i] > best.score:
                    best = index.match((lo + i, lo + i), float(scores[i]), claim)
            results.append(best)
        pending = [q for q, m in enumerate(results) if m is None or m.score < self.threshold]
        self._embed_runs(spans for q in pending for spans in queries[q][1])
        for q in pending:
            claim, spans = queries[q]
            for video_id, span in spans:
                index = self.videos[video_id]
                runs = candidate_runs(len(index), span, min_run=2)
                if not runs:
                    continue
                scores = np.stack([index.runs[r] for r in runs]) @ claim
                i = int(np.argmax(scores))
                current = results[q]
                if current is None or scores[i] > current.score:
                    results[q] = index.match(runs[i], float(scores[i]), claim)
        return results

    def _embed_runs(self, spans: Iterable[tuple[str, Span]]) -> None:
        needed: dict[tuple[str, Span], str] = {}
        for video_id, span in spans:
            index = self.videos[video_id]
            for run in candidate_runs(len(index), span, min_run=2):
                if run not in index.runs and (video_id, run) not in needed:
                    needed[(video_id, run)] = index.run_text(run)
        if not needed:
            return
        vectors = self.embed(list(needed.values()))
        for (video_id, run), vector in zip(needed, vectors):
            self.videos[video_id].runs[run] = vector

    def supported(self, match: Match | None) -> bool:
        return match is not None and match.score >= self.threshold
