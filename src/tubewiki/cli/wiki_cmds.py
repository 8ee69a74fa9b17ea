"""Building and checking the wiki: build, check, eval."""

from __future__ import annotations

import json

import click

from ..errors import TubewikiError


@click.command()
@click.option("-o", "--out", "vault", metavar="DIR", help="Vault folder (default: wiki, or config `vault`).")
@click.option("--writer", help="Article writer backend (default: extractive.v1).")
@click.option("--language", help="Wiki language (LLM writers translate; extractive keeps the source's).")
@click.option("--strict", is_flag=True, default=None, help="Turn warnings (broken links, bad citations) into failure.")
@click.option("--dry-run", is_flag=True, help="Write nothing; print the calls and tokens the writer would spend.")
@click.option("--json", "as_json", is_flag=True, help="Print the build report as JSON.")
@click.pass_obj
def build(app, vault: str | None, writer: str | None, language: str | None, strict: bool | None, dry_run: bool,
          as_json: bool) -> None:
    """Write the wiki: topic articles whose every sentence cites its moment.

    The default writer, extractive.v1, runs offline. `--writer openai-compatible.v1` uses the
    `[llm]` settings of tubewiki.toml (base_url, model, api_key) or TUBEWIKI_LLM_* variables.
    """
    from ..jobs.build import build as run_build

    app.overrides.update({"vault": vault, "writer": writer, "language": language, "strict": strict})
    cfg = app.config
    conn = app.connect()
    report = run_build(conn, cfg.vault, writer_name=cfg.writer, writer_options=cfg.llm.model_dump(),
                       embedder_name=cfg.embedder, language=cfg.language, strict=cfg.strict, dry_run=dry_run,
                       progress=app.progress("Building"))
    if dry_run:
        plan = report.plan or {}
        click.echo(json.dumps(plan, indent=2) if as_json else
                   f"{plan.get('topics', 0)} topics: {plan.get('calls', 0)} calls "
                   f"({plan.get('cached_calls', 0)} cached), about {plan.get('tokens', 0)} tokens "
                   f"({plan.get('prompt_tokens', 0)} prompt, {plan.get('completion_tokens', 0)} completion)")
        return
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return
    for w in report.warnings:
        app.say(f"warning: {w}")
    v = report.verify
    click.echo(
        f"{report.articles} articles from {report.videos} videos, {report.hubs} hubs, {report.claims} claims "
        f"(checked {v.checked}: {v.supported} supported, {v.recited} re-cited, {v.dropped} dropped); "
        f"{len(report.written)} pages written, {len(report.unchanged)} unchanged, {len(report.removed)} removed "
        f"-> {cfg.vault}/"
    )


def _transcripts(app):
    from ..store.videos import all_sentences, list_videos

    conn = app.connect()
    sentences = all_sentences(conn)
    durations = {v.id: v.duration_ms for v in list_videos(conn) if v.duration_ms}
    return conn, sentences, durations


@click.command()
@click.argument("vault", type=click.Path(file_okay=False), required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def check(app, vault: str | None, as_json: bool) -> None:
    """Re-check every citation and link of a vault (any vault, also hand-written).

    Reports malformed or out-of-range citations, claims their cited moment does not
    support, and broken links; exits 1 when there is any problem.
    """
    from pathlib import Path

    from ..nlp.embed import get_embedder
    from ..store.cache import SqliteEmbeddingCache
    from ..verify.check import check_vault

    vault = vault or app.config.vault
    if not Path(vault).is_dir():
        raise TubewikiError(f"{vault}: no such vault folder")
    conn, sentences, durations = _transcripts(app)
    report = check_vault(vault, sentences, durations, get_embedder(app.config.embedder), SqliteEmbeddingCache(conn))
    click.echo(report.to_json() if as_json else report.render_text())
    if not report.ok:
        raise SystemExit(1)


@click.command("eval")
@click.argument("vault", type=click.Path(file_okay=False), required=False)
@click.option("--calibrate", is_flag=True, help="Also measure how often a random far-away window passes.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def eval_(app, vault: str | None, calibrate: bool, as_json: bool) -> None:
    """Quality report: citation validity and support, offsets, coverage, person and filler rates."""
    from pathlib import Path

    from ..nlp.embed import get_embedder
    from ..store.cache import SqliteEmbeddingCache
    from ..verify.metrics import quality_report

    vault = vault or app.config.vault
    if not Path(vault).is_dir():
        raise TubewikiError(f"{vault}: no such vault folder")
    conn, sentences, durations = _transcripts(app)
    report = quality_report(vault, sentences, durations, get_embedder(app.config.embedder), SqliteEmbeddingCache(conn),
                            calibrate_distance_s=120 if calibrate else None)
    click.echo(report.to_json() if as_json else report.render_table())


COMMANDS = (build, check, eval_)
