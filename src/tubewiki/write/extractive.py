"""``extractive.v1``: an offline writer that builds the article from the topic's own sentences.

Each sentence is cleaned and, in English, rewritten into impersonal prose (see
:mod:`.rewrite`); sentences with nothing to keep (fillers, greetings, sponsor notes, talk
about the talk) are dropped. The sentence that best introduces the topic opens the
article; the rest keep their order and are cut into sections by lexical cohesion, with
enumerations set as lists (see :mod:`.structure`). Every claim cites the sentences it
was written from, and never anything else.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pydantic import Field

from . import rewrite as rw
from . import structure as st
from .base import ArticleDraft, DraftClaim, DraftSection, TopicInput, Writer, WriterOptions

_DEFINES = re.compile(
    r"\b(?:is|are|was|means|refers to|is called|are called|known as|defined as|describes?|"
    r"represents?|measures?|gives?|tells?)\b",
    re.I,
)
_CONTEXT_START = re.compile(
    r"^(?:it|this|that|these|those|they|he|she|which|here|there|such|so|both|then|instead|"
    r"similarly|likewise|otherwise|in that case|in this case|again)\b",
    re.I,
)


class ExtractiveOptions(WriterOptions):
    opening_claims: int = Field(3, ge=1, le=6, description="most claims in the opening paragraph")
    section_claims: int = Field(10, ge=3, description="about how many claims make one ## section")
    subsection_claims: int = Field(8, ge=3, description="a section this much over target gets ### parts")
    min_section_claims: int = Field(4, ge=2, description="fewest claims in a section")
    max_sections: int = Field(6, ge=1)
    merge_below_words: int = Field(7, ge=0, description="merge a claim this short with the next")


@dataclass(frozen=True, slots=True)
class _Unit:
    text: str
    indices: tuple[int, ...]

    def claim(self) -> DraftClaim:
        return DraftClaim(text=self.text, sentence_indices=self.indices)


def source_language(topic: TopicInput) -> str:
    """The transcript's language, which this writer always keeps."""
    return (topic.video.language or topic.language or "en").lower()


def is_english(language: str) -> bool:
    return language[:2] == "en"


class ExtractiveWriter(Writer):
    """Offline writer: rewritten transcript sentences, ordered and sectioned."""

    name = "extractive.v1"
    Options = ExtractiveOptions

    def write(self, topic: TopicInput) -> ArticleDraft:
        opts: ExtractiveOptions = self.options  # type: ignore[assignment]
        lang = source_language(topic)
        units, dropped = self._units(topic, lang)
        units = _merge_short(units, opts.merge_below_words)
        title = _title(topic, units, lang)
        key_terms = [title, *topic.segment.keywords]
        opening_at = _opening(units, key_terms, lang, opts.opening_claims)
        opening = [units[i] for i in opening_at]
        body = [u for i, u in enumerate(units) if i not in set(opening_at)]
        sections = [DraftSection(heading=None, claims=tuple(u.claim() for u in opening))] if opening else []
        sections += self._body(body, lang, title, opts)
        stats: dict[str, object] = {
            "sentences": len(topic.sentences),
            "claims": sum(len(s.claims) for s in sections),
            "dropped": dict(sorted(dropped.items())),
        }
        if not is_english(lang) or (topic.language and topic.language.lower()[:2] != lang[:2]):
            stats["language_kept"] = lang
        return ArticleDraft(title=title, sections=tuple(sections), stats=stats)

    def _units(self, topic: TopicInput, lang: str) -> tuple[list[_Unit], Counter[str]]:
        units: list[_Unit] = []
        dropped: Counter[str] = Counter()
        english = is_english(lang)
        for sentence in topic.sentences:
            if english and rw.is_boilerplate(sentence.text):
                dropped["boilerplate"] += 1
                continue
            text = rw.rewrite(sentence.text, lang)
            if text is None:
                dropped["person" if english and rw.has_person(sentence.text) else "empty"] += 1
                continue
            if not st.content_words(text, lang):
                dropped["empty"] += 1
                continue
            units.append(_Unit(text, (sentence.index,)))
        return units, dropped

    def _body(self, body: list[_Unit], lang: str, title: str, opts: ExtractiveOptions) -> list[DraftSection]:
        if not body:
            return []
        texts = [u.text for u in body]
        parts = max(1, min(opts.max_sections, round(len(body) / opts.section_claims)))
        starts = st.split_points(texts, parts, opts.min_section_claims, lang) + [len(body)]
        taken = [title]
        sections: list[DraftSection] = []
        for start, end in zip(starts, starts[1:]):
            sections += _section(body[start:end], texts, lang, taken, opts)
        return sections


