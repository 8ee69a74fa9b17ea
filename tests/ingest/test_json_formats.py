"""JSON transcript formats: YouTube json3, youtube-transcript-api, other ASR engines, timings.

Golden tests read the shared corpus where it lies; property tests feed JSON-ish text to
every JSON parser and expect either clean cues or a ParseError naming the place.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tubewiki.errors import ParseError
from tubewiki.ingest.base import detect
from tubewiki.ingest.decode import decode_bytes
from tubewiki.ingest.formats.asr_json import AssemblyAiJson, GoogleSpeechJson, SegmentStartsJson, VoskJson
from tubewiki.ingest.formats.timings_json import SentenceTimingsJson, WordTimingsJson
from tubewiki.ingest.formats.whisper_json import WhisperCppJson, WhisperJson
from tubewiki.ingest.formats.youtube_json import YouTubeJson3, YouTubeTranscriptApiJson
from tubewiki.ingest.reader import read_transcript
from tubewiki.models import ParsedTranscript

JSON_FORMATS = [YouTubeJson3, YouTubeTranscriptApiJson, WhisperJson, WhisperCppJson, GoogleSpeechJson,
                AssemblyAiJson, VoskJson, SegmentStartsJson, WordTimingsJson, SentenceTimingsJson]


def parse_file(path: Path) -> ParsedTranscript:
    text = decode_bytes(path.read_bytes(), str(path))
    fmt = detect(text, str(path), JSON_FORMATS)
    return fmt().parse(text, str(path))


def parse_text(text: str, path: str = "t.json") -> ParsedTranscript:
    return detect(text, path, JSON_FORMATS)().parse(text, path)


def assert_well_formed(parsed: ParsedTranscript) -> None:
    for cue in parsed.cues:
        assert 0 <= cue.start_ms <= cue.end_ms
        assert cue.text == cue.text.strip() and cue.text
        for w in cue.words:
            assert cue.start_ms <= w.start_ms <= w.end_ms <= cue.end_ms
    starts = [c.start_ms for c in parsed.cues]
    assert starts == sorted(starts)


# --- YouTube json3 ---------------------------------------------------------------------

def test_json3_auto_captions_keep_words_and_music_events(corpus: Path) -> None:
    parsed = parse_file(corpus / "youtube_json3/talk-56min-music-markers.en.json3")
    assert parsed.format == "json3.v1"
    assert (parsed.meta.kind, parsed.meta.language) == ("auto", "en")
    assert len(parsed.cues) == 1172  # the window event and the "\n" append events are gone
    music = [c for c in parsed.cues if c.nonspeech]
    assert [c.text for c in music].count("[music]") == 7
    assert {c.text for c in music} == {"[music]", "[snorts]", "[laughter]"}
    assert not any(c.words for c in music)
    assert parsed.cues[0].start_ms == 25545
    assert (parsed.cues[-1].start_ms, parsed.cues[-1].end_ms, parsed.cues[-1].text) == (3383680, 3386680, "statement.")
    assert len(parsed.words) == 7832
    assert_well_formed(parsed)


def test_json3_rolling_lines_end_where_the_next_line_starts(corpus: Path) -> None:
    parsed = parse_file(corpus / "youtube_json3/talk-56min-music-markers.en.json3")
    for a, b in zip(parsed.cues, parsed.cues[1:]):
        assert a.end_ms <= b.start_ms
    last = parsed.cues[-2]
    assert last.words[0].text == "Reinas" and [w.text for w in last.words][-1] == "problem"
    assert last.words[1].start_ms == last.start_ms + 1039


def test_json3_without_asr_confidence_is_manual() -> None:
    doc = {"events": [{"tStartMs": 0, "dDurationMs": 1500, "segs": [{"utf8": "Hello &amp; welcome"}]},
                      {"tStartMs": 1500, "dDurationMs": 900, "segs": [{"utf8": ">> Next speaker"}]}]}
    parsed = parse_text(json.dumps(doc), "v.en.json3")
    assert parsed.meta.kind == "manual"
    assert [c.text for c in parsed.cues] == ["Hello & welcome", "Next speaker"]
    assert all(not c.words for c in parsed.cues)


# --- youtube-transcript-api -----------------------------------------------------------

def test_yta_livestream_keeps_garbage_snippets_and_clamps_overlaps(corpus: Path) -> None:
    parsed = parse_file(corpus / "youtube_transcript_api/livestream-long-yta-list.en.json")
    assert parsed.format == "yta-json.v1"
    assert len(parsed.cues) == 8753
    assert [c.text for c in parsed.cues[:4]] == ["e", "e", "e", "e e"]
    assert parsed.cues[0].start_ms == 28960
    assert parsed.cues[-1].start_ms == 18900080 and parsed.cues[-1].end_ms == 18903600
    for a, b in zip(parsed.cues, parsed.cues[1:]):
        assert a.end_ms <= b.start_ms
    assert_well_formed(parsed)


def test_yta_short_clip_overlapping_duration_cut_at_next_start(corpus: Path) -> None:
    parsed = parse_file(corpus / "youtube_transcript_api/short-clip-yta-list.en.json")
    assert len(parsed.cues) == 29
    first = parsed.cues[0]
    assert (first.start_ms, first.end_ms) == (199, 1400)  # 0.199 + 3.361 would overlap 1.4
    assert parsed.meta.kind == "unknown" and not parsed.punctuated


def test_yta_derived_segments_mark_music_and_drop_turn_arrows(corpus: Path) -> None:
    parsed = parse_file(corpus / "youtube_transcript_api/yta-derived-segments-start-duration-end.en.json")
    assert len(parsed.cues) == 4435
    assert parsed.meta.video_id == "aMLooneOj9I"
    assert not any(">>" in c.text for c in parsed.cues)
    assert parsed.cues[-1].nonspeech and parsed.cues[-1].text == "[music]"
    assert sum(c.nonspeech for c in parsed.cues) >= 50
    assert parsed.punctuated


def test_yta_wrapper_reads_metadata_and_rounds_float_noise(corpus: Path) -> None:
    parsed = parse_file(corpus / "youtube_transcript_api/yta-with-metadata-start_time-end_time.en.json")
    assert (parsed.meta.video_id, parsed.meta.language, parsed.meta.kind) == ("44eFf-tRiSg", "en", "auto")
    assert len(parsed.cues) == 128
    assert parsed.cues[1].end_ms == 5839  # next start 5.839; end_time was 5.8389999999999995 in the file
    assert parsed.cues[-1].end_ms == 330800
    assert_well_formed(parsed)


# --- other ASR engines ----------------------------------------------------------------

def test_google_speech_reads_string_durations_not_metadata_dates(corpus: Path) -> None:
    parsed = parse_file(corpus / "other_asr/google-speech-longrunning-logbuch-netzpolitik-232.de.json")
    assert parsed.format == "google-speech-json.v1"
    assert (parsed.meta.language, parsed.meta.kind) == ("de", "asr")
    words = parsed.words
    assert len(words) == 11013
    assert (words[0].text, words[0].start_ms, words[0].end_ms) == ("guten", 100, 700)
    assert words[1].end_ms == 1000  # "1s"
    assert parsed.cues[-1].end_ms == 4658900  # ~77 min, not a 2017 date
    assert all(len(c.words) <= 12 for c in parsed.cues)
    assert not parsed.punctuated
    assert_well_formed(parsed)


def test_assemblyai_words_in_milliseconds_with_speaker(corpus: Path) -> None:
    parsed = parse_file(corpus / "other_asr/assemblyai-podcast-episode.en.json")
    assert parsed.format == "assemblyai-json.v1"
    assert (parsed.meta.language, parsed.meta.duration_ms) == ("en", 1747000)
    words = parsed.words
    assert len(words) == 5174
    assert (words[0].text, words[0].start_ms, words[0].end_ms, words[0].confidence) == ("Welcome", 410, 574, 1.0)
    assert {c.speaker for c in parsed.cues} == {"A"}
    assert parsed.cues[-1].end_ms == 1743010
    assert all(len(c.words) <= 12 for c in parsed.cues) and parsed.punctuated
    assert_well_formed(parsed)


def test_vosk_content_variant_one_cue_per_result(corpus: Path) -> None:
    parsed = parse_file(corpus / "other_asr/vosk-jfk-words.en.json")
    assert parsed.format == "vosk-json.v1"
    assert [(c.start_ms, c.end_ms) for c in parsed.cues] == [(300, 5610), (5610, 8820), (8820, 10500)]
    assert parsed.cues[0].text == "and so my fellow americans ask not what"
    assert len(parsed.words) == 22 and parsed.words[0].confidence == 1.0


def test_vosk_result_objects_are_read() -> None:
    doc = [{"result": [{"conf": 0.9, "start": 1.0, "end": 1.4, "word": "hello"},
                       {"conf": 0.8, "start": 1.4, "end": 2.0, "word": "there"}], "text": "hello there"},
           {"text": ""}]
    parsed = parse_text(json.dumps(doc))
    assert parsed.format == "vosk-json.v1"
    assert [(c.start_ms, c.end_ms, c.text) for c in parsed.cues] == [(1000, 2000, "hello there")]


def test_segment_starts_drop_lets_get_started_filler(corpus: Path) -> None:
    parsed = parse_file(corpus / "other_asr/whisper-derived-segments-hallucinated-lets-get-started.en.json")
    assert parsed.format == "segment-starts-json.v1"
    texts = [c.text for c in parsed.cues]
    assert "Let's get started." not in texts and "Oh, my God." not in texts
    assert 300 < len(texts) < 1442 - 1000
    assert any("dropped 780 repeats" in w for w in parsed.warnings)
    looped = next(t for t in texts if t.startswith("If you have a difficult content"))
    assert looped.count("be able to") == 1
    assert_well_formed(parsed)


def test_segment_starts_read_minute_timestamps_when_start_is_missing() -> None:
    doc = {"segments": [{"timestamp": "564:07", "text": "late words here"}, {"timestamp": "0:05", "text": "early"}]}
    parsed = parse_text(json.dumps(doc))
    assert [c.start_ms for c in parsed.cues] == [5000, 33847000]
    assert parsed.cues[0].end_ms == 5000 + 1500  # no end time given: estimated from its words


# --- word and sentence timings ----------------------------------------------------------

def test_word_timings_become_runs_split_at_pauses(corpus: Path) -> None:
    parsed = parse_file(corpus / "word_timings/3b1b-barber-pole-word-timings.en.json")
    assert parsed.format == "word-timings-json.v1"
    assert len(parsed.words) == 1833
    assert parsed.words[0].text == "The" and parsed.cues[0].text.startswith("The setup here starts")
    assert all(1 <= len(c.words) <= 12 for c in parsed.cues)
    for cue in parsed.cues:
        gaps = [b.start_ms - a.end_ms for a, b in zip(cue.words, cue.words[1:])]
        assert all(g < 1000 for g in gaps)
    assert parsed.punctuated
    assert_well_formed(parsed)


def test_word_timings_that_are_only_hallucinated_you_give_no_cues(corpus: Path) -> None:
    parsed = parse_file(corpus / "word_timings/3b1b-binary-counting-hallucinated-you.en.json")
    assert parsed.cues == ()
    assert parsed.warnings and "you" in parsed.warnings[0]


def test_sentence_timings_one_punctuated_cue_per_sentence(corpus: Path) -> None:
    parsed = parse_file(corpus / "word_timings/3b1b-barber-pole-sentence-timings.en.json")
    assert parsed.format == "sentence-timings-json.v1"
    assert len(parsed.cues) == 84 and parsed.punctuated
    assert parsed.cues[0].start_ms == 0 and parsed.cues[0].text.startswith("The setup here starts")
    assert parsed.cues[1].start_ms == 10820


@pytest.mark.parametrize("folder", ["2016-determinant", "2019-differential-equations", "2020-ldm-eulers-formula",
                                    "2022-borwein", "2023-clt"])
def test_3b1b_folders_sentences_and_words_agree(corpus_3b1b: Path, folder: str) -> None:
    sentences = parse_file(corpus_3b1b / folder / "sentence_timings.json")
    words = parse_file(corpus_3b1b / folder / "word_timings.json")
    assert sentences.format == "sentence-timings-json.v1" and words.format == "word-timings-json.v1"
    assert_well_formed(sentences)
    assert_well_formed(words)
    raw = json.loads((corpus_3b1b / folder / "word_timings.json").read_text())
    spoken = [r for r in raw if re.search(r"\w", r[0])]  # a lone " ." row carries no word
    # real repetition ("1 plus 1 plus 1 plus 1") is kept: no spoken word goes missing
    assert len(spoken) <= len(words.words) <= sum(1 for r in raw if r[0].strip())
    sentence_words = sum(len(c.text.split()) for c in sentences.cues)
    assert abs(sentence_words - len(words.words)) <= 0.1 * len(words.words)
    assert not any(c.text == "." for c in sentences.cues)


def test_3b1b_borwein_keeps_spoken_one_one_one(corpus_3b1b: Path) -> None:
    parsed = parse_file(corpus_3b1b / "2022-borwein" / "word_timings.json")
    assert "It's 1 1 1 1 1 1 1," in " ".join(c.text for c in parsed.cues)


def test_3b1b_livestream_you_fillers_over_silence_are_dropped(corpus_3b1b: Path) -> None:
    parsed = parse_file(corpus_3b1b / "2020-ldm-logarithms" / "word_timings.json")
    assert parsed.cues[0].start_ms == 720000  # the first twelve minutes are " you" every 30 s
    assert parsed.cues[0].text.startswith("it ends up looking like this")
    assert any("21 repeats of 'you'" in w for w in parsed.warnings)


def test_3b1b_empty_sentence_file_gives_no_cues(corpus_3b1b: Path) -> None:
    parsed = parse_file(corpus_3b1b / "2015-binary-counting" / "sentence_timings.json")
    assert parsed.format == "sentence-timings-json.v1" and parsed.cues == ()


def test_sentence_ending_before_it_starts_becomes_an_instant() -> None:
    rows = [["First sentence here.", 1.0, 2.0], ["Backwards one.", 5.0, 4.0], [".", 6.0, 5.0]]
    parsed = parse_text(json.dumps(rows), "sentence_timings.json")
    assert [(c.start_ms, c.end_ms) for c in parsed.cues] == [(1000, 2000), (5000, 5000)]
    assert "end before they start" in parsed.warnings[0]


# --- broken input -------------------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "text", "where"), [
    (YouTubeTranscriptApiJson, '[{"text": "a", "start": 1, "duration": 2}, {"text": "b", "start": "3", "duration": 1}]',
     "item 1.start"),
    (YouTubeTranscriptApiJson, '[{"text": "a", "start": NaN, "duration": 2}]', "item 0.start"),
    (YouTubeTranscriptApiJson, '[{"text": "a", "start": -4, "duration": 2}]', "item 0.start"),
    (YouTubeJson3, '{"events": [{"tStartMs": 0, "segs": [{"utf8": 5}]}]}', "events[0].segs[0].utf8"),
    (YouTubeJson3, '{"events": [{"tStartMs": 1e15, "segs": [{"utf8": "x"}]}]}', "events[0].tStartMs"),
    (WhisperCppJson, '{"transcription": [{"offsets": {"from": 0, "to": "x"}, "text": "a"}]}',
     "transcription[0].offsets.to"),
    (WhisperCppJson, '{"transcription": [{"timestamps": {"from": "00:00:61,000", "to": "1"}}]}',
     "transcription[0].timestamps.from"),
    (GoogleSpeechJson, '{"results": [{"alternatives": [{"words": [{"startTime": "soon", "word": "a"}]}]}]}',
     "results[0].alternatives[0].words[0].startTime"),
    (AssemblyAiJson, '{"words": [{"text": "a", "start": 1.5e12, "end": 2}]}', "words[0].start"),
    (VoskJson, '[{"result": [{"word": "a", "start": true, "end": 1}]}]', "item 0.result[0].start"),
    (SegmentStartsJson, '{"segments": [{"timestamp": "soon", "text": "a"}]}', "segments[0].timestamp"),
    (WordTimingsJson, '[[" a", 0.0, 0.5], [" b", 0.5]]', "item 1"),
    (SentenceTimingsJson, '[["A sentence.", 0.0, Infinity]]', "item 0[2]"),
])
def test_broken_values_name_their_place(fmt, text: str, where: str) -> None:
    with pytest.raises(ParseError) as info:
        fmt().parse(text, "bad.json")
    assert info.value.where == where


def test_truncated_json_names_line_and_column() -> None:
    text = '[{"text": "a", "start": 1, "duration": 2},\n {"text": "b", "sta'
    with pytest.raises(ParseError) as info:
        YouTubeTranscriptApiJson().parse(text, "cut.json")
    assert re.fullmatch(r"line 2 column \d+", info.value.where or "")
    assert "cut.json:line 2" in str(info.value)


@pytest.mark.parametrize("fmt", JSON_FORMATS)
def test_wrong_shape_is_a_parse_error(fmt) -> None:
    for text in ('"just a string"', "42", "null", '{"unrelated": true}', "[1, 2, 3]"):
        try:
            parsed = fmt().parse(text, "shape.json")
        except ParseError:
            continue
        assert parsed.cues == ()


def test_podcasting_json_is_left_to_its_own_format() -> None:
    doc = {"version": "1.0.0", "segments": [{"speaker": "A", "startTime": 0.5, "endTime": 0.9, "body": "Hi"}]}
    text = json.dumps(doc)
    assert all(fmt.sniff(text, "episode.json") == 0 for fmt in JSON_FORMATS)


def test_each_corpus_shape_is_claimed_by_exactly_one_json_format(corpus: Path) -> None:
    for folder in ("youtube_json3", "youtube_transcript_api", "other_asr", "word_timings", "whisper"):
        for path in sorted((corpus / folder).glob("*.json*")):
            text = decode_bytes(path.read_bytes(), str(path))
            scores = sorted((fmt.sniff(text, str(path)) for fmt in JSON_FORMATS), reverse=True)
            assert scores[0] >= 85 and scores[1] <= scores[0] - 15, path.name


EXPECTED_FORMAT = {
    "youtube_json3/talk-56min-music-markers.en.json3": "json3.v1",
    "youtube_transcript_api/livestream-long-yta-list.en.json": "yta-json.v1",
    "youtube_transcript_api/yta-derived-segments-start-duration-end.en.json": "yta-json.v1",
    "whisper/talk-55min-faster-whisper.en.json": "whisper-json.v1",
    "whisper/whisper-cpp-base-en-repetition-loop.json": "whisper-cpp-json.v1",
    "other_asr/vosk-jfk-words.en.json": "vosk-json.v1",
    "other_asr/whisper-derived-segments-hallucinated-lets-get-started.en.json": "segment-starts-json.v1",
    "word_timings/3b1b-binary-counting-hallucinated-you.en.json": "word-timings-json.v1",
}


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED_FORMAT.items()))
def test_reader_picks_the_json_format_among_all_registered(corpus: Path, name: str, expected: str) -> None:
    assert read_transcript(corpus / name).format == expected


def test_reader_reads_an_empty_3b1b_sentence_file(corpus_3b1b: Path) -> None:
    parsed = read_transcript(corpus_3b1b / "2015-binary-counting" / "sentence_timings.json")
    assert parsed.format == "sentence-timings-json.v1" and parsed.cues == ()


# --- properties -------------------------------------------------------------------------

_KEYS = ["text", "start", "end", "duration", "start_time", "end_time", "segments", "words", "word", "events",
         "tStartMs", "dDurationMs", "segs", "utf8", "tOffsetMs", "acAsrConf", "transcript", "is_generated",
         "transcription", "offsets", "timestamps", "from", "to", "results", "alternatives", "startTime",
         "endTime", "utterances", "speaker", "result", "conf", "content", "timestamp", "language", "score"]
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**13), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", " you", "[Music]", ">> hi", "0.5s", "1:02", "00:00:01,000", "NaN", "plus 1 k"]),
    st.text(max_size=12),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(st.sampled_from(_KEYS), inner, max_size=6)),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_values, st.integers(0, 400))
def test_any_jsonish_text_parses_cleanly_or_raises_parse_error(value, cut: int) -> None:
    text = json.dumps(value)
    for candidate in (text, text[:cut]):
        for fmt in JSON_FORMATS:
            score = fmt.sniff(candidate, "x.json")
            assert 0 <= score <= 100
            try:
                parsed = fmt().parse(candidate, "x.json")
            except ParseError as exc:
                assert exc.path == "x.json"
                continue
            for cue in parsed.cues:
                assert 0 <= cue.start_ms <= cue.end_ms
                assert all(cue.start_ms <= w.start_ms <= w.end_ms <= cue.end_ms for w in cue.words)


_item = st.fixed_dictionaries({
    "text": st.text(alphabet="ab [].>", max_size=10),
    "start": st.floats(0, 10**5, allow_nan=False),
    "duration": st.floats(0, 100, allow_nan=False),
})


@settings(max_examples=200, deadline=None)
@given(st.lists(_item, min_size=1, max_size=30))
def test_yta_lists_never_overlap_after_parsing(items) -> None:
    parsed = YouTubeTranscriptApiJson().parse(json.dumps(items), "x.json")
    for a, b in zip(parsed.cues, parsed.cues[1:]):
        assert a.start_ms <= b.start_ms
        assert a.end_ms <= b.start_ms or a.start_ms == b.start_ms
