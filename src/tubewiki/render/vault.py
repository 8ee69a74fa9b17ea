"""Render articles into an Obsidian-compatible Markdown vault.

Like a static-site build, in four steps: :func:`collect` every page, slug and link
target; :func:`render_pages` to strings; :func:`check_pages` every link and citation
(``strict`` turns warnings into an error); then write only what changed.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ClassVar, Literal, Sequence

from pydantic import BaseModel, ConfigDict, Field

from ..errors import TubewikiError
from ..hashing import content_hash
from ..models import Article, Video
from . import pages as pg
from .links import MAX_LINKS, ClaimRef, LinkIndex, LinkSpan, LinkTarget, backlinks
from .markdown import claim_texts, parse_timestamp, render_article, title_mention
from .slugs import assign_unique, channel_slug, slugify
from .sync import apply_sync, plan_sync

INDEX = "index"
HUB_FOLDER = "hubs"

PageKind = Literal["article", "channel", "hub", "index"]
Progress = Callable[[int, int], None]

_WIKILINK = re.compile(r"\[\[([^\]|]*?)\s*(?:\|[^\]]*)?\]\]")
_CITATION = re.compile(r'<a class="yt-timestamp" data-t="([^"]*)"(?: data-video="([^"]*)")?[^>]*>\[([^\]]*)\]</a>')


@dataclass(slots=True)
class Page:
    path: str  # relative to the vault, forward slashes
    kind: PageKind
    video_id: str | None = None  # the video this page's bare citations point into
    text: str = ""

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".md")


@dataclass(slots=True)
class VaultPlan:
    """Everything collected before rendering: pages, slugs, links and known videos."""

    pages: list[Page]
    articles: dict[str, Article]  # final slug -> article
    channels: dict[str, tuple[str | None, list[Video]]]  # slug -> (name, videos)
    hubs: dict[str, tuple[str, list[str]]]  # slug -> (title, member article slugs)
    links: dict[str, dict[ClaimRef, tuple[LinkSpan, ...]]]  # article slug -> its links
    videos: dict[str, Video]
    video_channels: dict[str, str]  # video id -> channel page slug
    warnings: list[str] = field(default_factory=list)

    @property
    def backlinks(self) -> dict[str, tuple[str, ...]]:
        return backlinks(self.links)


@dataclass(frozen=True, slots=True)
class VaultResult:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    warnings: tuple[str, ...]
    kept: tuple[str, ...] = ()  # user files tubewiki left alone
    article_slugs: dict[str, str] = field(default_factory=dict)  # "video_id/slug" -> vault slug
    backlinks: dict[str, tuple[str, ...]] = field(default_factory=dict)


def article_key(article: Article) -> str:
    return f"{article.video_id}/{article.slug}"


def collect(
    articles: Sequence[Article],
    videos: Sequence[Video],
    hubs: Sequence[pg.HubPage] = (),
    *,
    max_links: int = MAX_LINKS,
) -> VaultPlan:
    """Give every page a unique slug and plan every article's links."""
    warnings: list[str] = []
    by_video = {v.id: v for v in sorted(videos, key=lambda v: (v.id, content_hash(v)))}
    ordered = sorted((_article_order(a, by_video), a) for a in dict.fromkeys(articles))
    for _, a in ordered:
        if a.video_id not in by_video:
            warnings.append(f"article {a.slug!r} belongs to unknown video {a.video_id!r}")

    video_channels, channels = _collect_channels(ordered, by_video)
    taken = [INDEX, *channels]
    slug_of = assign_unique(
        ((key, a.slug.strip() or slugify(a.title), a.video_id) for key, a in ordered), taken=taken
    )
    final = {slug_of[key]: a for key, a in ordered}
    targets = {
        s: LinkTarget(s, (a.title, *a.aliases), a.video_id, video_channels[a.video_id])
        for s, a in final.items()
    }
    index = LinkIndex(targets.values())
    links = {}
    for s, a in final.items():
        bold = title_mention(a)
        avoid = {bold[0]: bold[1]} if bold else {}
        links[s] = index.plan(targets[s], claim_texts(a), avoid=avoid, max_links=max_links)

    hub_items = sorted((h.title, h.key or "", h.members) for h in hubs)
    hub_slugs = assign_unique(
        ((f"{i:06d}", slugify(t, fallback="hub"), "hub") for i, (t, _, _) in enumerate(hub_items)),
        taken=[*taken, *final],
    )
    by_ref: dict[str, list[str]] = {}  # an article's own slug or "video_id/slug" -> vault slugs
    for s in slug_of.values():
        by_ref.setdefault(final[s].slug, []).append(s)
        by_ref.setdefault(article_key(final[s]), []).append(s)
    hub_pages: dict[str, tuple[str, list[str]]] = {}
    for i, (title, _, refs) in enumerate(hub_items):
        members = _resolve_members(refs, final, by_ref, title, warnings)
        hub_pages[hub_slugs[f"{i:06d}"]] = (title, members)

    pages = [Page(f"{INDEX}.md", "index")]
    pages += [Page(f"{s}.md", "channel") for s in channels]
    pages += [Page(f"{s}.md", "article", final[s].video_id) for s in final]
    pages += [Page(f"{HUB_FOLDER}/{s}.md", "hub") for s in hub_pages]
    pages.sort(key=lambda p: p.path)
    return VaultPlan(pages, final, channels, hub_pages, links, by_video, video_channels, warnings)


