"""Check every claim of written articles against the transcript moments it cites.

A claim below the threshold is re-cited to the best-supporting moment of the same video
when that moment reaches the threshold, and dropped otherwise. Sections left empty go.
Every claim that comes out carries ``support`` >= the threshold, except claims that only
restate the sentences they cite (:mod:`.lexical`): those pass without an embedding, keep
``support`` None and are counted as ``lexical``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from ..models import Article, Citation, Claim, Sentence
from ..nlp.embed import EmbeddingCache, Embedder, MemoryCache
from .lexical import lexical_support
from .support import SUPPORT_THRESHOLD, Match, SupportScorer


@dataclass(frozen=True, slots=True)
class VerifyCounts:
    checked: int = 0
    supported: int = 0  # as cited
    recited: int = 0  # moved to a better moment of the same video
    dropped: int = 0  # no moment of the video supports it
    unverifiable: int = 0  # of the dropped: no transcript known for any cited video
    lexical: int = 0  # of the supported: restate their cited sentences word for word (not embedded)

    def __add__(self, other: VerifyCounts) -> VerifyCounts:
        return VerifyCounts(*(a + b for a, b in zip(self._values(), other._values())))

    def _values(self) -> tuple[int, ...]:
        return (self.checked, self.supported, self.recited, self.dropped, self.unverifiable, self.lexical)


@dataclass(frozen=True, slots=True)
class VerifiedArticle:
    article: Article
    counts: VerifyCounts


def _recite(claim: Claim, match: Match) -> Claim:
    cite = Citation(video_id=match.video_id, time_ms=match.time_ms, sentence_index=match.sentence_index)
    return Claim(text=claim.text, citations=(cite,), support=match.score)


class Verifier:
    def __init__(self, embedder: Embedder, cache: EmbeddingCache | None = None,
                 threshold: float = SUPPORT_THRESHOLD):
        self.embedder = embedder
        self.cache = cache if cache is not None else MemoryCache()
        self.threshold = threshold

    def verify_article(self, article: Article, sentences_by_video: Mapping[str, Sequence[Sentence]]) -> VerifiedArticle:
        return self.verify_articles([article], sentences_by_video)[0]

    def verify_articles(self, articles: Sequence[Article],
                        sentences_by_video: Mapping[str, Sequence[Sentence]]) -> list[VerifiedArticle]:
        """Verify many articles with one embedding call for all their claims."""
        scorer = SupportScorer(self.embedder, self.cache, self.threshold)  # fresh transcripts, shared vectors
        every = [c for a in articles for s in a.sections for c in s.claims]
        restated = {i for i, c in enumerate(every) if _restates(c, sentences_by_video)}
        claims = [c for i, c in enumerate(every) if i not in restated]
        videos = {c.video_id for claim in claims for c in claim.citations}
        scorer.load(sentences_by_video, sorted(videos))
        vectors = scorer.embed([c.text for c in claims])

        cited = scorer.best(
            [(vectors[i], scorer.spans_at((c.video_id, c.time_ms) for c in claim.citations))
             for i, claim in enumerate(claims)]
        )
        failing = [i for i, m in enumerate(cited) if not scorer.supported(m)]
        elsewhere = scorer.best(
            [(vectors[i], scorer.whole_videos(c.video_id for c in claims[i].citations)) for i in failing]
        )
        moved = dict(zip(failing, elsewhere))

        out, at, pos = [], 0, 0
        for article in articles:
            counts = VerifyCounts()
            sections = []
            for section in article.sections:
                kept = []
                for claim in section.claims:
                    if pos in restated:
                        verdict, new = VerifyCounts(checked=1, supported=1, lexical=1), claim
                    else:
                        verdict, new = _decide(scorer, claim, cited[at], moved.get(at))
                        at += 1
                    pos += 1
                    counts = counts + verdict
                    if new is not None:
                        kept.append(new)
                if kept:
                    sections.append(replace(section, claims=tuple(kept)))
            out.append(VerifiedArticle(replace(article, sections=tuple(sections)), counts))
        return out


def _restates(claim: Claim, sentences_by_video: Mapping[str, Sequence[Sentence]]) -> bool:
    """True when the claim only restates the sentences it cites by index (see :mod:`.lexical`)."""
    texts = []
    for c in claim.citations:
        sentences = sentences_by_video.get(c.video_id) or ()
        if c.sentence_index is None or not 0 <= c.sentence_index < len(sentences):
            return False
        sentence = sentences[c.sentence_index]
        if sentence.index != c.sentence_index or abs(sentence.start_ms - c.time_ms) > 1000:
            return False
        texts.append(sentence.text)
    return bool(texts) and lexical_support(claim.text, texts) is not None


def _decide(scorer: SupportScorer, claim: Claim, cited: Match | None,
            moved: Match | None) -> tuple[VerifyCounts, Claim | None]:
    if scorer.supported(cited):
        return VerifyCounts(checked=1, supported=1), replace(claim, support=cited.score)
    if scorer.supported(moved):
        return VerifyCounts(checked=1, recited=1), _recite(claim, moved)
    known = any(c.video_id in scorer.videos for c in claim.citations)
    return VerifyCounts(checked=1, dropped=1, unverifiable=int(not known)), None
