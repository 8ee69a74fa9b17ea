"""`ask`: an offline extractive answer made of the transcript passages that say it.

The question goes through the hybrid search; the best hits grow into runs of one to
three consecutive sentences, runs of one video that touch are merged, and each sentence
of the answer ends with its timestamp. When even the closest sentence is far from the
question (cosine below a threshold measured per embedder), the answer says so plainly.
"""

from __future__ import annotations

import html
import sqlite3
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..timecode import hms
from ..models import Citation, Sentence
from ..nlp.embed import Embedder, get_embedder
from ..store.videos import list_sentences
from .hybrid import content_terms, deep_link, embed_query, question_vector, search
from .vectors import SentenceIndex, sentence_index

NOT_FOUND = "The channel never talked about this."

# Lowest best-cosine (of a question's topic words to any sentence) that still counts as
# talked about. minilm.v1, on the whole 3Blue1Brown corpus (bench/search_quality.py
# --calibrate): the 63 real questions score 0.53 or more, 20 off-topic ones 0.48 or less.
FOUND_THRESHOLD: dict[str, float] = {"minilm.v1": 0.50, "hash.v1": 0.22}
DEFAULT_THRESHOLD = 0.50


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of consecutive sentences of one video."""

    video_id: str
    video_title: str
    sentences: tuple[Sentence, ...]
    link: str | None  # deep link to the first sentence


@dataclass(frozen=True, slots=True)
class Source:
    video_id: str
    title: str
    link: str | None


@dataclass(frozen=True, slots=True)
class Answer:
    """``text`` is an HTML fragment: sentence text escaped, each sentence followed by its timestamp."""

    question: str
    text: str
    found: bool
    citations: tuple[Citation, ...] = ()
    sources: tuple[Source, ...] = ()
    passages: tuple[Passage, ...] = ()
    best_cosine: float | None = None


# A later answer writer (an LLM) gets the question and the passages and returns the answer text.
AnswerWriter = Callable[[str, tuple[Passage, ...]], str]




def timestamp_anchor(ms: int) -> str:
    label = hms(ms)
    return f'<a class="yt-timestamp" data-t="{label}">[{label}]</a>'


def threshold_for(embedder: Embedder) -> float:
    return FOUND_THRESHOLD.get(embedder.name, DEFAULT_THRESHOLD)


def _span(index: SentenceIndex, row: int, topic_vec: np.ndarray, query_vec: np.ndarray,
          threshold: float) -> tuple[int, int, float]:
    """(first row, last row, best topic cosine) of the one to three sentences around a hit.

    The previous sentence joins when it is itself on topic; the next one when it is on
    topic or when the hit reads better together with it.
    """
    def near(other: int) -> bool:
        return (0 <= other < len(index) and index.video_ids[other] == index.video_ids[row]
                and abs(int(index.indexes[other]) - int(index.indexes[row])) == 1)

    def cos(r: int) -> float:
        return float(index.single[r] @ topic_vec)

    first = last = row
    best = cos(row)
    if near(row - 1) and cos(row - 1) >= threshold:
        first, best = row - 1, max(best, cos(row - 1))
    if near(row + 1):
        pair = float(index.window[row] @ query_vec) > float(index.single[row] @ query_vec)
        if pair or cos(row + 1) >= threshold:
            last, best = row + 1, max(best, cos(row + 1), float(index.window[row] @ topic_vec))
    return first, last, best


def _merge(spans: list[tuple[str, int, int]]) -> dict[str, list[list[int]]]:
    """Sentence index runs per video (videos in first-seen order), merged when they touch."""
    runs: dict[str, list[list[int]]] = {}
    for vid, first, last in spans:
        runs.setdefault(vid, []).append([first, last])
    merged: dict[str, list[list[int]]] = {}
    for vid, found in runs.items():
        out: list[list[int]] = []
        for first, last in sorted(found):
            if out and first <= out[-1][1] + 2:  # touching, or one sentence apart: keep them together
                out[-1][1] = max(out[-1][1], last)
            else:
                out.append([first, last])
        merged[vid] = out
    return merged


def ask(conn: sqlite3.Connection, question: str, *, embedder: Embedder | None = None,
        writer: AnswerWriter | None = None, limit: int = 5) -> Answer:
    """Answer ``question`` from what the videos say, citing the second of every sentence used."""
    embedder = embedder or get_embedder("minilm.v1")
    query_vec = question_vector(question, embedder)
    hits = search(conn, question, limit=limit, kinds=("sentence",), embedder=embedder, query_vector=query_vec)
    index = sentence_index(conn, embedder)
    row_of = index.row_of_id()
    # Whether the channel talked about it is judged on the question's topic words alone,
    # so that "what is the best ..." does not match every sentence asking the same.
    topic = topic_text(question)
    topic_vec = query_vec if topic == question else embed_query(topic, embedder)
    threshold = threshold_for(embedder)
    spans, best = [], None
    for hit in hits:
        if hit.sentence_id not in row_of:
            continue
        first, last, cos = _span(index, row_of[hit.sentence_id], topic_vec, query_vec, threshold)
        best = cos if best is None else max(best, cos)
        if cos >= threshold:
            spans.append((hit.video_id, int(index.indexes[first]), int(index.indexes[last])))
    if not spans:
        return Answer(question=question, text=NOT_FOUND, found=False, best_cosine=best)

    titles = {h.video_id: h.video_title for h in hits}
    youtube = {h.video_id: h.link is not None for h in hits}
    passages: list[Passage] = []
    for vid, runs in _merge(spans).items():
        by_index = {s.index: s for s in list_sentences(conn, vid)}
        for first, last in runs:
            run = tuple(by_index[i] for i in range(first, last + 1) if i in by_index)
            if run:
                passages.append(Passage(vid, titles[vid], run, deep_link(vid, run[0].start_ms, youtube[vid])))

    text = writer(question, tuple(passages)) if writer else render_passages(passages)
    citations = tuple(Citation(s.video_id, s.start_ms, s.index) for p in passages for s in p.sentences)
    sources = tuple(
        Source(vid, titles[vid], f"https://youtu.be/{vid}" if youtube[vid] else None)
        for vid in dict.fromkeys(p.video_id for p in passages)
    )
    return Answer(question=question, text=text, found=True, citations=citations, sources=sources,
                  passages=tuple(passages), best_cosine=best)


def render_passages(passages: list[Passage]) -> str:
    """One paragraph per passage; each sentence escaped and followed by its timestamp anchor."""
    return "\n\n".join(
        " ".join(f"{html.escape(s.text)} {timestamp_anchor(s.start_ms)}" for s in p.sentences) for p in passages
    )


def topic_text(question: str) -> str:
    """What a question is about: its content words, without the question words around them."""
    return " ".join(content_terms(question))


def best_cosine(conn: sqlite3.Connection, question: str, embedder: Embedder, *, clean: bool = True) -> float:
    """The highest cosine of the question (its topic words when ``clean``) to any sentence."""
    index = sentence_index(conn, embedder)
    text = topic_text(question) if clean else question
    if not len(index) or not text:
        return 0.0
    return float(np.max(index.cosines(embed_query(text, embedder))))
