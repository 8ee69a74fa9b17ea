"""A claim that only restates its cited sentences is supported without embedding it.

Extractive writers mostly delete words (fillers, openers, asides) and swap pronouns
("you take" -> "one takes"). When every content word of a claim occurs in the sentences it
cites, and the claim keeps most of their content words, the claim says what those sentences
say: the embedding check would only confirm it, at the cost of one more model pass.
"""

from __future__ import annotations

import re
from typing import Sequence

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
# words a rewrite may add or swap without changing what is claimed
_NEUTRAL = frozenset(
    "one one's ones oneself the a an is are was were be been has have had does do did it its this that these "
    "those there here called given examined thought can could will would may might must should and or of to in "
    "on at for with by as so then".split()
)
MIN_KEPT = 0.6  # share of the cited sentences' content words the claim must keep


def _stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    for suffix in ("'s", "ies", "es", "s", "ing", "ed"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    return w.rstrip("e") or w


def _content(text: str) -> set[str]:
    return {_stem(t) for t in _TOKEN.findall(text) if t.lower() not in _NEUTRAL}


def lexical_support(claim: str, cited: Sequence[str]) -> float | None:
    """Share of the cited sentences' content words the claim keeps, when it adds none of its own."""
    claim_words = _content(claim)
    source = set().union(*(_content(t) for t in cited)) if cited else set()
    if len(claim_words) < 3 or not source or not claim_words <= source:
        return None
    kept = len(claim_words) / len(source)
    return kept if kept >= MIN_KEPT else None
