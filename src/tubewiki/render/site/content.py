"""One vault page's markdown to safe HTML, built from parsed tokens.

Nothing from the vault passes through as HTML. Before parsing, the pieces we understand
(``yt-timestamp`` citations, ``[[wikilinks]]`` and ``<br>``) are swapped for placeholders;
markdown-it then parses with raw HTML off, and this module writes every element itself
from an allow-list, escaping all text. Citations are rebuilt from a validated ``data-t``.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ...verify.vault_reader import parse_time

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_CITATION = re.compile(r"<a\b(?P<attrs>[^>]*\byt-timestamp\b[^>]*)>(?P<label>.*?)</a\s*>", re.S | re.I)
_DATA_T = re.compile(r"""\bdata-t\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_DATA_VIDEO = re.compile(r"""\bdata-(?:video|video-id|vid)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_WIKILINK = re.compile(r"!?\[\[([^\[\]\n]+?)\]\]")
_BR = re.compile(r"<br\s*/?>", re.I)
_HOLE = re.compile("\ue000(\\d+)\ue001")
_SAFE_VIDEO = re.compile(r"[A-Za-z0-9_.:-]{1,100}")
_SCHEMES = ("http://", "https://", "mailto:")

_md = MarkdownIt("commonmark", {"html": False, "linkify": False})
_md.disable("image")

# block tokens written as plain tags (open/close pairs)
_PLAIN = {
    "paragraph": "p", "bullet_list": "ul", "ordered_list": "ol", "list_item": "li", "blockquote": "blockquote",
    "strong": "strong", "em": "em", "s": "s",
}


def is_youtube_id(video_id: str | None) -> bool:
    return bool(video_id) and YOUTUBE_ID.fullmatch(video_id or "") is not None


def youtube_link(video_id: str, seconds: int | None = None) -> str:
    url = f"https://www.youtube.com/watch?v={quote(video_id, safe='')}"
    return url if seconds is None else f"{url}&t={seconds}s"


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where a wikilink lands: the page's URL relative to the site root, its number and title."""

    url: str
    number: int
    title: str


@dataclass(slots=True)
class RenderedBody:
    html: str
    links: list[int] = field(default_factory=list)  # page numbers linked to, in order, no repeats
    first_paragraph: str = ""  # plain text of the first paragraph with prose


Resolver = Callable[[str], LinkTarget | None]


def _attr(attrs: str, pattern: re.Pattern) -> str | None:
    m = pattern.search(attrs)
    return None if m is None else (m.group(1) if m.group(1) is not None else m.group(2))


class _Renderer:
    def __init__(self, page_video: str | None, resolve: Resolver, root: str):
        self.page_video = page_video
        self.resolve = resolve
        self.root = root
        self.holes: list[tuple[str, str]] = []  # (html, plain text)
        self.links: dict[int, None] = {}

    # -- placeholders -------------------------------------------------------------------
    def _hole(self, markup: str, plain: str) -> str:
        self.holes.append((markup, plain))
        return f"\ue000{len(self.holes) - 1}\ue001"

    def _citation(self, m: re.Match) -> str:
        attrs = m.group("attrs")
        data_t = _attr(attrs, _DATA_T)
        ms = parse_time(data_t)
        label = html.unescape(re.sub(r"<[^>]+>", "", m.group("label"))).strip()
        if ms is None:  # not a citation we can trust: its visible text only
            return self._hole(f'<span class="bad-citation">{html.escape(label)}</span>', label)
        seconds = ms // 1000
        stamp = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        video = _attr(attrs, _DATA_VIDEO) or self.page_video
        video = video if video and _SAFE_VIDEO.fullmatch(video) else None
        parts = [f'class="yt-timestamp" data-t="{stamp}" data-s="{seconds}"']
        if video:
            parts.append(f'data-video="{html.escape(video)}"')
            if is_youtube_id(video):
                parts.append(f'href="{html.escape(youtube_link(video, seconds))}"')
        if video and video != self.page_video:
            parts.append('data-other="1" target="_blank" rel="noopener noreferrer"')
        else:
            parts.append('role="button" tabindex="0"')
        return self._hole(f"<a {' '.join(parts)}>[{stamp}]</a>", "")

    def _wikilink(self, m: re.Match) -> str:
        target, bar, text = m.group(1).partition("|")
        target = target.rstrip("\\").split("#")[0].split("^")[0].strip()
        shown = (text.strip() if bar else "") or target
        found = self.resolve(target) if target else None
        if found is not None and not (bar and text.strip()):
            shown = found.title
        if found is None:
            return self._hole(f'<span class="broken-link">{html.escape(shown)}</span>', shown)
        self.links.setdefault(found.number, None)
        href = html.escape(self.root + found.url)
        return self._hole(f'<a class="wikilink" href="{href}" data-n="{found.number}">{html.escape(shown)}</a>', shown)

    def prepare(self, text: str) -> str:
        text = text.replace("\ue000", "").replace("\ue001", "")
        text = _CITATION.sub(self._citation, text)
        text = _WIKILINK.sub(self._wikilink, text)
        return _BR.sub(lambda m: self._hole("<br>", " "), text)

    # -- tokens to HTML -----------------------------------------------------------------
    def text(self, content: str) -> str:
        out, at = [], 0
        for m in _HOLE.finditer(content):
            out.append(html.escape(content[at : m.start()]))
            out.append(self.holes[int(m.group(1))][0])
            at = m.end()
        out.append(html.escape(content[at:]))
        return "".join(out)

    def plain(self, content: str) -> str:
        return _HOLE.sub(lambda m: self.holes[int(m.group(1))][1], content)

    def inline(self, children: list[Token]) -> str:
        out: list[str] = []
        in_link = 0
        for tok in children:
            kind = tok.type
            if kind == "text":
                out.append(html.escape(self.plain(tok.content)) if in_link else self.text(tok.content))
            elif kind == "code_inline":
                out.append(f"<code>{html.escape(self.plain(tok.content))}</code>")
            elif kind == "softbreak":
                out.append("\n")
            elif kind == "hardbreak":
                out.append("<br>")
            elif kind == "link_open":
                href = str(tok.attrs.get("href", ""))
                if href.lower().startswith(_SCHEMES) and not any(ord(c) < 33 for c in href):
                    out.append(f'<a class="external" href="{html.escape(href)}" rel="noopener noreferrer">')
                else:
                    out.append('<a class="external">')
                in_link += 1
            elif kind == "link_close":
                out.append("</a>")
                in_link = max(0, in_link - 1)
            elif kind.endswith(("_open", "_close")) and kind.rsplit("_", 1)[0] in _PLAIN:
                tag = _PLAIN[kind.rsplit("_", 1)[0]]
                out.append(f"<{tag}>" if kind.endswith("_open") else f"</{tag}>")
            else:  # anything else shows as the text it holds
                out.append(html.escape(self.plain(tok.content)))
        return "".join(out)

    def block(self, tokens: list[Token]) -> tuple[str, str]:
        out: list[str] = []
        first = ""
        for i, tok in enumerate(tokens):
            kind = tok.type
            if kind == "inline":
                out.append(self.inline(tok.children or []))
                parent = tokens[i - 1].type if i else ""
                if not first and parent == "paragraph_open":
                    prose = " ".join(self.plain(tok.content).split())
                    first = prose if len(prose.split()) >= 4 else ""
            elif tok.hidden and kind in ("paragraph_open", "paragraph_close"):
                continue  # tight list items
            elif kind == "heading_open":
                level = min(6, max(2, int(tok.tag[1:]) + (1 if tok.tag == "h1" else 0)))
                out.append(f"<h{level}>")
            elif kind == "heading_close":
                level = min(6, max(2, int(tok.tag[1:]) + (1 if tok.tag == "h1" else 0)))
                out.append(f"</h{level}>\n")
            elif kind in ("fence", "code_block"):
                out.append(f"<pre><code>{html.escape(self.plain(tok.content))}</code></pre>\n")
            elif kind == "hr":
                out.append("<hr>\n")
            elif kind == "ordered_list_open":
                start = tok.attrs.get("start")
                out.append(f'<ol start="{int(start)}">' if isinstance(start, int) else "<ol>")
            elif kind.endswith(("_open", "_close")) and kind.rsplit("_", 1)[0] in _PLAIN:
                tag = _PLAIN[kind.rsplit("_", 1)[0]]
                out.append(f"<{tag}>" if kind.endswith("_open") else f"</{tag}>\n")
            elif tok.content:
                out.append(f"<p>{html.escape(self.plain(tok.content))}</p>\n")
        return "".join(out), first


def render_body(markdown: str, *, page_video: str | None, resolve: Resolver, root: str = "") -> RenderedBody:
    """Safe HTML for a page body (frontmatter already removed); ``root`` prefixes link URLs."""
    renderer = _Renderer(page_video, resolve, root)
    prepared = renderer.prepare(markdown)
    body, first = renderer.block(_md.parse(prepared))
    return RenderedBody(html=body, links=list(renderer.links), first_paragraph=first)


def split_frontmatter(text: str) -> tuple[dict[str, str], str]:
    """Top-level ``key: value`` fields of a leading ``---`` block, and the body after it."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    fields: dict[str, str] = {}
    for i in range(1, len(lines)):
        line = lines[i]
        if line.strip() in ("---", "..."):
            return fields, "\n".join(lines[i + 1 :])
        key, colon, value = line.partition(":")
        if colon and key and not key[0].isspace() and not key.startswith("-"):
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                try:
                    value = str(json.loads(value))
                except ValueError:
                    value = value[1:-1]
            fields[key.strip()] = value.strip("'\"") if value[:1] == "'" else value
    return {}, text