def _collect_channels(
    ordered: Sequence[tuple[str, Article]], by_video: dict[str, Video]
) -> tuple[dict[str, str], dict[str, tuple[str | None, list[Video]]]]:
    """Each video's channel page slug, and each channel page's name and videos.

    A video's channel is the slug its articles name, else one made from its channel name.
    """
    wanted: dict[str, str] = {}
    for _, a in ordered:
        wanted.setdefault(a.video_id, a.channel_slug.strip() or channel_slug(None))
    for vid, video in by_video.items():
        wanted.setdefault(vid, channel_slug(video.channel))
    slugs = assign_unique(((w, w, "channel") for w in set(wanted.values())), taken=[INDEX])
    video_channels = {vid: slugs[w] for vid, w in sorted(wanted.items())}
    channels: dict[str, tuple[str | None, list[Video]]] = {}
    for slug in sorted(set(slugs.values())):
        vids = [by_video[v] for v, s in video_channels.items() if s == slug and v in by_video]
        channels[slug] = (_channel_name(vids), vids)
    return video_channels, channels


def _channel_name(videos: Sequence[Video]) -> str | None:
    """The name most of the channel's videos give (ties: the first in sort order)."""
    names = sorted(" ".join(v.channel.split()) for v in videos if v.channel and v.channel.strip())
    return max(names, key=names.count) if names else None


def _article_order(article: Article, videos: dict[str, Video]) -> str:
    """Older videos first, so an existing article keeps its slug when newer ones arrive."""
    video = videos.get(article.video_id)
    date = (video and pg.video_date(video)) or "9999-99-99"
    digest = hashlib.sha256(repr(article).encode("utf-8")).hexdigest()
    return f"{date}\t{article.video_id}\t{article.slug}\t{digest}"


def _resolve_members(
    refs: Sequence[str], final: dict[str, Article], by_ref: dict[str, list[str]], hub: str, warnings: list[str]
) -> list[str]:
    members: list[str] = []
    for ref in refs:
        found = by_ref.get(ref) or ([ref] if ref in final else [])
        if not found:
            warnings.append(f"hub {hub!r}: no article {ref!r}")
        members += [s for s in found if s not in members]
    return members


