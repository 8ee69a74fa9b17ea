"""Article Markdown: the exact page format, citations, and inert transcript text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tubewiki.models import Article, Citation, Claim, Section
from tubewiki.render.links import LinkSpan
from tubewiki.render.markdown import (
    citation_html,
    format_timestamp,
    frontmatter,
    parse_timestamp,
    render_article,
    render_claim,
    yaml_scalar,
)

VID = "IHZwWFHWa-w"


def cite(ms: int, video: str = VID) -> tuple[Citation, ...]:
    return (Citation(video, ms),)


def small_article(**changes) -> Article:
    fields = dict(
        slug="gradient-descent-in-neural-networks",
        title="Gradient descent in neural networks",
        video_id=VID,
        channel_slug="3blue1brown",
        sections=(
            Section(
                None,
                2,
                (
                    Claim("Gradient descent adjusts a network's weights step by step to lower its cost.", cite(327_400)),
                    Claim("This is gradient descent in neural networks, in short", cite(330_000) + cite(331_999)),
                ),
            ),
            Section("The cost function", 2, (Claim("The cost adds up squared errors!", cite(3_725_000)),)),
            Section("Steps", 3, (Claim("Compute the gradient.", cite(400_000)), Claim("Step downhill", cite(401_000))), as_list=True),
        ),
        writer="extractive.v1",
    )
    fields.update(changes)
    return Article(**fields)


EXPECTED = """\
---
title: Gradient descent in neural networks
videoId: IHZwWFHWa-w
writer: extractive.v1
---

From: [[3blue1brown]] <br/> 

Gradient descent adjusts a network's weights step by step to lower its cost <a class="yt-timestamp" data-t="00:05:27">[00:05:27]</a>. \
This is **gradient descent in neural networks**, in short <a class="yt-timestamp" data-t="00:05:30">[00:05:30]</a> \
<a class="yt-timestamp" data-t="00:05:31">[00:05:31]</a>

## The cost function

The cost adds up squared errors <a class="yt-timestamp" data-t="01:02:05">[01:02:05]</a>!

### Steps

