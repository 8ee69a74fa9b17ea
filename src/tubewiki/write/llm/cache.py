"""Cached model answers, keyed by what determines them (never by the endpoint's address).

The key is the sha256 of the canonical JSON of the model name, the prompt version, the
messages and the sampling parameters, so the same request to a mirror of the same model
is answered from the cache, and any change to the prompt or the inputs is a new key.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Protocol

from ...hashing import content_hash

TABLE = "llm_responses"
CREATE_TABLE = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at REAL NOT NULL
)"""


class ResponseCache(Protocol):
    """Where answers are kept between runs."""

    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, model: str, value: dict[str, Any]) -> None: ...


def response_key(model: str, prompt_version: str, messages: list[dict[str, str]], params: dict[str, Any]) -> str:
    """The cache key of one request; ``params`` holds sampling settings, not the address."""
    return content_hash("llm-response", model, prompt_version, messages, params)


class MemoryResponseCache:
    """A process-local cache (the default when no store is wired)."""

    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            return self.items.get(key)

    def put(self, key: str, model: str, value: dict[str, Any]) -> None:
        with self._lock:
            self.items[key] = value


class SqliteResponseCache:
    """Answers in the ``llm_responses`` table of a SQLite database (created when opened)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._lock = threading.Lock()
        with self._lock:
            conn.execute(CREATE_TABLE)
            conn.commit()

    @classmethod
    def open(cls, path: str | Path) -> SqliteResponseCache:
        """A cache in its own database file, usable from worker threads."""
        conn = sqlite3.connect(str(path), check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        return cls(conn)

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self.conn.execute(f"SELECT value FROM {TABLE} WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, model: str, value: dict[str, Any]) -> None:
        with self._lock:
            self.conn.execute(f"INSERT OR REPLACE INTO {TABLE}(key, model, value, created_at) VALUES (?, ?, ?, ?)",
                              (key, model, json.dumps(value, ensure_ascii=False, sort_keys=True), time.time()))
            self.conn.commit()

    def __len__(self) -> int:
        with self._lock:
            return self.conn.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0]
