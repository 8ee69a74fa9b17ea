"""Hybrid search: FTS5 BM25 and sentence embeddings fused by reciprocal rank fusion.

A query is cleaned of question words for the keyword side (AND of its content terms
first, then OR), embedded as it is for the vector side, and the two rankings are fused
with RRF (k=60). Sentences are embedded both alone and joined with the next one, so a
question answered across two sentences still finds the first of them. Articles are
ranked the same way over their FTS index and the vectors of their claims.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterable, Literal

import numpy as np

from ..timecode import deep_link
from ..store.articles import article_record, has_articles
from ..store.fts import ranked_article_slugs, ranked_sentence_ids
from ..store.videos import sentence_rows
from ..nlp.embed import Embedder, get_embedder
from ..store.videos import get_video
from .vectors import ClaimIndex, SentenceIndex, claim_index, query_threads, sentence_index, top_k

Mode = Literal["hybrid", "fts", "vector"]
HitKind = Literal["sentence", "article"]

RRF_K = 60
POOL = 100  # candidates taken from each ranking before fusion
FTS_WEIGHT = 1.0
VECTOR_WEIGHT = 1.0
WINDOW_WEIGHT = 0.5  # a third ranking: each sentence joined with the next one
VECTOR_QUERY = "raw"  # what is embedded: "raw" question, its "topic" words, or "both" averaged

_TOKEN = re.compile(r"\w+", re.UNICODE)
_QUESTION_WORDS = frozenset("""
    a an the what which who whom whose why how when where is are was were be been being am do does did
    can could would should will shall may might must of to in on at for from by with about into onto as
    and or not no if then than so it its it's this that these those there here i me my we our us you
    your he she his her they them their one ones some any thing things something anything really
    actually exactly just get gets got mean means meant call called say said tell told happen happens
    happened video channel explain explained talk talked
""".split())


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One place that answers a query: a transcript sentence or an article."""

    kind: HitKind
    video_id: str
    video_title: str
    start_ms: int
    text: str
    score: float  # fused RRF score (or the single ranking's score), higher is better
    link: str | None  # https://youtu.be/ID?t=S when the video is a real YouTube video
    slug: str | None = None  # the article, when kind is "article"
    sentence_index: int | None = None
    sentence_id: int | None = None
    cosine: float | None = None  # similarity of the query to this hit, when vectors were used
    article_title: str | None = None




def content_terms(query: str) -> list[str]:
    """The words of a query worth matching literally: question and function words dropped."""
    words = [w.lower() for w in _TOKEN.findall(query)]
    kept = [w for w in words if w not in _QUESTION_WORDS]
    return list(dict.fromkeys(kept or words))


def _prefix(term: str) -> str | None:
    """A crude stem for longer words, so "collisions" also finds "collision" and "theories" "theory"."""
    if len(term) < 5 or not term.isalpha():
        return None
    if term.endswith("ies") and len(term) > 5:
        return term[:-3]
    if term.endswith("s") and not term.endswith("ss"):
        return term[:-1]
    return term


def match_expression(terms: Iterable[str], *, any_term: bool = False) -> str:
    """A safe FTS5 expression: each term quoted, longer terms matched by their stem as a prefix."""
    parts = []
    for term in terms:
        stem = _prefix(term)
        parts.append(f'"{stem}"*' if stem else '"' + term.replace('"', "") + '"')
    return (" OR " if any_term else " AND ").join(parts)


def _fts_sentence_ids(conn: sqlite3.Connection, terms: list[str], video_id: str | None, pool: int) -> list[int]:
    """Sentence ids by BM25: every term present first, then any term."""
    if not terms:
        return []
    ranked: list[int] = []
    for any_term in (False, True):
        if any_term and len(terms) == 1:
            break
        for sid in ranked_sentence_ids(conn, match_expression(terms, any_term=any_term), video_id, pool):
            if sid not in ranked:
                ranked.append(sid)
        if len(ranked) >= pool:
            break
    return ranked[:pool]


def _fts_articles(conn: sqlite3.Connection, terms: list[str], video_id: str | None, pool: int) -> list[str]:
    """Article slugs by BM25 over title and body: every term first, then any term."""
    if not terms:
        return []
    ranked: list[str] = []
    for any_term in (False, True):
        for slug in ranked_article_slugs(conn, match_expression(terms, any_term=any_term), video_id, pool):
            if slug not in ranked:
                ranked.append(slug)
    return ranked[:pool]


def reciprocal_rank_fusion(rankings: list[tuple[list, float]], k: int = RRF_K) -> dict:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the rankings an item appears in."""
    fused: dict = {}
    for ranking, weight in rankings:
        for rank, item in enumerate(ranking):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank + 1)
    return fused


@dataclass(frozen=True, slots=True)
class _Candidate:
    key: tuple
    score: float
    hit: SearchHit


class _Videos:
    """Video titles and YouTube flags, read once per search."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.seen: dict[str, tuple[str, bool]] = {}

    def __call__(self, video_id: str) -> tuple[str, bool]:
        if video_id not in self.seen:
            video = get_video(self.conn, video_id)
            self.seen[video_id] = (video.title, video.youtube) if video else (video_id, False)
        return self.seen[video_id]


