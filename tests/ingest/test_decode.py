"""Bytes to text: encodings people really have, and junk refused in one line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from tubewiki.errors import ParseError
from tubewiki.ingest.decode import decode_bytes
from tubewiki.ingest.reader import parse_text, read_transcript

SRT = "1\n00:00:01,000 --> 00:00:02,500\nÇa marche très bien.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_common_encodings_decode_to_the_same_text(encoding) -> None:
    data = SRT.encode(encoding)
    if encoding == "utf-16-le":
        data = SRT.encode("utf-16-le")
    assert decode_bytes(data, "x.srt") == SRT


def test_crlf_and_stray_cr_become_newlines() -> None:
    assert decode_bytes(b"a\r\nb\rc\n", "x") == "a\nb\nc\n"


@pytest.mark.parametrize("data,needle", [(b"", "empty"), (b"  \n\t ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
                                         (bytes(range(256)) * 4, "binary")])
def test_empty_and_binary_files_are_refused_naming_the_file(data, needle) -> None:
    with pytest.raises(ParseError) as err:
        decode_bytes(data, "clip.vtt")
    assert str(err.value).startswith("clip.vtt") and needle in str(err.value) and "\n" not in str(err.value)


def test_unknown_text_is_refused_with_its_first_words(tmp_path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Shopping list: eggs, milk, bread\n")
    with pytest.raises(ParseError) as err:
        read_transcript(path)
    assert "not a transcript format" in str(err.value) and str(path) in str(err.value)


def test_unreadable_path_is_a_parse_error(tmp_path) -> None:
    with pytest.raises(ParseError):
        read_transcript(tmp_path / "missing.srt")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_raise_only_the_projects_error(data) -> None:
    try:
        text = decode_bytes(data, "fuzz.bin")
        parse_text(text, "fuzz.bin")
    except ParseError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=1500))
def test_any_text_is_parsed_or_refused_by_the_detected_format(text) -> None:
    try:
        parsed = parse_text(text, "fuzz.txt")
    except ParseError:
        return
    for cue in parsed.cues:
        assert 0 <= cue.start_ms <= cue.end_ms
