"""Channels: a display name and the slug its page lives at."""

from __future__ import annotations

import re
import sqlite3
import unicodedata


def channel_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "channel"


def upsert_channel(conn: sqlite3.Connection, name: str) -> str:
    slug = channel_slug(name)
    conn.execute("INSERT INTO channels(slug, name) VALUES (?, ?) ON CONFLICT(slug) DO UPDATE SET name = excluded.name", (slug, name))
    return slug


def list_channels(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in conn.execute("SELECT slug, name FROM channels ORDER BY slug")]
