"""Whisper TSV and plain text with timestamps."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tubewiki.errors import ParseError
from tubewiki.ingest.decode import decode_bytes
from tubewiki.ingest.formats.plain import PlainTimestamps, WhisperTsv, clock_ms
from tubewiki.ingest.reader import read_transcript

TSV = "whisper/whisper-timestamped-punctuations-tiny.fr.tsv"


def assert_sane(cues) -> None:
    for cue in cues:
        assert 0 <= cue.start_ms <= cue.end_ms


def test_whisper_tsv_with_header(corpus):
    path = corpus / TSV
    t = WhisperTsv().parse(decode_bytes(path.read_bytes(), str(path)), str(path))
    assert [(c.start_ms, c.end_ms, c.text) for c in t.cues] == [(380, 2760, "Dis-moi, est-ce que l'avion vole ?")]
    assert t.meta.language == "fr" and t.meta.kind == "asr"
    assert read_transcript(path).format == "whisper-tsv.v1"


def test_whisper_tsv_without_header_and_with_an_empty_text():
    t = WhisperTsv().parse("0\t1500\thello there\n1500\t2000\t\n2000\t4000\t[Music]\n", "a.tsv")
    assert [(c.start_ms, c.end_ms, c.text, c.nonspeech) for c in t.cues] == [
        (0, 1500, "hello there", False), (2000, 4000, "[Music]", True)]
    assert WhisperTsv.sniff("0\t1500\thello there\n", "a.tsv") > 0


@pytest.mark.parametrize("doc, where", [
    ("start\tend\ttext\n0\t100\ta\n200\tlater\tb\n", "line 3"),
    ("0\t100\ta\n500\t200\tbackwards\n", "line 2"),
    ("0\t1e99\ta\n", "line 1"),
])
def test_broken_tsv_names_the_line(doc, where):
    with pytest.raises(ParseError) as err:
        WhisperTsv().parse(doc, "x.tsv")
    assert err.value.where == where


def test_bracketed_and_bare_timestamps_with_speakers():
    doc = ("Episode 12 show notes\n"
           "[00:00:01] Anna: Hello there.\n"
           "[00:00:05] Ben: Hi!\n"
           "00:00:09 and welcome back\n"
           "(1:02) Anna: and so on\n")
    t = PlainTimestamps().parse(doc, "ep.en.txt")
    assert [(c.start_ms, c.end_ms, c.speaker, c.text) for c in t.cues[:4]] == [
        (1000, 5000, "Anna", "Hello there."),
        (5000, 9000, "Ben", "Hi!"),
        (9000, 62000, "Ben", "and welcome back"),  # no name: the last speaker carries on
        (62000, t.cues[3].end_ms, "Anna", "and so on"),
    ]
    assert t.cues[3].end_ms > 62000
    assert t.meta.language == "en"
    assert any("before the first timestamp" in w for w in t.warnings)


def test_time_alone_on_a_line_opens_a_paragraph():
    doc = "0:09\nFirst paragraph line\nand its second line.\n\nSam Lee 1:30\nSecond paragraph.\n"
    t = PlainTimestamps().parse(doc, "x.txt")
    assert [(c.start_ms, c.end_ms, c.speaker, c.text) for c in t.cues] == [
        (9000, 90000, None, "First paragraph line and its second line."),
        (90000, t.cues[1].end_ms, "Sam Lee", "Second paragraph."),
    ]


def test_whisper_console_ranges_keep_their_end_times():
    t = PlainTimestamps().parse("[00:00.000 --> 00:04.000]  Hello world.\n[00:04.000 --> 00:07.500]  Again.\n", "x.txt")
    assert [(c.start_ms, c.end_ms, c.text) for c in t.cues] == [(0, 4000, "Hello world."), (4000, 7500, "Again.")]


def test_clock_times():
    assert clock_ms("0:09") == 9000
    assert clock_ms("1:02:03") == 3723000
    assert clock_ms("00:01:02.5") == 62500
    assert clock_ms("00:61:00") is None and clock_ms("1:75") is None and clock_ms("soon") is None


def test_impossible_timestamp_names_the_line():
    with pytest.raises(ParseError) as err:
        PlainTimestamps().parse("[00:00:01] fine\n[00:99:00] not fine\n", "x.txt")
    assert err.value.where == "line 2"


def test_plain_sniff_does_not_claim_subtitle_files():
    srt = "1\n00:00:01,000 --> 00:00:02,000\nhello\n\n2\n00:00:03,000 --> 00:00:04,000\nagain\n"
    vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\nhello\n"
    assert PlainTimestamps.sniff(srt, "a.srt") == 0
    assert PlainTimestamps.sniff(vtt, "a.vtt") == 0
    assert PlainTimestamps.sniff("Just prose with no times at all.\nMore prose.\n", "a.txt") == 0
    assert WhisperTsv.sniff(srt, "a.srt") == 0


_LINES = st.sampled_from([
    "[00:00:01] ", "00:01:02 ", "(1:02) ", "0:09", "Anna: ", "Sam Lee 1:30", "[00:00.000 --> 00:04.000] ",
    "start\tend\ttext", "100\t", "200\t", "\t", "hello", "[Music]", "99:99", "1:02:03.5 - ", "Ann:",
])
_DOCS = st.lists(st.lists(st.one_of(_LINES, st.text(max_size=6)), max_size=4).map("".join), max_size=20).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_DOCS)
def test_line_parsers_raise_only_parse_error_and_keep_times_ordered(doc):
    for fmt in (WhisperTsv, PlainTimestamps):
        try:
            t = fmt().parse(doc, "any.txt")
        except ParseError:
            continue
        assert t.cues
        assert_sane(t.cues)


def test_timestamped_text_file_is_detected(tmp_path):
    path = tmp_path / "episode.txt"
    path.write_text("[00:00:01] Anna: Hello.\n[00:00:04] Ben: Hi there.\n", encoding="utf-8")
    t = read_transcript(path)
    assert t.format == "plain-timestamps.v1"
    assert [c.speaker for c in t.cues] == ["Anna", "Ben"]
