"""Commands that fill and read the store: add, videos, transcript."""

from __future__ import annotations

import json

import click

from ..errors import TubewikiError
from .format import deep_link, hms


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--channel", help="Channel name for these videos (overrides what sidecars say).")
@click.option("--limit", type=int, help="At most this many videos from a playlist or channel URL.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def add(app, sources: tuple[str, ...], channel: str | None, limit: int | None, as_json: bool) -> None:
    """Ingest transcript files, folders, globs or YouTube URLs (video, playlist, channel).

    Bad files are reported one line each and the rest of the batch goes on; the exit
    status is 1 when any source failed.
    """
    from ..jobs.add import add as run_add

    conn = app.connect()
    report = run_add(conn, list(sources), channel=channel or app.config.channel,
                     progress=app.progress("Ingesting"), limit=limit)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        for w in report.warnings:
            app.say(f"warning: {w}")
        for e in report.errors:
            click.echo(f"error: {e}", err=True)
        click.echo(
            f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged, "
            f"{len(report.skipped)} skipped, {len(report.errors)} failed; {report.sentences} sentences, {report.seconds_of_video / 3600:.2f} h of video"
        )
    if report.errors:
        raise SystemExit(1)


@click.command()
@click.option("--channel", help="Only this channel's videos.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def videos(app, channel: str | None, as_json: bool) -> None:
    """List ingested videos."""
    from ..store.videos import list_videos, video_stats

    conn = app.connect()
    rows = list_videos(conn, channel)
    stats = video_stats(conn)
    if as_json:
        click.echo(json.dumps([
            {"id": v.id, "title": v.title, "channel": v.channel, "url": v.url, "duration_s": (v.duration_ms or 0) / 1000,
             "language": v.language, "upload_date": v.upload_date, "kind": v.kind, "format": v.source_format,
             "cues": stats.get(v.id, (0, 0))[0], "sentences": stats.get(v.id, (0, 0))[1], "source": v.source_path}
            for v in rows
        ], indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("no videos yet: tubewiki add PATH|URL")
        return
    for v in rows:
        n = stats.get(v.id, (0, 0))[1]
        click.echo(f"{v.id:<24} {hms(v.duration_ms or 0)} {v.kind:<7} {v.language or '--':<5} {n:>5} sent.  {v.title}")


@click.command()
@click.argument("video")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def transcript(app, video: str, as_json: bool) -> None:
    """Print a video's timed sentences (VIDEO: id, title or unique prefix)."""
    from ..store.videos import find_video, list_sentences

    conn = app.connect()
    v = find_video(conn, video)
    if v is None:
        raise TubewikiError(f"no video matches {video!r}: see `tubewiki videos`")
    sentences = list_sentences(conn, v.id)
    if as_json:
        click.echo(json.dumps({
            "video": {"id": v.id, "title": v.title, "url": v.url, "language": v.language, "kind": v.kind},
            "sentences": [{"index": s.index, "start_ms": s.start_ms, "end_ms": s.end_ms, "speaker": s.speaker,
                           "text": s.text, "link": deep_link(v.id, s.start_ms, v.youtube)} for s in sentences],
        }, indent=2, ensure_ascii=False))
        return
    for s in sentences:
        who = f"{s.speaker}: " if s.speaker else ""
        click.echo(f"[{hms(s.start_ms)}] {who}{s.text}")


COMMANDS = (add, videos, transcript)
