"""Read any markdown vault (ours, hand-written or another tool's) into typed records.

A citation is ``<a class="yt-timestamp" data-t="HH:MM:SS">[HH:MM:SS]</a>``. A claim is the
sentence or list item that ends with one or more citations, as plain text (markdown,
wikilinks and bold stripped). Wikilinks are ``[[target]]``, ``[[target|text]]`` and
``[[target | text]]``. Lines are counted from 1 at the top of the file, frontmatter included.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

_TIME = re.compile(r"([0-9]{2}):([0-5][0-9]):([0-5][0-9])")
_ANCHOR = re.compile(r"<a\b(?P<attrs>[^>]*\byt-timestamp\b[^>]*)>(?P<label>.*?)</a\s*>", re.S | re.I)
_DATA_T = re.compile(r"""\bdata-t\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_DATA_VIDEO = re.compile(r"""\bdata-(?:video|video-id|vid)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_GROUP_GAP = re.compile(r"^[\s,;]*$")
_AFTER_GROUP = re.compile(r"^[.,;:!?)\]]+")
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\]")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’')]))\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "cf.", "Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "St.", "No.", "Fig.")


@dataclass(frozen=True, slots=True)
class CitationRef:
    line: int
    data_t: str | None  # None when the anchor has no data-t
    label: str  # the visible text, brackets removed
    video_id: str | None  # the anchor's own data-video, else the page's videoId
    time_ms: int | None  # None when data-t is not HH:MM:SS

    @property
    def well_formed(self) -> bool:
        return self.time_ms is not None

    @property
    def label_matches(self) -> bool:
        return self.data_t is not None and self.label == self.data_t


@dataclass(frozen=True, slots=True)
class VaultClaim:
    text: str
    line: int
    citations: tuple[CitationRef, ...]


@dataclass(frozen=True, slots=True)
class WikiLink:
    line: int
    target: str  # heading and block parts removed
    text: str | None
    embed: bool = False


@dataclass(frozen=True, slots=True)
class VaultArticle:
    path: str  # relative to the vault, with forward slashes
    title: str
    video_id: str | None
    claims: tuple[VaultClaim, ...]
    links: tuple[WikiLink, ...]
    uncited: tuple[tuple[int, str], ...]  # (line, sentence) of prose that cites nothing
    words: int  # prose words: claims and uncited sentences

    @property
    def citations(self) -> tuple[CitationRef, ...]:
        return tuple(c for claim in self.claims for c in claim.citations)


@dataclass(frozen=True, slots=True)
class Vault:
    root: Path
    articles: tuple[VaultArticle, ...]
    names: frozenset[str]  # lower-cased link targets that exist

    def resolves(self, target: str) -> bool:
        key = target.strip().replace("\\", "/").lower()
        return key in self.names or key.removesuffix(".md") in self.names


def parse_time(text: str | None) -> int | None:
    """``HH:MM:SS`` to milliseconds, or None when it is not exactly that shape."""
    match = _TIME.fullmatch(text or "")
    if not match:
        return None
    h, m, s = (int(g) for g in match.groups())
    return ((h * 60 + m) * 60 + s) * 1000


def plain_text(markdown: str) -> str:
    """Markdown inline text as a reader sees it: links by their text, no emphasis or tags."""
    text = _WIKILINK.sub(lambda m: _link_parts(m.group(2))[1] or _link_parts(m.group(2))[0], markdown)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|~~|==)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = "\n".join(_ITEM.sub("", _QUOTE.sub("", line), count=1) for line in text.split("\n"))
    return " ".join(html.unescape(text).split())


def split_sentences(text: str) -> list[str]:
    pieces = [p for p in _SENTENCE_END.split(text) if p.strip()]
    merged: list[str] = []
    for piece in pieces:
        if merged and merged[-1].endswith(_ABBREVIATIONS):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def _link_parts(inner: str) -> tuple[str, str | None]:
    target, bar, text = inner.partition("|")
    target = target.rstrip("\\").split("#")[0].split("^")[0].strip()
    return target, (text.strip() or None) if bar else None


def _frontmatter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Top-level ``key: value`` pairs and the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    fields: dict[str, str] = {}
    for i in range(1, len(lines)):
        line = lines[i]
        if line.strip() in ("---", "..."):
            return fields, i + 1
        key, colon, value = line.partition(":")
        if colon and key and not key[0].isspace() and not key.startswith("-"):
            fields[key.strip()] = value.strip().strip("'\"")
    return {}, 0  # no closing line: not frontmatter


def _blocks(lines: list[str], first: int) -> tuple[list[list[tuple[int, str]]], list[tuple[int, str]]]:
    """Prose blocks (paragraphs and list items) and every non-code line, with 1-based line numbers."""
    blocks: list[list[tuple[int, str]]] = []
    visible: list[tuple[int, str]] = []
    current: list[tuple[int, str]] = []
    fenced = False
    for i in range(first, len(lines)):
        line, number = lines[i], i + 1
        if _FENCE.match(line):
            fenced = not fenced
            current = _close(blocks, current)
            continue
        if fenced:
            continue
        visible.append((number, line))
        if not line.strip() or _HEADING.match(line):
            current = _close(blocks, current)
            continue
        if _ITEM.match(_QUOTE.sub("", line)):
            current = _close(blocks, current)
        current.append((number, line))
    _close(blocks, current)
    return blocks, visible


def _close(blocks: list, current: list) -> list:
    if current:
        blocks.append(current)
    return []


def _citation(anchor: re.Match, line: int, page_video: str | None) -> CitationRef:
    attrs = anchor.group("attrs")
    data_t = _DATA_T.search(attrs)
    video = _DATA_VIDEO.search(attrs)
    t = None if data_t is None else (data_t.group(1) if data_t.group(1) is not None else data_t.group(2))
    v = None if video is None else (video.group(1) or video.group(2))
    label = html.unescape(re.sub(r"<[^>]+>", "", anchor.group("label"))).strip()
    if label.startswith("[") and label.endswith("]"):
        label = label[1:-1].strip()
    return CitationRef(line=line, data_t=t, label=label, video_id=v or page_video, time_ms=parse_time(t))


def _read_block(block: list[tuple[int, str]], page_video: str | None):
    text = "\n".join(line for _, line in block)
    starts, at = [], 0
    for number, line in block:
        starts.append((at, number))
        at += len(line) + 1

    def line_of(offset: int) -> int:
        return max(n for start, n in starts if start <= offset)

    groups: list[list[re.Match]] = []
    for anchor in _ANCHOR.finditer(text):
        if groups and _GROUP_GAP.match(text[groups[-1][-1].end() : anchor.start()]):
            groups[-1].append(anchor)
        else:
            groups.append([anchor])

    claims, uncited = [], []
    position = 0
    for group in groups:
        prose = split_sentences(plain_text(text[position : group[0].start()]))
        line = line_of(group[0].start())
        uncited.extend((line_of(position), s) for s in prose[:-1])
        cites = tuple(_citation(a, line_of(a.start()), page_video) for a in group)
        claims.append(VaultClaim(text=prose[-1] if prose else "", line=line, citations=cites))
        position = group[-1].end()
        tail = _AFTER_GROUP.match(text[position:])
        position += tail.end() if tail else 0
    uncited.extend((line_of(position), s) for s in split_sentences(plain_text(text[position:])))
    return claims, uncited


def read_article(path: Path, root: Path) -> VaultArticle:
    lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    meta, first = _frontmatter(lines)
    video_id = meta.get("videoId") or meta.get("video_id") or None
    blocks, visible = _blocks(lines, first)
    claims: list[VaultClaim] = []
    uncited: list[tuple[int, str]] = []
    for block in blocks:
        c, u = _read_block(block, video_id)
        claims.extend(c)
        uncited.extend(u)
    links = tuple(
        WikiLink(line=number, target=_link_parts(m.group(2))[0], text=_link_parts(m.group(2))[1], embed=bool(m.group(1)))
        for number, line in visible
        for m in _WIKILINK.finditer(line)
    )
    heading = next((ln.lstrip("# ").strip() for _, ln in visible if ln.startswith("# ")), None)
    words = sum(len(c.text.split()) for c in claims) + sum(len(s.split()) for _, s in uncited)
    return VaultArticle(
        path=path.relative_to(root).as_posix(),
        title=meta.get("title") or heading or path.stem,
        video_id=video_id,
        claims=tuple(claims),
        links=links,
        uncited=tuple(uncited),
        words=words,
    )


def _visible_files(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def read_vault(root: str | Path) -> Vault:
    """Every markdown file under ``root`` (hidden folders skipped), and the names links may use."""
    root = Path(root)
    files = _visible_files(root)
    names: set[str] = set()
    for p in files:
        rel = p.relative_to(root).as_posix().lower()
        names.update({rel, p.name.lower()})
        if p.suffix.lower() == ".md":
            names.update({rel[:-3], p.stem.lower()})
    articles = tuple(read_article(p, root) for p in files if p.suffix.lower() == ".md")
    return Vault(root=root, articles=articles, names=frozenset(names))
