"""Bring the vault directory in line with the rendered pages, touching only what changed.

``.tubewiki/manifest.json`` records every page tubewiki wrote, with the sha256 of its
bytes. A page is rewritten only when its bytes differ; a page no longer produced is
removed only when the manifest lists it and it still has the bytes tubewiki wrote.
Files the user created are never overwritten or removed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from ..hashing import bytes_hash
from .fsutil import UnsafePath, atomic_write, read_bytes, remove_empty_parents, safe_join

MANIFEST = ".tubewiki/manifest.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True, slots=True)
class SyncPlan:
    """What writing the pages would do; computed before anything is touched."""

    write: tuple[str, ...]  # new or changed pages
    unchanged: tuple[str, ...]
    remove: tuple[str, ...]  # stale pages still as tubewiki wrote them
    kept: tuple[str, ...]  # user files left alone
    warnings: tuple[str, ...]
    manifest: dict[str, str]  # the manifest after the sync


def load_manifest(root: Path) -> tuple[dict[str, str], list[str]]:
    """Pages recorded by the last run (path -> sha256), and any problem reading them."""
    data = read_bytes(root / MANIFEST)
    if data is None:
        return {}, []
    try:
        parsed = json.loads(data)
        pages = parsed["pages"]
        if not isinstance(pages, dict):
            raise TypeError("pages is not an object")
        return {str(k): str(v) for k, v in pages.items()}, []
    except (ValueError, KeyError, TypeError) as exc:
        return {}, [f"{MANIFEST}: unreadable ({exc}); no stale pages will be removed"]


def manifest_bytes(pages: Mapping[str, str]) -> bytes:
    body = {"version": MANIFEST_VERSION, "pages": dict(sorted(pages.items()))}
    return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode("utf-8")


def plan_sync(root: Path, pages: Mapping[str, bytes]) -> SyncPlan:
    """Compare rendered pages with the vault on disk and the last manifest."""
    old, warnings = load_manifest(root)
    write, unchanged, remove, kept = [], [], [], []
    manifest: dict[str, str] = {}
    for rel in sorted(pages):
        data = pages[rel]
        current = read_bytes(safe_join(root, rel))
        if current == data:
            unchanged.append(rel)
        elif current is not None and rel not in old:
            kept.append(rel)
            warnings.append(f"{rel}: a file not written by tubewiki is in the way; left as it is")
            continue
        else:
            write.append(rel)
        manifest[rel] = bytes_hash(data)
    for rel in sorted(set(old) - set(pages)):
        try:
            path = safe_join(root, rel)
        except UnsafePath as exc:
            warnings.append(f"{MANIFEST}: {exc}")
            continue
        current = read_bytes(path)
        if current is None:
            continue
        if not rel.endswith(".md") or bytes_hash(current) != old[rel]:
            kept.append(rel)
            warnings.append(f"{rel}: no longer produced but edited by hand; left in place")
        else:
            remove.append(rel)
    return SyncPlan(tuple(write), tuple(unchanged), tuple(remove), tuple(kept), tuple(warnings), manifest)


def apply_sync(root: Path, pages: Mapping[str, bytes], plan: SyncPlan) -> None:
    """Carry out a plan made by :func:`plan_sync`.

    The manifest is first widened to name every page about to be written, so a run that is
    killed half-way leaves only pages the next run recognises as its own.
    """
    manifest_path = safe_join(root, MANIFEST)
    if plan.write:
        old, _ = load_manifest(root)
        atomic_write(manifest_path, manifest_bytes({**old, **plan.manifest}))
    for rel in plan.write:
        atomic_write(safe_join(root, rel), pages[rel])
    for rel in plan.remove:
        path = safe_join(root, rel)
        path.unlink(missing_ok=True)
        remove_empty_parents(path, root)
    data = manifest_bytes(plan.manifest)
    if read_bytes(manifest_path) != data:
        atomic_write(manifest_path, data)
