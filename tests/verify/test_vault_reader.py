from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tubewiki.verify.vault_reader import parse_time, plain_text, read_article, read_vault

from .conftest import cite

PAGE = f"""---
title: "Bread, briefly"
videoId: vid00000001
aliases:
  - Loaves
---
# Bread

An opening line with no citation. [[yeast | Yeast]] turns **sugar** into gas. {cite("00:00:20")}

- Loaves *rise* in the oven. {cite("00:00:40")} {cite("00:01:00")}
- Wrong label here. {cite("00:00:40", "00:00:41")}
- Bad time. {cite("0:40")}

```
[[not-a-link]] {cite("00:09:99")}
```

See [[yeast|the yeast page]], [[folder/Sub Page#Part]] and [[missing]].
"""


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_frontmatter_title_and_video_are_read(tmp_path):
    page = read_article(write(tmp_path, "bread.md", PAGE), tmp_path)
    assert (page.path, page.title, page.video_id) == ("bread.md", "Bread, briefly", "vid00000001")


def test_claims_are_the_cited_sentences_as_plain_text(tmp_path):
    page = read_article(write(tmp_path, "bread.md", PAGE), tmp_path)
    assert [c.text for c in page.claims] == [
        "Yeast turns sugar into gas.",
        "Loaves rise in the oven.",
        "Wrong label here.",
        "Bad time.",
    ]
    assert [c.line for c in page.claims] == [9, 11, 12, 13]
    assert [[x.data_t for x in c.citations] for c in page.claims][1] == ["00:00:40", "00:01:00"]
    assert page.uncited[0] == (9, "An opening line with no citation.")


def test_citations_report_times_labels_and_page_video(tmp_path):
    page = read_article(write(tmp_path, "bread.md", PAGE), tmp_path)
    first, *_, wrong_label, bad = page.citations
    assert (first.time_ms, first.video_id, first.well_formed, first.label_matches) == (20_000, "vid00000001", True, True)
    assert wrong_label.well_formed and not wrong_label.label_matches and wrong_label.label == "00:00:41"
    assert not bad.well_formed and bad.time_ms is None
    assert len(page.citations) == 5  # the fenced code block is not read


def test_wikilinks_in_all_three_spellings_with_targets(tmp_path):
    page = read_article(write(tmp_path, "bread.md", PAGE), tmp_path)
    assert [(link.target, link.text) for link in page.links] == [
        ("yeast", "Yeast"), ("yeast", "the yeast page"), ("folder/Sub Page", None), ("missing", None),
    ]
    assert all(link.line in (9, 19) for link in page.links)


def test_link_targets_resolve_by_file_name_or_path_ignoring_case(tmp_path):
    write(tmp_path, "bread.md", PAGE)
    write(tmp_path, "Yeast.md", "# Yeast\n")
    write(tmp_path, "folder/Sub Page.md", "x\n")
    write(tmp_path, ".obsidian/hidden.md", "[[nowhere]]\n")
    vault = read_vault(tmp_path)
    assert [a.path for a in vault.articles] == ["Yeast.md", "bread.md", "folder/Sub Page.md"]
    assert vault.resolves("yeast") and vault.resolves("folder/Sub Page") and vault.resolves("Sub Page.md")
    assert not vault.resolves("missing") and not vault.resolves("hidden")


def test_plain_text_strips_markup_but_keeps_words():
    md = "**Bold** and _it_ with [[slug | anchor]], [[plain]], [text](http://x.y) and `code` &amp; <b>tag</b>"
    assert plain_text(md) == "Bold and it with anchor, plain, text and code & tag"
    assert plain_text("snake_case_name stays") == "snake_case_name stays"


def test_a_page_without_frontmatter_takes_its_heading_as_title(tmp_path):
    page = read_article(write(tmp_path, "x.md", f"# Hand written\n\nA claim. {cite('00:00:01')}\n"), tmp_path)
    assert (page.title, page.video_id, page.claims[0].line) == ("Hand written", None, 3)
    assert page.claims[0].citations[0].video_id is None


def test_a_citation_may_name_its_own_video(tmp_path):
    text = 'Said elsewhere. <a class="yt-timestamp" data-video="abcdefghijk" data-t="00:00:05">[00:00:05]</a>\n'
    page = read_article(write(tmp_path, "x.md", "---\nvideoId: zzzzzzzzzzz\n---\n" + text), tmp_path)
    assert page.citations[0].video_id == "abcdefghijk"


@given(st.integers(0, 99), st.integers(0, 59), st.integers(0, 59))
def test_parse_time_reads_every_hh_mm_ss(h, m, s):
    assert parse_time(f"{h:02d}:{m:02d}:{s:02d}") == ((h * 60 + m) * 60 + s) * 1000


@given(st.text(max_size=12))
def test_parse_time_refuses_anything_else(text):
    if not (len(text) == 8 and text[2] == text[5] == ":"):
        assert parse_time(text) is None


def test_parse_time_refuses_near_misses():
    for text in ("00:00:20\n", " 00:00:20", "0:00:20", "00:60:00", "00:00:7a", "١٢:٠٠:٠٠", None):
        assert parse_time(text) is None
