"""The ``tubewiki`` command: one click group, one module per command group."""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import TubewikiError
from . import info_cmds, ingest_cmds, search_cmds, site_cmds, wiki_cmds
from .context import AppContext


class TubewikiGroup(click.Group):
    """Turns expected failures into one-line errors with a non-zero exit."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TubewikiError as exc:
            click.echo(f"error: {exc.one_line()}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted: nothing half-written was kept", err=True)
            sys.exit(130)


@click.group(cls=TubewikiGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="tubewiki")
@click.option("--db", "db", metavar="PATH", help="Database file (default: tubewiki.db here; env TUBEWIKI_DB).")
@click.option("--config", "config_path", metavar="FILE", help="Config file (default: tubewiki.toml here).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or chatter.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: str | None, quiet: bool) -> None:
    """Turn what was said in videos into a wiki whose every sentence cites its moment.

    Typical use: `tubewiki add FOLDER_OR_URL` then `tubewiki build`.
    """
    ctx.obj = AppContext(db_override=db, config_path=config_path, quiet=quiet)


for module in (ingest_cmds, search_cmds, wiki_cmds, site_cmds, info_cmds):
    for command in module.COMMANDS:
        # -h works on every command, also when one is invoked on its own (as tests do)
        command.context_settings.setdefault("help_option_names", ["-h", "--help"])
        cli.add_command(command)


def main() -> None:  # pragma: no cover - console entry point
    cli()
