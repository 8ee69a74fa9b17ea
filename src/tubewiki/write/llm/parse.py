"""Tolerant extraction of the JSON object a model was asked for.

Models wrap JSON in code fences, open with a sentence of prose, or leave a trailing
comma. :func:`extract_json` takes the first balanced ``{...}`` (strings respected),
removes trailing commas outside strings and parses it. :func:`parse_article` then
validates it and raises :class:`AnswerError` whose message can be sent back for repair.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from .schema import ArticleOut

_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.S)
_REFUSAL = re.compile(
    r"^\W*(?:i'?m sorry|i am sorry|sorry,|i can(?:no|')t|i cannot|i am unable|i'm unable|i won'?t|"
    r"as an ai|unfortunately,? i)", re.I)


class AnswerError(ValueError):
    """The answer is not the JSON article asked for; the message says why, for a repair request."""


def looks_like_refusal(text: str) -> bool:
    """An answer that declines in prose instead of giving any JSON."""
    return "{" not in text and bool(_REFUSAL.match(text.strip()))


def _outside_strings(text: str, start: int = 0):
    """(position, character) of every character not inside a JSON string literal."""
    in_string, escaped = False, False
    for pos in range(start, len(text)):
        ch = text[pos]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
            continue
        yield pos, ch


def _balanced_object(text: str, start: int) -> str | None:
    depth = 0
    for pos, ch in _outside_strings(text, start):
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return text[start:pos + 1]
    return None


def _drop_trailing_commas(text: str) -> str:
    drop = {pos for pos, ch in _outside_strings(text) if ch == "," and text[pos + 1:].lstrip()[:1] in ("}", "]")}
    return "".join(ch for pos, ch in enumerate(text) if pos not in drop)


def extract_json(text: str) -> Any:
    """The first JSON object in ``text``; raises :class:`AnswerError` when there is none."""
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    problem = "the answer contains no JSON object"
    for candidate in candidates:
        start = candidate.find("{")
        while start != -1:
            body = _balanced_object(candidate, start)
            if body is None:
                problem = "the JSON object is not closed (the answer may have been cut off)"
                break
            try:
                return json.loads(_drop_trailing_commas(body))
            except json.JSONDecodeError as exc:
                problem = f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            start = candidate.find("{", start + 1)
    raise AnswerError(problem)


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "the object"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def parse_article(text: str) -> ArticleOut:
    """Parse and validate an answer; raises :class:`AnswerError` saying what is wrong."""
    data = extract_json(text)
    if not isinstance(data, dict):
        raise AnswerError("the answer must be one JSON object")
    try:
        return ArticleOut.model_validate(data)
    except ValidationError as exc:
        raise AnswerError(f"the JSON does not match the schema: {_describe(exc)}") from None
