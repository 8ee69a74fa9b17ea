"""The whole vault: slugs, links, checks, incremental writes and a contained directory."""

from __future__ import annotations

import json
import os
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest

from tubewiki.errors import TubewikiError
from tubewiki.models import Article, Citation, Claim, Section, Video
from tubewiki.registry import Registries
from tubewiki.render import register_builtins
from tubewiki.render.fsutil import UnsafePath, safe_join
from tubewiki.render.pages import HubPage
from tubewiki.render.vault import VaultRenderer, check_pages, collect, render_pages, render_vault

V1 = Video(id="aircAruvnKk", title="But what is a neural network?", channel="3Blue1Brown",
           duration_ms=1_140_000, upload_date="2017-10-05", youtube=True)
V2 = Video(id="IHZwWFHWa-w", title="Gradient descent, how neural networks learn", channel="3Blue1Brown",
           duration_ms=1_260_000, upload_date="2017-10-16", youtube=True)
V3 = Video(id="local-talk-1a2b3c", title="A local talk", channel=None, duration_ms=60_000)


def art(slug, title, video, claims, *, extra=(), aliases=()):
    cl = tuple(Claim(text, (Citation(video.id, ms),)) for text, ms in claims)
    sections = (Section(None, 2, cl), *extra)
    chan = "3blue1brown" if video.channel else "channel"
    return Article(slug, title, video.id, chan, sections, "extractive.v1", aliases=aliases)


def corpus():
    nn = art("neural-network", "Neural network", V1, [("A neural network is layers of neurons.", 10_000),
                                                      ("Gradient descent trains it.", 20_000)])
    gd = art("gradient-descent", "Gradient descent", V2, [("Gradient descent walks downhill on the cost.", 5_000)],
             extra=(Section("Details", 2, (Claim("Each neural network weight moves a little.", (Citation(V2.id, 30_000),)),)),))
    talk = art("talk-summary", "Talk summary", V3, [("This talk mentions gradient descent once.", 1_000)])
    hubs = [HubPage("Learning", ("neural-network", "gradient-descent"))]
    return [nn, gd, talk], [V1, V2, V3], hubs


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_vault_has_every_page_and_no_warnings(tmp_path):
    articles, videos, hubs = corpus()
    result = render_vault(tmp_path, articles, videos, hubs)
    assert result.warnings == ()
    assert sorted(files(tmp_path)) == [
        ".tubewiki/manifest.json", "3blue1brown.md", "channel.md", "gradient-descent.md",
        "hubs/learning.md", "index.md", "neural-network.md", "talk-summary.md",
    ]
    assert result.written == tuple(sorted(p for p in files(tmp_path) if p.endswith(".md")))
    talk = (tmp_path / "talk-summary.md").read_text()
    assert "videoId: local-talk-1a2b3c" in talk and "From: [[channel]] <br/> " in talk
    assert "[[gradient-descent | gradient descent]]" in talk
    assert (tmp_path / "channel.md").read_text().startswith("---\ntitle: Unknown channel\n")
    assert result.backlinks["gradient-descent"] == ("neural-network", "talk-summary")


def test_same_inputs_in_any_order_give_byte_identical_vaults(tmp_path):
    articles, videos, hubs = corpus()
    render_vault(tmp_path / "a", articles, videos, hubs)
    random.Random(4).shuffle(articles)
    render_vault(tmp_path / "b", articles, list(reversed(videos)), hubs)
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_second_run_writes_nothing(tmp_path):
    articles, videos, hubs = corpus()
    render_vault(tmp_path, articles, videos, hubs)
    before = {p: os.stat(tmp_path / p).st_mtime_ns for p in files(tmp_path)}
    result = render_vault(tmp_path, articles, videos, hubs)
    assert result.written == () and result.removed == ()
    assert len(result.unchanged) == 7
    assert {p: os.stat(tmp_path / p).st_mtime_ns for p in files(tmp_path)} == before


def test_changing_one_article_rewrites_only_the_pages_that_show_it(tmp_path):
    articles, videos, hubs = corpus()
    render_vault(tmp_path, articles, videos, hubs)
    gd = articles[1]
    details = Section("Details", 2, (Claim("Each weight moves a little.", (Citation(V2.id, 31_000),)),))
    articles[1] = replace(gd, sections=(gd.sections[0], details))
    assert render_vault(tmp_path, articles, videos, hubs).written == ("gradient-descent.md",)
    articles[1] = replace(articles[1], title="Gradient descent method", aliases=("Gradient descent",))
    written = render_vault(tmp_path, articles, videos, hubs).written
    assert set(written) == {"gradient-descent.md", "3blue1brown.md", "index.md", "hubs/learning.md"}


