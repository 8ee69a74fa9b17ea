"""File-system helpers for the vault: contained paths and atomic writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import TubewikiError


class UnsafePath(TubewikiError):
    """A relative path that would leave the vault directory."""


def safe_join(root: Path, relative: str) -> Path:
    """``root / relative``, refusing anything that could resolve outside ``root``.

    ``relative`` uses forward slashes. Absolute paths, ``..``, backslashes, drive
    letters, empty parts and symlinks that lead out of ``root`` are refused.
    """
    parts = relative.split("/")
    if (
        not relative
        or relative.startswith("/")
        or "\\" in relative
        or ":" in relative
        or "\x00" in relative
        or any(p in ("", ".", "..") for p in parts)
    ):
        raise UnsafePath(f"refusing path outside the vault: {relative!r}")
    base = root.resolve()
    target = (base / Path(*parts)).resolve()
    if target == base or base not in target.parents:
        raise UnsafePath(f"refusing path outside the vault: {relative!r}")
    return target


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist (or is not a file)."""
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tw-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o644)  # mkstemp makes 0600 files
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def remove_empty_parents(path: Path, root: Path) -> None:
    """Remove now-empty directories between ``path`` and ``root`` (never ``root`` itself)."""
    base = root.resolve()
    parent = path.parent
    while parent != base and base in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent
