"""WebVTT parser: golden checks over the shared corpus, edge cases, and property tests."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tubewiki.errors import ParseError
from tubewiki.ingest.decode import decode_bytes
from tubewiki.ingest.formats.srt import SubRip
from tubewiki.ingest.formats.webvtt import WebVTT
from tubewiki.ingest.reader import parse_text, read_transcript

# path, cues, first start, last end, kind, language, punctuated
GOLDEN = [
    ("malformed/student-vtt-colon-milliseconds.es.vtt", 1, 0, 3000, "unknown", "es", False),
    ("malformed/student-vtt-no-space-around-arrow.es.vtt", 18, 0, 339000, "unknown", "es", True),
    ("other_vtt/anime-fansub-bom.ru.vtt", 347, 12610, 1279540, "unknown", "ru", True),
    ("other_vtt/handmade-missing-cue-id-double-space.fr.vtt", 14, 0, 50750, "unknown", "fr", True),
    ("other_vtt/netflix-las-chicas-del-cable.es.vtt", 943, 7960, 3148600, "unknown", "es", True),
    ("other_vtt/webvtt-py-captions-with-bom.vtt", 4, 500, 21580, "unknown", None, False),
    ("podcast/podcastindex-spec-example-voice-tags.en.vtt", 7, 0, 25350, "unknown", "en", True),
    ("podcast/talkpython-001-old-long-cues.en.vtt", 468, 1, 2482100, "unknown", "en", True),
    ("podcast/talkpython-301-youtube-live-dash-turns.en.vtt", 1813, 0, 4570060, "unknown", "en", True),
    ("whisper/whisper-timestamped-smartphone-max6.fr.vtt", 506, 380, 177420, "asr", "fr", True),
    ("youtube_auto_vtt/claude-tutorial-32min-punctuated.en.vtt", 1025, 160, 1920559, "auto", "en", True),
    ("youtube_auto_vtt/french-3min-clip.fr.vtt", 54, 5040, 186159, "auto", "fr", False),
    ("youtube_auto_vtt/hindi-26min-devanagari.hi.vtt", 769, 80, 1594559, "auto", "hi", True),
    ("youtube_auto_vtt/livestream-council-meeting-concatenated-fragments.en.vtt", 2057, 116432, 3746467,
     "auto", "en", True),
    ("youtube_auto_vtt/macbook-air-fan-2020.en.vtt", 402, 0, 1016510, "auto", "en", False),
    ("youtube_auto_vtt/modernity-essay-music-marker.en.vtt", 397, 0, 1146960, "auto", "en", True),
    ("youtube_auto_vtt/song-lyrics-short.en.vtt", 27, 6799, 165160, "auto", "en", False),
    ("youtube_auto_vtt/vtuber-stream-2h28m-music-markers.en.vtt", 3381, 85805, 8878026, "auto", "en", True),
    ("youtube_auto_vtt/youtube-dl-fragment-style-block.en.vtt", 3, 286070, 305069, "auto", "en", False),
    ("youtube_manual_vtt/freelance-proposals-human-captions.en.vtt", 656, 14, 1593100, "manual", "en", True),
]
ROLLING = [row[0] for row in GOLDEN if row[0].startswith("youtube_auto_vtt/")
           and "livestream" not in row[0] and "fragment-style" not in row[0]]  # no blank-line blocks
_TIMING = re.compile(r"^(\S+) --> (\S+)")
_INLINE = re.compile(r"<\d\d:\d\d:\d\d\.\d{3}>")
_MARK = re.compile(r"\[[^\]]*\]|>>")


def _parse(corpus: Path, rel: str):
    return read_transcript(corpus / rel)


def _clock(s: str) -> int:
    h, m, sec = s.split(":")
    return (int(h) * 60 + int(m)) * 60_000 + round(float(sec) * 1000)


def spoken_words_in_source(path: Path) -> list[str]:
    """A deliberately simple reading of a yt-dlp rolling file: the last line of each cue
    is new speech when it carries inline times or differs from the line shown before."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    words: list[str] = []
    shown: str | None = None
    for block in text.split("\n\n"):
        lines = block.split("\n")
        timing = next((k for k, line in enumerate(lines) if " --> " in line), None)
        if timing is None:
            continue
        start, end = _TIMING.match(lines[timing]).groups()
        body = [line for line in lines[timing + 1:] if line.strip()]
        if not body:
            shown = None
            continue
        last, before = body[-1], shown
        shown = last
        if _clock(end) - _clock(start) <= 15:
            continue
        if _INLINE.search(last) or last.strip() != (before or "").strip():
            clean = html.unescape(html.unescape(re.sub(r"<[^>]*>", "", last))).replace("\xa0", " ")
            words.extend(_MARK.sub(" ", clean).split())
    return words