- Compute the gradient <a class="yt-timestamp" data-t="00:06:40">[00:06:40]</a>.
- Step downhill <a class="yt-timestamp" data-t="00:06:41">[00:06:41]</a>
"""


def test_small_article_renders_exactly():
    assert render_article(small_article(), channel_slug="3blue1brown") == EXPECTED


def test_frontmatter_carries_aliases_and_language_when_known():
    text = render_article(small_article(aliases=("GD", "Descent: the idea"), language="en"), channel_slug="c")
    head = text.split("---\n")[1]
    assert head == (
        "title: Gradient descent in neural networks\nvideoId: IHZwWFHWa-w\n"
        'aliases:\n  - GD\n  - "Descent: the idea"\nlanguage: en\nwriter: extractive.v1\n'
    )


def _load_frontmatter(text: str):
    yaml = pytest.importorskip("yaml")
    assert text.startswith("---\n") and text.endswith("\n---\n")
    return yaml.safe_load(text[4:-4])


def test_frontmatter_values_that_yaml_would_misread_are_quoted():
    values = ['Vectors: what are they?', '"quoted"', "- dash", "#hash", "yes", "123", "2017-10-05",
              "a\nb", "[list]", "{map}", "* star", "x # y", "café", "trailing ", "\u2028sep", "null", "dash-", "0b101", "1_000", "a\ufffeb"]
    for value in values:
        parsed = _load_frontmatter(frontmatter([("title", value)]))
        assert parsed == {"title": value}, value
    assert yaml_scalar("Gradient descent") == "Gradient descent"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_frontmatter_value_reads_back_unchanged(value):
    assert _load_frontmatter(frontmatter([("title", value)])) == {"title": value}


def test_timestamps_floor_to_the_second_with_two_digit_hours():
    assert format_timestamp(0) == "00:00:00"
    assert format_timestamp(327_999) == "00:05:27"
    assert format_timestamp(3_725_000) == "01:02:05"
    assert format_timestamp(100 * 3600 * 1000) == "100:00:00"
    assert parse_timestamp("01:02:05") == 3_725_000
    assert parse_timestamp("1:02:05") is None
    html = citation_html(61_500)
    assert html == '<a class="yt-timestamp" data-t="00:01:01">[00:01:01]</a>'


def test_citation_into_another_video_names_that_video():
    claim = Claim("Seen before.", cite(5_000, "other-id"))
    out = render_claim(claim, page_video=VID)
    assert 'data-video="other-id"' in out
    assert "href" not in out
    assert 'href="https://www.youtube.com/watch?v=other-id&amp;t=5s"' in render_claim(
        claim, page_video=VID, youtube_ids=frozenset({"other-id"})
    )


def _rendered_html(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[[../../etc/passwd]]",
    "see [here](javascript:alert(1)) and ![img](http://x/y.png)",
    "# heading",
    "> quoted",
    "- item",
    "+ item",
    "1. first",
    "3) third",
    "| a | b |",
    "```python",
    "~~~",
    "**bold** and _it_ and `code`",
    "$x^2$ ==mark== %%hidden%% #tag",
    "&lt;already&gt; &amp;",
    "line one\n# line two\n\n<div>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_caption_text_renders_as_plain_text(text):
    claim = Claim(text, cite(1_000))
    line = render_claim(claim, page_video=VID)
    html = _rendered_html(line)
    assert html.startswith("<p>"), html  # one paragraph: no heading, list, quote, table or code block
    assert html.count("<p>") == 1
    tags = set(re.findall(r"</?([a-zA-Z]+)", html))
    assert tags <= {"p", "a"}, html
    assert html.count("<a ") == 1  # only the citation anchor
    assert "[[" not in line and "]]" not in line
    assert "<script" not in line and "<img" not in line and "<div" not in line


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_one_paragraph_with_only_its_citation(text):
    line = render_claim(Claim(text, cite(2_000)), page_video=VID)
    html = _rendered_html(line)
    assert set(re.findall(r"</?([a-zA-Z0-9]+)", html)) <= {"p", "a"}
    assert html.count("<a ") == 1
    assert "[[" not in line and "]]" not in line


def test_citation_goes_before_the_final_punctuation():
    assert render_claim(Claim("It works.", cite(1_000)), page_video=VID).endswith("</a>.")
    assert render_claim(Claim('He said "yes?"', cite(1_000)), page_video=VID).endswith('</a>?"')
    assert render_claim(Claim("No stop", cite(1_000)), page_video=VID).endswith("[00:00:01]</a>")


def test_links_and_bold_are_placed_on_the_normalized_text():
    claim = Claim("A  neural\nnetwork learns.", cite(1_000))
    out = render_claim(claim, page_video=VID, links=[LinkSpan(2, 16, "neural-network")])
    assert out.startswith("A [[neural-network | neural network]] learns <a")
    out = render_claim(claim, page_video=VID, bold=(2, 16))
    assert out.startswith("A **neural network** learns <a")


def test_long_sections_break_into_paragraphs_of_about_five_claims():
    claims = tuple(Claim(f"Claim number {i}.", cite(i * 1000)) for i in range(11))
    text = render_article(small_article(sections=(Section(None, 2, claims),)), channel_slug="c")
    body = text.split("<br/> \n\n", 1)[1].strip()
    sizes = [p.count("yt-timestamp") for p in body.split("\n\n")]
    assert sizes == [5, 6]


def test_title_is_bolded_only_once_and_only_in_the_opening():
    article = small_article(
        sections=(
            Section(None, 2, (Claim("Nothing here.", cite(0)), Claim("Gradient Descent In Neural Networks twice: gradient descent in neural networks.", cite(1000)))),
            Section("More", 2, (Claim("Gradient descent in neural networks again.", cite(2000)),)),
        )
    )
    text = render_article(article, channel_slug="c")
    assert text.count("**") == 2
    assert "**Gradient Descent In Neural Networks**" in text
