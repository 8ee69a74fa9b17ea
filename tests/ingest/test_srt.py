"""SubRip parser: golden checks over the shared corpus and the shapes SRT files take."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tubewiki.errors import ParseError
from tubewiki.ingest.formats.srt import SubRip
from tubewiki.ingest.formats.webvtt import WebVTT
from tubewiki.ingest.reader import parse_text, read_transcript

# path, cues, first start, last end, kind, language, punctuated
GOLDEN = [
    ("podcast/podcastindex-spec-example-speaker-prefix.en.srt", 222, 179, 754769, "unknown", "en", True),
    ("podcast/postgresfm-bloat-crlf-speaker-prefix.en.srt", 724, 60, 2174920, "unknown", "en", True),
    ("podcast/virtual-coffee-s1e1-speaker-prefix.en.srt", 1101, 14730, 3017515, "unknown", "en", True),
    ("srt/3b1b-barber-pole-captions-trailing-space.en.srt", 165, 0, 570400, "unknown", "en", True),
    ("srt/3b1b-barber-pole-machine-translated.ru.srt", 167, 0, 570400, "unknown", "ru", True),
    ("srt/3b1b-vectors-community-bom-crlf.de.srt", 182, 11120, 580120, "unknown", "de", True),
    ("srt/talk-1h33m-human.en.srt", 1810, 6100, 5628220, "unknown", "en", True),
    ("srt/talk-1h33m-translation.uk.srt", 1260, 5900, 5629740, "unknown", "uk", True),
    ("whisper/podcast-episode-whisper.en.srt", 1121, 0, 5953280, "asr", "en", True),
    ("whisper/whisper-cpp-jfk-word-per-cue.en.srt", 22, 320, 10510, "asr", "en", True),
    ("whisper/whisper-timestamped-smartphone-max20.fr.srt", 203, 380, 177420, "asr", "fr", True),
    ("youtube_auto_srt/cancer-signaling-overlapping-2017.en.srt", 36, 530, 97880, "auto", "en", False),
    ("youtube_auto_srt/selenium-lecture-1h38m-overlapping.en.srt", 2840, 3120, 5903360, "auto", "en", False),
]


@pytest.mark.parametrize("rel,count,first,last,kind,language,punctuated", GOLDEN)
def test_corpus_file_parses_to_known_cues(corpus, rel, count, first, last, kind, language, punctuated):
    parsed = read_transcript(corpus / rel)
    assert parsed.format == "srt.v1"
    assert len(parsed.cues) == count
    assert (parsed.cues[0].start_ms, parsed.cues[-1].end_ms) == (first, last)
    assert (parsed.meta.kind, parsed.meta.language, parsed.punctuated) == (kind, language, punctuated)
    for cue in parsed.cues:
        assert 0 <= cue.start_ms <= cue.end_ms
        assert cue.text and cue.text == " ".join(cue.text.split())
    assert not parsed.warnings


def test_every_corpus_srt_file_is_covered(corpus):
    on_disk = {str(p.relative_to(corpus)) for p in corpus.glob("*/*.srt")}
    assert on_disk == {row[0] for row in GOLDEN}


def test_speaker_prefixes_carry_over_until_the_next_speaker(corpus):
    parsed = read_transcript(corpus / "podcast/podcastindex-spec-example-speaker-prefix.en.srt")
    first, second = parsed.cues[:2]
    assert (first.speaker, first.text) == ("Travis", "When you first get started in podcasting, it's")
    assert second.speaker == "Travis"
    assert set(Counter(c.speaker for c in parsed.cues)) == {"Travis", "Gilon", "Sarah"}
    coffee = read_transcript(corpus / "podcast/virtual-coffee-s1e1-speaker-prefix.en.srt")
    assert {"Bekah", "Nick", "Dan"} == {c.speaker for c in coffee.cues}


def test_a_single_prefix_does_not_name_the_rest_of_the_talk(corpus):
    parsed = read_transcript(corpus / "srt/talk-1h33m-human.en.srt")
    named = [c for c in parsed.cues if c.speaker]
    assert [(c.speaker, c.text) for c in named] == [("Audience question", "Have You seen God Yourself?")]


def test_overlapping_auto_captions_are_trimmed_not_duplicated(corpus):
    parsed = read_transcript(corpus / "youtube_auto_srt/selenium-lecture-1h38m-overlapping.en.srt")
    for a, b in zip(parsed.cues, parsed.cues[1:]):
        assert a.end_ms <= b.start_ms
    assert parsed.cues[0].text == "so from today onwards so we are going to"
    assert (parsed.cues[0].start_ms, parsed.cues[0].end_ms) == (3120, 5040)
    assert sum(c.nonspeech for c in parsed.cues) == 5


def test_word_per_cue_asr_joins_lone_punctuation(corpus):
    parsed = read_transcript(corpus / "whisper/whisper-cpp-jfk-word-per-cue.en.srt")
    assert " ".join(c.text for c in parsed.cues) == \
        "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."


def test_bom_crlf_umlauts(corpus):
    parsed = read_transcript(corpus / "srt/3b1b-vectors-community-bom-crlf.de.srt")
    assert all("\r" not in c.text and "\ufeff" not in c.text for c in parsed.cues)
    assert any("ä" in c.text or "ü" in c.text or "ö" in c.text for c in parsed.cues)


ROLLING_SRT = """1
00:00:00,000 --> 00:00:02,119
there's no denying the MacBook Air 2020

