"""Slugs: short, file-name-safe, deterministic names for vault pages.

A slug is lowercase kebab-case. Latin letters lose their accents, other scripts keep
their letters, and a slug is never empty (a hash of the text stands in). Names that
some operating system refuses (``con``, ``aux``, ``lpt1``...) get a suffix.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable, Sequence

MAX_CHARS = 80
MAX_BYTES = 160  # well under the 255-byte file-name limit, leaving room for suffixes

# letters NFKD does not split into a base letter and a mark
_SPECIAL = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ħ": "h", "ŋ": "ng", "ſ": "s", "&": " and ",
}
_APOSTROPHES = "'\u2019\u02bc`"
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(10)}
_DASHES = re.compile(r"-+")


def _fold_char(ch: str) -> str:
    """One character as slug material: ASCII alnum, a kept letter, or a separator."""
    if ch in _APOSTROPHES:
        return ""
    if ch.isascii():
        return ch.lower() if ch.isalnum() else "-"
    low = ch.lower()
    if low in _SPECIAL:
        return _SPECIAL[low]
    decomposed = unicodedata.normalize("NFKD", low)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if base and base.isascii():
        return "".join(c if c.isalnum() else "-" for c in base) or "-"
    category = unicodedata.category(ch)
    if category[0] in "LN":
        return low
    if category[0] == "M":  # vowel signs and the like in non-Latin scripts
        return ch
    return "-"


def _truncate(slug: str, max_chars: int) -> str:
    if len(slug) > max_chars:
        cut = slug[:max_chars]
        # prefer ending at a word boundary when one is reasonably close
        if "-" in cut[max_chars // 2 :]:
            cut = cut.rsplit("-", 1)[0]
        slug = cut.strip("-")
    while len(slug.encode("utf-8")) > MAX_BYTES:
        slug = slug[:-1].rstrip("-")
    return slug


def short_hash(text: str, length: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def slugify(text: str | None, *, fallback: str = "page", max_chars: int = MAX_CHARS) -> str:
    """Kebab-case slug of ``text``; ``<fallback>-<hash>`` when nothing usable is left."""
    raw = unicodedata.normalize("NFC", text or "")
    folded = "".join(_fold_char(ch) for ch in raw)
    slug = _truncate(_DASHES.sub("-", folded).strip("-"), max_chars)
    if not slug:
        return f"{fallback}-{short_hash(raw)}" if raw.strip() else fallback
    if slug in _WINDOWS_RESERVED:
        slug = f"{slug}-{fallback}"
    return slug


def is_safe_slug(slug: str) -> bool:
    """True when ``slug`` can be used as a file stem on every common OS."""
    if not slug or slug.startswith((".", "-")) or slug.endswith(".") or len(slug.encode()) > MAX_BYTES:
        return False
    if slug.lower() in _WINDOWS_RESERVED:
        return False
    # path separators, characters Windows refuses, and those that end an Obsidian link
    return not any(c in '/\\:*?"<>|#^[]' or c.isspace() or ord(c) < 32 or ord(c) == 127 for c in slug)


def channel_slug(name: str | None) -> str:
    """Slug of a channel page: "3Blue1Brown" -> "3blue1brown"; no name -> "channel"."""
    return slugify(name, fallback="channel") if name and name.strip() else "channel"


def assign_unique(
    items: Iterable[tuple[str, str, str]], taken: Iterable[str] = ()
) -> dict[str, str]:
    """Give every item a slug no other item (or ``taken`` name) has.

    ``items`` are ``(key, wanted_slug, disambiguator)``. Items are handled in ``key``
    order: the first keeps its wanted slug, later ones get ``-<disambiguator>``, then
    a number. The same items always get the same slugs.
    """
    used = {t.casefold() for t in taken}  # case-insensitive file systems
    result: dict[str, str] = {}
    for key, wanted, extra in sorted(items):
        base = wanted if is_safe_slug(wanted) and wanted == wanted.lower() else slugify(wanted)
        candidates: Sequence[str] = (base, _truncate(f"{base}-{slugify(extra)}", MAX_CHARS + 20))
        slug = next((c for c in candidates if c.casefold() not in used), None)
        n = 2
        while slug is None:
            candidate = f"{candidates[-1]}-{n}"
            slug = candidate if candidate.casefold() not in used else None
            n += 1
        used.add(slug.casefold())
        result[key] = slug
    return result