@pytest.mark.parametrize("rel,count,first,last,kind,language,punctuated", GOLDEN)
def test_corpus_file_parses_to_known_cues(corpus, rel, count, first, last, kind, language, punctuated):
    parsed = _parse(corpus, rel)
    assert parsed.format == "webvtt.v1"
    assert len(parsed.cues) == count
    assert parsed.cues[0].start_ms == first
    assert parsed.cues[-1].end_ms == last
    assert (parsed.meta.kind, parsed.meta.language, parsed.punctuated) == (kind, language, punctuated)
    for cue in parsed.cues:
        assert 0 <= cue.start_ms <= cue.end_ms
        assert cue.text == cue.text.strip() and "  " not in cue.text
        assert "<" not in cue.text or "<" in html.unescape(cue.text)
        assert "&amp;" not in cue.text and "&gt;" not in cue.text
    starts = [c.start_ms for c in parsed.cues]
    assert starts == sorted(starts)


def test_every_corpus_vtt_file_is_covered(corpus):
    on_disk = {str(p.relative_to(corpus)) for p in corpus.glob("*/*.vtt")}
    assert on_disk == {row[0] for row in GOLDEN}


@pytest.mark.parametrize("rel", ROLLING)
def test_rolling_captions_keep_each_spoken_word_once(corpus, rel):
    parsed = _parse(corpus, rel)
    got = [w.text for w in parsed.words]
    assert got == spoken_words_in_source(corpus / rel)
    assert " ".join(c.text for c in parsed.cues if not c.nonspeech) == " ".join(got)
    # no 6-word run is repeated more often than the source says it
    source = spoken_words_in_source(corpus / rel)
    grams = Counter(tuple(got[i:i + 6]) for i in range(len(got) - 5))
    said = Counter(tuple(source[i:i + 6]) for i in range(len(source) - 5))
    assert all(n <= said[g] for g, n in grams.items())


def test_rolling_words_carry_their_inline_times(corpus):
    parsed = _parse(corpus, "youtube_auto_vtt/macbook-air-fan-2020.en.vtt")
    words = parsed.words
    assert [(w.text, w.start_ms) for w in words[:4]] == [("there's", 0), ("no", 210), ("denying", 359), ("the", 690)]
    assert words[6].text == "2020" and words[6].start_ms == 1410
    assert words[7].text == "is" and words[7].start_ms == 2129  # untimed first word: cue start
    for a, b in zip(words, words[1:]):
        assert a.start_ms <= a.end_ms <= max(b.start_ms, a.end_ms)
    for cue in parsed.cues:
        for w in cue.words:
            assert cue.start_ms <= w.start_ms <= w.end_ms <= cue.end_ms


def test_repeated_phrase_after_cleared_window_is_kept(corpus):
    words = [w.text for w in _parse(corpus, "youtube_auto_vtt/song-lyrics-short.en.vtt").words]
    assert "down deep down deep down you hide" in " ".join(words)


def test_livestream_fragments_join_on_one_timeline(corpus):
    parsed = _parse(corpus, "youtube_auto_vtt/livestream-council-meeting-concatenated-fragments.en.vtt")
    text = " ".join(c.text for c in parsed.cues)
    assert text.startswith("And there will be no roll call at this time. Or we can do a roll call. Okay, Mr. Clerk,")
    assert "you, Mr. Chair." in text  # sub-word chunks "Cha" + "ir" joined into one word
    assert all(w.text not in {"t", "he", "re"} for w in parsed.words[:40])
    words = [w.text for w in parsed.words]
    repeated = sum(1 for n in Counter(tuple(words[i:i + 6]) for i in range(len(words) - 5)).values() if n > 1)
    assert repeated < 0.005 * len(words)
    assert parsed.cues[-1].end_ms < 2 * 3600_000  # MPEG-TS clock wrapped back, not 27 h
    assert any("MPEG-TS" in w for w in parsed.warnings)
    # the file's last cue continues a Spanish passage from the middle, not a second copy
    assert text.count("alto. Si el programa es eliminado.") == 1


