"""An article's shape from its claims: sections by lexical cohesion, headings, lists.

Everything here is lexical and deterministic: sentences become bags of content words,
sections break where the words on either side of a gap share least, headings are the
phrases a section uses most and the rest of the topic uses least, and a run of claims
that enumerates ("First ...", "Second ...", "Finally ...") becomes a list.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

import numpy as np

_TOKEN = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*", re.UNICODE)
_WINDOW = 3


@lru_cache(maxsize=1)
def _stopword_table() -> dict[str, frozenset[str]]:
    text = resources.files(__package__).joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    table: dict[str, set[str]] = {}
    lang = "en"
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            lang = line[1:-1]
            continue
        table.setdefault(lang, set()).update(line.split())
    return {k: frozenset(v) for k, v in table.items()}


def stopwords(language: str | None) -> frozenset[str]:
    """The bundled stopword list for a language (English when unknown)."""
    table = _stopword_table()
    return table.get((language or "en")[:2].lower(), table["en"] if not language else frozenset())


def stem(word: str) -> str:
    """A light plural fold so "vectors" and "vector" count as one word."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-3] + "y" if word.endswith("ies") else word[:-1]
    return word


def content_words(text: str, language: str | None = "en") -> list[str]:
    stop = stopwords(language)
    words = (w.lower().replace("\u2019", "'") for w in _TOKEN.findall(text))
    return [stem(w) for w in words if len(w) > 2 and w not in stop and not w.isdigit()]


def cohesion_gaps(texts: Sequence[str], language: str | None = "en") -> np.ndarray:
    """Similarity of the words before and after each gap (gap g sits before text g, g >= 1)."""
    bags = [Counter(content_words(t, language)) for t in texts]
    vocab = {w: i for i, w in enumerate(sorted({w for b in bags for w in b}))}
    matrix = np.zeros((len(texts), max(len(vocab), 1)))
    for row, bag in enumerate(bags):
        for word, count in bag.items():
            matrix[row, vocab[word]] = count
    scores = np.ones(len(texts))
    for gap in range(1, len(texts)):
        left = matrix[max(0, gap - _WINDOW): gap].sum(axis=0)
        right = matrix[gap: gap + _WINDOW].sum(axis=0)
        norm = float(np.linalg.norm(left) * np.linalg.norm(right))
        scores[gap] = float(left @ right) / norm if norm else 0.0
    return scores


def split_points(texts: Sequence[str], parts: int, min_size: int, language: str | None = "en") -> list[int]:
    """Start indices of ``parts`` runs (the first is 0), cut at the deepest cohesion valleys."""
    n = len(texts)
    if parts <= 1 or n < 2 * min_size:
        return [0]
    scores = cohesion_gaps(texts, language)
    depth = np.zeros(n)
    for gap in range(1, n):
        left_peak = scores[max(1, gap - _WINDOW): gap + 1].max()
        right_peak = scores[gap: min(n, gap + _WINDOW + 1)].max()
        depth[gap] = left_peak + right_peak - 2 * scores[gap]
    cuts: list[int] = []
    for gap in sorted(range(min_size, n - min_size + 1), key=lambda g: (-depth[g], g)):
        if len(cuts) == parts - 1:
            break
        if all(abs(gap - c) >= min_size for c in cuts):
            cuts.append(gap)
    return [0] + sorted(cuts)


def _phrases(text: str, stop: frozenset[str]) -> Iterable[tuple[str, str]]:
    """(key, surface) for each 1-3 word run of content words in one sentence."""
    tokens = _TOKEN.findall(text)
    run: list[str] = []
    for token in tokens + [""]:
        low = token.lower()
        if token and len(low) > 1 and low not in stop and not low.isdigit():
            run.append(token)
            continue
        for size in (1, 2, 3):
            for start in range(len(run) - size + 1):
                words = run[start: start + size]
                if words[-1].lower().endswith(("'s", "\u2019s")):
                    continue  # "Euler's" does not name anything on its own
                yield " ".join(stem(w.lower()) for w in words), " ".join(words)
        run = []