def test_stale_pages_are_removed_but_user_files_are_not(tmp_path):
    articles, videos, hubs = corpus()
    render_vault(tmp_path, articles, videos, hubs)
    (tmp_path / "my-notes.md").write_text("mine")
    (tmp_path / "hubs" / "own-hub.md").write_text("mine too")
    edited = tmp_path / "neural-network.md"
    edited.write_text(edited.read_text() + "\nMy own remark.\n")
    result = render_vault(tmp_path, articles[1:], videos[1:], [])
    assert result.removed == ("hubs/learning.md",)
    assert "neural-network.md" in result.kept
    assert any("edited by hand" in w for w in result.warnings)
    assert (tmp_path / "my-notes.md").read_text() == "mine"
    assert (tmp_path / "hubs" / "own-hub.md").read_text() == "mine too"
    assert edited.exists()
    manifest = json.loads((tmp_path / ".tubewiki/manifest.json").read_text())["pages"]
    assert "neural-network.md" not in manifest and "hubs/learning.md" not in manifest


def test_a_stale_page_is_removed_and_its_empty_folder_too(tmp_path):
    articles, videos, hubs = corpus()
    render_vault(tmp_path, articles, videos, hubs)
    result = render_vault(tmp_path, articles, videos, [])
    assert result.removed == ("hubs/learning.md",)
    assert not (tmp_path / "hubs").exists()


def test_a_user_file_in_the_way_is_never_overwritten(tmp_path):
    articles, videos, hubs = corpus()
    (tmp_path / "neural-network.md").write_text("the user's own page")
    result = render_vault(tmp_path, articles, videos, hubs)
    assert result.kept == ("neural-network.md",)
    assert (tmp_path / "neural-network.md").read_text() == "the user's own page"
    with pytest.raises(TubewikiError, match="not written by tubewiki"):
        render_vault(tmp_path, articles, videos, hubs, strict=True)


def test_strict_mode_fails_on_a_citation_past_the_end_and_writes_nothing(tmp_path):
    articles, videos, hubs = corpus()
    articles[2] = art("talk-summary", "Talk summary", V3, [("Said after the end.", 61_000)])
    with pytest.raises(TubewikiError, match="past the end of video 'local-talk-1a2b3c'"):
        render_vault(tmp_path / "v", articles, videos, hubs, strict=True)
    assert not (tmp_path / "v").exists()
    result = render_vault(tmp_path / "v", articles, videos, hubs)
    assert len(result.warnings) == 1 and "talk-summary.md" in result.warnings[0]


def test_check_finds_broken_links_and_mismatched_citations():
    articles, videos, hubs = corpus()
    plan = collect(articles, videos, hubs)
    render_pages(plan)
    page = next(p for p in plan.pages if p.path == "neural-network.md")
    page.text += '\n[[nowhere | x]] <a class="yt-timestamp" data-t="00:00:10">[00:00:11]</a>\n'
    warnings = check_pages(plan)
    assert any("missing page 'nowhere'" in w for w in warnings)
    assert any("does not match its label '00:00:11'" in w for w in warnings)
    assert len(warnings) == 2


def test_duplicate_titles_across_videos_get_distinct_pages_and_links_resolve(tmp_path):
    a = art("intro", "Introduction", V1, [("An intro to networks.", 1_000)])
    b = art("intro", "Introduction", V2, [("An intro to descent.", 2_000)])
    c = art("summary", "Summary", V2, [("As the introduction said, it works.", 3_000)])
    result = render_vault(tmp_path, [b, c, a], [V1, V2], [HubPage("Intros", ("intro",))])
    assert result.warnings == ()
    assert result.article_slugs == {"aircAruvnKk/intro": "intro", "IHZwWFHWa-w/intro": "intro-ihzwwfhwa-w",
                                    "IHZwWFHWa-w/summary": "summary"}
    assert "[[intro-ihzwwfhwa-w | introduction]]" in (tmp_path / "summary.md").read_text()
    hub = (tmp_path / "hubs" / "intros.md").read_text()
    assert "[[intro | Introduction]]" in hub and "[[intro-ihzwwfhwa-w | Introduction]]" in hub


