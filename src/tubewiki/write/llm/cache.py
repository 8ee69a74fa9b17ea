"""Cached model answers, keyed by what determines them (never by the endpoint's address).

The key is the sha256 of the canonical JSON of the model name, the prompt version, the
messages and the sampling parameters, so the same request to a mirror of the same model
is answered from the cache, and any change to the prompt or the inputs is a new key.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

from ...hashing import content_hash



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