def _sentence_candidates(conn: sqlite3.Connection, query: str, terms: list[str], mode: Mode, video_id: str | None,
                         limit: int, embedder: Embedder | None, videos: _Videos,
                         index: SentenceIndex | None, query_vec: np.ndarray | None) -> list[_Candidate]:
    fts_ids = _fts_sentence_ids(conn, terms, video_id, POOL) if mode != "vector" else []
    cos = None
    vec_rows: list[int] = []
    win_rows: list[int] = []
    if index is not None and query_vec is not None and len(index):
        mask = index.mask_of_video(video_id) if video_id else None
        cos, joined = index.scores(query_vec, use_window=WINDOW_WEIGHT > 0)
        vec_rows = _best_rows(cos, mask)
        if joined is not None:
            win_rows = _best_rows(joined, mask)
    vector_rankings = [(vec_rows, VECTOR_WEIGHT), (win_rows, WINDOW_WEIGHT)]
    if mode == "hybrid" and index is not None:
        row_of = index.row_of_id()
        fts_rows = [row_of[i] for i in fts_ids if i in row_of]
        fused = reciprocal_rank_fusion([(fts_rows, FTS_WEIGHT), *vector_rankings])
    elif mode == "vector":
        fused = reciprocal_rank_fusion(vector_rankings)
    else:
        fused = {sid: 1.0 / (RRF_K + rank + 1) for rank, sid in enumerate(fts_ids)}
        return _fts_rows_to_candidates(conn, fused, videos)
    ranked = sorted(fused.items(), key=lambda kv: -kv[1])
    out = []
    for row, score in ranked[: max(limit * 4, limit)]:
        vid = index.video_ids[row]
        title, youtube = videos(vid)
        start = int(index.starts[row])
        hit = SearchHit(
            kind="sentence", video_id=vid, video_title=title, start_ms=start, text=index.texts[row],
            score=float(score), link=deep_link(vid, start, youtube), sentence_index=int(index.indexes[row]),
            sentence_id=int(index.ids[row]), cosine=float(cos[row]) if cos is not None else None,
        )
        out.append(_Candidate(("sentence", vid, hit.sentence_index), float(score), hit))
    return out


def _best_rows(scores: np.ndarray, mask: np.ndarray | None) -> list[int]:
    """The POOL best rows by score, within the mask when there is one."""
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    rows = top_k(scores, POOL)
    return rows[np.isfinite(scores[rows])].tolist()


def _fts_rows_to_candidates(conn: sqlite3.Connection, fused: dict[int, float], videos: _Videos) -> list[_Candidate]:
    """Keyword-only hits, read straight from the sentences table (no vectors loaded)."""
    if not fused:
        return []
    ids = list(fused)
    rows = sentence_rows(conn, ids)
    out = []
    for sid in ids:
        _, vid, idx, text, start = rows[sid]
        title, youtube = videos(vid)
        hit = SearchHit(kind="sentence", video_id=vid, video_title=title, start_ms=start, text=text,
                        score=fused[sid], link=deep_link(vid, start, youtube), sentence_index=idx, sentence_id=sid)
        out.append(_Candidate(("sentence", vid, idx), fused[sid], hit))
    return out


def _article_candidates(conn: sqlite3.Connection, terms: list[str], mode: Mode, video_id: str | None,
                        claims: ClaimIndex | None, query_vec: np.ndarray | None, videos: _Videos,
                        limit: int) -> list[_Candidate]:
    """The ``limit`` best articles: no article is ever dropped by ``_collapse``, so none past them is read."""
    fts_slugs = _fts_articles(conn, terms, video_id, POOL) if mode != "vector" else []
    best_claim: dict[str, tuple[int, float]] = {}
    vec_slugs: list[str] = []
    if claims is not None and query_vec is not None and len(claims.texts):
        with query_threads():
            cos = claims.matrix @ np.asarray(query_vec, dtype=np.float32)
        for row in top_k(cos, POOL * 4):
            slug = claims.slugs[row]
            if video_id and claims.video_ids[row] != video_id:
                continue
            if slug not in best_claim:
                best_claim[slug] = (int(row), float(cos[row]))
                vec_slugs.append(slug)
    rankings = [(fts_slugs, FTS_WEIGHT)] if mode != "vector" else []
    if mode != "fts":
        rankings.append((vec_slugs, VECTOR_WEIGHT))
    fused = reciprocal_rank_fusion(rankings)
    out = []
    for slug, score in sorted(fused.items(), key=lambda kv: -kv[1]):
        if len(out) >= limit:
            break
        row = article_record(conn, slug)
        if row is None:
            continue
        row_title, row_video, row_record = row
        if slug in best_claim:
            r, cosine = best_claim[slug]
            vid, start, text, index = claims.video_ids[r], claims.times[r], claims.texts[r], claims.sentence_indexes[r]
        else:
            cosine = None
            vid, start, text, index = _first_citation(json.loads(row_record), row_video)
        title, youtube = videos(vid)
        hit = SearchHit(kind="article", video_id=vid, video_title=title, start_ms=start, text=text, score=score,
                        link=deep_link(vid, start, youtube), slug=slug, sentence_index=index, cosine=cosine,
                        article_title=row_title)
        out.append(_Candidate(("article", slug), score, hit))
    return out