def test_hostile_titles_and_slugs_stay_inside_the_vault(tmp_path):
    vault = tmp_path / "vault"
    evil = art("../../escape", "../../etc/passwd", V1, [("A hostile <script>x</script> [[../../etc]].", 1_000)])
    hub = HubPage("../hub/../../x", ("../../escape",))
    result = render_vault(vault, [evil], [V1], [hub])
    assert result.warnings == ()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md")) == [
        "vault/3blue1brown.md", "vault/escape.md", "vault/hubs/hub-x.md", "vault/index.md",
    ]
    text = (vault / "escape.md").read_text()
    assert 'title: ../../etc/passwd' in text or 'title: "../../etc/passwd"' in text
    assert "<script>" not in text and "[[../../etc]]" not in text


def test_no_link_is_ever_placed_inside_a_citation(tmp_path):
    a = art("class-notes", "Yt timestamp class", V1, [("Nothing to see.", 1_000)])
    b = art("other", "Other", V1, [("The yt timestamp class is mentioned.", 2_000)] * 3)
    render_vault(tmp_path, [a, b], [V1])
    for path in tmp_path.glob("*.md"):
        for anchor in re.findall(r"<a [^>]*>.*?</a>", path.read_text()):
            assert "[[" not in anchor


def test_manifest_entries_outside_the_vault_are_refused(tmp_path):
    vault = tmp_path / "vault"
    articles, videos, hubs = corpus()
    render_vault(vault, articles, videos, hubs)
    outside = tmp_path / "outside.md"
    outside.write_text("keep me")
    manifest = vault / ".tubewiki" / "manifest.json"
    data = json.loads(manifest.read_text())
    from tubewiki.hashing import bytes_hash

    data["pages"]["../outside.md"] = bytes_hash(b"keep me")
    manifest.write_text(json.dumps(data))
    result = render_vault(vault, articles, videos, hubs)
    assert outside.read_text() == "keep me"
    assert any("refusing path outside the vault" in w for w in result.warnings)


@pytest.mark.parametrize("rel", ["../x.md", "/etc/passwd", "a/../../b.md", "a\\..\\b.md", "C:/x.md", "", "a//b.md", "./a.md"])
def test_safe_join_refuses_paths_that_leave_the_vault(tmp_path, rel):
    with pytest.raises(UnsafePath):
        safe_join(tmp_path, rel)


def test_safe_join_refuses_symlinks_out_of_the_vault(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (vault / "hubs").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafePath):
        safe_join(vault, "hubs/x.md")
    assert safe_join(vault, "ok.md") == (vault / "ok.md").resolve()


def test_vault_renderer_is_registered_as_a_versioned_backend(tmp_path):
    registries = Registries()
    register_builtins(registries)
    assert registries.renderers._items["vault.v1"] is VaultRenderer
    renderer = VaultRenderer(VaultRenderer.Options(strict=True, max_links=0))
    articles, videos, hubs = corpus()
    result = renderer.render(tmp_path, articles, videos, hubs)
    assert result.backlinks == {}
    with pytest.raises(Exception):
        VaultRenderer.Options(unknown=True)


def test_an_article_of_an_unknown_video_is_rendered_with_a_warning(tmp_path):
    orphan = art("orphan", "Orphan", V1, [("Nobody knows this video.", 1_000)])
    result = render_vault(tmp_path, [replace(orphan, video_id="gone", channel_slug="lost")], [])
    assert any("unknown video 'gone'" in w for w in result.warnings)
    assert "From: [[lost]] <br/> " in (tmp_path / "orphan.md").read_text()
    assert (tmp_path / "lost.md").exists()
    assert not any("missing page" in w for w in result.warnings)


def test_a_build_killed_while_writing_resumes_without_orphans(tmp_path, monkeypatch) -> None:
    """Pages written before a crash are recognised as tubewiki's own by the next run."""
    from tubewiki.render import sync

    pages = {"a.md": b"one\n", "b.md": b"two\n", "c.md": b"three\n"}
    calls = {"n": 0}
    real_write = sync.atomic_write

    def dying_write(path, data):
        if path.name.endswith(".md"):
            calls["n"] += 1
            if calls["n"] == 2:
                raise KeyboardInterrupt
        real_write(path, data)

    monkeypatch.setattr(sync, "atomic_write", dying_write)
    try:
        sync.apply_sync(tmp_path, pages, sync.plan_sync(tmp_path, pages))
    except KeyboardInterrupt:
        pass
    monkeypatch.setattr(sync, "atomic_write", real_write)
    changed = {"a.md": b"one v2\n", "b.md": b"two\n", "c.md": b"three\n"}
    plan = sync.plan_sync(tmp_path, changed)
    assert plan.kept == () and "a.md" in plan.write
    sync.apply_sync(tmp_path, changed, plan)
    assert (tmp_path / "a.md").read_bytes() == b"one v2\n"
