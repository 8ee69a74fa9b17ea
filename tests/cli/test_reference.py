"""The generated CLI reference in docs/ matches the commands."""

from __future__ import annotations

from pathlib import Path

from tubewiki.cli.reference import reference

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_cli_reference_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == reference(), "run: python -m tubewiki.cli.reference > docs/cli.md"
