"""The site's client-side search index: an inverted index split into small script files.

Terms are grouped into chunks by prefix (two characters, longer where a chunk would be
too big), so a query loads only the chunks of its own terms. Each chunk is a ``.js`` file
that assigns to ``window.TWS`` and is injected as a script tag, which also works from a
local folder (``file://``) where ``fetch`` does not. ``static/site.js`` mirrors
:func:`tokenize` and :func:`chunk_key` exactly.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

SEARCH_DIR = "_search"
FIRST_PREFIX = 2
MAX_PREFIX = 6
CHUNK_BYTES = 32_000
MAX_POSTINGS = 4_000  # a term in more documents keeps its strongest ones
TITLE_WEIGHT = 3
SNIPPET_CHARS = 240

# kept short on purpose; the same list is in static/site.js
STOPWORDS = frozenset(
    "a an and are as at be been but by can do does for from had has have he her his how i if in into is it its "
    "just me my no not of on or our she so than that the their them then there these they this those to too "
    "us was we were what when where which who why will with you your".split()
)


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One searchable page: its number, title, URL (from the site root) and cited claims."""

    number: int
    title: str
    url: str
    claims: tuple[tuple[int | None, str], ...]  # (second cited or None, claim text)


_WORD = re.compile(r"[^\W_]+")  # letters and digits (Unicode), as \p{L}\p{N} in JavaScript


def _fold(text: str) -> str:
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Search terms of ``text``: folded to lowercase without accents, letters and digits only."""
    return [_stem(w) for w in _WORD.findall(_fold(text)) if len(w) > 1 and w not in STOPWORDS]


def chunk_key(term: str, prefixes: frozenset[str] | set[str]) -> str | None:
    """The longest listed prefix of ``term`` (the chunk that holds it), if any."""
    for k in range(min(len(term), MAX_PREFIX), 0, -1):
        if term[:k] in prefixes:
            return term[:k]
    return None


def file_name(key: str) -> str:
    return key.encode("utf-8").hex()


def _script(target: str, value: object) -> str:
    data = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return f"(window.TWS=window.TWS||{{t:{{}},d:{{}}}}).{target}={data};\n"


def _postings(docs: Sequence[SearchDoc]) -> dict[str, list[int]]:
    weights: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc in docs:
        counts = Counter(tokenize(" ".join(text for _, text in doc.claims)))
        for term in tokenize(doc.title):
            counts[term] += TITLE_WEIGHT
        for term, tf in counts.items():
            weights[term].append((doc.number, tf))
    postings = {}
    for term, pairs in weights.items():
        if len(pairs) > MAX_POSTINGS:
            pairs = sorted(sorted(pairs, key=lambda p: -p[1])[:MAX_POSTINGS])
        postings[term] = [x for pair in pairs for x in pair]
    return postings


def _size(term: str, flat: list[int]) -> int:
    return len(term) + 6 + sum(len(str(x)) + 1 for x in flat)


def _split(postings: dict[str, list[int]]) -> dict[str, dict[str, list[int]]]:
    """Chunks by prefix: start at two characters, split any chunk over the size limit."""
    pending: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term, flat in postings.items():
        pending[term[:FIRST_PREFIX]][term] = flat
    chunks: dict[str, dict[str, list[int]]] = {}
    while pending:
        key, terms = pending.popitem()
        too_big = sum(_size(t, f) for t, f in terms.items()) > CHUNK_BYTES
        if not too_big or len(key) >= MAX_PREFIX:
            chunks[key] = terms
            continue
        for term, flat in terms.items():
            if len(term) <= len(key):
                chunks.setdefault(key, {})[term] = flat
            else:
                pending.setdefault(term[: len(key) + 1], {})[term] = flat
        chunks.setdefault(key, {})  # keeps the parent listed so short terms find their chunk
    return chunks


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1].rsplit(" ", 1)[0] + "\u2026"


def build_search_files(docs: Iterable[SearchDoc]) -> dict[str, str]:
    """Every file of the index, by path relative to the site root."""
    docs = list(docs)
    chunks = _split(_postings(docs))
    files: dict[str, str] = {}
    for key, terms in chunks.items():
        if terms:
            files[f"{SEARCH_DIR}/t/{file_name(key)}.js"] = _script(f't["{file_name(key)}"]', terms)
    for doc in docs:
        record = {"t": doc.title, "u": doc.url, "c": [[s, _snippet(text)] for s, text in doc.claims if text.strip()]}
        files[f"{SEARCH_DIR}/d/{doc.number}.js"] = _script(f"d[{doc.number}]", record)
    listed = sorted(k for k, terms in chunks.items() if terms)
    meta = {"v": 1, "n": len(docs), "prefixes": listed}
    files[f"{SEARCH_DIR}/meta.js"] = _script("meta", meta)
    return files
