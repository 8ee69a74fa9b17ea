"""YouTube timedtext XML (srv1/srv2/srv3) and TTML: golden files, edge cases, properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tubewiki.errors import ParseError
from tubewiki.ingest.decode import decode_bytes
from tubewiki.ingest.formats.ttml import Ttml
from tubewiki.ingest.formats.youtube_xml import YouTubeXml
from tubewiki.ingest.reader import read_transcript


def parse(fmt, corpus: Path, name: str):
    path = corpus / name
    return fmt().parse(decode_bytes(path.read_bytes(), str(path)), str(path))


def assert_sane(cues) -> None:
    for cue in cues:
        assert 0 <= cue.start_ms <= cue.end_ms
        for word in cue.words:
            assert 0 <= word.start_ms <= word.end_ms


# --- srv1 ---------------------------------------------------------------------------------

def test_srv1_double_escaped_entities_come_out_as_plain_characters(corpus):
    t = parse(YouTubeXml, corpus, "youtube_xml/srv1-explainer-double-escaped-entities.en.xml")
    assert len(t.cues) == 105
    assert (t.cues[0].start_ms, t.cues[0].end_ms) == (130, 3776)
    assert (t.cues[-1].start_ms, t.cues[-1].end_ms) == (330050, 332733)
    assert t.cues[1].text == "is Mother Shipton's Cave."
    assert t.cues[2].text == 'And the publicity claims that it is "England\'s oldest still-surviving tourist attraction".'
    assert not any("&" in c.text or "#39" in c.text for c in t.cues)
    assert t.meta.language == "en" and t.punctuated


def test_srv1_speaker_change_dashes_are_not_kept_in_the_text(corpus):
    t = parse(YouTubeXml, corpus, "youtube_xml/srv1-explainer-double-escaped-entities.en.xml")
    assert t.cues[0].text.startswith("Tucked away in the picturesque little village")
    assert not any(c.text.startswith("-") for c in t.cues)
    assert all("\n" not in c.text for c in t.cues)


def test_srv1_without_xml_declaration(corpus):
    t = parse(YouTubeXml, corpus, "youtube_xml/srv1-no-xml-declaration.en.xml")
    assert len(t.cues) == 118
    assert t.cues[0].start_ms == 1760
    assert (t.cues[-1].start_ms, t.cues[-1].end_ms) == (443100, 446740)
    assert "would've shaken apart" in t.cues[5].text


def test_srv1_swedish_text_is_trimmed_and_language_comes_from_the_name(corpus):
    t = parse(YouTubeXml, corpus, "youtube_xml/srv1-swedish-tabs.sv.xml")
    assert len(t.cues) == 20
    assert t.meta.language == "sv"
    assert t.cues[0].text == "Sätt sju ekorrar i rutan."
    assert t.cues[1].text == "Okej, så det är"
    assert (t.cues[-1].start_ms, t.cues[-1].end_ms) == (53318, 54543)
    assert all(c.text == c.text.strip() for c in t.cues)


def test_srv1_applause_cues_are_nonspeech(corpus):
    t = parse(YouTubeXml, corpus, "youtube_xml/srv1-talk-17min-double-escaped-multiline-text.en.xml")
    assert len(t.cues) == 312
    assert t.cues[0].start_ms == 12881
    assert t.cues[1].text == "It's a scene that played out in nearly all of our families."
    events = [c for c in t.cues if c.nonspeech]
    assert [c.text for c in events] == ["(Applause)", "(Applause)"]
    assert (t.cues[-1].start_ms, t.cues[-1].end_ms) == (1072422, 1074357)


def test_srv1_fixture_drops_empty_text_and_escaped_markup(corpus):
    t = parse(YouTubeXml, corpus, "youtube_xml/srv1-timedtext-youtube-transcript-api-fixture.xml")
    assert [c.text for c in t.cues] == [
        "Hey, this is just a test",
        "this is not the original transcript",
        "just something shorter, I made up for testing",
    ]
    assert t.cues[0].start_ms == 0 and t.cues[2].end_ms == 8939


# --- srv3 ---------------------------------------------------------------------------------

def test_srv3_append_paragraphs_are_not_cues_and_words_carry_times(corpus):
    t = parse(YouTubeXml, corpus, "youtube_xml/srv3-asr-pens-acconf.en.srv3.xml")
    assert len(t.cues) == 115
    assert len(t.words) == 830
    first = t.cues[0]
    assert first.text == "okay so now we should be recording so"
    assert [w.text for w in first.words][:3] == ["okay", "so", "now"]
    assert [w.start_ms for w in first.words][:3] == [30, 930, 1770]  # p.t + s.t
    assert first.words[0].confidence == pytest.approx(200 / 255, abs=0.001)
    assert t.cues[1].text == "what you do is you've got your SRT file"
    assert t.cues[-1].text == "that I guess"
    assert t.cues[-1].end_ms == 400710 + 2420
    assert t.meta.kind == "auto" and not t.punctuated
    assert_sane(t.cues)


def test_srv3_rolling_cues_end_where_the_next_line_starts(corpus):
    t = parse(YouTubeXml, corpus, "youtube_xml/srv3-asr-pens-acconf.en.srv3.xml")
    for a, b in zip(t.cues, t.cues[1:]):
        assert a.end_ms <= b.start_ms
        assert a.words[-1].end_ms <= b.start_ms


def test_srv3_music_span_is_nonspeech_and_not_a_word():
    doc = ('<timedtext format="3"><body><p t="0" d="900"><s>[Music]</s></p>'
           '<p t="1000" d="2000"><s ac="100">hi</s><s t="300"> [Music]</s><s t="600"> there</s></p></body></timedtext>')
    t = YouTubeXml().parse(doc, "clip.srv3")
    assert t.cues[0].nonspeech and t.cues[0].text == "[Music]"
    assert t.cues[1].text == "hi there"
    assert [(w.text, w.start_ms) for w in t.cues[1].words] == [("hi", 1000), ("there", 1600)]


def test_srv2_times_are_milliseconds():
    doc = '<timedtext><body><text t="1200" d="3000">Hi &amp;amp; bye</text></body></timedtext>'
    t = YouTubeXml().parse(doc, "a.srv2")
    assert [(c.start_ms, c.end_ms, c.text) for c in t.cues] == [(1200, 4200, "Hi & bye")]


def test_truncated_srv1_keeps_complete_cues_with_a_warning():
    doc = '<transcript><text start="1" dur="2">one</text><text start="3" dur="2">tw'
    t = YouTubeXml().parse(doc, "cut.xml")
    assert [c.text for c in t.cues] == ["one", "tw"]
    assert any("truncated" in w for w in t.warnings)


@pytest.mark.parametrize("doc, where", [
    ('<transcript><text start="1" dur="2">a</text>\n<text start="abc">b</text></transcript>', "element 2 (line 2)"),
    ('<transcript><text start="1e300" dur="1">a</text></transcript>', "element 1 (line 1)"),
    ('<transcript><text start="1" dur="-5">a</text></transcript>', "element 1 (line 1)"),
    ("<transcript>\n</transcript>", "line 2"),
    ("<html><body>nope</body></html>", "line 1"),
])
def test_broken_youtube_xml_names_the_place(doc, where):
    with pytest.raises(ParseError) as err:
        YouTubeXml().parse(doc, "bad.xml")
    assert err.value.where == where


# --- TTML ---------------------------------------------------------------------------------

TTML = "ttml/french-debate-2h33m-smpte-frames-unclosed-br.fr.ttml"


def test_ttml_smpte_frames_and_unclosed_br(corpus):
    t = parse(Ttml, corpus, TTML)
    # 2,493 captions; 117 hold a second "-Name:" turn after a <br> and are split in two, except
    # two whose second line is a bare "-Name:" with the words in the next caption
    assert len(t.cues) == 2493 + 117 - 2
    assert t.meta.language == "fr" and t.meta.kind == "manual"
    assert (t.cues[0].start_ms, t.cues[0].end_ms) == (0, 4960)  # 00:00:04:24 at 25 fps
    assert t.cues[0].nonspeech  # "..."
    assert (t.cues[1].start_ms, t.cues[1].end_ms) == (6800, 9920)  # 00:00:06:20 -> 00:00:09:23
    assert t.cues[1].text == "Bonsoir et bienvenue."
    assert t.cues[-1].end_ms == 9227480  # 02:33:47:12
    assert t.cues[-1].text == "pour votre choix de dimanche. Bonne soirée."
    assert any("25 fps" in w for w in t.warnings)
    assert_sane(t.cues)


def test_ttml_dash_prefixes_become_speakers_that_carry_over(corpus):
    t = parse(Ttml, corpus, TTML)
    assert t.cues[1].speaker == "N.Saint-Cricq"
    assert t.cues[2].text == "Bonsoir, M.Le Pen et E.Macron." and t.cues[2].speaker == "N.Saint-Cricq"
    speakers = {c.speaker for c in t.cues}
    assert speakers == {None, "N.Saint-Cricq", "C.Jakubyszyn", "M.Le Pen", "E.Macron"}
    assert not any(c.text.startswith("-") or ":" in c.text[:16] and c.text.split(":")[0] in speakers for c in t.cues)
    alone = next(c for c in t.cues if c.text == "Ce sont des déséquilibrés?")  # "-M.Le Pen:" <br> words
    assert alone.speaker == "M.Le Pen"
    split = [c for c in t.cues if c.text == "Je veux présider le pays."]
    assert len(split) == 1 and split[0].speaker == "E.Macron"
    before = t.cues[t.cues.index(split[0]) - 1]
    assert before.text == "Il faut dire la vérité." and before.speaker == "M.Le Pen"
    assert before.end_ms == split[0].start_ms


def test_ttml_red_captions_are_sound_events(corpus):
    t = parse(Ttml, corpus, TTML)
    events = [c for c in t.cues if c.nonspeech]
    assert [c.text for c in events[1:]] == ["[Ils parlent en même temps.]"] * 3
    assert all(c.speaker is None for c in events)
    # the fourth red line shares a caption with speech and is dropped from it
    assert any(c.text == "du libre-échange intégral." for c in t.cues)


def test_ttml_ticks_offsets_frames_agents_and_container_offsets():
    doc = """<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter"
      ttp:tickRate="10000000" ttp:frameRate="24" xml:lang="en-US">
    <head><metadata><ttm:agent xml:id="a1"><ttm:name>Ann Smith</ttm:name></ttm:agent></metadata></head>
    <body><div begin="10s">
      <p begin="0t" end="20000000t" ttm:agent="a1">Hello<br/>there</p>
      <p begin="2.5s" dur="500ms">short</p>
      <p begin="00:00:04:12" end="00:00:05.5">frames</p>
      <p><span begin="6s" end="6.5s">word</span> <span begin="6.5s" end="7s">two</span></p>
    </div></body></tt>"""
    t = Ttml().parse(doc, "x.ttml")
    assert [(c.start_ms, c.end_ms, c.text) for c in t.cues] == [
        (10000, 12000, "Hello there"), (12500, 13000, "short"), (14500, 15500, "frames"), (16000, 17000, "word two"),
    ]
    assert t.cues[0].speaker == "Ann Smith"
    assert [w.text for w in t.cues[3].words] == ["word", "two"]
    assert t.meta.language == "en-US"


def test_ttml_end_before_begin_is_repaired_with_a_warning():
    t = Ttml().parse('<tt><body><p begin="00:00:02.000" end="00:00:01.000">back</p></body></tt>', "x.ttml")
    assert (t.cues[0].start_ms, t.cues[0].end_ms) == (2000, 2000)
    assert t.warnings


def test_ttml_bad_time_names_the_element():
    with pytest.raises(ParseError) as err:
        Ttml().parse('<tt><body><p begin="1s" end="2s">a</p>\n<p begin="soon">b</p></body></tt>', "x.ttml")
    assert err.value.where == "element 2 (line 2)"


def test_detection_routes_xml_files_to_these_parsers(corpus):
    for name in sorted((corpus / "youtube_xml").iterdir()):
        assert read_transcript(name).format == "youtube-xml.v1"
    assert read_transcript(corpus / TTML).format == "ttml.v1"


# --- properties ---------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "<transcript>", "</transcript>", '<text start="1.5" dur="2">', '<text start="', '" dur="', "</text>",
    '<timedtext format="3">', "<body>", '<p t="100" d="900">', '<p t="', '" d="', "</p>", '<s t="', '<s ac="9">',
    "</s>", "<br>", "<br/>", '<tt xml:lang="fr">', '<p begin="00:00:01:05" end="', '00:00:02.5"', '12.5s"',
    '<span begin="1s">', "</span>", '<div begin="', "&amp;#39;", "&", "<", ">", "[Music]", "-Ann: hi", "\n", " ",
])
_DOCS = st.lists(st.one_of(_PIECES, st.text(max_size=8), st.integers(-5, 10**12).map(str)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_DOCS)
def test_xml_parsers_raise_only_parse_error_and_keep_times_ordered(doc):
    for fmt in (YouTubeXml, Ttml):
        try:
            t = fmt().parse(doc, "any.xml")
        except ParseError:
            continue
        assert t.cues
        assert_sane(t.cues)
        assert all(c.text for c in t.cues)