def keyphrases(
    texts: Sequence[str],
    language: str | None = "en",
    background: Sequence[str] = (),
    limit: int = 5,
) -> list[str]:
    """The phrases that best name ``texts``: frequent there, rarer in ``background``."""
    stop = stopwords(language)
    counts: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = {}
    for text in texts:
        for key, surface in dict(_phrases(text, stop)).items():
            counts[key] += 1
            surfaces.setdefault(key, Counter())[surface] += 1
    back: Counter[str] = Counter()
    for text in background:
        back.update({key for key, _ in _phrases(text, stop)})
    scored = []
    for key, count in counts.items():
        size = key.count(" ") + 1
        if size == 1 and len(key) < 4:
            continue
        if size > 1 and count < 2:
            continue
        spread = count / max(back.get(key, 0), count)
        scored.append((count * (1.0 + 0.8 * (size - 1)) * (0.4 + spread), key))
    scored.sort(key=lambda item: (-item[0], item[1]))
    chosen: list[str] = []
    for _, key in scored:
        if any(key in c or c in key for c in chosen):
            continue
        chosen.append(key)
        if len(chosen) == limit:
            break
    return [_surface(surfaces[k]) for k in chosen]


def _surface(forms: Counter[str]) -> str:
    best = sorted(forms.items(), key=lambda item: (-item[1], item[0]))[0][0]
    lowered = " ".join(w if (w.isupper() and len(w) > 1) or w[1:] != w[1:].lower() else w.lower()
                       for w in best.split())
    return lowered


def heading(
    texts: Sequence[str],
    language: str | None = "en",
    background: Sequence[str] = (),
    taken: Iterable[str] = (),
) -> str | None:
    """A short heading naming ``texts``, distinct from headings already ``taken``."""
    used = [set(content_words(t, language)) for t in taken]
    phrases = keyphrases(texts, language, background, limit=10)
    # a phrase of several words names a section better than a lone word ("Combine", "Layer")
    phrases = sorted(phrases, key=lambda p: len(p.split()) < 2)
    for phrase in phrases:
        words = set(content_words(phrase, language))
        if words and not any(words <= u for u in used):
            return phrase[0].upper() + phrase[1:]
    return None


_FIRST = re.compile(
    r"^(?:[\w ]{0,20}, )?(?:first(?:ly)?\b|first of all\b|the first (?:step|thing|one|is|of these|way|property|"
    r"[a-z-]+ (?:is|will be|was))\b|step (?:one|1)\b|to begin(?: with)?,)",
    re.I,
)
_NEXT = re.compile(
    r"^(?:second(?:ly)?\b|third(?:ly)?\b|fourth(?:ly)?\b|fifth\b|the (?:second|third|fourth|fifth|"
    r"next|last|final|other)\b|next,|then,?\b|after that\b|finally\b|lastly\b|last(?:ly)?,|"
    r"another (?:one|way|thing|is|step|property|option)\b|step (?:two|three|four|five|[2-9])\b|"
    r"and finally\b)",
    re.I,
)
_LEAD = re.compile(
    r"\b(?:there are|has|have|comes? in|takes?) (?:two|three|four|five|six|a few|several) "
    r"(?:\w+ )?(?:steps|ways|things|properties|parts|rules|ideas|types|kinds|cases|options|"
    r"reasons|conditions|stages|facts|components|pieces|questions|axioms)\b",
    re.I,
)
_ONE_OF = re.compile(r"^one (?:of them |of these )?(?:is|way|option|approach|reason)\b", re.I)


def opens_item(text: str) -> bool:
    """Whether a claim reads as the first item of an enumeration ("First, ...")."""
    return bool(_FIRST.match(text))


def leads_list(text: str) -> bool:
    """Whether a claim announces an enumeration ("There are three steps ...")."""
    return bool(_LEAD.search(text))


def continues_item(text: str) -> bool:
    """Whether a claim reads as a later item of an enumeration ("Second, ...", "Finally, ...")."""
    return bool(_NEXT.match(text))


def enumerations(texts: Sequence[str], max_gap: int = 1) -> list[tuple[int, int]]:
    """Half-open index ranges of runs that enumerate: a first item, then at least one more.

    Items may be at most ``max_gap`` claims apart; what lies between belongs to the item.
    """
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(texts):
        opens = bool(_FIRST.match(texts[i])) or (
            i > 0 and bool(_LEAD.search(texts[i - 1])) and bool(_ONE_OF.match(texts[i])))
        if not opens:
            i += 1
            continue
        last = i
        j = i + 1
        while j < len(texts) and j - last <= max_gap + 1:
            if _NEXT.match(texts[j]):
                last = j
            elif _FIRST.match(texts[j]):
                break
            j += 1
        if last > i:
            runs.append((i, last + 1))
            i = last + 1
        else:
            i += 1
    return runs