def _first_citation(record: dict, video_id: str) -> tuple[str, int, str, int | None]:
    """(video, time, claim text, sentence index) of an article's first cited claim."""
    for section in record.get("sections", ()):
        for claim in section.get("claims", ()):
            for cite in claim.get("citations", ()):
                return cite["video_id"], int(cite["time_ms"]), claim["text"], cite.get("sentence_index")
    return video_id, 0, record.get("title", ""), None


def _collapse(candidates: list[_Candidate], limit: int) -> list[SearchHit]:
    """Best first, skipping a sentence right next to one already kept (its context is shown)."""
    kept: list[SearchHit] = []
    near: set[tuple[str, int]] = set()
    for cand in sorted(candidates, key=lambda c: -c.score):
        hit = cand.hit
        if hit.kind == "sentence":
            if (hit.video_id, hit.sentence_index) in near:
                continue
            near.update((hit.video_id, hit.sentence_index + d) for d in (-1, 0, 1))
        kept.append(hit)
        if len(kept) >= limit:
            break
    return kept


def search(conn: sqlite3.Connection, query: str, *, limit: int = 10, video_id: str | None = None,
           kinds: tuple[str, ...] = ("sentence", "article"), embedder: Embedder | None = None,
           mode: Mode = "hybrid", query_vector: np.ndarray | None = None) -> list[SearchHit]:
    """The ``limit`` best sentences and articles for ``query``, best first.

    ``mode`` "fts" and "vector" use one ranking alone (for comparison); "hybrid" fuses both.
    ``query_vector`` saves encoding the query again when the caller already has it.
    """
    terms = content_terms(query)
    if not terms or limit <= 0:
        return []
    videos = _Videos(conn)
    index = query_vec = claims = None
    if mode != "fts":
        embedder = embedder or get_embedder("minilm.v1")
        query_vec = query_vector if query_vector is not None else question_vector(query, embedder)
        if "sentence" in kinds:
            index = sentence_index(conn, embedder)
        if "article" in kinds and mode != "fts" and _has_articles(conn):
            claims = claim_index(conn, embedder)
    candidates: list[_Candidate] = []
    if "sentence" in kinds:
        candidates += _sentence_candidates(conn, query, terms, mode, video_id, limit, embedder, videos, index, query_vec)
    if "article" in kinds:
        candidates += _article_candidates(conn, terms, mode, video_id, claims, query_vec, videos, limit)
    return _collapse(candidates, limit)


def fts_only(conn: sqlite3.Connection, query: str, **kwargs) -> list[SearchHit]:
    """Keyword ranking alone (BM25, AND then OR)."""
    return search(conn, query, mode="fts", **kwargs)


def vector_only(conn: sqlite3.Connection, query: str, **kwargs) -> list[SearchHit]:
    """Embedding ranking alone (cosine to each sentence, alone or with the next one)."""
    return search(conn, query, mode="vector", **kwargs)


_QUERY_CACHE_SIZE = 256
_query_vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_query_lock = threading.Lock()


def embed_query(query: str, embedder: Embedder) -> np.ndarray:
    """The unit vector of a query, kept for the last few hundred distinct queries (read-only)."""
    key = (embedder.name, query)
    with _query_lock:
        found = _query_vectors.get(key)
        if found is not None:
            _query_vectors.move_to_end(key)
            return found
    vec = np.asarray(embedder.encode_query(query), dtype=np.float32)
    vec.flags.writeable = False
    with _query_lock:
        _query_vectors[key] = vec
        while len(_query_vectors) > _QUERY_CACHE_SIZE:
            _query_vectors.popitem(last=False)
    return vec


def clear_query_cache() -> None:
    """Forget the remembered query vectors."""
    with _query_lock:
        _query_vectors.clear()


def question_vector(query: str, embedder: Embedder) -> np.ndarray:
    """The vector a query is searched with (see VECTOR_QUERY)."""
    if VECTOR_QUERY == "raw":
        return embed_query(query, embedder)
    topic = " ".join(content_terms(query))
    if VECTOR_QUERY == "topic":
        return embed_query(topic or query, embedder)
    both = embed_query(query, embedder) + embed_query(topic or query, embedder)
    return (both / (np.linalg.norm(both) or 1.0)).astype(np.float32)


def _has_articles(conn: sqlite3.Connection) -> bool:
    return has_articles(conn)
