"""A small store made here: two videos (one on YouTube, one local) and a hostile sentence."""

from __future__ import annotations

import pytest

from tubewiki.models import Sentence, Video
from tubewiki.nlp.embed import get_embedder
from tubewiki.search.hybrid import clear_query_cache
from tubewiki.search.vectors import clear_indexes
from tubewiki.store.db import connect
from tubewiki.store.videos import upsert_transcript

YOUTUBE_ID = "aircAruvnKk"
LOCAL_ID = "kitchen-notes-1a2b3c"

VECTORS_TALK = [
    "Today we look at vectors as arrows in the plane.",
    "Adding two vectors means putting them tip to tail.",
    "Scaling a vector by a number stretches or squishes the arrow.",
    "An eigenvector stays on its own span during a linear transformation.",
    "The eigenvalue is the factor by which that eigenvector gets stretched.",
    'Someone once typed <script>alert("x")</script> into the captions & "quotes".',
    "Determinants measure how much areas are scaled.",
]
KITCHEN_TALK = [
    "Bread dough needs time to rise in a warm place.",
    "Yeast eats sugar and releases carbon dioxide.",
    "A hot oven gives the crust its colour.",
    "Vectors never come up when you are baking bread.",
]


def sentences(video_id: str, texts: list[str], start_ms: int = 0, step_ms: int = 7_300) -> list[Sentence]:
    return [
        Sentence(video_id=video_id, index=i, text=t, start_ms=start_ms + i * step_ms,
                 end_ms=start_ms + (i + 1) * step_ms - 200)
        for i, t in enumerate(texts)
    ]


def add_video(conn, video: Video, texts: list[str], **kw) -> list[Sentence]:
    rows = sentences(video.id, texts, **kw)
    upsert_transcript(conn, video, cues=[], sentences=rows)
    return rows


@pytest.fixture
def store(tmp_path):
    clear_indexes()
    clear_query_cache()
    conn = connect(tmp_path / "search.db")
    add_video(conn, Video(id=YOUTUBE_ID, title="Vectors and eigenvectors", channel="Maths", youtube=True),
              VECTORS_TALK, start_ms=12_700)
    add_video(conn, Video(id=LOCAL_ID, title="Kitchen notes", channel="Maths", youtube=False), KITCHEN_TALK)
    yield conn
    conn.close()
    clear_indexes()
    clear_query_cache()


@pytest.fixture
def hash_embedder():
    return get_embedder("hash.v1")