def _section(units: list[_Unit], background: list[str], lang: str, taken: list[str],
             opts: ExtractiveOptions) -> list[DraftSection]:
    """One ## section: its prose, then ### parts for lists and for long stretches."""
    texts = [u.text for u in units]
    parts: list[tuple[list[_Unit], bool]] = []
    pos = 0
    for start, end in st.enumerations(texts):
        if start > pos:
            parts.append((units[pos:start], False))
        parts.append((_list_items(units[start:end]), True))
        pos = end
    if pos < len(units):
        parts.append((units[pos:], False))
    split: list[tuple[list[_Unit], bool]] = []
    for chunk, as_list in parts:
        if as_list or len(chunk) < opts.subsection_claims + opts.min_section_claims:
            split.append((chunk, as_list))
            continue
        n = round(len(chunk) / opts.subsection_claims)
        cuts = st.split_points([u.text for u in chunk], n, opts.min_section_claims, lang) + [len(chunk)]
        split += [(chunk[a:b], False) for a, b in zip(cuts, cuts[1:])]
    head = _heading(texts, background, lang, taken)
    out = [DraftSection(heading=head, level=2, claims=tuple(u.claim() for u in split[0][0]), as_list=split[0][1])]
    for chunk, as_list in split[1:]:
        sub = _heading([u.text for u in chunk], background, lang, taken)
        out.append(DraftSection(heading=sub, level=3, claims=tuple(u.claim() for u in chunk), as_list=as_list))
    return out


def _heading(texts: list[str], background: list[str], lang: str, taken: list[str]) -> str:
    head = st.heading(texts, lang, background, taken)
    if head is None:  # every phrase already used: name it after its first content words
        words = st.content_words(" ".join(texts), lang)[:2] or ["details"]
        head = " ".join(words).capitalize()
        while head in taken:
            head += " (continued)"
    taken.append(head)
    return head


def _list_items(units: list[_Unit]) -> list[_Unit]:
    """Claims between two enumerated items join the item before them."""
    items: list[_Unit] = []
    for unit in units:
        starts_item = not items or st.opens_item(unit.text) or st.continues_item(unit.text)
        if starts_item:
            items.append(unit)
        else:
            last = items[-1]
            items[-1] = _Unit(rw.join_sentences(last.text, unit.text), last.indices + unit.indices)
    return items


def _merge_short(units: list[_Unit], below: int) -> list[_Unit]:
    """Join a very short claim to the adjacent one that follows it."""
    out: list[_Unit] = []
    i = 0
    while i < len(units):
        unit = units[i]
        nxt = units[i + 1] if i + 1 < len(units) else None
        if (nxt is not None and rw.word_count(unit.text) < below and not _in_list(unit.text)
                and not _in_list(nxt.text)
                and nxt.indices[0] == unit.indices[-1] + 1
                and rw.word_count(unit.text) + rw.word_count(nxt.text) <= 35):
            out.append(_Unit(rw.join_sentences(unit.text, nxt.text), unit.indices + nxt.indices))
            i += 2
            continue
        out.append(unit)
        i += 1
    return out


def _in_list(text: str) -> bool:
    return st.leads_list(text) or st.opens_item(text) or st.continues_item(text)


def _title(topic: TopicInput, units: list[_Unit], lang: str) -> str:
    title = " ".join(topic.segment.title.split())
    if not title:
        phrases = st.keyphrases([u.text for u in units], lang, limit=1)
        title = phrases[0] if phrases else topic.video.title
    return title[:1].upper() + title[1:]


def _opening(units: list[_Unit], key_terms: list[str], lang: str, most: int) -> list[int]:
    """Positions of the claims that open the article: the best introduction and what follows it."""
    if not units:
        return []
    phrases = [" ".join(t.lower().split()) for t in key_terms if t.strip()]
    words = {w for t in phrases for w in st.content_words(t, lang)}

    def score(pos: int) -> float:
        text = units[pos].text
        low = text.lower()
        found = [p for p in phrases if p and p in low]
        value = 2.0 * bool(found) + 0.5 * len(words & set(st.content_words(text, lang)))
        if found and _DEFINES.search(low[low.index(found[0]):]):
            value += 1.5
        if any(low.startswith(p) or low.startswith(f"the {p}") or low.startswith(f"a {p}") for p in phrases):
            value += 2.0  # the topic is the sentence's subject: "Binary search finds ..."
        if low.startswith(("if ", "when ", "then ", "but ", "because ")):
            value -= 1.0
        if _CONTEXT_START.match(text) or text.endswith("?"):
            value -= 3.0
        n = rw.word_count(text)
        value -= 1.0 if n < 8 or n > 45 else 0.0
        return value - pos / len(units)

    best = max(range(len(units)), key=lambda p: (score(p), -p))
    chosen = [best]
    for nxt in range(best + 1, min(len(units), best + most)):
        if units[nxt].text.endswith("?") or _in_list(units[nxt].text):
            break
        chosen.append(nxt)
    return chosen
