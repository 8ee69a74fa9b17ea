"""Whisper-family JSON: golden files from six tools, loop collapsing, silence fillers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tubewiki.errors import ParseError
from tubewiki.ingest.base import detect
from tubewiki.ingest.decode import decode_bytes
from tubewiki.ingest.formats._cues import collapse_loops, drop_hallucinations, loop_kept, word_key
from tubewiki.ingest.formats.whisper_json import WhisperCppJson, WhisperJson
from tubewiki.models import Cue, ParsedTranscript, Word

from .test_json_formats import JSON_FORMATS, assert_well_formed


def parse_file(path: Path) -> ParsedTranscript:
    text = decode_bytes(path.read_bytes(), str(path))
    return detect(text, str(path), JSON_FORMATS)().parse(text, str(path))


# file, cues, words, language, first start, last end
GOLDEN = [
    ("hindi-talk-69min-segments-words.whisper.json", 406, 9765, None, 1340, 4137250),
    ("hindi-talk-69min.whisperx.json", 187, 7838, None, 2183, 4126859),
    ("stable-ts-transhumanism-15min.en.json", 288, 2531, "en", 280, 899040),
    ("talk-55min-faster-whisper.en.json", 749, 5520, "en", 294380, 3279220),
    ("whisper-timestamped-chant.ar.words.json", 8, 26, "ar", 1800, 41300),
    ("whisper-timestamped-smartphone-radio.fr.words.json", 38, 554, "fr", 400, 177380),
    ("whisper-timestamped-song-lyrics-music.en.words.json", 38, 285, "en", 2240, 199380),
]


@pytest.mark.parametrize(("name", "cues", "words", "language", "first", "last"), GOLDEN)
def test_whisper_json_golden(corpus: Path, name: str, cues: int, words: int, language: str | None,
                             first: int, last: int) -> None:
    parsed = parse_file(corpus / "whisper" / name)
    assert parsed.format == "whisper-json.v1"
    assert parsed.meta.kind == "asr" and parsed.meta.language == language
    assert len(parsed.cues) == cues and len(parsed.words) == words
    assert parsed.cues[0].start_ms == first and parsed.cues[-1].end_ms == last
    assert_well_formed(parsed)


def test_float_noise_rounds_to_whole_milliseconds(corpus: Path) -> None:
    parsed = parse_file(corpus / "whisper/hindi-talk-69min-segments-words.whisper.json")
    assert parsed.cues[0].start_ms == 1340  # 1.339999999999998 s in the file
    assert parsed.words[0].text == "आज" and parsed.words[0].start_ms == 1340


def test_whisperx_word_scores_become_confidence(corpus: Path) -> None:
    parsed = parse_file(corpus / "whisper/hindi-talk-69min.whisperx.json")
    first = parsed.words[0]
    assert (first.text, first.start_ms, first.end_ms, first.confidence) == ("आज", 2183, 2363, 0.708)
    assert parsed.punctuated  # "।" ends sentences


def test_stable_ts_reads_regrouped_segments_not_ori_dict(corpus: Path) -> None:
    parsed = parse_file(corpus / "whisper/stable-ts-transhumanism-15min.en.json")
    assert parsed.cues[0].text == "Have you heard of transhumanism?"
    assert parsed.cues[1].text == "If not,"
    assert sum(len(c.words) for c in parsed.cues) == 2531  # ori_dict's words not counted twice
    assert parsed.words[0].confidence == pytest.approx(0.893, abs=1e-3)


def test_whisper_timestamped_words_use_text_and_confidence(corpus: Path) -> None:
    parsed = parse_file(corpus / "whisper/whisper-timestamped-smartphone-radio.fr.words.json")
    first = parsed.words[0]
    assert (first.text, first.start_ms, first.end_ms, first.confidence) == ("C'est", 400, 640, 0.961)
    assert parsed.punctuated


def test_whisper_cpp_repetition_loop_is_cut_to_one(corpus: Path) -> None:
    parsed = parse_file(corpus / "whisper/whisper-cpp-base-en-repetition-loop.json")
    assert parsed.format == "whisper-cpp-json.v1"
    assert [(c.start_ms, c.end_ms, c.text) for c in parsed.cues] == [(0, 7000, "2 plus 1 k")]
    assert parsed.meta.language == "en" and parsed.meta.kind == "asr"
    assert "repetition loop" in parsed.warnings[0]


def test_whisper_cpp_newer_layout(corpus: Path) -> None:
    parsed = parse_file(corpus / "whisper/whisper-cpp-base-en-newer-systeminfo.json")
    assert [(c.start_ms, c.end_ms, c.text) for c in parsed.cues] == [(0, 30000, "Hello, my name is Ode")]
    assert parsed.warnings == ()


def test_whisper_cpp_timestamps_without_offsets() -> None:
    doc = {"transcription": [{"timestamps": {"from": "00:01:02,500", "to": "00:01:04,000"}, "text": " Hi there"}]}
    parsed = WhisperCppJson().parse(json.dumps(doc), "a.json")
    assert [(c.start_ms, c.end_ms, c.text) for c in parsed.cues] == [(62500, 64000, "Hi there")]


def test_no_whisper_loop_survives_in_any_corpus_file(corpus: Path) -> None:
    for path in sorted((corpus / "whisper").glob("*.json")):
        for cue in parse_file(path).cues:
            keys = [word_key(t) for t in cue.text.split()]
            assert len(loop_kept(keys)) == len(keys), (path.name, cue.text)


def test_music_segment_is_nonspeech_and_filler_dropped() -> None:
    segments = [{"start": 0.0, "end": 4.0, "text": " [Music]"}]
    segments += [{"start": 30.0 * k, "end": 30.0 * k + 2, "text": " Thank you."} for k in range(1, 6)]
    segments += [{"start": 200.0, "end": 203.0, "text": " Real words at last."}]
    parsed = WhisperJson().parse(json.dumps({"segments": segments, "language": "en"}), "m.json")
    assert [(c.text, c.nonspeech) for c in parsed.cues] == [("[Music]", True), ("Real words at last.", False)]
    assert any("Thank you." in w for w in parsed.warnings)


def test_whisperx_word_without_times_takes_the_previous_end() -> None:
    seg = {"start": 1.0, "end": 3.0, "text": " in 1979 he",
           "words": [{"word": "in", "start": 1.0, "end": 1.2, "score": 0.9}, {"word": "1979"},
                     {"word": "he", "start": 2.5, "end": 3.0, "score": 0.8}]}
    parsed = WhisperJson().parse(json.dumps({"segments": [seg]}), "x.json")
    assert [(w.text, w.start_ms, w.end_ms) for w in parsed.words] == [("in", 1000, 1200), ("1979", 1200, 1200),
                                                                     ("he", 2500, 3000)]


def test_negative_segment_time_is_a_parse_error() -> None:
    doc = {"segments": [{"start": 0.0, "end": 1.0, "text": "a"}, {"start": -2.0, "end": 1.0, "text": "b"}]}
    with pytest.raises(ParseError) as info:
        WhisperJson().parse(json.dumps(doc), "neg.json")
    assert info.value.where == "segments[1].start"


# --- loops and fillers ------------------------------------------------------------------

def _cue(text: str, start: int = 0, end: int = 1000) -> Cue:
    return Cue(start, end, text)


@pytest.mark.parametrize("text", [
    "no no no", "1 plus 1 plus 1 plus 1 plus 1", "2 times 2 times 2 times 2", "again and again and again",
    "It's 1 1 1 1 1 1 1, but", "100 billion billion billion times the mass",
])
def test_spoken_repetition_is_kept(text: str) -> None:
    assert collapse_loops(_cue(text)) == (_cue(text), False)


@pytest.mark.parametrize(("text", "expected"), [
    ("2 plus 1 k plus 1 k plus 1 k plus 1 k plus 1 k plus 1 k plus", "2 plus 1 k"),
    ("you can't be able to be able to be able to be able to be able to be cleared",
     "you can't be able to be cleared"),
    ("with each encounter with each encounter with each encounter with each encounter with each encounter.",
     "with each encounter"),
    ("the " * 12 + "end", "the end"),
])
def test_recogniser_loops_collapse_to_one_occurrence(text: str, expected: str) -> None:
    cue, changed = collapse_loops(_cue(text))
    assert changed and cue.text == expected


def test_loop_collapse_keeps_the_matching_words() -> None:
    words = tuple(Word(t, k * 100, k * 100 + 90) for k, t in enumerate(("la " * 6 + "da").split()))
    cue, changed = collapse_loops(Cue(0, 1000, " ".join(w.text for w in words), words=words))
    assert changed is False  # six single-word repeats is still singing
    looped = tuple(Word(t, k * 100, k * 100 + 90) for k, t in enumerate(("go on " * 6).split()))
    cue, changed = collapse_loops(Cue(0, 1200, "go on " * 6, words=looped))
    assert changed and [w.text for w in cue.words] == ["go", "on"] and cue.text == "go on"


def test_fillers_every_30_seconds_are_dropped_but_quick_repeats_stay() -> None:
    filler = [_cue("you", k * 30000, k * 30000 + 2000) for k in range(3)]
    quick = [_cue("Okay.", 200000 + k * 1000, 200000 + k * 1000 + 500) for k in range(4)]
    kept, warnings = drop_hallucinations(filler + quick)
    assert kept == quick and len(warnings) == 1


def test_two_repeats_are_not_a_filler_run() -> None:
    cues = [_cue("Let's get started.", 0, 2000), _cue("Let's get started.", 30000, 32000)]
    assert drop_hallucinations(cues) == (cues, [])


# --- properties -------------------------------------------------------------------------

_time = st.one_of(st.floats(-5, 1e5), st.none(), st.just("1.0"), st.integers(0, 10**6))
_word = st.fixed_dictionaries({"word": st.text(max_size=6), "start": _time, "end": _time})
_segment = st.fixed_dictionaries({
    "start": _time, "end": _time, "text": st.one_of(st.text(max_size=30), st.just(" [Music]"), st.none()),
    "words": st.one_of(st.none(), st.lists(_word, max_size=6)),
})


@settings(max_examples=200, deadline=None)
@given(st.lists(_segment, max_size=12), st.sampled_from([None, "en", "English", 7]))
def test_whisper_segments_parse_cleanly_or_raise_parse_error(segments, language) -> None:
    text = json.dumps({"segments": segments, "language": language})
    try:
        parsed = WhisperJson().parse(text, "p.json")
    except ParseError as exc:
        assert exc.where and exc.where.startswith("segments[")
        return
    assert_well_formed(parsed)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "plus", "1"]), max_size=40))
def test_loop_collapse_keeps_order_and_never_grows(tokens) -> None:
    kept = loop_kept([word_key(t) for t in tokens])
    assert kept == sorted(set(kept)) and len(kept) <= len(tokens)
    if tokens:
        assert kept[0] == 0  # the first occurrence always stays
