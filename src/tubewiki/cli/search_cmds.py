"""Finding what was said: search and ask."""

from __future__ import annotations

import html
import json
from dataclasses import asdict

import click

from .format import hms


@click.command()
@click.argument("query")
@click.option("-n", "--limit", default=10, show_default=True, help="How many hits.")
@click.option("--video", help="Only this video.")
@click.option("--mode", type=click.Choice(["hybrid", "fts", "vector"]), default="hybrid", show_default=True,
              help="Keyword (BM25), embedding, or both fused by reciprocal rank.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def search(app, query: str, limit: int, video: str | None, mode: str, as_json: bool) -> None:
    """Find where QUERY was said: transcript sentences and articles, with timestamps and deep links."""
    from ..nlp.embed import get_embedder
    from ..search.hybrid import search as run_search

    conn = app.connect()
    embedder = None if mode == "fts" else get_embedder(app.config.embedder)
    hits = run_search(conn, query, limit=limit, video_id=video, embedder=embedder, mode=mode)
    if as_json:
        click.echo(json.dumps([{**asdict(h), "time": hms(h.start_ms)} for h in hits], indent=2, ensure_ascii=False))
        return
    if not hits:
        click.echo(f"nothing found for {query!r}")
        return
    for h in hits:
        where = f"article {h.article_title or h.slug}, " if h.kind == "article" else ""
        click.echo(f"[{hms(h.start_ms)}] {where}{h.video_title}")
        click.echo(f"    {h.text}")
        if h.link:
            click.echo(f"    {h.link}")


@click.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def ask(app, question: str, as_json: bool) -> None:
    """Answer QUESTION from the transcripts, citing the moments the answer rests on."""
    from ..nlp.embed import get_embedder
    from ..search.ask import ask as run_ask

    answer = run_ask(app.connect(), question, embedder=get_embedder(app.config.embedder))
    if as_json:
        click.echo(json.dumps(asdict(answer), indent=2, ensure_ascii=False, default=str))
        return
    # a terminal is not a browser: show the entities as the characters they stand for
    click.echo(html.unescape(answer.text))
    for source in answer.sources:
        click.echo(f"  - {source.title}" + (f" ({source.link})" if source.link else ""))


COMMANDS = (search, ask)
