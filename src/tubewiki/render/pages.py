"""Pages that gather articles: one per channel, one per hub, and the vault index."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence
from urllib.parse import quote

from ..models import Article, Claim, Video
from .markdown import escape_text, frontmatter, render_claim, wikilink, youtube_url

UNKNOWN_CHANNEL = "Unknown channel"
HUB_OPENING_CLAIMS = 2

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class HubPage:
    """A page gathering related articles; ``members`` are article slugs, in order."""

    title: str
    members: tuple[str, ...]
    key: str | None = None  # a stable id for the hub, used to keep its slug unique


@dataclass(frozen=True, slots=True)
class PageLink:
    """A link to a page of the vault: its slug and the title shown for it."""

    slug: str
    title: str


def video_date(video: Video) -> str | None:
    """The upload date when it is a real ISO date, else None."""
    date = (video.upload_date or "").strip()
    return date if _ISO_DATE.fullmatch(date) else None


def video_order(video: Video) -> tuple[bool, str, str, str]:
    """Dated videos first, oldest first; undated ones after, by title."""
    date = video_date(video)
    return (date is None, date or "", video.title.casefold(), video.id)


def video_url(video: Video) -> str | None:
    """Where the video can be watched: YouTube for real ids, else a plain http(s) URL."""
    if video.youtube:
        return youtube_url(video.id)
    url = (video.url or "").strip()
    if re.match(r"https?://[^\s/]", url) and not any(ord(c) < 32 or ord(c) == 127 for c in url):
        return quote(url, safe=":/?#@!$&'*+,;=%~.-_")
    return None


def _video_line(video: Video) -> str:
    title = escape_text(" ".join(video.title.split()) or video.id)
    url = video_url(video)
    shown = f"[{title}]({url})" if url else title
    date = video_date(video)
    return f"- {date} · {shown}" if date else f"- {shown}"


def render_channel_page(
    title: str | None,
    videos: Sequence[Video],
    articles_by_video: Mapping[str, Sequence[PageLink]],
) -> str:
    """A channel's videos by upload date, each with its articles as wikilinks."""
    lines = []
    for video in sorted(videos, key=video_order):
        lines.append(_video_line(video))
        lines.extend(f"  - {wikilink(a.slug, a.title)}" for a in articles_by_video.get(video.id, ()))
    blocks = [frontmatter([("title", title or UNKNOWN_CHANNEL)]).rstrip("\n"), "## Videos"]
    blocks.append("\n".join(lines) if lines else "No videos yet.")
    return "\n\n".join(blocks) + "\n"


def opening_claims(article: Article, count: int = HUB_OPENING_CLAIMS) -> tuple[Claim, ...]:
    """The first claims of the article's opening (or first) section."""
    return article.sections[0].claims[:count] if article.sections else ()


def render_hub_page(
    title: str,
    members: Sequence[tuple[str, Article]],
    youtube_ids: frozenset[str] = frozenset(),
) -> str:
    """Each member article's title link and its opening claims with their citations."""
    blocks = [frontmatter([("title", title)]).rstrip("\n")]
    for slug, article in members:
        blocks.append(f"## {wikilink(slug, article.title)}")
        claims = [render_claim(c, page_video=None, youtube_ids=youtube_ids) for c in opening_claims(article)]
        if claims:
            blocks.append(" ".join(claims))
    if len(blocks) == 1:
        blocks.append("No articles yet.")
    return "\n\n".join(blocks) + "\n"


def _link_list(heading: str, links: Sequence[PageLink]) -> list[str]:
    if not links:
        return []
    ordered = sorted(links, key=lambda p: (p.title.casefold(), p.slug))
    return [f"## {heading}", "\n".join(f"- {wikilink(p.slug, p.title)}" for p in ordered)]


def render_index(
    channels: Sequence[PageLink], hubs: Sequence[PageLink], articles: Sequence[PageLink]
) -> str:
    """The vault's front page: channels, hubs and every article, by title."""
    blocks = [frontmatter([("title", "Index")]).rstrip("\n")]
    blocks += _link_list("Channels", channels)
    blocks += _link_list("Hubs", hubs)
    blocks += _link_list("Articles", articles)
    return "\n\n".join(blocks) + "\n"
