"""Build a static HTML site from a markdown vault.

Like the vault build: collect every page and where it will live, render each page body
from parsed tokens, then write pages, the search index, preview chunks and graph data.
Links are relative, so the site works from any static host and from a local folder.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Mapping

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ...errors import TubewikiError
from ...verify.vault_reader import read_article
from ..slugs import is_safe_slug, slugify
from .content import LinkTarget, RenderedBody, is_youtube_id, render_body, split_frontmatter, youtube_link
from .graph import GRAPH_FILE, GraphNode, graph_script, json_for_html, local_graph, site_graph
from .search_index import SearchDoc, build_search_files

HERE = Path(__file__).parent
STATIC_DIR = "_static"
MANIFEST = "_site/manifest.json"
PREVIEW_CHUNK = 100
PREVIEW_CHARS = 300
INDEX_ARTICLES = 200  # articles listed on the front page; the rest on numbered list pages
LIST_PAGE = 500
MAX_BACKLINKS = 200
HUB_FOLDER = "hubs"

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class VideoInfo:
    """What the store knows about a video, when the site is built next to it."""

    title: str
    channel: str | None = None


@dataclass(slots=True)
class SitePage:
    number: int
    source: str  # vault path, forward slashes
    out: str  # site path, forward slashes
    kind: str  # "index" | "article" | "channel" | "hub" | "page"
    title: str
    video_id: str | None = None
    body: RenderedBody | None = None
    claims: tuple[tuple[int | None, str], ...] = ()

    @property
    def root(self) -> str:
        return "../" * self.out.count("/")


@dataclass(frozen=True, slots=True)
class SiteReport:
    out_dir: Path
    pages: int
    articles: int
    files: int
    search_docs: int
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _component(name: str) -> str:
    return name if is_safe_slug(name) and name == name.lower() and not name.startswith("_") else slugify(name)


def _unique(paths: list[tuple[str, str]]) -> dict[str, str]:
    """Site path (without ``.html``) per vault path; clashes get ``-2``, ``-3``..."""
    used = {"index", "_site", "_static", "_search"}
    result = {}
    for source, wanted in sorted(paths):
        candidate, n = wanted, 2
        while candidate.casefold() in used:
            candidate, n = f"{wanted}-{n}", n + 1
        used.add(candidate.casefold())
        result[source] = candidate
    return result


def _out_path(source: str) -> str:
    parts = PurePosixPath(source).parts
    folders = [_component(p) for p in parts[:-1]]
    return "/".join([*folders, _component(PurePosixPath(parts[-1]).stem)])


def _kind(source: str, meta: Mapping[str, str], body: str) -> str:
    if source.lower() == "index.md":
        return "index"
    if source.split("/")[0].lower() == HUB_FOLDER and "/" in source:
        return "hub"
    if meta.get("videoId") or meta.get("video_id"):
        return "article"
    return "channel" if "/" not in source and "\n## Videos" in f"\n{body}" else "page"


def _visible_markdown(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*.md")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def collect(vault: Path) -> tuple[list[SitePage], dict[int, str]]:
    """Every page with its number, site path, kind and title; and each page's markdown body."""
    pages = [SitePage(0, "", "index", "index", "Index")]
    bodies: dict[int, str] = {}
    files = _visible_markdown(vault)
    sources = [p.relative_to(vault).as_posix() for p in files]
    outs = _unique([(s, _out_path(s)) for s in sources if s.lower() != "index.md"])
    for path in files:
        source = path.relative_to(vault).as_posix()
        meta, body = split_frontmatter(path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n"))
        kind = _kind(source, meta, body)
        if kind == "index":
            continue
        folder, _, _ = outs[source].rpartition("/")
        out = f"{outs[source]}.html"
        if any(part in ("", ".", "..") for part in out.split("/")) or folder.startswith("_"):
            raise TubewikiError(f"{source}: cannot place this page safely in the site")
        article = read_article(path, vault)
        claims = tuple(
            (next((c.time_ms // 1000 for c in claim.citations if c.time_ms is not None), None), claim.text)
            for claim in article.claims
        )
        page = SitePage(len(pages), source, out, kind, " ".join(article.title.split()) or source,
                        article.video_id, claims=claims)
        pages.append(page)
        bodies[page.number] = body
    return pages, bodies


def _resolver(pages: list[SitePage]) -> Callable[[str], LinkTarget | None]:
    names: dict[str, SitePage] = {"index": pages[0]}
    for page in pages[1:]:
        stem = PurePosixPath(page.source).stem.lower()
        for key in (page.source.lower(), page.source.lower().removesuffix(".md"), stem):
            names.setdefault(key, page)

    def resolve(target: str) -> LinkTarget | None:
        key = target.strip().replace("\\", "/").lower()
        page = names.get(key) or names.get(key.removesuffix(".md"))
        return None if page is None else LinkTarget(page.out, page.number, page.title)

    return resolve


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["youtube_link"] = youtube_link
    return env


class _Writer:
    """Writes files under the output folder only, remembering what it wrote."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir.resolve()
        self.written: list[str] = []

    def write(self, rel: str, text: str) -> None:
        parts = rel.split("/")
        if rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise TubewikiError(f"refusing to write outside the site folder: {rel!r}")
        target = self.out_dir.joinpath(*parts).resolve()
        if not target.is_relative_to(self.out_dir):
            raise TubewikiError(f"refusing to write outside the site folder: {rel!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.written.append(rel)


def vault_fingerprint(vault: Path) -> str:
    """Changes whenever a markdown file of the vault is added, removed or modified."""
    digest = hashlib.sha256()
    for path in _visible_markdown(vault):
        stat = path.stat()
        digest.update(f"{path.relative_to(vault).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def site_is_current(vault_dir: str | Path, out_dir: str | Path) -> bool:
    """True when ``out_dir`` holds a site built from the vault as it is now."""
    manifest = Path(out_dir) / MANIFEST
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8")).get("vault")
    except (OSError, ValueError):
        return False
    return recorded == vault_fingerprint(Path(vault_dir))


def _prepare_out(out_dir: Path) -> list[str]:
    """Files a previous build wrote; refuses a non-empty folder that is not a site."""
    manifest = out_dir / MANIFEST
    if manifest.is_file():
        return list(json.loads(manifest.read_text(encoding="utf-8")).get("files", []))
    if out_dir.exists() and any(out_dir.iterdir()):
        raise TubewikiError(f"{out_dir}: folder is not empty and holds no tubewiki site; choose another")
    return []


def _remove_stale(out_dir: Path, before: list[str], now: list[str]) -> None:
    root = out_dir.resolve()
    for rel in set(before) - set(now):
        target = root.joinpath(*rel.split("/")).resolve()
        if target.is_relative_to(root) and target.is_file():
            target.unlink()


def _previews(pages: list[SitePage]) -> dict[str, str]:
    chunks: dict[int, dict[int, list[str]]] = {}
    for page in pages[1:]:
        text = page.body.first_paragraph if page.body else ""
        if len(text) > PREVIEW_CHARS:
            text = text[: PREVIEW_CHARS - 1].rsplit(" ", 1)[0] + "\u2026"
        chunks.setdefault(page.number // PREVIEW_CHUNK, {})[page.number] = [page.title, text]
    return {
        f"_site/p/{k}.js": f"(window.TWP=window.TWP||{{}})[{k}]="
        + json.dumps(v, ensure_ascii=True, separators=(",", ":")) + ";\n"
        for k, v in chunks.items()
    }


def build_site(vault_dir: str | Path, out_dir: str | Path, *, videos: Mapping[str, VideoInfo] | None = None,
               site_title: str = "tubewiki", progress: Progress | None = None) -> SiteReport:
    """Render every page of the vault at ``vault_dir`` into a static site at ``out_dir``."""
    vault, out = Path(vault_dir), Path(out_dir)
    if not vault.is_dir():
        raise TubewikiError(f"{vault}: no such vault folder")
    videos = videos or {}
    before = _prepare_out(out)
    pages, bodies = collect(vault)
    resolve = _resolver(pages)
    incoming: dict[int, list[int]] = {}
    for i, page in enumerate(pages[1:], 1):
        page.body = render_body(bodies[page.number], page_video=page.video_id, resolve=resolve, root=page.root)
        for target in page.body.links:
            if target != page.number:
                incoming.setdefault(target, []).append(page.number)
        if progress:
            progress(i, len(pages) * 2)

    env = _environment()
    writer = _Writer(out)
    nodes = {p.number: GraphNode(p.number, p.title, p.out, p.kind) for p in pages}
    for i, page in enumerate(pages[1:], 1):
        back = incoming.get(page.number, [])
        video = videos.get(page.video_id or "")
        html = env.get_template("page.html").render(
            site_title=site_title, page=page, root=page.root, body=Markup(page.body.html),
            player=page.kind == "article" and is_youtube_id(page.video_id), video=video,
            backlinks=[pages[n] for n in back[:MAX_BACKLINKS]], more_backlinks=max(0, len(back) - MAX_BACKLINKS),
            graph=Markup(json_for_html(local_graph(page.number, page.body.links, back, nodes))),
            preview_chunk=PREVIEW_CHUNK,
        )
        writer.write(page.out, html)
        if progress:
            progress(len(pages) + i, len(pages) * 2)

    by_kind: dict[str, list[SitePage]] = {}
    for page in sorted(pages[1:], key=lambda p: (p.title.casefold(), p.out)):
        by_kind.setdefault(page.kind, []).append(page)
    articles = by_kind.get("article", []) + by_kind.get("page", [])
    list_pages = [articles[i : i + LIST_PAGE] for i in range(0, len(articles), LIST_PAGE)] if len(articles) > INDEX_ARTICLES else []
    common = {"site_title": site_title, "preview_chunk": PREVIEW_CHUNK}
    writer.write("index.html", env.get_template("index.html").render(
        **common, page=pages[0], root="", channels=by_kind.get("channel", []), hubs=by_kind.get("hub", []),
        articles=articles[:INDEX_ARTICLES], total_articles=len(articles), list_pages=len(list_pages),
    ))
    for k, chunk in enumerate(list_pages, 1):
        writer.write(f"_site/articles-{k}.html", env.get_template("list.html").render(
            **common, page=SitePage(0, "", f"_site/articles-{k}.html", "list", f"All articles ({k}/{len(list_pages)})"),
            root="../", articles=chunk, number=k, count=len(list_pages), total_articles=len(articles),
        ))

    docs = [SearchDoc(p.number, p.title, p.out, p.claims) for p in pages[1:] if p.kind in ("article", "page") and p.claims]
    for rel, text in build_search_files(docs).items():
        writer.write(rel, text)
    for rel, text in _previews(pages).items():
        writer.write(rel, text)
    graph_links = {p.number: p.body.links for p in pages[1:] if p.body}
    writer.write(GRAPH_FILE, graph_script(site_graph(list(nodes.values())[1:], graph_links)))
    for asset in sorted((HERE / "static").iterdir()):
        if asset.is_file() and asset.suffix in (".js", ".css"):
            writer.write(f"{STATIC_DIR}/{asset.name}", asset.read_text(encoding="utf-8"))
    manifest = {"files": sorted([*writer.written, MANIFEST]), "vault": vault_fingerprint(vault)}
    writer.write(MANIFEST, json.dumps(manifest, indent=0))
    _remove_stale(out, before, writer.written)
    return SiteReport(out.resolve(), len(pages), len(by_kind.get("article", [])), len(writer.written), len(docs))
