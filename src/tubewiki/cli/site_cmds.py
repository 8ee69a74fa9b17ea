"""The website: build a static site from a vault, or serve it with a JSON API."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import TubewikiError

LOOPBACK = ("127.0.0.1", "localhost", "::1")
CACHE = Path(".tubewiki") / "site"  # inside the vault: hidden from the vault reader and Obsidian


def _video_info(app) -> dict:
    """Video titles and channels from the store, when there is one (the site needs only the vault)."""
    from ..render.site import VideoInfo

    if not Path(app.config.db).is_file():
        return {}
    from ..store.videos import list_videos

    return {v.id: VideoInfo(title=v.title, channel=v.channel) for v in list_videos(app.connect())}


def _progress(app):
    report = app.progress("Building site")
    return None if report is None else (lambda done, total: report("", done, total))


@click.command()
@click.argument("vault", type=click.Path(file_okay=False), required=False)
@click.option("-o", "--out", "out", metavar="DIR", default="site", show_default=True, help="Folder for the site.")
@click.option("--title", default="tubewiki", show_default=True, help="Site name shown on every page.")
@click.pass_obj
def site(app, vault: str | None, out: str, title: str) -> None:
    """Build a static HTML site from a vault (works from any host or a local folder)."""
    from ..render.site import build_site

    vault = vault or app.config.vault
    if not Path(vault).is_dir():
        raise TubewikiError(f"{vault}: no such vault folder")
    report = build_site(vault, out, videos=_video_info(app), site_title=title, progress=_progress(app))
    click.echo(f"{report.pages} pages ({report.articles} articles), {report.search_docs} searchable, "
               f"{report.files} files -> {out}/index.html")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8321, show_default=True, type=int, help="Port to listen on.")
@click.option("--vault", metavar="DIR", help="Vault to serve as a site (default: config `vault`).")
@click.option("--title", default="tubewiki", show_default=True, help="Site name shown on every page.")
@click.pass_obj
def serve(app, host: str, port: int, vault: str | None, title: str) -> None:
    """Serve the site and a JSON API (search, ask, videos, articles; docs at /docs)."""
    import uvicorn

    from ..render.site import build_site, site_is_current
    from ..web.app import create_app

    vault = vault or app.config.vault
    site_dir = None
    if Path(vault).is_dir():
        site_dir = Path(vault) / CACHE
        if not site_is_current(vault, site_dir):
            app.say(f"building the site of {vault}/ ...")
            build_site(vault, site_dir, videos=_video_info(app), site_title=title)
    else:
        app.say(f"no vault at {vault}/: serving the API only")
    if host not in LOOPBACK:
        app.say(f"warning: listening on {host}, so other machines can reach this service")
    app.say(f"serving on http://{'[' + host + ']' if ':' in host else host}:{port}/ (API docs at /docs)")
    uvicorn.run(create_app(app.config.db, site_dir, embedder_name=app.config.embedder), host=host, port=port,
                log_level="warning")


COMMANDS = (site, serve)
