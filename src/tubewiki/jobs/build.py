"""`tubewiki build`: topics -> articles -> verified citations -> vault.

Every derived step is cached in the store under a hash of its inputs, so a re-run skips
what is done, an added video costs only its own work, and an interrupted build resumes.
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable

import numpy as np

from .. import __version__
from ..hashing import content_hash
from ..models import Article, Segment, Sentence, Video
from ..nlp.embed import embed_texts, get_embedder
from ..nlp.hubs import find_hubs
from ..nlp.topics import name_segments, segment_video, should_write
from ..registry import REGISTRIES
from ..render.pages import HubPage
from ..render.slugs import channel_slug, slugify
from ..render.vault import article_key, render_vault
from ..store.articles import article_from_json, replace_articles
from ..store.cache import SqliteEmbeddingCache, get_derived, put_derived
from ..store.videos import all_sentences, list_videos
from ..verify.verifier import Verifier, VerifyCounts
from ..write.base import ArticleDraft, DraftClaim, DraftSection, TopicInput, Writer, draft_to_article

Progress = Callable[[str, int, int], None]
SEGMENTER_VERSION = "topics.v1"


@dataclass
class BuildReport:
    videos: int = 0
    articles: int = 0
    claims: int = 0
    hubs: int = 0
    verify: VerifyCounts = field(default_factory=VerifyCounts)
    drafts_cached: int = 0
    drafts_written: int = 0
    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)
    writer_stats: dict[str, float] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    plan: dict | None = None  # dry run: calls and tokens the writer would spend

    def to_json(self) -> dict:
        data = asdict(self)
        data["verify"] = asdict(self.verify)
        return data


def _segments_for(conn, video: Video, sentences: list[Sentence], vectors: np.ndarray, embedder_name: str) -> list[Segment]:
    key = content_hash(SEGMENTER_VERSION, embedder_name, [(s.index, s.text, s.start_ms, s.end_ms) for s in sentences])
    cached = get_derived(conn, "segments", key)
    if cached is not None:
        return [Segment(**{**s, "keywords": tuple(s["keywords"])}) for s in cached]
    segments = segment_video(sentences, vectors, language=video.language)
    put_derived(conn, "segments", key, [asdict(s) for s in segments])
    return segments


def _draft_from_json(data: dict) -> ArticleDraft:
    return ArticleDraft(
        title=data["title"],
        aliases=tuple(data.get("aliases", ())),
        stats=data.get("stats", {}),
        sections=tuple(
            DraftSection(heading=s["heading"], level=s["level"], as_list=s["as_list"],
                         claims=tuple(DraftClaim(c["text"], tuple(c["sentence_indices"])) for c in s["claims"]))
            for s in data["sections"]
        ),
    )


def _topic_key(writer: Writer, topic: TopicInput) -> str:
    # the package version is part of the key: an upgraded writer rewrites what it would write differently
    return content_hash(writer.name, __version__, writer.options.model_dump(), topic)


def make_writer(conn: sqlite3.Connection, name: str, options: dict, language: str | None) -> Writer:
    """The named writer with its options; network writers get the store's response cache."""
    cls = REGISTRIES.writers.get(name)
    fields = cls.Options.model_fields
    opts = cls.Options(**{k: v for k, v in options.items() if v is not None and k in fields},
                       **({"language": language} if language and "language" in fields else {}))
    if not cls.needs_network:
        return cls(opts)
    from ..store.responses import SqliteResponseCache

    from ..store.db import database_path

    db_path = database_path(conn)
    if db_path is None:
        raise ValueError("an LLM writer needs a database file for its response cache")
    writer = cls(opts, cache=SqliteResponseCache.open(db_path))
    check = getattr(writer, "check", None)
    if check:
        check()
    return writer


def _drafts(conn, writer: Writer, topics: list[TopicInput], report: BuildReport,
            progress: Progress | None) -> list[ArticleDraft]:
    """Cached drafts where there are some; the rest written (several at once when the writer can).

    A draft whose writing failed (a refused or timed-out request) is not cached, so the next
    run tries that topic again.
    """
    keys = [_topic_key(writer, t) for t in topics]
    drafts: list[ArticleDraft | None] = []
    for key in keys:
        cached = get_derived(conn, "draft", key)
        drafts.append(_draft_from_json(cached) if cached is not None else None)
    report.drafts_cached = sum(d is not None for d in drafts)
    todo = [i for i, d in enumerate(drafts) if d is None]
    many = getattr(writer, "write_many", None)
    step = 16 if many else 1
    for start in range(0, len(todo), step):
        chunk = todo[start:start + step]
        written = many([topics[i] for i in chunk]) if many else [writer.write(topics[i]) for i in chunk]
        for i, draft in zip(chunk, written):
            drafts[i] = draft
            if not draft.stats.get("failures"):
                put_derived(conn, "draft", keys[i], asdict(draft))
            report.drafts_written += 1
        if progress:
            progress("writing", report.drafts_cached + report.drafts_written, len(topics))
    return [d for d in drafts if d is not None]


