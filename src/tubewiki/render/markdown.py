"""Markdown for one article: frontmatter, headings, claims and their timestamp citations.

Transcript text is untrusted. :func:`escape_text` makes it render as plain text in
Markdown and Obsidian: HTML and brackets become entities, emphasis, tag, math and
highlight characters are backslash-escaped, and a claim can never open a block.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from functools import lru_cache
from typing import Mapping, Sequence
from urllib.parse import quote

from ..timecode import hms
from ..models import Article, Claim, Section
from .links import ClaimRef, LinkSpan, normalize_space

PARAGRAPH_CLAIMS = 5  # a new paragraph every five claims (six when one would be left alone)

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;"}
_BACKSLASHED = set("\\`*_~$|#")
_NEEDS_CARE = re.compile(r"==|%%|_|[^\w \-.,;:!?'\"()/+@^{}]")
_FINAL_PUNCT = re.compile(r"[.!?\u2026;:]+[\"'\u201d\u2019\u00bb)]*$")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")
_YAML_PLAIN = re.compile(r"[^\W_][^:#\"'\\\[\]{}&*!|>%@`\x00-\x1f\x7f-\x9f\u2028\u2029]*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}
_YAML_NUMBER = re.compile(r"[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\d+(:\d+)+|\d{4}-\d\d-\d\d.*")


def format_timestamp(time_ms: int) -> str:
    """``HH:MM:SS`` floored to the second; hours always two digits (more past 99 h)."""
    return hms(time_ms)


def parse_timestamp(text: str) -> int | None:
    """Milliseconds of an ``HH:MM:SS`` label, or None when it is not one."""
    m = re.fullmatch(r"(\d{2,}):([0-5]\d):([0-5]\d)", text)
    return None if m is None else (int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])) * 1000


def youtube_url(video_id: str, time_ms: int | None = None) -> str:
    url = f"https://www.youtube.com/watch?v={quote(video_id, safe='')}"
    return url if time_ms is None else f"{url}&t={max(0, time_ms) // 1000}s"


def citation_html(time_ms: int, video_id: str | None = None, *, youtube: bool = False) -> str:
    """The timestamp anchor; ``video_id`` is given only when it differs from the page's video."""
    stamp = format_timestamp(time_ms)
    extra = ""
    if video_id is not None:
        extra = f' data-video="{html.escape(video_id, quote=True)}"'
        if youtube:
            extra += f' href="{html.escape(youtube_url(video_id, time_ms), quote=True)}"'
    return f'<a class="yt-timestamp" data-t="{stamp}"{extra}>[{stamp}]</a>'


def _escape_match(m: re.Match[str]) -> str:
    piece = m.group(0)
    if piece == "==":
        return "\\=\\="  # ==highlight==
    if piece == "%%":
        return "&#37;&#37;"  # %%comment%%
    if piece in _ENTITIES:
        return _ENTITIES[piece]
    if piece in _BACKSLASHED:
        return "\\" + piece
    if piece in "\n\r\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029":
        return " "
    return "" if unicodedata.category(piece) in ("Cc", "Cf") else piece


def escape_text(text: str) -> str:
    """Inline-escape untrusted text so it renders literally (no HTML, links, emphasis, tags)."""
    return _NEEDS_CARE.sub(_escape_match, text)


def escape_block_start(escaped: str) -> str:
    """Stop already-escaped text from opening a list, quote or numbered item."""
    if escaped[:1] in ("-", "+", "="):
        return "\\" + escaped
    return _ORDERED_START.sub(r"\1\\\2", escaped, count=1)


def _yaml_unprintable(c: str) -> bool:
    return c in "\ufffe\uffff" or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs")