2
00:00:02,119 --> 00:00:02,129
there's no denying the MacBook Air 2020

3
00:00:02,129 --> 00:00:05,360
there's no denying the MacBook Air 2020
is a pretty sleek little machine except

4
00:00:05,360 --> 00:00:05,370
is a pretty sleek little machine except

5
00:00:05,370 --> 00:00:07,880
is a pretty sleek little machine except
for one small flaw
"""


def test_rolling_srt_keeps_each_line_once():
    parsed = SubRip().parse(ROLLING_SRT, "auto.en.srt")
    assert [(c.start_ms, c.text) for c in parsed.cues] == [
        (0, "there's no denying the MacBook Air 2020"),
        (2129, "is a pretty sleek little machine except"),
        (5370, "for one small flaw"),
    ]
    assert parsed.meta.kind == "auto" and not parsed.punctuated


def test_dash_turns_split_a_cue_between_speakers():
    text = "1\n00:00:01,000 --> 00:00:03,000\n- Are you coming?\n- No.\n\n2\n00:00:03,000 --> 00:00:04,000\nFine.\n"
    cues = SubRip().parse(text, "t.srt").cues
    assert [(c.text, c.speaker) for c in cues] == [("Are you coming?", None), ("No.", None), ("Fine.", None)]
    assert cues[0].start_ms == 1000 and cues[0].end_ms == cues[1].start_ms and cues[1].end_ms == 3000


def test_markup_and_entities_are_removed():
    text = "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>Hello</i> <font color=\"#fff\">&amp;amp; bye</font>\n"
    assert SubRip().parse(text, "t.srt").cues[0].text == "Hello & bye"


def test_srt_sniffing_prefers_numbered_comma_blocks():
    text = "1\n00:00:01,000 --> 00:00:02,000\nhi\n"
    assert SubRip.sniff(text, "a.txt") >= 90 and WebVTT.sniff(text, "a.txt") < SubRip.sniff(text, "a.txt")
    assert parse_text(text, "a.txt").format == "srt.v1"
    assert SubRip.sniff("just some prose", "a.srt") == 0


def test_negative_start_is_clamped_and_no_cues_is_refused():
    parsed = SubRip().parse("1\n-00:00:01,000 --> 00:00:02,000\nhi\n", "t.srt")
    assert (parsed.cues[0].start_ms, parsed.cues[0].end_ms) == (0, 2000) and parsed.warnings
    with pytest.raises(ParseError):
        SubRip().parse("1\n2\n3\n", "t.srt")


_STAMP = st.builds(lambda neg, h, m, s, ms: f"{'-' if neg else ''}{h:02d}:{m:02d}:{s:02d},{ms:03d}",
                   st.booleans(), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), st.integers(0, 999))
_BLOCK = st.builds(lambda n, a, b, body: f"{n}\n{a} --> {b}\n{body}\n", st.integers(0, 50), _STAMP, _STAMP,
                   st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_BLOCK, st.text(max_size=20)), max_size=12), st.sampled_from(["\n", "\n\n", ""]))
def test_srt_like_text_raises_only_parse_error(blocks, sep):
    try:
        parsed = SubRip().parse(sep.join(blocks), "fuzz.srt")
    except ParseError:
        return
    for cue in parsed.cues:
        assert 0 <= cue.start_ms <= cue.end_ms
