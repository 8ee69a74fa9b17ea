"""Shared fixtures: where the shared corpora live (skip cleanly when they are absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TUBEWIKI_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
CORPUS_3B1B = SHARED / "corpus-3b1b"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_3b1b() -> Path:
    if not CORPUS_3B1B.is_dir():
        pytest.skip("../shared/corpus-3b1b is not present")
    return CORPUS_3B1B
