"""The static site: pages from the vault, relative links that resolve, hostile text kept as text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tubewiki.errors import TubewikiError
from tubewiki.render.site import build_site, site_is_current
from tubewiki.render.site.search_index import CHUNK_BYTES, SearchDoc, build_search_files, chunk_key, tokenize
from tubewiki.verify.vault_reader import read_vault

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "curious-minds-lab"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


@pytest.fixture(scope="module")
def sample_vault(tmp_path_factory) -> Path:
    from tubewiki.jobs.add import add
    from tubewiki.jobs.build import build
    from tubewiki.store.db import connect

    root = tmp_path_factory.mktemp("sample")
    conn = connect(root / "t.db")
    add(conn, [str(SAMPLES)])
    build(conn, root / "wiki", embedder_name="hash.v1")
    conn.close()
    return root / "wiki"


@pytest.fixture(scope="module")
def sample_site(sample_vault, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(sample_vault, out)
    return out


def test_every_vault_page_becomes_a_page(sample_vault, sample_site):
    for md in sample_vault.rglob("*.md"):
        if ".tubewiki" in md.parts:
            continue
        rel = md.relative_to(sample_vault).with_suffix(".html")
        assert (sample_site / rel).is_file(), rel
    assert (sample_site / "index.html").is_file()


def test_links_are_relative_and_resolve(sample_site):
    checked = 0
    for page in sample_site.rglob("*.html"):
        for tag, attrs in tags(page):
            url = attrs.get("href") or attrs.get("src")
            if tag not in ("a", "link", "script") or not url:
                continue
            if url.startswith(("https://www.youtube.com/watch", "https://youtu.be/")):
                continue
            assert "://" not in url and not url.startswith("/"), (page, url)
            target = (page.parent / url.split("#")[0]).resolve()
            assert target.is_file() and target.is_relative_to(sample_site.resolve()), (page, url)
            checked += 1
    assert checked > 20


def test_citations_keep_the_second_the_vault_cites(sample_vault, sample_site):
    vault = read_vault(sample_vault)
    article = next(a for a in vault.articles if a.path == "binary-search.md")
    wanted = sorted(c.time_ms // 1000 for c in article.citations)
    found = sorted(int(a["data-s"]) for t, a in tags(sample_site / "binary-search.html")
                   if t == "a" and "yt-timestamp" in (a.get("class") or ""))
    assert found == wanted and wanted


def test_player_only_for_real_youtube_ids(sample_site):
    with_id = (sample_site / "binary-search.html").read_text(encoding="utf-8")
    local = (sample_site / "black-tea.html").read_text(encoding="utf-8")
    assert 'id="tw-player" data-video-id="b1narySrch0"' in with_id
    assert "tw-player" not in local and "yt-timestamp" in local


def test_backlinks_name_the_pages_that_link_here(sample_site):
    page = (sample_site / "binary-search.html").read_text(encoding="utf-8")
    backlinks = page.split('<aside class="backlinks">')[1].split("</aside>")[0]
    assert 'href="curious-minds-lab.html"' in backlinks


def test_search_files_find_a_claim_of_the_sample(sample_site):
    meta = (sample_site / "_search" / "meta.js").read_text(encoding="utf-8")
    prefixes = set(json.loads(meta.split("=", 2)[-1].rstrip(";\n"))["prefixes"])
    term = tokenize("logarithm")[0]
    key = chunk_key(term, prefixes)
    chunk = (sample_site / "_search" / "t" / f"{key.encode().hex()}.js").read_text(encoding="utf-8")
    assert f'"{term}":[' in chunk


HOSTILE = """---
title: "<script>alert('title')</script>"
videoId: "\\"><script>alert(1)</script>"
---

# Heading <img src=x onerror=alert(2)>

A caption said <script>alert(3)</script> here <a class="yt-timestamp" data-t="00:00:05">[00:00:05]</a>.
Then "><img src=x onerror=alert(4)> and [[../../etc/passwd]] <a class="yt-timestamp" data-t="00:00:07" onclick="evil()">[00:00:07]</a>.
A bad one <a class="yt-timestamp" data-t='00:00:09" onmouseover="evil()'>[x]</a> and [click](javascript:alert(5)).

<iframe src="https://evil.example"></iframe>

