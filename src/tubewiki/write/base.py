"""The article-writer backend interface.

A writer receives one topic (a video's segment and its timed sentences, with ids) and
returns an :class:`ArticleDraft` whose claims cite *sentence indices*. Only code turns
sentence indices into timestamps (:func:`draft_to_article`), never a writer or a model.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from ..models import Article, Citation, Claim, Section, Segment, Sentence, Video


@dataclass(frozen=True, slots=True)
class TopicInput:
    """Everything a writer may use to write one article."""

    video: Video
    segment: Segment
    sentences: tuple[Sentence, ...]  # the segment's sentences, in order, with .index set
    channel_slug: str
    slug: str
    language: str | None = None  # the wiki's language; None = the transcript's own
    context: tuple[Sentence, ...] = ()  # neighbouring sentences (not to be cited)


@dataclass(frozen=True, slots=True)
class DraftClaim:
    text: str
    sentence_indices: tuple[int, ...]  # Sentence.index values this claim rests on


@dataclass(frozen=True, slots=True)
class DraftSection:
    heading: str | None
    claims: tuple[DraftClaim, ...]
    level: int = 2
    as_list: bool = False


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    title: str
    sections: tuple[DraftSection, ...]
    aliases: tuple[str, ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)  # writer's own counters (calls, tokens, dropped)


class WriterOptions(BaseModel):
    """Base options model: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid")


class Writer(ABC):
    name: ClassVar[str]  # stable, versioned: "extractive.v1"
    needs_network: ClassVar[bool] = False
    translates: ClassVar[bool] = False  # can write in a language other than the transcript's
    Options: ClassVar[type[WriterOptions]] = WriterOptions

    def __init__(self, options: WriterOptions | None = None):
        self.options = options or self.Options()

    @abstractmethod
    def write(self, topic: TopicInput) -> ArticleDraft: ...


def draft_to_article(draft: ArticleDraft, topic: TopicInput, writer_name: str) -> Article:
    """Resolve cited sentence indices to timestamps; claims citing unknown sentences are dropped."""
    by_index = {s.index: s for s in topic.sentences}
    sections = []
    for ds in draft.sections:
        claims = []
        for dc in ds.claims:
            cites = tuple(
                Citation(video_id=topic.video.id, time_ms=by_index[i].start_ms, sentence_index=i)
                for i in dict.fromkeys(dc.sentence_indices)
                if i in by_index
            )
            if cites and dc.text.strip():
                claims.append(Claim(text=dc.text.strip(), citations=cites))
        if claims:
            sections.append(Section(heading=ds.heading, level=ds.level, claims=tuple(claims), as_list=ds.as_list))
    return Article(
        slug=topic.slug,
        title=draft.title,
        video_id=topic.video.id,
        channel_slug=topic.channel_slug,
        sections=tuple(sections),
        writer=writer_name,
        language=topic.language or topic.video.language,
        aliases=draft.aliases,
    )