def build(
    conn: sqlite3.Connection,
    vault_dir: str | Path,
    *,
    writer_name: str = "extractive.v1",
    writer_options: dict | None = None,
    embedder_name: str = "minilm.v1",
    language: str | None = None,
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the vault; with ``dry_run`` stop before writing and report what the writer would spend."""
    report = BuildReport()
    clock = time.perf_counter()
    videos = list_videos(conn)
    sentences = all_sentences(conn)
    videos = [v for v in videos if sentences.get(v.id)]
    report.videos = len(videos)
    writer = make_writer(conn, writer_name, writer_options or {}, language)
    embedder = get_embedder(embedder_name)
    cache = SqliteEmbeddingCache(conn)

    # 1. one embedding pass over every sentence (cached by text)
    texts = [s.text for v in videos for s in sentences[v.id]]
    vectors = embed_texts(texts, embedder, cache) if texts else np.zeros((0, 1), dtype=np.float32)
    report.seconds["embed"] = time.perf_counter() - clock

    # 2. topic segments per video, named across each channel
    by_channel: dict[str, list[Video]] = defaultdict(list)
    for v in videos:
        by_channel[channel_slug(v.channel)].append(v)
    offset = 0
    segs: dict[str, list[Segment]] = {}
    for n, v in enumerate(videos):
        count = len(sentences[v.id])
        segs[v.id] = _segments_for(conn, v, sentences[v.id], vectors[offset:offset + count], embedder.name)
        offset += count
        if progress:
            progress("topics", n + 1, len(videos))
    named: dict[str, list[Segment]] = {}
    for ch_slug, ch_videos in sorted(by_channel.items()):
        triples = [(v, segs[v.id], sentences[v.id]) for v in ch_videos]
        for v, new in zip(ch_videos, name_segments(triples, language=None)):
            named[v.id] = new
    report.seconds["topics"] = time.perf_counter() - clock

    # 3. drafts from the writer (cached by writer + topic), resolved to timestamped articles
    topics: list[tuple[TopicInput, int]] = []
    for v in videos:
        by_index = {s.index: s for s in sentences[v.id]}
        for seg in named[v.id]:
            seg_sents = tuple(by_index[i] for i in range(seg.first_sentence, seg.last_sentence + 1) if i in by_index)
            if not should_write(seg, list(seg_sents)):
                continue
            topics.append((TopicInput(video=v, segment=seg, sentences=seg_sents, channel_slug=channel_slug(v.channel),
                                      slug=slugify(seg.title), language=language), seg.index))
    if dry_run:
        from ..write.openai_compat import estimate_build

        report.plan = estimate_build([t for t, _ in topics], writer)
        report.seconds["total"] = time.perf_counter() - clock
        return report
    drafts = _drafts(conn, writer, [t for t, _ in topics], report, progress)
    articles: list[tuple[Article, int]] = []
    for (topic, seg_index), draft in zip(topics, drafts):
        for k, val in draft.stats.items():
            if isinstance(val, (int, float)):
                report.writer_stats[k] = report.writer_stats.get(k, 0) + val
        article = draft_to_article(draft, topic, writer.name)
        if article.sections:
            articles.append((article, seg_index))
    report.seconds["write"] = time.perf_counter() - clock

    # 4. verify every claim against its cited moment (cached by article content)
    verified: list[tuple[Article, int]] = []
    pending = []
    for article, seg_index in articles:
        cached = get_derived(conn, "verified", content_hash(article))
        if cached is not None:
            report.verify = report.verify + VerifyCounts(**cached["counts"])
            if cached["article"] is not None:
                verified.append((article_from_json(cached["article"]), seg_index))
        else:
            pending.append((article, seg_index))
    if pending:
        verifier = Verifier(embedder, cache)
        results = verifier.verify_articles([a for a, _ in pending], sentences)
        for (article, seg_index), result in zip(pending, results):
            kept = result.article if any(s.claims for s in result.article.sections) else None
            put_derived(conn, "verified", content_hash(article),
                        {"counts": asdict(result.counts), "article": asdict(kept) if kept else None})
            report.verify = report.verify + result.counts
            if kept:
                verified.append((kept, seg_index))
    report.seconds["verify"] = time.perf_counter() - clock

    # 5. hubs across videos of each channel, then the vault
    hub_pages: list[HubPage] = []
    slug_by_segment = {(a.video_id, seg): a for a, seg in verified}
    for ch_slug, ch_videos in sorted(by_channel.items()):
        for hub in find_hubs([(v, named[v.id]) for v in ch_videos]):
            members = tuple(article_key(slug_by_segment[m]) for m in hub.members if m in slug_by_segment)
            if len({m.split("/")[0] for m in members}) >= 2:
                hub_pages.append(HubPage(title=hub.title, members=members, key=hub.key))
    final_articles = [a for a, _ in verified]
    render_progress = (lambda done, total: progress("rendering", done, total)) if progress else None
    result = render_vault(vault_dir, final_articles, videos, hub_pages, strict=strict, progress=render_progress)
    slugs = result.article_slugs
    replace_articles(conn, [(replace(a, slug=slugs.get(article_key(a), a.slug)), seg,
                             content_hash(a)) for a, seg in verified])
    report.articles = len(final_articles)
    report.claims = sum(len(s.claims) for a in final_articles for s in a.sections)
    report.hubs = len(hub_pages)
    report.written, report.unchanged, report.removed = result.written, result.unchanged, result.removed
    report.warnings = list(result.warnings)
    kept = sorted({v.language for v in videos if language and v.language and v.language[:2] != language[:2]})
    if kept and not writer.translates:
        report.warnings.append(f"{writer.name} keeps each transcript's own language ({', '.join(kept)}); "
                               f"an LLM writer can write them in {language!r}")
    report.seconds["total"] = time.perf_counter() - clock
    return report
