"""A tiny hand-made transcript: one sentence every 20 s, each 8 s long, four unrelated topics."""

from __future__ import annotations

import pytest

from tubewiki.models import Sentence

VIDEO = "vid00000001"
TEXTS = [
    "Welcome to this video about the history of bread baking.",  # 0 s
    "Yeast ferments the sugars in dough and releases carbon dioxide gas.",  # 20 s
    "The gas bubbles make the loaf rise in the oven.",  # 40 s
    "Sourdough uses wild yeast and lactic acid bacteria instead of commercial yeast.",  # 60 s
    "Volcanoes form where magma rises through cracks in the Earth's crust.",  # 80 s
    "Basaltic lava flows are runny because they contain little silica.",  # 100 s
    "Explosive eruptions happen when gas is trapped in thick, sticky magma.",  # 120 s
    "The planet Jupiter has a giant storm called the Great Red Spot.",  # 140 s
    "Saturn's rings are made mostly of chunks of water ice.",  # 160 s
    "Chess openings aim to control the centre of the board early.",  # 180 s
    "Castling moves the king to safety behind a wall of pawns.",  # 200 s
    "Thanks for watching, and see you next time.",  # 220 s
]
DURATION_MS = 230_000


def make_sentences(video: str = VIDEO) -> list[Sentence]:
    return [Sentence(video, i, t, i * 20_000, i * 20_000 + 8_000) for i, t in enumerate(TEXTS)]


@pytest.fixture
def sentences() -> list[Sentence]:
    return make_sentences()


@pytest.fixture
def by_video(sentences) -> dict[str, list[Sentence]]:
    return {VIDEO: sentences}


def cite(hms: str, label: str | None = None) -> str:
    return f'<a class="yt-timestamp" data-t="{hms}">[{label or hms}]</a>'