def yaml_scalar(value: str) -> str:
    """A YAML scalar: plain when unambiguous, else a double-quoted (JSON) string."""
    if (
        _YAML_PLAIN.fullmatch(value)
        and value == value.strip()
        and not any(_yaml_unprintable(c) for c in value)
        and value.lower() not in _YAML_WORDS
        and not _YAML_NUMBER.fullmatch(value)
    ):
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    return "".join(
        (f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
        if _yaml_unprintable(c)
        else c
        for c in quoted
    )


def frontmatter(fields: Sequence[tuple[str, str | Sequence[str] | None]]) -> str:
    """YAML frontmatter block; None values and empty lists are left out."""
    lines = ["---"]
    for key, value in fields:
        if value is None or (not isinstance(value, str) and not value):
            continue
        if isinstance(value, str):
            lines.append(f"{key}: {yaml_scalar(value)}")
        else:
            lines.append(f"{key}:")
            lines.extend(f"  - {yaml_scalar(v)}" for v in value)
    lines.append("---")
    return "\n".join(lines) + "\n"


def wikilink(slug: str, display: str | None = None) -> str:
    """``[[slug]]`` or ``[[slug | display]]``; the display text cannot end the link early."""
    if display is None:
        return f"[[{slug}]]"
    table = str.maketrans({"[": "(", "]": ")", "|": "/", "<": "\u2039", ">": "\u203a", "#": "\uff03", "^": " "})
    return f"[[{slug} | {normalize_space(display.translate(table)) or slug}]]"


def claim_texts(article: Article) -> list[tuple[ClaimRef, str]]:
    """Every claim's space-normalized text, in reading order."""
    return [
        ((si, ci), normalize_space(claim.text))
        for si, section in enumerate(article.sections)
        for ci, claim in enumerate(section.claims)
    ]


@lru_cache(maxsize=4096)
def _title_pattern(title: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(w) for w in title.split())
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", re.IGNORECASE)


def title_mention(article: Article) -> tuple[ClaimRef, tuple[int, int]] | None:
    """Where the title first occurs, as whole words, in the opening section (to be bolded)."""
    title = normalize_space(article.title)
    if not title or not article.sections or article.sections[0].heading is not None:
        return None
    pattern = _title_pattern(title)
    for ci, claim in enumerate(article.sections[0].claims):
        m = pattern.search(normalize_space(claim.text))
        if m:
            return (0, ci), (m.start(), m.end())
    return None


def render_claim(
    claim: Claim,
    *,
    page_video: str | None,
    links: Sequence[LinkSpan] = (),
    bold: tuple[int, int] | None = None,
    youtube_ids: frozenset[str] = frozenset(),
) -> str:
    """One claim: escaped text with links and bold, its citations before the final punctuation."""
    text = normalize_space(claim.text)
    marks: list[tuple[int, int, str | None]] = [(s.start, s.end, s.target) for s in links]
    if bold is not None and all(bold[1] <= s or bold[0] >= e for s, e, _ in marks):
        marks.append((bold[0], bold[1], None))
    marks.sort()
    trail = _FINAL_PUNCT.search(text)
    body_end = trail.start() if trail and all(e <= trail.start() for _, e, _ in marks) else len(text)
    pieces, pos = [], 0
    for start, end, target in marks:
        pieces.append(escape_text(text[pos:start]))
        inner = text[start:end]
        pieces.append(f"**{escape_text(inner)}**" if target is None else f"[[{target} | {inner}]]")
        pos = end
    pieces.append(escape_text(text[pos:body_end]))
    cites = " ".join(
        citation_html(
            c.time_ms,
            None if c.video_id == page_video else c.video_id,
            youtube=c.video_id in youtube_ids,
        )
        for c in claim.citations
    )
    rendered = "".join(pieces).rstrip()
    rendered = f"{rendered} {cites}" if rendered and cites else rendered or cites
    return escape_block_start(rendered + escape_text(text[body_end:]))


def _groups(items: Sequence[str], size: int = PARAGRAPH_CLAIMS) -> list[Sequence[str]]:
    groups = [items[i : i + size] for i in range(0, len(items), size)]
    if len(groups) > 1 and len(groups[-1]) == 1:
        last = groups.pop()
        groups[-1] = [*groups[-1], *last]
    return groups


def render_section_body(section: Section, rendered_claims: Sequence[str]) -> list[str]:
    """Blocks of one section: list items, or paragraphs of a few claims each."""
    if section.as_list:
        return ["\n".join(f"- {c}" for c in rendered_claims)] if rendered_claims else []
    return [" ".join(group) for group in _groups(rendered_claims)]


def render_article(
    article: Article,
    *,
    channel_slug: str,
    links: Mapping[ClaimRef, Sequence[LinkSpan]] | None = None,
) -> str:
    """The whole page of one article."""
    links = links or {}
    bold = title_mention(article)
    head = frontmatter(
        [
            ("title", article.title),
            ("videoId", article.video_id),
            ("aliases", list(article.aliases)),
            ("language", article.language),
            ("writer", article.writer),
        ]
    )
    blocks = [head.rstrip("\n"), f"From: [[{channel_slug}]] <br/> "]
    for si, section in enumerate(article.sections):
        heading = normalize_space(section.heading or "")
        if heading:
            level = min(max(section.level, 2), 6)
            blocks.append(f"{'#' * level} {escape_text(heading)}")
        rendered = [
            render_claim(
                claim,
                page_video=article.video_id,
                links=links.get((si, ci), ()),
                bold=bold[1] if bold and bold[0] == (si, ci) else None,
            )
            for ci, claim in enumerate(section.claims)
        ]
        blocks.extend(render_section_body(section, rendered))
    return "\n\n".join(blocks) + "\n"
