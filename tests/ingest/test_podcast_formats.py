"""Transcriber .trs, Podcasting 2.0 JSON and HTML: golden files, edge cases, properties."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tubewiki.errors import ParseError
from tubewiki.ingest.decode import decode_bytes
from tubewiki.ingest.formats.podcast import PodcastHtml, PodcastJson, TranscriberTrs
from tubewiki.ingest.reader import read_transcript

TRS = "podcast/logbuch-netzpolitik-232-transcriber.de.trs"


def parse(fmt, corpus: Path, name: str):
    path = corpus / name
    return fmt().parse(decode_bytes(path.read_bytes(), str(path)), str(path))


def assert_sane(cues) -> None:
    for cue in cues:
        assert 0 <= cue.start_ms <= cue.end_ms
        for word in cue.words:
            assert 0 <= word.start_ms <= word.end_ms


# --- Transcriber --------------------------------------------------------------------------

def test_trs_one_cue_per_sync_with_named_speakers(corpus):
    t = parse(TranscriberTrs, corpus, TRS)
    assert len(t.cues) == 681  # 682 Syncs, one holds no text
    assert (t.cues[0].start_ms, t.cues[0].end_ms, t.cues[0].text) == (0, 2550, "Guten Morgen Thomas")
    assert t.cues[0].speaker == "Tim Pritlove" and t.cues[1].speaker == "Thomas Lohninger"
    assert {c.speaker for c in t.cues} == {"Tim Pritlove", "Thomas Lohninger"}
    assert (t.cues[-1].start_ms, t.cues[-1].end_ms) == (4654400, 4659620)
    assert t.cues[-1].text == "an alle Hörer, bis bald."
    assert t.meta.language == "de" and t.meta.kind == "manual" and t.punctuated
    assert_sane(t.cues)


def test_trs_sync_segments_end_at_the_next_sync(corpus):
    t = parse(TranscriberTrs, corpus, TRS)
    assert (t.cues[2].start_ms, t.cues[2].end_ms) == (25070, 31211)
    assert t.cues[2].text == "Logbuch Netzpolitik Nummer 232 und ihr werdet es schon ahnen:"
    assert all(a.end_ms <= b.start_ms for a, b in zip(t.cues, t.cues[1:]))


def test_trs_overlapping_speakers_and_events():
    doc = ('<Trans><Speakers><Speaker id="s1" name="Ann"/><Speaker id="s2" name="Bo"/></Speakers><Episode>'
           '<Section><Turn speaker="s1 s2" startTime="0" endTime="4"><Sync time="0"/><Who nb="1"/>hi<Who nb="2"/>ho'
           '<Sync time="2"/><Event desc="rire" type="noise" extent="instantaneous"/>ok</Turn>'
           '<Turn speaker="s2" startTime="4" endTime="6">no sync here</Turn></Section></Episode></Trans>')
    t = TranscriberTrs().parse(doc, "x.trs")
    assert [(c.start_ms, c.end_ms, c.speaker, c.text) for c in t.cues] == [
        (0, 2000, "Ann", "hi"), (0, 2000, "Bo", "ho"), (2000, 4000, "Bo", "ok"), (4000, 6000, "Bo", "no sync here"),
    ]


def test_trs_bad_sync_time_names_the_line():
    doc = '<Trans><Episode><Turn speaker="a" startTime="0">\n<Sync time="0"/>a\n<Sync time="x"/>b</Turn></Episode></Trans>'
    with pytest.raises(ParseError) as err:
        TranscriberTrs().parse(doc, "x.trs")
    assert err.value.where == "line 3"


# --- Podcasting 2.0 JSON ------------------------------------------------------------------

def test_podcast_json_word_segments_group_into_cues_per_speaker(corpus):
    t = parse(PodcastJson, corpus, "podcast/podcastindex-spec-example.json")
    assert [(c.speaker, c.text) for c in t.cues] == [("Darth Vader", "I am your father."), ("Luke", "Nooooo")]
    assert (t.cues[0].start_ms, t.cues[0].end_ms) == (500, 2500)
    assert [(w.text, w.start_ms, w.end_ms) for w in t.cues[0].words] == [
        ("I", 500, 750), ("am", 1000, 1250), ("your", 1500, 2000), ("father.", 2250, 2500)]
    assert (t.cues[1].start_ms, t.cues[1].end_ms) == (2750, 3000)


def test_podcast_json_phrase_segments_stay_cues():
    doc = json.dumps({"version": "1.0.0", "segments": [
        {"speaker": "A", "startTime": 1, "endTime": 3.5, "body": "Hello &amp; welcome."},
        {"startTime": 4, "endTime": 5, "body": "[Music]"}]})
    t = PodcastJson().parse(doc, "x.json")
    assert [(c.start_ms, c.end_ms, c.speaker, c.text, c.nonspeech) for c in t.cues] == [
        (1000, 3500, "A", "Hello & welcome.", False), (4000, 5000, None, "[Music]", True)]


@pytest.mark.parametrize("doc, where", [
    ('{"segments": [', "line 1"),
    ('{"segments": [{"startTime": "soon", "body": "x"}]}', "segment 1"),
    ('{"segments": [{"startTime": 1, "body": "a"}, {"startTime": -2, "body": "b"}]}', "segment 2"),
    ('{"segments": {}}', "line 1"),
])
def test_broken_podcast_json_names_the_place(doc, where):
    with pytest.raises(ParseError) as err:
        PodcastJson().parse(doc, "x.json")
    assert err.value.where == where


def test_podcast_json_sniff_leaves_other_json_alone():
    assert PodcastJson.sniff('{"segments": [{"start": 0, "end": 1, "text": "hi"}]}', "w.json") == 0
    assert PodcastJson.sniff('[{"text": "hi", "start": 0, "duration": 1}]', "y.json") == 0


# --- Podcasting 2.0 HTML ------------------------------------------------------------------

def test_podcast_html_cite_time_paragraphs(corpus):
    t = parse(PodcastHtml, corpus, "podcast/podcastindex-spec-example.html")
    assert len(t.cues) == 10
    assert [c.speaker for c in t.cues[:3]] == ["Travis", "Sarah", "Travis"]
    assert (t.cues[0].start_ms, t.cues[0].end_ms) == (0, 53000)  # ends at the next <time>
    assert t.cues[1].start_ms == 53000 and t.cues[2].start_ms == 102000
    assert t.cues[-1].start_ms == 691000 and t.cues[-1].end_ms > 691000
    assert t.cues[0].text.startswith("When you first get started in podcasting, it's almost guaranteed")
    assert not any("&#39;" in c.text for c in t.cues)
    assert_sane(t.cues)


def test_detection_routes_podcast_files_to_these_parsers(corpus):
    assert read_transcript(corpus / TRS).format == "transcriber-trs.v1"
    assert read_transcript(corpus / "podcast/podcastindex-spec-example.json").format == "podcast-json.v1"
    assert read_transcript(corpus / "podcast/podcastindex-spec-example.html").format == "podcast-html.v1"


# --- properties ---------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "<Trans>", "</Trans>", '<Speaker id="a" name="Ann"/>', '<Turn speaker="a b" startTime="1" endTime="', "</Turn>",
    '<Sync time="', '"/>', '<Who nb="2"/>', '<Event desc="x"/>', "<cite>Ann:</cite>", "<time>", "</time>", "1:02",
    "<p>", "</p>", '{"segments": [', '{"startTime": ', ', "endTime": ', ', "body": "', '"}', ", ", "]}", "\n",
])
_DOCS = st.lists(st.one_of(_PIECES, st.text(max_size=6), st.floats(allow_nan=True).map(str)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_DOCS)
def test_podcast_parsers_raise_only_parse_error_and_keep_times_ordered(doc):
    for fmt in (TranscriberTrs, PodcastJson, PodcastHtml):
        try:
            t = fmt().parse(doc, "any")
        except ParseError:
            continue
        assert t.cues
        assert_sane(t.cues)
