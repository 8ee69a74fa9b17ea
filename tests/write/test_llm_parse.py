"""Tolerant extraction of the JSON article from what a model answers."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tubewiki.write.llm.parse import AnswerError, extract_json, looks_like_refusal, parse_article
from tubewiki.write.llm.schema import ArticleOut, article_json_schema, response_format

ARTICLE = {"title": "Waves", "summary_claims": [{"text": "A wave carries energy.", "sentence_ids": [1]}],
           "sections": [{"heading": "Speed", "claims": [{"text": "Speed is {fast}, \"quoted\".", "sentence_ids": [2, 3]}]}]}


@pytest.mark.parametrize("text", [
    json.dumps(ARTICLE),
    "```json\n" + json.dumps(ARTICLE, indent=2) + "\n```",
    "```\n" + json.dumps(ARTICLE) + "\n```",
    "Sure, here it is:\n" + json.dumps(ARTICLE) + "\nHope this helps {really}.",
    "Here is {an aside} and then " + json.dumps(ARTICLE),
    json.dumps(ARTICLE, indent=1).replace("]\n}", "],\n}").replace("}\n]", "},\n]"),
], ids=["bare", "fenced-json", "fenced-plain", "prose-around", "braces-in-prose", "trailing-commas"])
def test_article_is_found_in_common_wrappings(text: str) -> None:
    assert parse_article(text).model_dump() == ArticleOut.model_validate(ARTICLE).model_dump()


def test_commas_and_braces_inside_strings_are_left_alone() -> None:
    data = extract_json('{"a": "x, }", "b": ["y,]",],}')
    assert data == {"a": "x, }", "b": ["y,]"]}


@pytest.mark.parametrize("text, reason", [
    ("No JSON here at all.", "no JSON object"),
    ('{"title": "Waves", "summary_claims": [', "not closed"),
    ('{"title": "Waves" "sections": []}', "invalid JSON"),
    ('{"article": "Waves are things."}', "title"),
    ('{"title": "W", "summary_claims": [{"text": "x", "sentence_ids": [{"id": 1}]}]}', "sentence_ids"),
    ('[1, 2, 3]', "no JSON object"),
])
def test_unusable_answers_say_why(text: str, reason: str) -> None:
    with pytest.raises(AnswerError, match=reason):
        parse_article(text)


def test_ids_written_as_strings_or_brackets_are_read_as_integers() -> None:
    data = {"title": "W", "summary_claims": [{"text": "x", "sentence_ids": ["[4]", "5", 6.0]}],
            "sections": [{"heading": "h", "claims": [{"text": "y", "sentence_ids": 7}]}]}
    article = ArticleOut.model_validate(data)
    assert article.summary_claims[0].sentence_ids == [4, 5, 6]
    assert article.sections[0].claims[0].sentence_ids == [7]


def test_refusals_are_told_from_answers() -> None:
    assert looks_like_refusal("I'm sorry, but I can't help with that.")
    assert looks_like_refusal("I cannot write this article.")
    assert not looks_like_refusal('Sorry for the wait: {"title": "x"}')
    assert not looks_like_refusal("The Fourier transform is a tool.")


def test_schema_is_strict_and_matches_the_model_fields() -> None:
    schema = article_json_schema()
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(ArticleOut.model_fields)
    fmt = response_format("schema")
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert response_format("json_object") == {"type": "json_object"} and response_format("none") is None
    assert response_format("json_object_schema") == {"type": "json_object", "schema": schema}


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_claim = st.fixed_dictionaries({"text": _text, "sentence_ids": st.lists(st.integers(0, 10_000), max_size=3)})
_article = st.fixed_dictionaries({
    "title": _text.filter(lambda t: t != ""),
    "summary_claims": st.lists(_claim, max_size=3),
    "sections": st.lists(st.fixed_dictionaries({"heading": _text, "claims": st.lists(_claim, max_size=3)}),
                         max_size=3),
})


@settings(max_examples=150, deadline=None)
@given(article=_article, prose=_text.filter(lambda t: "{" not in t and "`" not in t),
       fence=st.booleans(), indent=st.sampled_from([None, 2]))
def test_any_valid_article_survives_wrapping(article: dict, prose: str, fence: bool, indent: int | None) -> None:
    body = json.dumps(article, indent=indent, ensure_ascii=bool(indent))
    text = f"{prose}\n```json\n{body}\n```\n{prose}" if fence else f"{prose} {body} {prose}"
    assert parse_article(text).model_dump() == ArticleOut.model_validate(article).model_dump()
