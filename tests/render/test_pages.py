"""Channel, hub and index pages."""

from __future__ import annotations

from tubewiki.models import Article, Citation, Claim, Section, Video
from tubewiki.render.pages import PageLink, render_channel_page, render_hub_page, render_index


def video(vid: str, title: str, date: str | None = None, **kw) -> Video:
    return Video(id=vid, title=title, channel="3Blue1Brown", upload_date=date, **kw)


def test_channel_page_lists_videos_by_date_with_links_and_articles():
    videos = [
        video("bbbbbbbbbbb", "Gradient descent", "2017-10-16", youtube=True),
        video("aaaaaaaaaaa", "But what is a neural network?", "2017-10-05", youtube=True),
        video("local-1", "A talk [draft] <b>", None, url="file:///x"),
        video("ccccccccccc", "Undated on the web", "soon", url="https://example.org/v?a=1 b"),
    ]
    articles = {"bbbbbbbbbbb": [PageLink("gd", "Gradient descent"), PageLink("cost", "Cost | function")]}
    assert render_channel_page("3Blue1Brown", videos, articles) == (
        "---\ntitle: 3Blue1Brown\n---\n\n## Videos\n\n"
        "- 2017-10-05 · [But what is a neural network?](https://www.youtube.com/watch?v=aaaaaaaaaaa)\n"
        "- 2017-10-16 · [Gradient descent](https://www.youtube.com/watch?v=bbbbbbbbbbb)\n"
        "  - [[gd | Gradient descent]]\n"
        "  - [[cost | Cost / function]]\n"
        "- A talk &#91;draft&#93; &lt;b&gt;\n"
        "- [Undated on the web](https://example.org/v?a=1%20b)\n"
    )


def test_channel_page_without_a_name_has_a_clear_title():
    text = render_channel_page(None, [video("x", "Only video")], {})
    assert text.startswith("---\ntitle: Unknown channel\n---\n")
    assert "- Only video\n" in text


def test_hub_page_gathers_title_links_and_opening_claims_with_citations():
    article = Article(
        slug="nn", title="Neural network", video_id="aaaaaaaaaaa", channel_slug="c",
        sections=(Section(None, 2, tuple(Claim(f"Point {i}.", (Citation("aaaaaaaaaaa", i * 1000),)) for i in range(4))),),
        writer="extractive.v1",
    )
    text = render_hub_page("Networks", [("nn", article)], frozenset({"aaaaaaaaaaa"}))
    assert text.startswith("---\ntitle: Networks\n---\n\n## [[nn | Neural network]]\n\nPoint 0 <a ")
    assert text.count('class="yt-timestamp"') == 2
    assert 'data-video="aaaaaaaaaaa"' in text and "&amp;t=1s" in text


def test_index_lists_channels_hubs_and_articles_sorted_by_title():
    text = render_index(
        [PageLink("3blue1brown", "3Blue1Brown")],
        [],
        [PageLink("b", "beta"), PageLink("a", "Alpha")],
    )
    assert text == (
        "---\ntitle: Index\n---\n\n## Channels\n\n- [[3blue1brown | 3Blue1Brown]]\n\n"
        "## Articles\n\n- [[a | Alpha]]\n- [[b | beta]]\n"
    )