- item with [[good]] link <a class="yt-timestamp" data-t="00:01:00" data-video="x&quot; onload=&quot;y">[00:01:00]</a>
"""


def hostile_vault(root: Path) -> Path:
    vault = root / "vault"
    (vault / "hubs").mkdir(parents=True)
    (vault / "bad.md").write_text(HOSTILE, encoding="utf-8")
    (vault / "good.md").write_text("---\ntitle: Good\nvideoId: abcdefghijk\n---\n\nLinks to [[bad]] "
                                   '<a class="yt-timestamp" data-t="00:00:01">[00:00:01]</a>.\n', encoding="utf-8")
    (vault / "hubs" / "Some Hub.md").write_text("---\ntitle: Hub\n---\n\n## [[good | Good]]\n", encoding="utf-8")
    (vault / "_site.md").write_text("a page whose name clashes with a site folder\n", encoding="utf-8")
    (vault / "CON.md").write_text("a name Windows refuses\n", encoding="utf-8")
    return vault


def test_hostile_vault_text_renders_as_text(tmp_path):
    out = tmp_path / "site"
    build_site(hostile_vault(tmp_path), out)
    page = out / "bad.html"
    text = page.read_text(encoding="utf-8")
    found = tags(page)
    scripts = [a for t, a in found if t == "script"]
    assert scripts == [{"type": "application/json", "id": "tw-local-graph"}, {"src": "_static/site.js"}]
    assert not [t for t, _ in found if t in ("img", "iframe")]
    assert not [name for _, a in found for name in a if name.startswith("on")]
    assert not [a for _, a in found if (a.get("href") or "").lower().startswith("javascript")]
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in text
    assert '<span class="broken-link">../../etc/passwd</span>' in text
    assert sorted(int(a["data-s"]) for t, a in found if "yt-timestamp" in (a.get("class") or "")) == [5, 7, 60]


def test_no_output_path_leaves_the_site_folder(tmp_path):
    out = tmp_path / "site"
    vault = hostile_vault(tmp_path)
    before = {p for p in tmp_path.rglob("*") if out not in p.parents}
    build_site(vault, out)
    after = {p for p in tmp_path.rglob("*") if out not in p.parents and p != out}
    assert after == before
    names = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert {"bad.html", "good.html", "hubs/some-hub.html", "site.html", "con-page.html", "index.html"} <= names


def test_rebuild_removes_pages_gone_from_the_vault(tmp_path):
    out = tmp_path / "site"
    vault = hostile_vault(tmp_path)
    build_site(vault, out)
    assert site_is_current(vault, out)
    (vault / "good.md").unlink()
    assert not site_is_current(vault, out)
    build_site(vault, out)
    assert not (out / "good.html").exists() and (out / "bad.html").is_file()
    assert "broken-link" in (out / "hubs" / "some-hub.html").read_text(encoding="utf-8")


def test_refuses_to_write_into_a_folder_that_is_not_a_site(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(TubewikiError, match="not empty"):
        build_site(hostile_vault(tmp_path), out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_tokenize_folds_accents_case_stopwords_and_plurals():
    assert tokenize("The Vaccines teach CAFÉ-goers: naïve cells!") == ["vaccine", "teach", "cafe", "goer", "naive", "cell"]
    assert tokenize("a I x") == []


def test_big_chunks_split_by_longer_prefixes_and_every_term_is_found():
    words = [f"co{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{i}" for i in range(3000)]
    docs = [SearchDoc(n, f"doc {n}", f"d{n}.html", tuple((n, w) for w in words[n % 40 :: 40])) for n in range(400)]
    files = build_search_files(docs)
    meta = json.loads(files["_search/meta.js"].split("=", 2)[-1].rstrip(";\n"))
    prefixes = set(meta["prefixes"])
    assert any(len(p) > 2 for p in prefixes)
    for word in words[::97]:
        key = chunk_key(word, prefixes)
        assert f'"{word}":[' in files[f"_search/t/{key.encode().hex()}.js"]
    sizes = [len(text) for path, text in files.items() if path.startswith("_search/t/")]
    assert max(sizes) < CHUNK_BYTES * 2
    assert re.fullmatch(r"\(window\.TWS=.*\)\.meta=\{.*\};\n", files["_search/meta.js"], re.S)


def test_site_command_builds_from_the_vault_alone(sample_vault, tmp_path):
    from click.testing import CliRunner

    from tubewiki.cli.context import AppContext
    from tubewiki.cli.site_cmds import site

    db = tmp_path / "absent.db"
    result = CliRunner().invoke(site, [str(sample_vault), "-o", str(tmp_path / "out")], obj=AppContext(db_override=str(db)))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "binary-search.html").is_file() and not db.exists()
    assert "articles" in result.output
