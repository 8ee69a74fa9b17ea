"""Typed access to built articles."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict

from ..hashing import canonical_json
from ..models import Article, Citation, Claim, Section
from .db import transaction


def article_from_json(data: dict) -> Article:
    sections = tuple(
        Section(
            heading=s["heading"], level=s["level"], as_list=s.get("as_list", False),
            claims=tuple(
                Claim(text=c["text"], support=c.get("support"),
                      citations=tuple(Citation(**ct) for ct in c["citations"]))
                for c in s["claims"]
            ),
        )
        for s in data["sections"]
    )
    return Article(
        slug=data["slug"], title=data["title"], video_id=data["video_id"], channel_slug=data["channel_slug"],
        sections=sections, writer=data["writer"], language=data.get("language"), aliases=tuple(data.get("aliases", ())),
    )


def article_body(article: Article) -> str:
    return "\n".join(c.text for s in article.sections for c in s.claims)


def replace_articles(conn: sqlite3.Connection, rows: list[tuple[Article, int, str]]) -> None:
    """Make the table hold exactly these (article, segment index, input hash) rows, in one transaction."""
    with transaction(conn):
        keep = {a.slug for a, _, _ in rows}
        existing = {r[0]: r[1] for r in conn.execute("SELECT slug, input_hash FROM articles")}
        for slug in set(existing) - keep:
            conn.execute("DELETE FROM articles WHERE slug = ?", (slug,))
        for article, segment, digest in rows:
            record = canonical_json(asdict(article))
            if existing.get(article.slug) == digest:
                continue
            conn.execute("DELETE FROM articles WHERE slug = ?", (article.slug,))
            conn.execute(
                "INSERT INTO articles(slug, video_id, segment, title, writer, language, body, record, input_hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.slug, article.video_id, segment, article.title, article.writer, article.language,
                 article_body(article), record, digest),
            )


def list_articles(conn: sqlite3.Connection, video_id: str | None = None) -> list[Article]:
    if video_id:
        rows = conn.execute("SELECT record FROM articles WHERE video_id = ? ORDER BY segment", (video_id,))
    else:
        rows = conn.execute("SELECT record FROM articles ORDER BY video_id, segment")
    return [article_from_json(json.loads(r[0])) for r in rows]


def get_article(conn: sqlite3.Connection, slug: str) -> Article | None:
    row = conn.execute("SELECT record FROM articles WHERE slug = ?", (slug,)).fetchone()
    return article_from_json(json.loads(row[0])) if row else None


def article_fingerprint(conn: sqlite3.Connection) -> tuple[int, int]:
    """(count, highest row id): changes whenever articles are rebuilt."""
    row = conn.execute("SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM articles").fetchone()
    return (row[0], row[1])


def has_articles(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT EXISTS (SELECT 1 FROM articles)").fetchone()[0] == 1


def article_records(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(slug, title, record JSON) of every article, by slug."""
    return [tuple(r) for r in conn.execute("SELECT slug, title, record FROM articles ORDER BY slug")]


def article_record(conn: sqlite3.Connection, slug: str) -> tuple[str, str, str] | None:
    """(title, video_id, record JSON) of one article."""
    row = conn.execute("SELECT title, video_id, record FROM articles WHERE slug = ?", (slug,)).fetchone()
    return tuple(row) if row else None
