"""The LLM response cache in the ``llm_responses`` table (the ResponseCache protocol)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from .db import connect


class SqliteResponseCache:
    """Model answers kept in the wiki's database; safe to share between writer threads."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: str | Path) -> SqliteResponseCache:
        """A cache on its own connection to a tubewiki database (migrated), usable from threads."""
        conn = connect(path, check_same_thread=False)
        return cls(conn)

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self.conn.execute("SELECT value FROM llm_responses WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, model: str, value: dict[str, Any]) -> None:
        with self._lock:
            self.conn.execute(
                "INSERT OR REPLACE INTO llm_responses(key, model, value, created_at) VALUES (?, ?, ?, ?)",
                (key, model, json.dumps(value, ensure_ascii=False, sort_keys=True), time.time()),
            )

    def __len__(self) -> int:
        with self._lock:
            return self.conn.execute("SELECT COUNT(*) FROM llm_responses").fetchone()[0]
