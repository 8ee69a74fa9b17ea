"""The quality report of a built vault against its transcripts.

Support follows :mod:`.support`. Rates are shares in [0, 1]; None when nothing was counted.
Coverage and per-video figures are over the videos the vault has articles for; videos with
a transcript but no article are counted apart.
"""

from __future__ import annotations

import json
import random
import re
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from ..models import Sentence
from ..nlp.embed import EmbeddingCache, Embedder
from .check import checkable
from .support import SUPPORT_THRESHOLD, SupportScorer
from .vault_reader import Vault, VaultClaim, read_vault

_QUOTED = re.compile(r"\"[^\"]*\"|(?<!\w)'(?:[^']|'(?=\w))*'(?!\w)")
_I_FORMS = re.compile(r"(?<![\w'])I(?:'m|'ve|'ll|'d)?(?![\w'])")
_US = re.compile(r"\b(?:us|Us)\b")
_OTHER_PERSONS = re.compile(
    r"\b(?:let's|me|my|mine|myself|we|we're|we've|we'll|we'd|our|ours|ourselves|"
    r"you|you're|you've|you'll|you'd|your|yours|yourself|yourselves)(?![\w'])",
    re.I,
)
_FILLER = re.compile(r"\b(?:u+m+|u+h+|uhm|e+r+m+|you know|I mean)\b", re.I)


def _unquoted(text: str) -> str:
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return _QUOTED.sub(" ", text)


def is_first_person(text: str) -> bool:
    """True when the text says I / we / you / let's (or their forms) outside quotation marks."""
    plain = _unquoted(text)
    return bool(_I_FORMS.search(plain) or _US.search(plain) or _OTHER_PERSONS.search(plain))


def has_filler(text: str) -> bool:
    """True when the text has um, uh, erm, "you know" or "I mean" outside quotation marks."""
    return bool(_FILLER.search(_unquoted(text)))


@dataclass(frozen=True, slots=True)
class Calibration:
    samples: int
    passes: int
    min_distance_s: int

    @property
    def rate(self) -> float | None:
        return self.passes / self.samples if self.samples else None


