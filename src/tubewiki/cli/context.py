"""Shared state for commands: configuration, the database, progress output."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

import click

from ..config import Config, load_config


@dataclass
class AppContext:
    db_override: str | None = None
    config_path: str | None = None
    quiet: bool = False
    _config: Config | None = None
    _conn: sqlite3.Connection | None = None
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path, {"db": self.db_override, **self.overrides})
        return self._config

    def connect(self) -> sqlite3.Connection:
        if self._conn is None:
            from ..store.db import connect

            self._conn = connect(self.config.db)
        return self._conn

    def progress(self, label: str) -> Callable[[str, int, int], None] | None:
        """A progress callback that draws a bar on a terminal, nothing when piped or quiet."""
        if self.quiet or not sys.stderr.isatty():
            return None
        state: dict[str, Any] = {}

        def update(item: str, done: int, total: int) -> None:
            bar = state.get("bar")
            if bar is None:
                stage = f" ({item})" if item and "/" not in item and len(item) < 20 else ""
                bar = click.progressbar(length=max(total, 1), label=label + stage, file=sys.stderr, show_pos=True)
                bar.__enter__()
                state["bar"] = bar
            bar.update(done - bar.pos)
            if done >= total:
                bar.__exit__(None, None, None)
                state.pop("bar")

        return update

    def say(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)
