"""The structured article a model returns, and the JSON schema sent to ask for it.

Validation is lenient where leniency is harmless (ids given as ``"12"`` or ``"[12]"``,
extra keys, a missing list) and strict where it matters (a title, claims as objects).
Claims with empty text or no ids are kept here and counted when the draft is made.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_NAME = "tubewiki_article"
MAX_IDS_PER_CLAIM = 3
_INT = re.compile(r"-?\d+")


class ClaimOut(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str
    sentence_ids: list[int] = Field(default_factory=list)

    @field_validator("sentence_ids", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> list[int]:
        if value is None:
            return []
        if isinstance(value, (int, str)):
            value = [value]
        if not isinstance(value, list):
            raise ValueError("sentence_ids must be a list of integers")
        out: list[int] = []
        for item in value:
            if isinstance(item, bool):
                raise ValueError("sentence_ids must be integers")
            if isinstance(item, int):
                out.append(item)
            elif isinstance(item, float) and item.is_integer():
                out.append(int(item))
            elif isinstance(item, str):
                out += [int(n) for n in _INT.findall(item)]
            else:
                raise ValueError(f"sentence id {item!r} is not an integer")
        return out

    @field_validator("text", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ValueError("claim text must be a string")
        return value


class SectionOut(BaseModel):
    model_config = ConfigDict(extra="ignore")
    heading: str = ""
    claims: list[ClaimOut] = Field(default_factory=list)


class ArticleOut(BaseModel):
    model_config = ConfigDict(extra="ignore")
    title: str = Field(min_length=1)
    summary_claims: list[ClaimOut] = Field(default_factory=list)
    sections: list[SectionOut] = Field(default_factory=list)

    def claim_count(self) -> int:
        return len(self.summary_claims) + sum(len(s.claims) for s in self.sections)


def _claims_schema() -> dict[str, Any]:
    claim = {
        "type": "object",
        "properties": {
            "text": {"type": "string"},
            "sentence_ids": {"type": "array", "items": {"type": "integer"}},
        },
        "required": ["text", "sentence_ids"],
        "additionalProperties": False,
    }
    return {"type": "array", "items": claim}


def article_json_schema() -> dict[str, Any]:
    """The answer's JSON schema, in the subset strict structured-output servers accept."""
    section = {
        "type": "object",
        "properties": {"heading": {"type": "string"}, "claims": _claims_schema()},
        "required": ["heading", "claims"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "summary_claims": _claims_schema(),
            "sections": {"type": "array", "items": section},
        },
        "required": ["title", "summary_claims", "sections"],
        "additionalProperties": False,
    }


def response_format(mode: str) -> dict[str, Any] | None:
    """The ``response_format`` request field for a JSON mode.

    Modes: "schema" (OpenAI structured output), "json_object_schema" (JSON mode with the
    schema beside it, which llama.cpp's Python server turns into a grammar),
    "json_object" (any JSON) and "none" (plain text, parsed tolerantly).
    """
    if mode == "schema":
        return {"type": "json_schema",
                "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": article_json_schema()}}
    if mode == "json_object_schema":
        return {"type": "json_object", "schema": article_json_schema()}
    if mode == "json_object":
        return {"type": "json_object"}
    return None
