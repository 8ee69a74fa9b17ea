"""In-memory vector indexes over a database's sentences and article claims.

Rows are unit-length float32, so a dot product is a cosine; top-k is brute force with
``argpartition``, which stays in the low milliseconds up to a few hundred thousand rows.
An index remembers a cheap fingerprint of what it was built from and is rebuilt when the
sentences (or articles) change. Vectors come from the ``embeddings`` table when cached.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from ..store import articles as store_articles, videos as store_videos
from ..store.db import database_path
from ..nlp.embed import Embedder, embed_texts
from ..store.cache import SqliteEmbeddingCache
from ..store.videos import all_sentences

Fingerprint = tuple


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest scores, best first (NaN-free input)."""
    if k <= 0 or scores.size == 0:
        return np.zeros(0, dtype=np.int64)
    if k < scores.size:
        part = np.argpartition(-scores, k - 1)[:k]
    else:
        part = np.arange(scores.size)
    return part[np.argsort(-scores[part], kind="stable")]


# A product of one query with the index reads each matrix once: memory bound, so a second
# BLAS thread gains little when the machine is idle and costs a great deal when it is busy.
QUERY_BLAS_THREADS = 1


class _QueryThreads:
    """Limits BLAS while any query is scoring; the first to enter limits, the last to leave restores."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.controller = None
        self.loaded = False
        self.depth = 0
        self.limiter = None

    def _load(self):
        if not self.loaded:
            try:
                from threadpoolctl import ThreadpoolController

                self.controller = ThreadpoolController().select(user_api="blas")
            except ImportError:  # pragma: no cover - a scikit-learn dependency, normally present
                self.controller = None
            self.loaded = True
        return self.controller

    def __enter__(self) -> None:
        with self.lock:
            controller = self._load()
            if controller is not None and self.depth == 0:
                self.limiter = controller.limit(limits=QUERY_BLAS_THREADS)
            self.depth += 1

    def __exit__(self, *exc) -> None:
        with self.lock:
            self.depth -= 1
            if self.depth == 0 and self.limiter is not None:
                self.limiter.restore_original_limits()
                self.limiter = None


_QUERY_THREADS = _QueryThreads()


def query_threads() -> _QueryThreads:
    """A context in which BLAS runs on QUERY_BLAS_THREADS, for the products of one query."""
    return _QUERY_THREADS


def _windows(single: np.ndarray, videos: list[str]) -> np.ndarray:
    """Each sentence's vector joined with the next one's of the same video, renormalised.

    The mean of two sentence vectors stands in for the vector of the two sentences read
    together: close enough to rank by, and free (no second pass of the model).
    """
    if not len(single):
        return single
    same = np.array([a == b for a, b in zip(videos, videos[1:])] + [False])
    nxt = np.vstack([single[1:], single[-1:]])
    joined = single + np.where(same[:, None], nxt, 0.0)
    norms = np.linalg.norm(joined, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (joined / norms).astype(np.float32)


@dataclass
class SentenceIndex:
    """Every sentence of a database as two matrices: the sentence alone and joined with the next.

    ``window`` costs no model time: it is derived from ``single`` (see ``_windows``). Both
    are views of one ``stacked`` matrix, so a query is scored against both in one product.
    """

    embedder: str
    fingerprint: Fingerprint
    ids: np.ndarray  # sentence row ids, in (video, index) order
    video_ids: list[str]
    indexes: np.ndarray
    starts: np.ndarray
    texts: list[str]
    stacked: np.ndarray  # (2n, dim): ``single`` rows, then ``window`` rows
    _video_array: np.ndarray | None = field(default=None, repr=False)
    _row_of_id: dict[int, int] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def single(self) -> np.ndarray:
        """(n, dim): each sentence alone."""
        return self.stacked[: len(self.texts)]

    @property
    def window(self) -> np.ndarray:
        """(n, dim): sentence i joined with sentence i+1 of the same video."""
        return self.stacked[len(self.texts):]

    def scores(self, query: np.ndarray, *, use_window: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """(cosine to each sentence alone, cosine to each sentence with the next one or None)."""
        n = len(self.texts)
        query = np.asarray(query, dtype=np.float32)
        with query_threads():
            both = (self.stacked if use_window else self.single) @ query
        return both[:n], (both[n:] if use_window else None)

    def cosines(self, query: np.ndarray, *, use_window: bool = True) -> np.ndarray:
        """Cosine of the query to each sentence, taking the better of alone or with the next one."""
        if not len(self):
            return np.zeros(0, dtype=np.float32)
        alone, joined = self.scores(query, use_window=use_window)
        return alone if joined is None else np.maximum(alone, joined)

    def mask_of_video(self, video_id: str) -> np.ndarray:
        """True on the rows of one video."""
        if self._video_array is None:
            self._video_array = np.array(self.video_ids, dtype=object)
        return self._video_array == video_id

    def row_of_id(self) -> dict[int, int]:
        """Sentence row id -> position in the matrices."""
        if self._row_of_id is None:
            self._row_of_id = {int(sid): row for row, sid in enumerate(self.ids)}
        return self._row_of_id


@dataclass
class ClaimIndex:
    """Every claim of every stored article, each pointing at its first citation."""

    embedder: str
    fingerprint: Fingerprint
    slugs: list[str]
    titles: list[str]
    video_ids: list[str]
    times: list[int]
    sentence_indexes: list[int | None]
    texts: list[str]
    matrix: np.ndarray


def sentence_fingerprint(conn: sqlite3.Connection) -> Fingerprint:
    return store_videos.sentence_fingerprint(conn)


def article_fingerprint(conn: sqlite3.Connection) -> Fingerprint:
    return store_articles.article_fingerprint(conn)


def _embed_in_chunks(texts: list[str], embedder: Embedder, cache: SqliteEmbeddingCache,
                     chunk: int = 2048) -> np.ndarray:
    """Embed through the cache a chunk at a time, so an interrupted build keeps its progress."""
    if not texts:
        return embedder.empty()
    return np.concatenate([embed_texts(texts[i:i + chunk], embedder, cache) for i in range(0, len(texts), chunk)])


def build_sentence_index(conn: sqlite3.Connection, embedder: Embedder) -> SentenceIndex:
    """Load (or compute and cache) the vectors of every sentence in the database."""
    fingerprint = sentence_fingerprint(conn)
    rows = [s for sentences in all_sentences(conn).values() for s in sentences]
    texts = [s.text for s in rows]
    videos = [s.video_id for s in rows]
    cache = SqliteEmbeddingCache(conn)
    single = np.asarray(_embed_in_chunks(texts, embedder, cache), dtype=np.float32)
    stacked = np.ascontiguousarray(np.concatenate([single, _windows(single, videos)]), dtype=np.float32)
    return SentenceIndex(
        embedder=embedder.name,
        fingerprint=fingerprint,
        ids=np.array([s.id for s in rows], dtype=np.int64),
        video_ids=videos,
        indexes=np.array([s.index for s in rows], dtype=np.int64),
        starts=np.array([s.start_ms for s in rows], dtype=np.int64),
        texts=texts,
        stacked=stacked,
    )


def build_claim_index(conn: sqlite3.Connection, embedder: Embedder) -> ClaimIndex:
    """Load (or compute and cache) the vectors of every cited claim of every stored article."""
    fingerprint = article_fingerprint(conn)
    slugs, titles, videos, times, indexes, texts = [], [], [], [], [], []
    for slug, title, record in store_articles.article_records(conn):
        data = json.loads(record)
        for section in data.get("sections", ()):
            for claim in section.get("claims", ()):
                cites = claim.get("citations") or ()
                if not cites or not claim.get("text", "").strip():
                    continue
                slugs.append(slug)
                titles.append(title)
                videos.append(cites[0]["video_id"])
                times.append(int(cites[0]["time_ms"]))
                indexes.append(cites[0].get("sentence_index"))
                texts.append(claim["text"])
    matrix = embed_texts(texts, embedder, SqliteEmbeddingCache(conn)) if texts else embedder.empty()
    return ClaimIndex(embedder.name, fingerprint, slugs, titles, videos, times, indexes, texts,
                      np.ascontiguousarray(matrix, dtype=np.float32))


class _IndexCache:
    """A few indexes kept between calls, keyed by database and embedder, checked by fingerprint."""

    def __init__(self, size: int = 4):
        self.size = size
        self.items: OrderedDict[tuple, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple, fingerprint: Fingerprint, build):
        with self.lock:
            found = self.items.get(key)
            if found is not None and found.fingerprint == fingerprint:
                self.items.move_to_end(key)
                return found
        built = build()
        with self.lock:
            self.items[key] = built
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return built

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_SENTENCES = _IndexCache()
_CLAIMS = _IndexCache()


def _db_key(conn: sqlite3.Connection) -> str:
    """The database file, or the connection itself for an in-memory database."""
    return database_path(conn) or f"memory:{id(conn)}"


def sentence_index(conn: sqlite3.Connection, embedder: Embedder) -> SentenceIndex:
    """The sentence index of this database, rebuilt only when its sentences changed."""
    key = (_db_key(conn), embedder.name)
    return _SENTENCES.get(key, sentence_fingerprint(conn), lambda: build_sentence_index(conn, embedder))


def claim_index(conn: sqlite3.Connection, embedder: Embedder) -> ClaimIndex:
    """The article-claim index of this database, rebuilt only when its articles changed."""
    key = (_db_key(conn), embedder.name)
    return _CLAIMS.get(key, article_fingerprint(conn), lambda: build_claim_index(conn, embedder))


def clear_indexes() -> None:
    """Forget every index held in memory (they rebuild from the embeddings table on next use)."""
    _SENTENCES.clear()
    _CLAIMS.clear()
