"""Cross-links: find where one article's text names another article, and who links whom.

Matching is case-insensitive on whole words, longer phrases first, never the article
itself, at most one link per target and a handful per article. Only phrases made of
plain characters become links, so an anchor can never break ``[[slug | anchor]]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

ClaimRef = tuple[int, int]  # (section index, claim index) inside one article
MAX_LINKS = 5
MIN_PHRASE_CHARS = 4

_WORD = re.compile(r"\w+")
_UNSAFE_IN_ANCHOR = re.compile(r"[\[\]|#^<>&*_`$~=%\\{}\n\r\t]")


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (newlines included) to one space."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """An article that other articles may link to, under its title and aliases."""

    slug: str
    phrases: tuple[str, ...]
    video_id: str = ""
    channel_slug: str = ""


@dataclass(frozen=True, slots=True)
class LinkSpan:
    """Characters ``start:end`` of a claim's (space-normalized) text link to ``target``."""

    start: int
    end: int
    target: str


@dataclass(frozen=True, slots=True)
class _Phrase:
    pattern: re.Pattern[str]
    length: int
    targets: tuple[LinkTarget, ...]


def _linkable(phrase: str) -> bool:
    return (
        len(phrase) >= MIN_PHRASE_CHARS
        and _UNSAFE_IN_ANCHOR.search(phrase) is None
        and _WORD.match(phrase) is not None
        and any(c.isalpha() for c in phrase)
    )


class LinkIndex:
    """Every linkable phrase, looked up by its first word."""

    def __init__(self, targets: Iterable[LinkTarget]):
        by_phrase: dict[str, list[LinkTarget]] = {}
        for target in targets:
            for raw in target.phrases:
                phrase = normalize_space(raw)
                if _linkable(phrase):
                    found = by_phrase.setdefault(phrase.lower(), [])
                    if target not in found:
                        found.append(target)
        self._by_first: dict[str, list[_Phrase]] = {}
        for key in sorted(by_phrase):
            first = _WORD.match(key)
            assert first is not None
            body = r"\s+".join(re.escape(w) for w in key.split())
            entry = _Phrase(
                pattern=re.compile(body + r"(?!\w)", re.IGNORECASE),
                length=len(key),
                targets=tuple(sorted(by_phrase[key], key=lambda t: t.slug)),
            )
            self._by_first.setdefault(first.group(0), []).append(entry)
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -e.length)

    def _matches(self, text: str) -> list[tuple[int, int, _Phrase]]:
        found = []
        for word in _WORD.finditer(text):
            for entry in self._by_first.get(word.group(0).lower(), ()):
                m = entry.pattern.match(text, word.start())
                if m:
                    found.append((m.start(), m.end(), entry))
                    break  # entries are longest first
        return found

    def plan(
        self,
        source: LinkTarget,
        claims: Sequence[tuple[ClaimRef, str]],
        *,
        avoid: Mapping[ClaimRef, tuple[int, int]] | None = None,
        max_links: int = MAX_LINKS,
    ) -> dict[ClaimRef, tuple[LinkSpan, ...]]:
        """Links for one article's claims, given in reading order as normalized text.

        ``avoid`` marks a span per claim (the bolded title) that no link may overlap.
        """
        avoid = avoid or {}
        linked: set[str] = set()
        plan: dict[ClaimRef, tuple[LinkSpan, ...]] = {}
        for ref, text in claims:
            if len(linked) >= max_links:
                break
            taken: list[tuple[int, int]] = [avoid[ref]] if ref in avoid else []
            chosen: list[tuple[int, int, _Phrase]] = []
            # longer phrases claim their text first; a match that links nowhere still blocks
            for start, end, entry in sorted(self._matches(text), key=lambda m: (m[0] - m[1], m[0])):
                if all(end <= s or start >= e for s, e in taken):
                    taken.append((start, end))
                    chosen.append((start, end, entry))
            spans = []
            for start, end, entry in sorted(chosen, key=lambda m: m[0]):
                target = _pick(entry.targets, source, linked)
                if target is not None and len(linked) < max_links:
                    linked.add(target.slug)
                    spans.append(LinkSpan(start, end, target.slug))
            if spans:
                plan[ref] = tuple(spans)
        return plan


def _pick(targets: Sequence[LinkTarget], source: LinkTarget, linked: set[str]) -> LinkTarget | None:
    """The best target for a phrase: same video, then same channel, then by slug."""
    if any(t.slug == source.slug for t in targets):
        return None  # the article's own title or alias
    open_targets = [t for t in targets if t.slug not in linked]
    if not open_targets:
        return None
    return min(
        open_targets,
        key=lambda t: (t.video_id != source.video_id, t.channel_slug != source.channel_slug, t.slug),
    )


def backlinks(plans: Mapping[str, Mapping[ClaimRef, Sequence[LinkSpan]]]) -> dict[str, tuple[str, ...]]:
    """For each linked slug, the sorted slugs of the articles that link to it."""
    incoming: dict[str, set[str]] = {}
    for source, plan in plans.items():
        for spans in plan.values():
            for span in spans:
                incoming.setdefault(span.target, set()).add(source)
    return {target: tuple(sorted(sources)) for target, sources in sorted(incoming.items())}
