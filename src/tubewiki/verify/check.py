"""``tubewiki check``: every citation, claim and wikilink of a vault, against the transcripts."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal, Mapping, Sequence, get_args

from ..models import Sentence
from ..nlp.embed import EmbeddingCache, Embedder
from .support import SUPPORT_THRESHOLD, SupportScorer
from .vault_reader import CitationRef, Vault, VaultArticle, read_vault

ProblemKind = Literal[
    "malformed-citation", "label-mismatch", "out-of-range", "unknown-video", "unsupported-claim",
    "empty-claim", "broken-link",
]


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    kind: ProblemKind
    message: str

    def render(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class ArticleCheck:
    path: str
    video_id: str | None
    claims: int
    citations: int
    links: int
    supported: int  # claims whose citations reach the threshold
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class CheckReport:
    vault: str
    threshold: float
    articles: tuple[ArticleCheck, ...]
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        return [p for a in self.articles for p in a.problems]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)

    def render_text(self) -> str:
        lines = [p.render() for p in self.problems]
        t = self.totals
        lines.append(
            f"{t['articles']} articles, {t['claims']} claims ({t['supported']} supported), "
            f"{t['citations']} citations, {t['links']} links: {len(self.problems)} problems"
        )
        return "\n".join(lines)


def video_limit(video_id: str, sentences: Sequence[Sentence] | None, durations_ms: Mapping[str, int]) -> int | None:
    """The last valid citation time of a video: its duration, else the end of its last sentence."""
    duration = durations_ms.get(video_id)
    if duration:
        return duration
    if sentences:
        return max(s.end_ms for s in sentences)
    return None


def citation_problems(cite: CitationRef, path: str, sentences_by_video: Mapping[str, Sequence[Sentence]],
                      durations_ms: Mapping[str, int]) -> list[Problem]:
    problems = []
    if not cite.well_formed:
        problems.append(Problem(path, cite.line, "malformed-citation", f"citation time {cite.data_t!r} is not HH:MM:SS"))
    elif not cite.label_matches:
        problems.append(Problem(path, cite.line, "label-mismatch", f"citation shows [{cite.label}] but points at {cite.data_t}"))
    if cite.well_formed:
        if not cite.video_id or not sentences_by_video.get(cite.video_id):
            what = f"video {cite.video_id!r}" if cite.video_id else "a page without videoId"
            problems.append(Problem(path, cite.line, "unknown-video", f"citation {cite.data_t} is in {what}, which has no known transcript"))
        else:
            limit = video_limit(cite.video_id, sentences_by_video[cite.video_id], durations_ms)
            if limit is not None and cite.time_ms > limit:
                problems.append(Problem(path, cite.line, "out-of-range",
                                        f"citation {cite.data_t} is beyond the end of video {cite.video_id} ({limit // 1000} s)"))
    return problems


def checkable(cite: CitationRef, sentences_by_video: Mapping[str, Sequence[Sentence]], durations_ms: Mapping[str, int]) -> bool:
    """Well formed, in a video with a transcript and within its length."""
    if not cite.well_formed or not cite.video_id or not sentences_by_video.get(cite.video_id):
        return False
    limit = video_limit(cite.video_id, sentences_by_video[cite.video_id], durations_ms)
    return limit is None or 0 <= cite.time_ms <= limit


def check_vault(
    vault_dir: str | Path | Vault,
    sentences_by_video: Mapping[str, Sequence[Sentence]],
    durations_ms: Mapping[str, int],
    embedder: Embedder,
    cache: EmbeddingCache | None = None,
    threshold: float = SUPPORT_THRESHOLD,
) -> CheckReport:
    vault = vault_dir if isinstance(vault_dir, Vault) else read_vault(vault_dir)
    scorer = SupportScorer(embedder, cache, threshold)

    # every claim with at least one checkable citation is scored in one batch
    pending: list[tuple[int, int]] = []  # (article, claim) positions
    queries = []
    for a, article in enumerate(vault.articles):
        for c, claim in enumerate(article.claims):
            cites = [x for x in claim.citations if checkable(x, sentences_by_video, durations_ms)]
            if cites and claim.text:
                pending.append((a, c))
                queries.append((claim.text, [(x.video_id, x.time_ms) for x in cites]))
    scorer.load(sentences_by_video, sorted({v for _, cites in queries for v, _ in cites}))
    vectors = scorer.embed([text for text, _ in queries])
    matches = scorer.best([(vectors[i], scorer.spans_at(cites)) for i, (_, cites) in enumerate(queries)])
    scores = dict(zip(pending, matches))

    checks = []
    for a, article in enumerate(vault.articles):
        checks.append(_check_article(vault, article, a, scores, scorer, sentences_by_video, durations_ms))
    totals = {
        "articles": len(checks),
        "claims": sum(c.claims for c in checks),
        "supported": sum(c.supported for c in checks),
        "citations": sum(c.citations for c in checks),
        "links": sum(c.links for c in checks),
        "problems": sum(len(c.problems) for c in checks),
    }
    for kind in get_args(ProblemKind):
        totals[kind] = sum(1 for c in checks for p in c.problems if p.kind == kind)
    return CheckReport(vault=str(vault.root), threshold=threshold, articles=tuple(checks), totals=totals)


def _check_article(vault: Vault, article: VaultArticle, a: int, scores: dict, scorer: SupportScorer,
                   sentences_by_video, durations_ms) -> ArticleCheck:
    problems: list[Problem] = []
    supported = 0
    for c, claim in enumerate(article.claims):
        for cite in claim.citations:
            problems.extend(citation_problems(cite, article.path, sentences_by_video, durations_ms))
        if not claim.text:
            problems.append(Problem(article.path, claim.line, "empty-claim", "citation with no sentence before it"))
            continue
        if (a, c) not in scores:
            continue  # nothing checkable: the citation problems above say why
        match = scores[(a, c)]
        if scorer.supported(match):
            supported += 1
        else:
            best = "no transcript near the cited time" if match is None else f"best {match.score:.2f}"
            problems.append(Problem(article.path, claim.line, "unsupported-claim",
                                    f"claim not supported by its citation ({best} < {scorer.threshold}): {_short(claim.text)}"))
    for link in article.links:
        if not vault.resolves(link.target):
            problems.append(Problem(article.path, link.line, "broken-link", f"wikilink [[{link.target}]] has no page"))
    problems.sort(key=lambda p: p.line)
    return ArticleCheck(article.path, article.video_id, len(article.claims), len(article.citations),
                        len(article.links), supported, tuple(problems))


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
