"""Finding what was said: search."""

from __future__ import annotations

import json

import click

from .format import deep_link, hms


@click.command()
@click.argument("query")
@click.option("-n", "--limit", default=10, show_default=True, help="How many hits.")
@click.option("--video", help="Only this video.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def search(app, query: str, limit: int, video: str | None, as_json: bool) -> None:
    """Find sentences that say QUERY, with timestamps and deep links."""
    from ..store.fts import search_sentences
    from ..store.videos import get_video

    conn = app.connect()
    hits = search_sentences(conn, query, limit=limit, video_id=video)
    if not hits:
        hits = search_sentences(conn, query, limit=limit, video_id=video, any_term=True)
    videos = {h.video_id: get_video(conn, h.video_id) for h in hits}
    rows = [{
        "video_id": h.video_id, "title": videos[h.video_id].title if videos[h.video_id] else h.video_id,
        "start_ms": h.start_ms, "time": hms(h.start_ms), "text": h.text,
        "link": deep_link(h.video_id, h.start_ms, bool(videos[h.video_id] and videos[h.video_id].youtube)),
    } for h in hits]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo(f"nothing found for {query!r}")
        return
    for r in rows:
        click.echo(f"[{r['time']}] {r['title']}")
        click.echo(f"    {r['text']}")
        if r["link"]:
            click.echo(f"    {r['link']}")


COMMANDS = (search,)
