"""Every real file in ../shared/corpus either ingests or is refused with a clear one-line error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tubewiki.errors import ParseError
from tubewiki.ingest.reader import read_transcript
from tests.conftest import CORPUS

FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.md") if CORPUS.is_dir() else []
# Files that are broken beyond repair: each must be refused, not half-read.
REFUSED: set[str] = set()
# Files whose only "speech" is a recogniser's hallucination: they parse to no speech at all.
NO_SPEECH = {"word_timings/3b1b-binary-counting-hallucinated-you.en.json"}


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CORPUS)) for p in FILES])
def test_corpus_file_parses_or_is_refused_cleanly(path: Path, corpus) -> None:
    rel = str(path.relative_to(CORPUS))
    try:
        parsed = read_transcript(path)
    except ParseError as exc:
        assert rel in REFUSED, f"refused unexpectedly: {exc}"
        message = str(exc)
        assert "\n" not in message and str(path) in message
        return
    assert rel not in REFUSED, "a broken file was accepted"
    speech = [c for c in parsed.cues if not c.nonspeech and c.text.strip()]
    if rel in NO_SPEECH:
        assert not speech, "hallucinated speech was kept"
        return
    assert speech, "no speech cues"
    for cue in parsed.cues:
        assert 0 <= cue.start_ms <= cue.end_ms, cue
        assert cue.end_ms < 48 * 3600 * 1000
        for w in cue.words:
            assert 0 <= w.start_ms <= w.end_ms
    starts = [c.start_ms for c in parsed.cues]
    assert starts == sorted(starts), "cues out of order"


def test_formats_are_detected_from_content_not_extension(tmp_path, corpus) -> None:
    src = corpus / "youtube_auto_vtt" / "macbook-air-fan-2020.en.vtt"
    renamed = tmp_path / "captions.txt"
    renamed.write_bytes(src.read_bytes())
    assert read_transcript(renamed).format == read_transcript(src).format == "webvtt.v1"
