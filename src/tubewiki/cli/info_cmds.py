"""What this installation can do: backends."""

from __future__ import annotations

import json

import click


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def backends(as_json: bool) -> None:
    """List the registered backends: transcript formats, embedders, writers, renderers."""
    from ..registry import REGISTRIES

    data = {
        "formats": REGISTRIES.formats.names(),
        "embedders": REGISTRIES.embedders.names(),
        "writers": REGISTRIES.writers.names(),
        "renderers": REGISTRIES.renderers.names(),
    }
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    for kind, names in data.items():
        click.echo(f"{kind}: {', '.join(names)}")


COMMANDS = (backends,)
