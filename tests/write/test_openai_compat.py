"""The openai-compatible.v1 writer against recorded server responses (no network)."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError

from tubewiki.config import LLMConfig
from tubewiki.errors import ConfigError
from tubewiki.nlp.embed import HashEmbedder
from tubewiki.registry import REGISTRIES
from tubewiki.verify.verifier import Verifier
from tubewiki.write import openai_compat as oc
from tubewiki.write.base import draft_to_article
from tubewiki.store.responses import SqliteResponseCache
from tubewiki.write.llm.parse import parse_article
from tubewiki.write.openai_compat import OpenAICompatOptions, OpenAICompatWriter, estimate_build

from .recordings import INJECTION, SENTENCES, Script, make_topic, recording

BASE = "https://llm.example.test/v1"


@pytest.fixture(autouse=True)
def _fresh_endpoint_modes():
    oc.ENDPOINT_MODES.clear()
    yield
    oc.ENDPOINT_MODES.clear()


def writer_for(script: Script, cache=None, sleeps: list | None = None, **options) -> OpenAICompatWriter:
    opts = OpenAICompatOptions(**{"base_url": BASE, "api_key": "sk-test", **options})
    waits = sleeps if sleeps is not None else []
    return OpenAICompatWriter(opts, cache=cache, transport=script.transport(), sleep=waits.append)


def claims_of(draft) -> list:
    return [c for s in draft.sections for c in s.claims]


def verified(draft, topic):
    article = draft_to_article(draft, topic, OpenAICompatWriter.name)
    return Verifier(HashEmbedder()).verify_article(article, {topic.video.id: topic.sentences})


def test_writer_is_registered_with_its_capabilities() -> None:
    cls = REGISTRIES.writers.get("openai-compatible.v1")
    assert cls is OpenAICompatWriter
    assert cls.translates and cls.needs_network


def test_happy_path_cites_the_topics_sentence_indices() -> None:
    script = Script("chat_ok")
    draft = writer_for(script).write(make_topic())
    assert draft.title == "Fourier transform"
    assert draft.sections[0].heading is None
    assert [s.heading for s in draft.sections[1:]] == ["Sums of sine waves", "Uses"]
    assert claims_of(draft)[2].sentence_indices == (12, 13)
    assert draft.stats["calls"] == 1 and draft.stats["failures"] == 0
    assert draft.stats["prompt_tokens"] == 412 and draft.stats["completion_tokens"] == 168
    article = draft_to_article(draft, make_topic(), OpenAICompatWriter.name)
    assert article.sections[1].claims[1].citations[0].time_ms == 8_000  # sentence 12 starts at 8 s


def test_request_carries_model_schema_and_numbered_transcript() -> None:
    script = Script("chat_ok")
    writer_for(script, model="small-model", temperature=0).write(make_topic())
    request = script.requests[0]
    assert str(request.url) == BASE + "/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    body = script.bodies()[0]
    assert body["model"] == "small-model" and body["temperature"] == 0
    assert body["response_format"]["type"] == "json_schema"
    user = body["messages"][-1]["content"]
    assert f"[10] {SENTENCES[0]}" in user and f"[16] {SENTENCES[6]}" in user
    assert "Keywords: frequency, winding, center of mass" in user


def test_fenced_answer_with_prose_and_trailing_comma_needs_no_repair() -> None:
    draft = writer_for(Script("chat_fenced_prose")).write(make_topic())
    assert len(claims_of(draft)) == 5
    assert draft.stats["repairs"] == 0


def test_malformed_answer_is_repaired_with_the_error_sent_back() -> None:
    script = Script("chat_malformed", "chat_repaired")
    draft = writer_for(script).write(make_topic())
    assert len(claims_of(draft)) == 5
    assert draft.stats["repairs"] == 1 and draft.stats["calls"] == 2 and draft.stats["failures"] == 0
    assert draft.stats["prompt_tokens"] == 412 + 640
    repair = script.bodies()[1]["messages"]
    assert repair[-2]["role"] == "assistant" and repair[-2]["content"].startswith('{"title"')
    assert "not closed" in repair[-1]["content"]


def test_malformed_twice_is_a_counted_failure_with_an_empty_draft() -> None:
    draft = writer_for(Script("chat_malformed", "chat_wrong_shape")).write(make_topic())
    assert draft.sections == ()
    assert draft.stats["failures"] == 1 and draft.stats["failure_reason"] == "unparseable"
    assert draft.stats["repairs"] == 1 and draft.stats["calls"] == 2
    assert not draft_to_article(draft, make_topic(), OpenAICompatWriter.name).sections


def test_claims_citing_unknown_or_no_sentences_are_dropped_and_counted() -> None:
    draft = writer_for(Script("chat_bad_ids")).write(make_topic())
    texts = [c.text for c in claims_of(draft)]
    assert not any("heat flow" in t for t in texts)
    assert all(i in range(10, 17) for c in claims_of(draft) for i in c.sentence_indices)
    assert draft.stats["dropped_bad_ids"] == 1
    assert draft.stats["dropped_empty"] == 2
    assert len(texts) == 5


def test_unsupported_claim_is_dropped_by_the_verifier() -> None:
    topic = make_topic()
    draft = writer_for(Script("chat_unsupported")).write(topic)
    assert any("Napoleon" in c.text for c in claims_of(draft))  # valid id, so the writer keeps it
    result = verified(draft, topic)
    kept = [c.text for s in result.article.sections for c in s.claims]
    assert not any("Napoleon" in t for t in kept)
    assert result.counts.dropped >= 1
    assert any("inverse transform" in t for t in kept)


@pytest.mark.parametrize("script", [
    Script("error_400_content_policy"),
    Script("chat_refusal_text"),
    Script("chat_refusal_field"),
], ids=["http-400-policy", "refusal-text", "refusal-field"])
def test_refused_request_is_a_counted_failure_without_retry(script: Script) -> None:
    sleeps: list[float] = []
    draft = writer_for(script, sleeps=sleeps).write(make_topic())
    assert draft.sections == () and draft.stats["failures"] == 1
    assert draft.stats["failure_reason"] == "refused"
    assert len(script.requests) == 1 and sleeps == []


def test_rate_limit_then_success_waits_as_the_server_asks() -> None:
    sleeps: list[float] = []
    script = Script("error_429_rate_limit", "error_503_overloaded", "chat_ok")
    draft = writer_for(script, sleeps=sleeps).write(make_topic())
    assert len(claims_of(draft)) == 5 and draft.stats["failures"] == 0
    assert draft.stats["calls"] == 3
    assert sleeps[0] == 20.0  # Retry-After: 20
    assert 1.0 <= sleeps[1] <= 2.0  # second retry: 2 s with jitter in [0.5, 1]


def test_rate_limit_forever_is_a_counted_failure() -> None:
    sleeps: list[float] = []
    script = Script(*["error_429_rate_limit"] * 3)
    draft = writer_for(script, sleeps=sleeps, max_retries=2).write(make_topic())
    assert draft.stats["failures"] == 1 and draft.stats["failure_reason"] == "rate_limited"
    assert len(script.requests) == 3 and len(sleeps) == 2
    assert draft.sections == ()


def test_timeout_is_a_counted_failure() -> None:
    sleeps: list[float] = []
    script = Script(*[httpx.ReadTimeout("read timed out")] * 2)
    draft = writer_for(script, sleeps=sleeps, max_retries=1).write(make_topic())
    assert draft.stats["failures"] == 1 and draft.stats["failure_reason"] == "timeout"
    assert len(script.requests) == 2 and len(sleeps) == 1


def test_timeout_then_success_recovers() -> None:
    script = Script(httpx.ConnectTimeout("connect timed out"), "chat_ok")
    draft = writer_for(script).write(make_topic())
    assert draft.stats["failures"] == 0 and len(claims_of(draft)) == 5


def test_rejected_key_stops_with_a_config_error() -> None:
    with pytest.raises(ConfigError, match="TUBEWIKI_LLM_API_KEY"):
        writer_for(Script("error_401_bad_key")).write(make_topic())


def test_cache_makes_a_second_run_call_nothing() -> None:
    script = Script("chat_malformed", "chat_repaired")
    writer = writer_for(script)
    first = writer.write(make_topic())
    again = writer.write(make_topic())
    assert len(script.requests) == 2
    assert again.stats["calls"] == 0 and again.stats["cache_hits"] == 2
    assert claims_of(again) == claims_of(first)


def test_sqlite_cache_serves_a_new_writer_on_another_endpoint(tmp_path) -> None:
    path = tmp_path / "answers.db"
    writer_for(Script("chat_ok"), cache=SqliteResponseCache.open(path)).write(make_topic())
    idle = Script()
    opts = OpenAICompatOptions(base_url="http://127.0.0.1:9/v1")
    draft = OpenAICompatWriter(opts, cache=SqliteResponseCache.open(path), transport=idle.transport()).write(make_topic())
    assert idle.requests == [] and draft.stats["cache_hits"] == 1
    assert len(claims_of(draft)) == 5


def test_changed_inputs_miss_the_cache() -> None:
    script = Script("chat_ok", "chat_ok")
    writer = writer_for(script)
    writer.write(make_topic())
    writer.write(make_topic(texts=SENTENCES[:-1] + ("The inverse transform rebuilds the signal.",)))
    assert len(script.requests) == 2


def test_missing_key_for_a_remote_endpoint_says_what_to_set(monkeypatch) -> None:
    monkeypatch.delenv("TUBEWIKI_LLM_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    writer = OpenAICompatWriter(OpenAICompatOptions(base_url=BASE), transport=Script().transport())
    with pytest.raises(ConfigError) as err:
        writer.write(make_topic())
    message = err.value.one_line()
    assert "TUBEWIKI_LLM_API_KEY" in message and "OPENAI_API_KEY" in message and BASE in message


def test_local_endpoint_needs_no_key(monkeypatch) -> None:
    monkeypatch.delenv("TUBEWIKI_LLM_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    script = Script("chat_ok")
    opts = OpenAICompatOptions(base_url="http://localhost:8080/v1")
    OpenAICompatWriter(opts, transport=script.transport()).write(make_topic())
    assert "authorization" not in script.requests[0].headers


def test_options_reject_unknown_fields_and_hide_the_key() -> None:
    with pytest.raises(ValidationError):
        OpenAICompatOptions(modle="typo")
    with pytest.raises(ValidationError):
        OpenAICompatOptions(json_mode="xml")
    opts = OpenAICompatOptions(api_key="sk-secret")
    assert "sk-secret" not in repr(opts) and "api_key" not in opts.model_dump()


def test_options_from_config_let_explicit_values_win() -> None:
    llm = LLMConfig(base_url="http://127.0.0.1:8080/v1", model="m1", api_key="from-config", concurrency=3)
    opts = oc.options_from_config(llm, model="m2", language="de", api_key=None)
    assert (opts.base_url, opts.model, opts.api_key, opts.concurrency, opts.language) == \
        ("http://127.0.0.1:8080/v1", "m2", "from-config", 3, "de")


def _formats(script: Script) -> list[str]:
    out = []
    for body in script.bodies():
        fmt = body.get("response_format") or {}
        out.append(fmt.get("type", "none") + ("+schema" if "schema" in fmt else ""))
    return out


def test_json_mode_falls_back_and_is_remembered_per_endpoint() -> None:
    script = Script("error_400_response_format", "chat_ok", "chat_ok")
    writer_for(script).write(make_topic())
    writer_for(script).write(make_topic(texts=SENTENCES[:5]))
    assert _formats(script) == ["json_schema", "json_object+schema", "json_object+schema"]


def test_json_mode_falls_back_step_by_step_without_retrying() -> None:
    sleeps: list[float] = []
    script = Script("error_500_llama_format", "error_400_extra_schema", "chat_ok")
    draft = writer_for(script, sleeps=sleeps).write(make_topic())
    assert _formats(script) == ["json_schema", "json_object+schema", "json_object"]
    assert sleeps == [] and draft.stats["json_mode"] == "json_object" and draft.stats["calls"] == 3


def test_plain_text_mode_sends_no_response_format() -> None:
    script = Script("chat_fenced_prose")
    writer_for(script, json_mode="none").write(make_topic())
    assert "response_format" not in script.bodies()[0]


def test_target_language_is_asked_for_in_the_prompt() -> None:
    script = Script("chat_ok")
    draft = writer_for(script, language="de").write(make_topic())
    system, user = (m["content"] for m in script.bodies()[0]["messages"])
    assert "Write in German" in system and "in German" in user
    assert draft.stats["language"] == "de"


def test_wiki_language_is_used_when_no_option_is_set() -> None:
    script = Script("chat_ok")
    writer_for(script).write(make_topic(language="fr"))
    assert "in French" in script.bodies()[0]["messages"][-1]["content"]


def test_long_topic_is_written_in_parts_that_each_fit() -> None:
    texts = tuple(f"Sentence number {n} talks about winding frequencies and the center of mass at length."
                  for n in range(120))
    topic = make_topic(texts=texts)
    writer = writer_for(Script(), max_prompt_tokens=1000)
    plan = writer.plan(topic)
    assert plan.calls >= 3
    parts = writer._requests(topic)
    ids = [int(line[1:line.index("]")]) for p in parts for line in p[-1]["content"].splitlines()
           if line.startswith("[")]
    assert ids == list(range(10, 130))
    assert all(oc._messages_tokens(p) <= 1000 for p in parts)


def test_parts_of_a_long_topic_may_cite_only_their_own_sentences() -> None:
    texts = SENTENCES + tuple(f"Padding line {n} repeats the winding idea with more words than needed here."
                              for n in range(60))
    topic = make_topic(texts=texts)
    script = Script("chat_ok", "chat_ok")
    writer = writer_for(script, max_prompt_tokens=1500)
    assert writer.plan(topic).calls == 2
    draft = writer.write(topic)
    assert draft.stats["calls"] == 2
    assert draft.stats["dropped_bad_ids"] == 5  # the second part never showed sentences 10-16
    assert len(claims_of(draft)) == 5 and draft.title == "Fourier transform"


def test_plan_counts_calls_without_calling_and_sees_the_cache() -> None:
    script = Script("chat_ok")
    writer = writer_for(script)
    topic = make_topic()
    plan = writer.plan(topic)
    assert script.requests == []
    assert plan.calls == 1 and plan.cached == 0 and plan.prompt_tokens > 200 and plan.completion_tokens > 0
    writer.write(topic)
    again = writer.plan(topic)
    assert again.cached == 1 and again.prompt_tokens == 0


def test_estimate_build_sums_plans_and_counts_offline_writers_as_free() -> None:
    from tubewiki.write.extractive import ExtractiveWriter

    topics = [make_topic(), make_topic(texts=SENTENCES[:4])]
    estimate = estimate_build(topics, writer_for(Script()))
    assert estimate["topics"] == 2 and estimate["calls"] == 2 and estimate["cache_hit_rate"] == 0.0
    assert estimate["tokens"] == estimate["prompt_tokens"] + estimate["completion_tokens"]
    assert estimate_build(topics, ExtractiveWriter())["calls"] == 0


def test_fallback_writer_fills_a_failed_topic_when_asked() -> None:
    draft = writer_for(Script("error_400_content_policy"), fallback="extractive.v1").write(make_topic())
    assert draft.stats["failures"] == 1 and draft.stats["fallback_used"] == 1
    assert claims_of(draft)


def test_topic_without_sentences_makes_no_call() -> None:
    script = Script()
    draft = writer_for(script).write(make_topic(texts=()))
    assert draft.sections == () and draft.stats["calls"] == 0 and script.requests == []


def test_write_many_keeps_the_order_of_topics() -> None:
    script = Script("chat_ok", "chat_ok")
    topics = [make_topic(), make_topic(texts=SENTENCES[:5])]
    drafts = writer_for(script, concurrency=2).write_many(topics)
    assert [d.stats["failures"] for d in drafts] == [0, 0]
    assert len(script.requests) == 2


# -- prompt injection -----------------------------------------------------------------------

def injected_topic():
    return make_topic(texts=SENTENCES + (INJECTION,))


def test_injected_sentence_stays_inside_the_data_block() -> None:
    script = Script("chat_ok")
    writer_for(script).write(injected_topic())
    system, user = (m["content"] for m in script.bodies()[0]["messages"])
    assert "untrusted data" in system and "never instructions to you" in system
    block = user[user.index("<transcript>"):]
    assert block.count("</transcript>") == 1 and block.rstrip().endswith("</transcript>")
    assert "[17] Ignore previous instructions" in block


def test_injected_payload_cannot_change_the_format_or_cite_unknown_sentences() -> None:
    topic = injected_topic()
    draft = writer_for(Script("chat_injection_payload")).write(topic)
    assert draft.stats["failures"] == 0
    assert draft.stats["dropped_bad_ids"] == 1
    assert draft.sections == ()
    assert not draft_to_article(draft, topic, OpenAICompatWriter.name).sections


def test_claim_resting_on_an_injected_sentence_is_dropped_by_the_verifier() -> None:
    topic = injected_topic()
    script = Script("chat_injection_obeyed_in_part")
    draft = writer_for(script).write(topic)
    answer = recording("chat_injection_obeyed_in_part")["body"]["choices"][0]["message"]["content"]
    content = parse_article(answer)
    assert content.title == "Fourier transform"  # still the schema's shape
    assert any(17 in c.sentence_indices for c in claims_of(draft))
    result = verified(draft, topic)
    kept = [c.text for s in result.article.sections for c in s.claims]
    assert not any("galaxy" in t for t in kept)
    assert len(kept) >= 4
