"""One canonical JSON and one hash for everything derived."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any


def _default(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    if isinstance(obj, bytes):
        return hashlib.sha256(obj).hexdigest()
    raise TypeError(f"cannot hash {type(obj).__name__}")


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default)


def content_hash(*parts: Any) -> str:
    """Stable sha256 hex digest of any JSON-able values (dataclasses included)."""
    return hashlib.sha256(canonical_json(list(parts)).encode("utf-8")).hexdigest()


def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
