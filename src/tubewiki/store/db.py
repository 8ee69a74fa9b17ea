"""Open the SQLite database and bring its schema up to date with numbered migrations."""

from __future__ import annotations

import re
import sqlite3
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterator

from ..errors import StoreError

DEFAULT_DB = "tubewiki.db"
_MIGRATION = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration shipped with the package, in order."""
    found = []
    for entry in resources.files("tubewiki.store").joinpath("migrations").iterdir():
        m = _MIGRATION.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def connect(path: str | Path = DEFAULT_DB, *, migrate: bool = True, check_same_thread: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) a tubewiki database: WAL, foreign keys, schema migrated."""
    p = Path(path)
    if p.parent and not p.parent.exists():
        raise StoreError(f"{p}: folder {p.parent} does not exist")
    try:
        conn = sqlite3.connect(str(p), isolation_level=None, timeout=30, check_same_thread=check_same_thread)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{p}: not a tubewiki database ({exc})") from None
    if migrate:
        apply_migrations(conn)
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
    )
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return row[0] or 0


def apply_migrations(conn: sqlite3.Connection, *, upto: int | None = None) -> list[int]:
    """Apply every pending migration, each in one transaction with the record that it ran."""
    try:
        current = schema_version(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"not a tubewiki database ({exc})") from None
    applied = []
    for version, name, sql in migrations():
        if version <= current or (upto is not None and version > upto):
            continue
        with transaction(conn):
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations(version, name) VALUES (?, ?)", (version, name))
        applied.append(version)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (triggers contain ';' inside BEGIN ... END)."""
    out, buf = [], []
    for line in sql.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (also KeyboardInterrupt)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def database_path(conn: sqlite3.Connection) -> str | None:
    """The main database file of a connection (None for an in-memory database)."""
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return row[2]
    return None
