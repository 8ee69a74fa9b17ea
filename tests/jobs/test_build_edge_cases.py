"""Awkward channels build into valid vaults: tiny, silent, foreign, duplicated, nameless, long."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tubewiki.jobs.add import add
from tubewiki.jobs.build import build
from tubewiki.nlp.embed import get_embedder
from tubewiki.store.db import connect
from tubewiki.store.videos import all_sentences, list_videos
from tubewiki.verify.check import check_vault

STAMP = re.compile(r'<a class="yt-timestamp" data-t="(\d\d:\d\d:\d\d)">\[(\d\d:\d\d:\d\d)\]</a>')


def srt(lines: list[str], gap: float = 3.0) -> str:
    out = []
    for i, text in enumerate(lines):
        a, b = i * gap, i * gap + gap - 0.2
        fmt = lambda s: f"{int(s // 3600):02d}:{int(s % 3600 // 60):02d}:{int(s % 60):02d},{int(s * 1000 % 1000):03d}"  # noqa: E731
        out.append(f"{i + 1}\n{fmt(a)} --> {fmt(b)}\n{text}\n")
    return "\n".join(out)


TOPIC_A = [f"The lighthouse keeper trims the wick of lamp number {i} before the storm arrives." for i in range(12)]
TOPIC_B = [f"Tide tables predict the harbour water level for day {i} of the month." for i in range(12)]
FRENCH = [f"La boulangère prépare {i} baguettes chaque matin avant l'ouverture du magasin." for i in range(14)]


@pytest.fixture()
def channel(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "One sentence [aaaaaaaaaa1].en.srt").write_text(srt(["Lighthouses guide ships safely into the harbour at night."]))
    (folder / "Silence [aaaaaaaaaa2].en.srt").write_text(srt(["[Music]", "[Applause]"]))
    (folder / "La boulangerie [aaaaaaaaaa3].fr.srt").write_text(srt(FRENCH))
    # two videos with the same title and the same topic: slugs must not collide
    (folder / "Lighthouses [aaaaaaaaaa4].en.srt").write_text(srt(TOPIC_A + TOPIC_B))
    (folder / "Lighthouses [aaaaaaaaaa5].en.srt").write_text(srt(TOPIC_A + TOPIC_B))
    # a long livestream: 5 hours of alternating topics
    long_lines = [(TOPIC_A if (i // 60) % 2 else TOPIC_B)[i % 12] for i in range(6000)]
    (folder / "Livestream [aaaaaaaaaa6].en.srt").write_text(srt(long_lines, gap=3.0))
    return folder


def test_awkward_channel_builds_a_vault_that_checks_clean(channel: Path, tmp_path: Path) -> None:
    conn = connect(tmp_path / "w.db")
    report = add(conn, [str(channel)])  # no channel name anywhere
    assert not report.errors
    assert any("Silence" in s for s in report.skipped)
    vault = tmp_path / "wiki"
    result = build(conn, vault, embedder_name="hash.v1")
    pages = sorted(p.relative_to(vault).as_posix() for p in vault.rglob("*.md"))
    assert "channel.md" in pages and "index.md" in pages
    videos = {v.id: v for v in list_videos(conn)}
    long_articles = [p for p in pages if (vault / p).read_text().count("videoId: aaaaaaaaaa6")]
    assert 10 <= len(long_articles) <= 200, len(long_articles)
    durations = {v.id: v.duration_ms for v in videos.values()}
    for page in pages:
        text = (vault / page).read_text()
        for data_t, label in STAMP.findall(text):
            assert data_t == label
        if "videoId: aaaaaaaaaa3" in text:
            assert "boulang" in text.lower()  # written in the transcript's own language
    # duplicate titles got distinct files; every link resolves and every citation is in range
    assert len({p for p in pages}) == len(pages)
    check = check_vault(vault, all_sentences(conn), durations, get_embedder("hash.v1"))
    kinds = {p.kind for p in check.problems}
    assert not kinds & {"broken-link", "malformed-citation", "label-mismatch", "out-of-range"}, check.render_text()
    assert result.articles >= 4


def _tiny_channel(folder: Path, n: int) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(n):
        lines = (TOPIC_A if i % 2 else TOPIC_B)[:] + FRENCH[:0]
        (folder / f"Talk {i} [bbbbbbbbbb{i}].en.srt").write_text(srt([f"{t} Part {i}." for t in lines]))


def test_same_inputs_give_byte_identical_vaults(tmp_path: Path) -> None:
    _tiny_channel(tmp_path / "in", 3)
    conn = connect(tmp_path / "w.db")
    add(conn, [str(tmp_path / "in")], channel="Harbour Talks")
    build(conn, tmp_path / "one", embedder_name="hash.v1")
    build(conn, tmp_path / "two", embedder_name="hash.v1")
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two and len(one) > 3


def test_adding_a_video_rewrites_only_what_changes(tmp_path: Path) -> None:
    _tiny_channel(tmp_path / "in", 4)
    conn = connect(tmp_path / "w.db")
    add(conn, [str(tmp_path / "in")], channel="Harbour Talks")
    first = build(conn, tmp_path / "wiki", embedder_name="hash.v1")
    again = build(conn, tmp_path / "wiki", embedder_name="hash.v1")
    assert again.written == () and again.drafts_written == 0
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "New talk [cccccccccc1].en.srt").write_text(srt([f"{t} Extra." for t in TOPIC_A]))
    add(conn, [str(tmp_path / "more")], channel="Harbour Talks")
    third = build(conn, tmp_path / "wiki", embedder_name="hash.v1")
    assert third.written and len(third.written) < len(first.written)
    assert third.drafts_written >= 1 and third.drafts_cached >= first.drafts_written - 2


def test_extractive_writer_says_it_keeps_the_source_language(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "La boulangerie [aaaaaaaaaa3].fr.srt").write_text(srt(FRENCH))
    conn = connect(tmp_path / "w.db")
    add(conn, [str(folder)])
    report = build(conn, tmp_path / "wiki", embedder_name="hash.v1", language="en")
    assert any("keeps each transcript's own language (fr)" in w for w in report.warnings)


def test_an_interrupted_build_resumes_to_the_same_vault(tmp_path: Path, monkeypatch) -> None:
    from tubewiki.write.extractive import ExtractiveWriter

    _tiny_channel(tmp_path / "in", 4)
    conn = connect(tmp_path / "w.db")
    add(conn, [str(tmp_path / "in")], channel="Harbour Talks")
    build(conn, tmp_path / "clean", embedder_name="hash.v1")

    conn2 = connect(tmp_path / "w2.db")
    add(conn2, [str(tmp_path / "in")], channel="Harbour Talks")
    real_write, calls = ExtractiveWriter.write, {"n": 0}

    def interrupted(self, topic):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # Ctrl-C in the middle of writing
        return real_write(self, topic)

    monkeypatch.setattr(ExtractiveWriter, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(conn2, tmp_path / "resumed", embedder_name="hash.v1")
    monkeypatch.setattr(ExtractiveWriter, "write", real_write)
    resumed = build(conn2, tmp_path / "resumed", embedder_name="hash.v1")
    assert resumed.drafts_cached == 2  # the two drafts written before the interruption were kept
    clean = {p.relative_to(tmp_path / "clean"): p.read_bytes() for p in (tmp_path / "clean").rglob("*.md")}
    again = {p.relative_to(tmp_path / "resumed"): p.read_bytes() for p in (tmp_path / "resumed").rglob("*.md")}
    assert clean == again