def test_music_markers_are_nonspeech_and_never_words(corpus):
    parsed = _parse(corpus, "youtube_auto_vtt/modernity-essay-music-marker.en.vtt")
    first = parsed.cues[0]
    assert (first.text, first.nonspeech, first.start_ms, first.end_ms) == ("[Music]", True, 0, 5550)
    assert parsed.cues[1].text.startswith("Modernity has been sold")
    vtuber = _parse(corpus, "youtube_auto_vtt/vtuber-stream-2h28m-music-markers.en.vtt")
    assert vtuber.cues[0].text == "[music]" and vtuber.cues[0].nonspeech
    assert not any("[" in w.text or "]" in w.text or w.text == ">>" for w in vtuber.words)


def test_manual_captions_keep_sound_tags_and_dash_turns(corpus):
    parsed = _parse(corpus, "youtube_manual_vtt/freelance-proposals-human-captions.en.vtt")
    assert parsed.cues[0].text == "(upbeat music)" and parsed.cues[0].nonspeech
    assert parsed.cues[1].text == "Hi, everyone. Danny here from freelancetowin.com."
    assert not any(c.text.startswith("- ") for c in parsed.cues)


def test_voice_tags_become_speakers(corpus):
    parsed = _parse(corpus, "podcast/podcastindex-spec-example-voice-tags.en.vtt")
    assert [c.speaker for c in parsed.cues] == ["Sarah"] * 5 + ["Gillian"] * 2
    assert "Podcasting Q&A, where you learn" in parsed.cues[2].text


def test_sdh_name_labels_become_speakers_and_sound_labels_nonspeech(corpus):
    parsed = _parse(corpus, "other_vtt/netflix-las-chicas-del-cable.es.vtt")
    assert (parsed.cues[0].speaker, parsed.cues[0].text) == ("Alba", "En 1928,")
    speakers = Counter(c.speaker for c in parsed.cues if c.speaker)
    assert {"Alba", "Ángeles", "Pedro", "Sara"} <= set(speakers)
    assert all(c.speaker is None for c in parsed.cues if c.nonspeech)
    assert any(c.text == "[ríen emocionadas]" and c.nonspeech for c in parsed.cues)
    assert not any("<i>" in c.text or c.text.startswith("[") and not c.nonspeech for c in parsed.cues)


def test_missing_blank_lines_and_style_block(corpus):
    parsed = _parse(corpus, "youtube_auto_vtt/youtube-dl-fragment-style-block.en.vtt")
    assert [c.text for c in parsed.cues] == ["yeah", "what", "this will happen is I'm telling"]
    no_space = _parse(corpus, "malformed/student-vtt-no-space-around-arrow.es.vtt")
    assert no_space.cues[1].text == '"Huaraz: Cumbres Nevadas"' and no_space.cues[1].speaker is None
    assert (no_space.cues[-1].start_ms, no_space.cues[-1].end_ms) == (336000, 339000)


def test_colon_milliseconds_are_repaired_with_a_warning(corpus):
    parsed = _parse(corpus, "malformed/student-vtt-colon-milliseconds.es.vtt")
    assert [(c.start_ms, c.end_ms, c.text) for c in parsed.cues] == [(0, 3000, "HTML y HTML5")]
    assert any("repaired" in w for w in parsed.warnings)
    assert any("blank line" in w for w in parsed.warnings)


def test_bom_and_doubled_hour_field(corpus):
    parsed = _parse(corpus, "other_vtt/anime-fansub-bom.ru.vtt")
    assert parsed.cues[0].text.startswith("Мне страшно")
    assert any("00:00:05:13.120" in w for w in parsed.warnings)
    assert sum(1 for c in parsed.cues if 313000 <= c.start_ms <= 314000) == 1


def _vtt(body: str) -> str:
    return "WEBVTT\n\n" + body


def test_truncated_final_timing_line_is_dropped_with_warning():
    parsed = WebVTT().parse(_vtt("00:00:01.000 --> 00:00:02.000\nhello\n\n00:00:03.000 --> 00:0"), "t.vtt")
    assert [c.text for c in parsed.cues] == ["hello"]
    assert parsed.warnings


