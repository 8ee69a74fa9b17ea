"""Derived-data caches: embeddings (float32 blobs) and JSON values keyed by input hashes."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import numpy as np

from .db import transaction


class SqliteEmbeddingCache:
    """Embedding cache backed by the ``embeddings`` table (the EmbeddingCache protocol)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def get_many(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            rows = self.conn.execute(
                f"SELECT key, vector FROM embeddings WHERE model = ? AND key IN ({','.join('?' * len(chunk))})",
                (model, *chunk),
            )
            for key, blob in rows:
                out[key] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        if not items:
            return
        with transaction(self.conn):
            self.conn.executemany(
                "INSERT OR REPLACE INTO embeddings(model, key, dim, vector) VALUES (?, ?, ?, ?)",
                [(model, k, int(v.shape[-1]), np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )


def get_derived(conn: sqlite3.Connection, kind: str, key: str) -> Any | None:
    row = conn.execute("SELECT value FROM derived WHERE kind = ? AND key = ?", (kind, key)).fetchone()
    return json.loads(row[0]) if row else None


def put_derived(conn: sqlite3.Connection, kind: str, key: str, value: Any) -> None:
    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO derived(kind, key, value) VALUES (?, ?, ?)",
            (kind, key, json.dumps(value, ensure_ascii=False, sort_keys=True)),
        )
