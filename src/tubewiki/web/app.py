"""The local service: the built site plus a JSON API over the store (FastAPI).

``create_app(db_path, site_dir)`` makes the app; ``tubewiki serve`` runs it with uvicorn
on 127.0.0.1. Every request opens its own connection (the search indexes are cached per
database). Text in responses is plain JSON data; only ``/api/ask``'s ``html`` field is
markup, and that is built with every sentence escaped.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from fastapi import FastAPI, HTTPException, Query
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from ..models import Article, Video
from ..timecode import deep_link, hms
from ..store.db import connect

MAX_LIMIT = 100


class Hit(BaseModel):
    kind: str
    video_id: str
    video_title: str
    start_ms: int
    time: str
    text: str
    score: float
    link: str | None  # the moment on YouTube, when the video is there
    article_slug: str | None = None
    article_title: str | None = None
    site_url: str | None = None  # the article page of the site at that moment, when built


class CitationOut(BaseModel):
    video_id: str
    time_ms: int
    time: str
    link: str | None


class SentenceOut(BaseModel):
    index: int
    start_ms: int
    end_ms: int
    time: str
    text: str
    speaker: str | None = None
    link: str | None


class PassageOut(BaseModel):
    video_id: str
    video_title: str
    link: str | None
    sentences: list[SentenceOut]


class AskOut(BaseModel):
    question: str
    found: bool
    html: str  # sentences escaped, each followed by its timestamp anchor
    citations: list[CitationOut]
    passages: list[PassageOut]


class VideoOut(BaseModel):
    id: str
    title: str
    channel: str | None
    url: str | None
    duration_ms: int | None
    language: str | None
    upload_date: str | None
    kind: str
    youtube: bool


class TranscriptOut(BaseModel):
    video: VideoOut
    sentences: list[SentenceOut]


class ArticleSummary(BaseModel):
    slug: str
    title: str
    video_id: str
    channel_slug: str
    writer: str
    language: str | None


class ClaimOut(BaseModel):
    text: str
    citations: list[CitationOut]


class SectionOut(BaseModel):
    heading: str | None
    level: int
    claims: list[ClaimOut]


class ArticleOut(ArticleSummary):
    sections: list[SectionOut]




def run_search(conn: sqlite3.Connection, query: str, limit: int, video_id: str | None, embedder) -> list:
    """The one place that calls the search stage (hybrid BM25 + vectors)."""
    from ..search.hybrid import search

    return search(conn, query, limit=limit, video_id=video_id, embedder=embedder)


def run_ask(conn: sqlite3.Connection, question: str, embedder):
    from ..search.ask import ask

    return ask(conn, question, embedder=embedder)


def _video_out(v: Video) -> VideoOut:
    return VideoOut(id=v.id, title=v.title, channel=v.channel, url=v.url, duration_ms=v.duration_ms,
                    language=v.language, upload_date=v.upload_date, kind=v.kind, youtube=v.youtube)


def _sentence_out(s, youtube: bool) -> SentenceOut:
    return SentenceOut(index=s.index, start_ms=s.start_ms, end_ms=s.end_ms, time=hms(s.start_ms), text=s.text,
                       speaker=s.speaker, link=deep_link(s.video_id, s.start_ms, youtube))


def _summary(a: Article) -> dict:
    return {"slug": a.slug, "title": a.title, "video_id": a.video_id, "channel_slug": a.channel_slug,
            "writer": a.writer, "language": a.language}


def create_app(db_path: str | Path, site_dir: str | Path | None = None, *, embedder_name: str = "minilm.v1") -> FastAPI:
    """The service for the database at ``db_path``, serving the built site at ``site_dir`` if given."""
    db_path = Path(db_path)
    connect(db_path).close()  # creates or migrates once, up front
    site = Path(site_dir).resolve() if site_dir else None
    app = FastAPI(title="tubewiki", description="Search and read what was said in the videos, to the second.",
                  version="1")
    state: dict = {}

    def embedder():
        if "embedder" not in state:
            from ..nlp.embed import get_embedder

            state["embedder"] = get_embedder(embedder_name)
        return state["embedder"]

    @contextmanager
    def db() -> Iterator[sqlite3.Connection]:
        conn = connect(db_path, migrate=False)
        try:
            yield conn
        finally:
            conn.close()

    def youtube_ids(conn: sqlite3.Connection) -> set[str]:
        from ..store.videos import youtube_video_ids

        return youtube_video_ids(conn)

    def site_url(slug: str | None, ms: int) -> str | None:
        if site is None or not slug or "/" in slug or slug.startswith("."):
            return None
        page = site / f"{slug}.html"
        return f"/{slug}.html#t={max(0, ms) // 1000}" if page.is_file() else None

    @app.get("/api/search", response_model=list[Hit], summary="Sentences and articles that answer a query")
    def api_search(q: str = Query(..., min_length=1, max_length=500), limit: int = Query(10, ge=1, le=MAX_LIMIT),
                   video: str | None = Query(None, max_length=200)) -> list[Hit]:
        with db() as conn:
            hits = run_search(conn, q, limit, video, embedder())
        return [Hit(kind=h.kind, video_id=h.video_id, video_title=h.video_title, start_ms=h.start_ms,
                    time=hms(h.start_ms), text=h.text, score=float(h.score), link=h.link, article_slug=h.slug,
                    article_title=h.article_title, site_url=site_url(h.slug, h.start_ms)) for h in hits]

    @app.get("/api/ask", response_model=AskOut, summary="An answer made of the moments that say it")
    def api_ask(q: str = Query(..., min_length=1, max_length=500)) -> AskOut:
        with db() as conn:
            answer = run_ask(conn, q, embedder())
            yt = youtube_ids(conn)
        return AskOut(
            question=answer.question, found=answer.found, html=answer.text,
            citations=[CitationOut(video_id=c.video_id, time_ms=c.time_ms, time=hms(c.time_ms),
                                   link=deep_link(c.video_id, c.time_ms, c.video_id in yt)) for c in answer.citations],
            passages=[PassageOut(video_id=p.video_id, video_title=p.video_title, link=p.link,
                                 sentences=[_sentence_out(s, p.video_id in yt) for s in p.sentences])
                      for p in answer.passages],
        )

    @app.get("/api/videos", response_model=list[VideoOut], summary="Every video in the store")
    def api_videos() -> list[VideoOut]:
        from ..store.videos import list_videos

        with db() as conn:
            return [_video_out(v) for v in list_videos(conn)]

    @app.get("/api/videos/{video_id}/transcript", response_model=TranscriptOut, summary="A video's sentences")
    def api_transcript(video_id: str) -> TranscriptOut:
        from ..store.videos import get_video, list_sentences

        with db() as conn:
            video = get_video(conn, video_id)
            if video is None:
                raise HTTPException(404, "no such video")
            rows = list_sentences(conn, video_id)
        return TranscriptOut(video=_video_out(video), sentences=[_sentence_out(s, video.youtube) for s in rows])

    @app.get("/api/articles", response_model=list[ArticleSummary], summary="Every article")
    def api_articles(video: str | None = Query(None, max_length=200)) -> list[ArticleSummary]:
        from ..store.articles import list_articles

        with db() as conn:
            return [ArticleSummary(**_summary(a)) for a in list_articles(conn, video)]

    @app.get("/api/articles/{slug}", response_model=ArticleOut, summary="One article with its citations")
    def api_article(slug: str) -> ArticleOut:
        from ..store.articles import get_article

        with db() as conn:
            article = get_article(conn, slug)
            if article is None:
                raise HTTPException(404, "no such article")
            yt = youtube_ids(conn)
        sections = [
            SectionOut(heading=s.heading, level=s.level, claims=[
                ClaimOut(text=c.text, citations=[
                    CitationOut(video_id=x.video_id, time_ms=x.time_ms, time=hms(x.time_ms),
                                link=deep_link(x.video_id, x.time_ms, x.video_id in yt)) for x in c.citations])
                for c in s.claims])
            for s in article.sections
        ]
        return ArticleOut(**_summary(article), sections=sections)

    if site is not None and site.is_dir():
        app.mount("/", StaticFiles(directory=str(site), html=True), name="site")
    return app
