"""Full-text search over transcript sentences (FTS5, BM25)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SentenceHit:
    sentence_id: int
    video_id: str
    index: int
    text: str
    start_ms: int
    end_ms: int
    score: float  # BM25: lower is better


def fts_query(text: str, *, any_term: bool = False) -> str:
    """Turn free text into a safe FTS5 query (terms quoted, AND by default)."""
    terms = [t for t in _TOKEN.findall(text)]
    if not terms:
        return ""
    joiner = " OR " if any_term else " "
    return joiner.join('"' + t.replace('"', '') + '"' for t in terms)


def search_sentences(conn: sqlite3.Connection, query: str, *, limit: int = 20, video_id: str | None = None,
                     any_term: bool = False) -> list[SentenceHit]:
    q = fts_query(query, any_term=any_term)
    if not q:
        return []
    sql = (
        "SELECT s.id, s.video_id, s.idx, s.text, s.start_ms, s.end_ms, bm25(sentences_fts) AS score"
        " FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid"
        " WHERE sentences_fts MATCH ?"
    )
    params: list = [q]
    if video_id:
        sql += " AND s.video_id = ?"
        params.append(video_id)
    sql += " ORDER BY score LIMIT ?"
    params.append(limit)
    return [SentenceHit(*row) for row in conn.execute(sql, params)]


def ranked_sentence_ids(conn: sqlite3.Connection, match: str, video_id: str | None, limit: int) -> list[int]:
    """Sentence row ids for an FTS5 ``match`` expression, best BM25 first."""
    sql = ("SELECT s.id FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid"
           " WHERE sentences_fts MATCH ?" + (" AND s.video_id = ?" if video_id else "")
           + " ORDER BY bm25(sentences_fts) LIMIT ?")
    return [r[0] for r in conn.execute(sql, [match, *([video_id] if video_id else []), limit])]


def ranked_article_slugs(conn: sqlite3.Connection, match: str, video_id: str | None, limit: int) -> list[str]:
    """Article slugs for an FTS5 ``match`` expression over title (weighted double) and body."""
    sql = ("SELECT a.slug FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
           " WHERE articles_fts MATCH ?" + (" AND a.video_id = ?" if video_id else "")
           + " ORDER BY bm25(articles_fts, 2.0, 1.0) LIMIT ?")
    return [r[0] for r in conn.execute(sql, [match, *([video_id] if video_id else []), limit])]