def test_unreadable_timing_line_names_the_line():
    with pytest.raises(ParseError) as err:
        WebVTT().parse(_vtt("00:00:01.000 --> 00:00:02.000\nhi\n\n00:00:xx --> 1\nthere\n\n"
                            "00:00:05.000 --> 00:00:06.000\nyo\n"), "t.vtt")
    assert err.value.where == "line 6"


def test_absurd_times_are_repaired_or_refused():
    parsed = WebVTT().parse(_vtt("00:00:05.000 --> 00:00:01.000\na\n\n00:00:06.000 --> 99:00:00.000\nb\n\n"
                                 "00:00:07.000 --> 00:00:08.000\nc\n"), "t.vtt")
    assert [(c.start_ms, c.end_ms) for c in parsed.cues] == [(5000, 6000), (6000, 7000), (7000, 8000)]
    assert len(parsed.warnings) == 2
    with pytest.raises(ParseError, match="48 hours"):
        WebVTT().parse(_vtt("50:00:00.000 --> 50:00:01.000\na\n"), "t.vtt")


def test_file_without_cues_is_refused():
    with pytest.raises(ParseError):
        WebVTT().parse("WEBVTT\n\nNOTE nothing here\n", "t.vtt")
    with pytest.raises(ParseError):
        WebVTT().parse(_vtt("00:00:01.000 --> 00:00:02.000\n\n"), "t.vtt")


def test_headerless_vtt_is_sniffed_from_its_timing_lines():
    text = "00:00.000 --> 00:01.500\nhola\n\n00:01.500 --> 00:03.000\nadiós\n"
    assert WebVTT.sniff(text, "x.txt") > SubRip.sniff(text, "x.txt")
    assert parse_text(text, "x.txt").format == "webvtt.v1"
    assert WebVTT.sniff("1\n00:00:01,000 --> 00:00:02,000\nhi\n", "x.vtt") == 0


def test_region_note_and_cue_settings_are_ignored():
    text = _vtt("REGION\nid:fred width:40%\n\nNOTE a comment\nspanning lines\n\nSTYLE\n::cue { color: red }\n\n"
                "intro\n00:01.000-->00:02.500 line:0 position:20%\n<b>Bold</b> &amp;amp; <c.yellow>fine</c>\n")
    parsed = WebVTT().parse(text, "t.vtt")
    assert [(c.start_ms, c.end_ms, c.text) for c in parsed.cues] == [(1000, 2500, "Bold & fine")]


_CLOCKS = st.builds(lambda h, m, s, ms, sep: f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}",
                    st.integers(0, 60), st.integers(0, 70), st.integers(0, 70), st.integers(0, 1200),
                    st.sampled_from([".", ",", ":"]))
_TEXT_LINES = st.sampled_from(["hello", "", " ", "[Music]", "<v Bob>hi", "- yes", "Ana: hola", "&amp;lt;i&gt;",
                               "word<00:00:01.500><c> next</c>", "WEBVTT", "NOTE x", "-->", "12", "♪"])
_LINES = st.one_of(st.builds(lambda a, b, extra: f"{a} --> {b}{extra}", _CLOCKS, _CLOCKS,
                             st.sampled_from(["", " align:start", "x"])), _TEXT_LINES, st.text(max_size=12))


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINES, max_size=25), st.booleans())
def test_any_text_raises_only_parse_error_and_keeps_times_ordered(lines, header):
    text = ("WEBVTT\n\n" if header else "") + "\n".join(lines)
    for fmt in (WebVTT(), SubRip()):
        try:
            parsed = fmt.parse(text, "fuzz")
        except ParseError:
            continue
        for cue in parsed.cues:
            assert 0 <= cue.start_ms <= cue.end_ms
            for w in cue.words:
                assert 0 <= w.start_ms <= w.end_ms


def test_decoded_crlf_and_bom_parse_like_plain_text():
    raw = "\ufeffWEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nhi\r\n".encode()
    parsed = WebVTT().parse(decode_bytes(raw, "t.vtt"), "t.vtt")
    assert [(c.start_ms, c.text) for c in parsed.cues] == [(1000, "hi")]
