"""Shared pieces of the JSON transcript parsers: loading once, checked field access, times.

Every JSON format sniffs the same decoded text, so the parsed document is cached for the
text object last seen: a 2 MB file is parsed once however many formats look at it.
Places in error messages count list items from 0: ``segments[12].start``, ``item 40``.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import PurePath
from typing import Any

from ...errors import ParseError

MAX_MS = 7 * 24 * 3600 * 1000  # a week: anything longer is a broken file, not a video

_INVALID = object()
_cache: tuple[str, Any] | None = None

_LANGUAGE_NAMES = {
    "english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
    "portuguese": "pt", "dutch": "nl", "russian": "ru", "ukrainian": "uk", "polish": "pl",
    "czech": "cs", "swedish": "sv", "norwegian": "no", "danish": "da", "finnish": "fi",
    "greek": "el", "turkish": "tr", "arabic": "ar", "hebrew": "he", "persian": "fa",
    "hindi": "hi", "bengali": "bn", "urdu": "ur", "tamil": "ta", "telugu": "te",
    "chinese": "zh", "mandarin": "zh", "japanese": "ja", "korean": "ko", "vietnamese": "vi",
    "thai": "th", "indonesian": "id", "malay": "ms", "hungarian": "hu", "romanian": "ro",
    "catalan": "ca", "bulgarian": "bg", "serbian": "sr", "croatian": "hr", "slovak": "sk",
}
_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$")
_PATH_CODE = re.compile(r"\.([a-z]{2,3}(?:-[A-Za-z]{2,4})?)(?:\.[a-z]+)?\.json3?$")


def try_json(text: str) -> Any:
    """The parsed document, or ``None`` when the text is not JSON. Cached per text object."""
    global _cache
    if _cache is not None and _cache[0] is text:
        value = _cache[1]
        return None if value is _INVALID else value
    head = text.lstrip()[:1]
    if head not in ("[", "{"):
        return None
    try:
        value: Any = json.loads(text)
    except (ValueError, RecursionError):
        value = _INVALID
    _cache = (text, value)
    return None if value is _INVALID else value


def load_json(text: str, path: str) -> Any:
    """Parse JSON or raise :class:`ParseError` at ``line L column C``."""
    value = try_json(text)
    if value is not None:
        return value
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(path, f"line {exc.lineno} column {exc.colno}", f"broken JSON ({exc.msg})") from None
    except RecursionError:
        raise ParseError(path, None, "JSON nests too deeply to read") from None
    except ValueError as exc:
        raise ParseError(path, None, f"broken JSON ({exc})") from None


def kind_of(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false",
            type(None): "null"}.get(type(value), "a number")


def expect_dict(value: Any, path: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ParseError(path, where, f"expected an object, found {kind_of(value)}")
    return value


def expect_list(value: Any, path: str, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ParseError(path, where, f"expected a list, found {kind_of(value)}")
    return value


def expect_str(value: Any, path: str, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ParseError(path, where, f"expected text, found {kind_of(value)}")
    return value


def _number(value: Any, path: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParseError(path, where, f"expected a number, found {kind_of(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        shown = "too large" if isinstance(value, int) else str(value)
        raise ParseError(path, where, f"time is not a finite number ({shown})")
    return number


def _checked_ms(ms: float, path: str, where: str) -> int:
    if ms < 0:
        raise ParseError(path, where, f"negative time ({ms / 1000:g} s)")
    if ms > MAX_MS:
        raise ParseError(path, where, f"time of {ms / 3_600_000:.0f} hours is not plausible")
    return int(round(ms))


def seconds_ms(value: Any, path: str, where: str) -> int:
    """A time in seconds (float noise allowed) as integer milliseconds, validated."""
    return _checked_ms(_number(value, path, where) * 1000.0, path, where)


def int_ms(value: Any, path: str, where: str) -> int:
    """A time already in milliseconds, validated."""
    return _checked_ms(_number(value, path, where), path, where)


def optional_float(value: Any) -> float | None:
    """A confidence-like number, or ``None`` when absent or unusable."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def language_code(value: Any) -> str | None:
    """``"en"``, ``"en_us"``, ``"de-DE"``, ``"Arabic"``, ``"English (auto-generated)"`` -> code."""
    if not isinstance(value, str) or not value.strip():
        return None
    v = value.strip().lower()
    m = _CODE.match(v)
    if m and v not in _LANGUAGE_NAMES:
        return m.group(1)
    first = re.split(r"[\s(,]", v, maxsplit=1)[0]
    return _LANGUAGE_NAMES.get(first)


def language_from_path(path: str) -> str | None:
    """``talk.en.json`` -> ``"en"``; a folder named ``english`` -> ``"en"``."""
    p = PurePath(path)
    m = _PATH_CODE.search(p.name)
    if m:
        return m.group(1).split("-")[0].lower()
    for part in reversed(p.parts[:-1]):
        code = _LANGUAGE_NAMES.get(part.lower())
        if code:
            return code
    return None


def first_items(value: list[Any], count: int = 20) -> list[Any]:
    """A small sample for sniffing: the first items and the last one."""
    return value[:count] + value[-1:] if len(value) > count else value