@dataclass(frozen=True, slots=True)
class QualityReport:
    articles: int
    videos: int  # videos with at least one article
    videos_without_articles: int  # transcripts given with no article
    claims: int
    citations: int
    citation_validity: float | None
    citation_support_rate: float | None
    median_offset_s: float | None  # absolute
    median_signed_offset_s: float | None  # best sentence start minus cited time
    transcript_sentences: int
    transcript_coverage: float | None
    first_person_rate: float | None
    filler_rate: float | None
    links: int
    links_resolving: float | None
    articles_per_video: float | None
    words_per_article_median: float | None
    words_per_video: float | None  # mean
    calibration: Calibration | None = None

    def to_json(self) -> str:
        data = asdict(self)
        if self.calibration is not None:
            data["calibration"]["rate"] = self.calibration.rate
        return json.dumps(data, indent=2)

    def render_table(self) -> str:
        rows = [
            ("articles", self.articles), ("videos with articles", self.videos),
            ("videos without articles", self.videos_without_articles), ("claims", self.claims),
            ("citations", self.citations), ("citation validity", _pct(self.citation_validity)),
            ("citation support rate", _pct(self.citation_support_rate)),
            ("median |offset| (s)", _num(self.median_offset_s)),
            ("median signed offset (s)", _num(self.median_signed_offset_s)),
            ("transcript sentences", self.transcript_sentences),
            ("transcript coverage", _pct(self.transcript_coverage)),
            ("first-person rate", _pct(self.first_person_rate)), ("filler rate", _pct(self.filler_rate)),
            ("wikilinks", self.links), ("links resolving", _pct(self.links_resolving)),
            ("articles per video", _num(self.articles_per_video)),
            ("words per article (median)", _num(self.words_per_article_median)),
            ("words per video (mean)", _num(self.words_per_video)),
        ]
        if self.calibration is not None:
            c = self.calibration
            rows.append((f"random window >= {c.min_distance_s} s passes", f"{_pct(c.rate)} of {c.samples}"))
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def quality_report(
    vault_dir: str | Path | Vault,
    sentences_by_video: Mapping[str, Sequence[Sentence]],
    durations_ms: Mapping[str, int],
    embedder: Embedder,
    cache: EmbeddingCache | None = None,
    threshold: float = SUPPORT_THRESHOLD,
    calibrate_distance_s: int | None = None,
    seed: int = 0,
) -> QualityReport:
    """Every quality figure of the vault; ``calibrate_distance_s`` also runs :func:`calibrate`."""
    vault = vault_dir if isinstance(vault_dir, Vault) else read_vault(vault_dir)
    scorer = SupportScorer(embedder, cache, threshold)
    claims = [c for a in vault.articles for c in a.claims if c.text]
    cites = [x for a in vault.articles for x in a.citations]
    valid = [x for x in cites if x.label_matches and checkable(x, sentences_by_video, durations_ms)]

    video_ids = {a.video_id for a in vault.articles if a.video_id} | {x.video_id for x in valid}
    scorer.load(sentences_by_video, sorted(v for v in video_ids if sentences_by_video.get(v)))
    vectors = scorer.embed([c.text for c in claims])
    usable = [[(x.video_id, x.time_ms) for x in c.citations if checkable(x, sentences_by_video, durations_ms)]
              for c in claims]
    matches = scorer.best([(vectors[i], scorer.spans_at(u)) for i, u in enumerate(usable)])

    offsets = []
    for use, match in zip(usable, matches):
        if scorer.supported(match):
            times = [t for v, t in use if v == match.video_id]
            cited = min(times, key=lambda t: abs(match.best_start_ms - t))
            offsets.append((match.best_start_ms - cited) / 1000)

    covered, sentence_count = _coverage(scorer, claims, usable, vectors)
    with_video = [a for a in vault.articles if a.video_id]
    words_by_video: dict[str, int] = {}
    for a in with_video:
        words_by_video[a.video_id] = words_by_video.get(a.video_id, 0) + a.words
    links = [link for a in vault.articles for link in a.links]
    calibration = None
    if calibrate_distance_s is not None:
        calibration = calibrate(scorer, claims, vectors, usable, calibrate_distance_s, seed)
    return QualityReport(
        articles=len(vault.articles),
        videos=len(words_by_video),
        videos_without_articles=sum(1 for v, s in sentences_by_video.items() if s and v not in words_by_video),
        claims=len(claims),
        citations=len(cites),
        citation_validity=_share(len(valid), len(cites)),
        citation_support_rate=_share(sum(scorer.supported(m) for m in matches), len(claims)),
        median_offset_s=_median([abs(o) for o in offsets]),
        median_signed_offset_s=_median(offsets),
        transcript_sentences=sentence_count,
        transcript_coverage=_share(covered, sentence_count),
        first_person_rate=_share(sum(is_first_person(c.text) for c in claims), len(claims)),
        filler_rate=_share(sum(has_filler(c.text) for c in claims), len(claims)),
        links=len(links),
        links_resolving=_share(sum(vault.resolves(link.target) for link in links), len(links)),
        articles_per_video=_share(len(with_video), len(words_by_video)),
        words_per_article_median=_median([a.words for a in with_video]),
        words_per_video=_share(sum(words_by_video.values()), len(words_by_video)),
        calibration=calibration,
    )


def _coverage(scorer: SupportScorer, claims: list[VaultClaim], usable: list, vectors: np.ndarray) -> tuple[int, int]:
    """Sentences (of videos with articles) whose cosine to some claim of the same video reaches the threshold."""
    rows_by_video: dict[str, list[int]] = {v: [] for v in scorer.videos}
    for i, use in enumerate(usable):
        for video_id in {v for v, _ in use}:
            rows_by_video[video_id].append(i)
    covered = total = 0
    for video_id, index in scorer.videos.items():
        total += len(index)
        rows = rows_by_video[video_id]
        if rows:
            best = (index.vectors @ vectors[rows].T).max(axis=1)
            covered += int((best >= scorer.threshold).sum())
    return covered, total


def calibrate(scorer: SupportScorer, claims: list[VaultClaim], vectors: np.ndarray, usable: list,
              min_distance_s: int = 120, seed: int = 0) -> Calibration:
    """How often a random moment at least ``min_distance_s`` from a claim's citations supports it.

    For each claim one sentence start is drawn from its video, away from every citation of
    that claim in that video; the score uses the same windows and runs as a real citation.
    """
    rng = random.Random(seed)
    queries = []
    for i, use in enumerate(usable):
        if not use:
            continue
        video_id = use[0][0]
        cited = [t for v, t in use if v == video_id]
        far = [s.start_ms for s in scorer.videos[video_id].sentences
               if all(abs(s.start_ms - t) >= min_distance_s * 1000 for t in cited)]
        if far:
            t = rng.choice(far) // 1000 * 1000
            queries.append((vectors[i], scorer.spans_at([(video_id, t)])))
    matches = scorer.best(queries)
    return Calibration(samples=len(queries), passes=sum(scorer.supported(m) for m in matches),
                       min_distance_s=min_distance_s)
