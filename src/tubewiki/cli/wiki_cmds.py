"""Building and checking the wiki: build, check, eval."""

from __future__ import annotations

COMMANDS: tuple = ()