def render_pages(plan: VaultPlan, progress: Progress | None = None) -> dict[str, str]:
    """Every page's Markdown, by path."""
    youtube_ids = frozenset(v.id for v in plan.videos.values() if v.youtube)
    by_video: dict[str, list[pg.PageLink]] = {}
    for s, a in sorted(plan.articles.items(), key=lambda kv: (kv[1].video_id, _first_time(kv[1]), kv[0])):
        by_video.setdefault(a.video_id, []).append(pg.PageLink(s, a.title))
    out: dict[str, str] = {}
    for done, page in enumerate(plan.pages, 1):
        if page.kind == "article":
            article = plan.articles[page.name]
            chan = plan.video_channels[article.video_id]
            page.text = render_article(article, channel_slug=chan, links=plan.links[page.name])
        elif page.kind == "channel":
            name, vids = plan.channels[page.name]
            page.text = pg.render_channel_page(name, vids, by_video)
        elif page.kind == "hub":
            title, members = plan.hubs[page.name]
            page.text = pg.render_hub_page(title, [(m, plan.articles[m]) for m in members], youtube_ids)
        else:
            page.text = pg.render_index(
                [pg.PageLink(s, name or pg.UNKNOWN_CHANNEL) for s, (name, _) in plan.channels.items()],
                [pg.PageLink(s, title) for s, (title, _) in plan.hubs.items()],
                [pg.PageLink(s, a.title) for s, a in plan.articles.items()],
            )
        out[page.path] = page.text
        if progress:
            progress(done, len(plan.pages))
    return out


def _first_time(article: Article) -> int:
    return min((c.time_ms for s in article.sections for cl in s.claims for c in cl.citations), default=0)


def check_pages(plan: VaultPlan) -> list[str]:
    """Links to missing pages and citations that do not match or fall outside their video."""
    names = {p.name for p in plan.pages}
    warnings = []
    for page in plan.pages:
        for m in _WIKILINK.finditer(page.text):
            if m.group(1).strip() not in names:
                warnings.append(f"{page.path}: link to missing page {m.group(1).strip()!r}")
        for m in _CITATION.finditer(page.text):
            stamp, video_id, label = m.group(1), m.group(2), m.group(3)
            video_id = html.unescape(video_id) if video_id is not None else page.video_id
            time_ms = parse_timestamp(stamp)
            video = plan.videos.get(video_id or "")
            if stamp != label or time_ms is None:
                warnings.append(f"{page.path}: citation data-t {stamp!r} does not match its label {label!r}")
            elif video is None:
                warnings.append(f"{page.path}: citation {stamp} points into unknown video {video_id!r}")
            elif video.duration_ms is not None and time_ms > video.duration_ms:
                warnings.append(f"{page.path}: citation {stamp} is past the end of video {video_id!r}")
    return warnings


def render_vault(
    vault_dir: Path | str,
    articles: Sequence[Article],
    videos: Sequence[Video],
    hubs: Sequence[pg.HubPage] = (),
    *,
    strict: bool = False,
    max_links: int = MAX_LINKS,
    progress: Progress | None = None,
) -> VaultResult:
    """Collect, render, check and write the vault; only changed pages are rewritten."""
    root = Path(vault_dir)
    if root.exists() and not root.is_dir():
        raise TubewikiError(f"{root}: not a directory")
    plan = collect(articles, videos, hubs, max_links=max_links)
    rendered = {path: text.encode("utf-8") for path, text in render_pages(plan, progress).items()}
    warnings = plan.warnings + check_pages(plan)
    sync = plan_sync(root, rendered)
    warnings += sync.warnings
    if strict and warnings:
        listed = "; ".join(warnings)
        raise TubewikiError(f"vault not written: {len(warnings)} warning(s) in strict mode: {listed}")
    root.mkdir(parents=True, exist_ok=True)
    apply_sync(root, rendered, sync)
    return VaultResult(
        written=sync.write,
        unchanged=sync.unchanged,
        removed=sync.remove,
        warnings=tuple(warnings),
        kept=sync.kept,
        article_slugs={article_key(a): s for s, a in sorted(plan.articles.items())},
        backlinks=plan.backlinks,
    )


class VaultOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    strict: bool = False
    max_links: int = Field(default=MAX_LINKS, ge=0)


class VaultRenderer:
    """The Obsidian vault renderer, registered as ``vault.v1``."""

    name: ClassVar[str] = "vault.v1"
    Options: ClassVar[type[VaultOptions]] = VaultOptions

    def __init__(self, options: VaultOptions | None = None):
        self.options = options or self.Options()

    def render(
        self,
        vault_dir: Path | str,
        articles: Sequence[Article],
        videos: Sequence[Video],
        hubs: Sequence[pg.HubPage] = (),
        progress: Progress | None = None,
    ) -> VaultResult:
        return render_vault(
            vault_dir, articles, videos, hubs,
            strict=self.options.strict, max_links=self.options.max_links, progress=progress,
        )
