"""``openai-compatible.v1``: articles written by a chat model behind an OpenAI-compatible API.

The model sees the topic and its sentences as numbered lines and answers with a JSON
article whose claims cite those numbers. Code keeps only claims that cite sentences of
the topic (the verifier later checks that each cited moment supports its claim), and
every answer is cached, so a re-run makes no calls. A request that is refused, rate
limited, timed out or unparseable after one repair gives an empty draft with the reason
in its stats, and the build goes on.
"""

from __future__ import annotations

import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Iterable, Literal, Sequence

import httpx
from pydantic import Field

from ..config import LLMConfig
from ..models import Sentence
from .base import ArticleDraft, DraftClaim, DraftSection, TopicInput, Writer, WriterOptions
from .llm.cache import MemoryResponseCache, ResponseCache, response_key
from .llm.client import ChatClient, ChatResult, FormatUnsupported, LLMError, Sleep
from .llm.keys import resolve_api_key
from .llm.parse import AnswerError, looks_like_refusal, parse_article
from .llm.prompt import PROMPT_VERSION, TopicText, build_messages, repair_messages
from .llm.schema import MAX_IDS_PER_CLAIM, ArticleOut, ClaimOut, response_format

JsonMode = Literal["schema", "json_object", "none"]
JSON_MODES: tuple[str, ...] = ("schema", "json_object_schema", "json_object", "none")  # tried in this order
STAT_KEYS = ("calls", "prompt_tokens", "completion_tokens", "cache_hits", "dropped_bad_ids",
             "dropped_empty", "repairs", "failures")
DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"

# The JSON mode that last worked for each (base_url, model), shared by writers in this process.
ENDPOINT_MODES: dict[tuple[str, str], str] = {}
_MODES_LOCK = threading.Lock()


class OpenAICompatOptions(WriterOptions):
    base_url: str = DEFAULT_BASE_URL
    model: str = DEFAULT_MODEL
    api_key: str | None = Field(None, exclude=True, repr=False, description="else config, else environment")
    language: str | None = Field(None, description="language to write in; default: the wiki's or transcript's")
    temperature: float = Field(0.0, ge=0.0, le=2.0)
    max_tokens: int = Field(1500, ge=64, description="most tokens in one answer")
    timeout_s: float = Field(120.0, gt=0)
    max_retries: int = Field(4, ge=0, le=10)
    concurrency: int = Field(2, ge=1, le=64)
    requests_per_minute: int | None = Field(None, ge=1)
    json_mode: JsonMode = Field("schema", description="first response_format to try; falls back to the "
                                "next ones (schema, json_object, none) when the server rejects it")
    max_prompt_tokens: int = Field(6000, ge=500, description="longer topics are written in several calls")
    fallback: Literal["extractive.v1"] | None = Field(None, description="writer to use when a topic fails")


@dataclass(frozen=True, slots=True)
class CallPlan:
    """What writing one topic would cost, computed without calling."""

    calls: int
    prompt_tokens: int
    completion_tokens: int
    cached: int = 0  # of ``calls``, answered by the cache


def estimate_tokens(text: str) -> int:
    """About four characters per token (no tokenizer ships offline for every model)."""
    return math.ceil(len(text) / 4)


def _messages_tokens(messages: Sequence[dict[str, str]]) -> int:
    return sum(estimate_tokens(m["content"]) + 4 for m in messages) + 3


def options_from_config(llm: LLMConfig, **overrides: Any) -> OpenAICompatOptions:
    """Writer options from the ``[llm]`` config; explicit ``overrides`` (None ignored) win."""
    data = {k: v for k, v in llm.model_dump().items() if v is not None}
    data.update({k: v for k, v in overrides.items() if v is not None})
    return OpenAICompatOptions(**data)


def _clean(text: str) -> str:
    return " ".join(text.split()).strip()


class OpenAICompatWriter(Writer):
    """Prose from a chat model; citations kept only where they name the topic's sentences."""

    name = "openai-compatible.v1"
    needs_network = True
    translates = True
    Options = OpenAICompatOptions

    def __init__(self, options: WriterOptions | None = None, *, cache: ResponseCache | None = None,
                 transport: httpx.BaseTransport | None = None, sleep: Sleep = time.sleep):
        super().__init__(options)
        self.cache: ResponseCache = cache if cache is not None else MemoryResponseCache()
        self._transport = transport
        self._sleep = sleep
        self._client: ChatClient | None = None
        self._client_lock = threading.Lock()

    @property
    def opts(self) -> OpenAICompatOptions:
        return self.options  # type: ignore[return-value]

    # -- public ---------------------------------------------------------------------------

    def write(self, topic: TopicInput) -> ArticleDraft:
        stats: dict[str, Any] = dict.fromkeys(STAT_KEYS, 0)
        parts = self._parts(topic)
        if not parts:
            return ArticleDraft(title=topic.segment.title, sections=(), stats=stats)
        try:
            answers = [(self._answer(self._messages(topic, part), stats), {s.index for s in part}) for part in parts]
        except LLMError as exc:
            return self._failed(topic, stats, exc)
        return self._draft(topic, answers, stats)

    def write_many(self, topics: Sequence[TopicInput]) -> list[ArticleDraft]:
        """Write several topics, up to ``concurrency`` requests at a time, in order."""
        with ThreadPoolExecutor(max_workers=self.opts.concurrency) as pool:
            return list(pool.map(self.write, topics))

    def plan(self, topic: TopicInput) -> CallPlan:
        """Calls and tokens that :meth:`write` would spend (repairs not counted), without calling."""
        calls = cached = prompt = completion = 0
        for messages in self._requests(topic):
            calls += 1
            if self.cache.get(self._key(messages)) is not None:
                cached += 1
                continue
            prompt += _messages_tokens(messages)
            lines = messages[-1]["content"].count("\n[")
            completion += min(self.opts.max_tokens, 80 + 18 * lines)
        return CallPlan(calls=calls, prompt_tokens=prompt, completion_tokens=completion, cached=cached)

    def request_keys(self, topic: TopicInput) -> list[str]:
        """The cache keys of the first request for each part of ``topic``."""
        return [self._key(messages) for messages in self._requests(topic)]

    def check(self) -> None:
        """Raise :class:`ConfigError` now if the endpoint needs a key that is not set."""
        self._get_client()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    # -- requests -------------------------------------------------------------------------

    def language(self, topic: TopicInput) -> str:
        return self.opts.language or topic.language or topic.video.language or "en"

    def _messages(self, topic: TopicInput, part: Sequence[Sentence]) -> list[dict[str, str]]:
        return build_messages(TopicText(topic.segment.title, topic.segment.keywords, tuple(part), self.language(topic)))

    def _requests(self, topic: TopicInput) -> list[list[dict[str, str]]]:
        return [self._messages(topic, part) for part in self._parts(topic)]

    def _parts(self, topic: TopicInput) -> list[tuple[Sentence, ...]]:
        """The topic's sentences in consecutive runs whose prompts fit ``max_prompt_tokens``."""
        base = _messages_tokens(self._messages(topic, ()))
        budget = max(200, self.opts.max_prompt_tokens - base)
        parts: list[list] = [[]]
        used = 0
        for sentence in topic.sentences:
            cost = estimate_tokens(sentence.text) + 4
            if parts[-1] and used + cost > budget:
                parts.append([])
                used = 0
            parts[-1].append(sentence)
            used += cost
        return [tuple(p) for p in parts if p]

    def _key(self, messages: list[dict[str, str]]) -> str:
        params = {"temperature": self.opts.temperature, "max_tokens": self.opts.max_tokens}
        return response_key(self.opts.model, PROMPT_VERSION, messages, params)

    def _get_client(self) -> ChatClient:
        with self._client_lock:
            if self._client is None:
                o = self.opts
                key = resolve_api_key(o.base_url, explicit=o.api_key)
                self._client = ChatClient(o.base_url, key, timeout_s=o.timeout_s, max_retries=o.max_retries,
                                          concurrency=o.concurrency, requests_per_minute=o.requests_per_minute,
                                          transport=self._transport, sleep=self._sleep)
            return self._client

    def _answer(self, messages: list[dict[str, str]], stats: dict[str, Any]) -> ArticleOut:
        result = self._complete(messages, stats)
        try:
            return self._parse(result)
        except AnswerError as exc:
            stats["repairs"] += 1
            retry = self._complete(repair_messages(messages, result.content, str(exc)), stats)
            try:
                return self._parse(retry)
            except AnswerError as again:
                raise LLMError("unparseable", str(again)) from None

    @staticmethod
    def _parse(result: ChatResult) -> ArticleOut:
        if looks_like_refusal(result.content):
            raise LLMError("refused", result.content.strip()[:300])
        return parse_article(result.content)

    def _complete(self, messages: list[dict[str, str]], stats: dict[str, Any]) -> ChatResult:
        key = self._key(messages)
        cached = self.cache.get(key)
        if cached is not None:
            stats["cache_hits"] += 1
            return ChatResult.from_json(cached)
        client = self._get_client()
        endpoint = (self.opts.base_url.rstrip("/"), self.opts.model)
        with _MODES_LOCK:
            mode = ENDPOINT_MODES.get(endpoint, self.opts.json_mode)
        payload: dict[str, Any] = {"model": self.opts.model, "messages": messages,
                                   "temperature": self.opts.temperature, "max_tokens": self.opts.max_tokens}
        while True:
            fmt = response_format(mode)
            body = {**payload, "response_format": fmt} if fmt else payload
            before = client.requests
            try:
                result = client.chat(body)
            except FormatUnsupported:
                stats["calls"] += client.requests - before
                mode = JSON_MODES[JSON_MODES.index(mode) + 1]
                continue
            except LLMError:
                stats["calls"] += client.requests - before
                raise
            stats["calls"] += client.requests - before
            break
        with _MODES_LOCK:
            ENDPOINT_MODES[endpoint] = mode
        stats["json_mode"] = mode
        stats["prompt_tokens"] += result.prompt_tokens or _messages_tokens(messages)
        stats["completion_tokens"] += result.completion_tokens or estimate_tokens(result.content)
        self.cache.put(key, self.opts.model, result.to_json())
        return result

    # -- answers to drafts ----------------------------------------------------------------

    def _claims(self, claims: Iterable[ClaimOut], known: set[int], stats: dict[str, Any]) -> tuple[DraftClaim, ...]:
        out = []
        for claim in claims:
            text = _clean(claim.text)
            ids = list(dict.fromkeys(claim.sentence_ids))
            if not text or not ids:
                stats["dropped_empty"] += 1
            elif any(i not in known for i in ids):
                stats["dropped_bad_ids"] += 1
            else:
                out.append(DraftClaim(text=text, sentence_indices=tuple(ids[:MAX_IDS_PER_CLAIM])))
        return tuple(out)

    def _draft(self, topic: TopicInput, answers: list[tuple[ArticleOut, set[int]]],
               stats: dict[str, Any]) -> ArticleDraft:
        """Sections from each part's answer; a claim may cite only the sentences its part showed."""
        sections: list[DraftSection] = []
        opening = self._claims(answers[0][0].summary_claims, answers[0][1], stats)
        if opening:
            sections.append(DraftSection(heading=None, claims=opening))
        for n, (answer, known) in enumerate(answers):
            extra = self._claims(answer.summary_claims, known, stats) if n else ()
            for i, section in enumerate(answer.sections):
                claims = (extra if i == 0 else ()) + self._claims(section.claims, known, stats)
                if claims:
                    sections.append(DraftSection(heading=_clean(section.heading).strip("# ") or None, claims=claims))
            if extra and not answer.sections:
                sections.append(DraftSection(heading=None, claims=extra))
        title = _clean(answers[0][0].title).strip("# ")[:120]
        if not any(ch.isalnum() for ch in title):
            title = topic.segment.title
        aliases = (topic.segment.title,) if title.casefold() != topic.segment.title.casefold() else ()
        stats["language"] = self.language(topic)
        return ArticleDraft(title=title, sections=tuple(sections), aliases=aliases, stats=stats)

    def _failed(self, topic: TopicInput, stats: dict[str, Any], exc: LLMError) -> ArticleDraft:
        stats.update(failures=1, failure_reason=exc.reason, failure_detail=exc.detail[:300])
        if self.opts.fallback == "extractive.v1":
            from .extractive import ExtractiveWriter

            draft = ExtractiveWriter().write(topic)
            return ArticleDraft(title=draft.title, sections=draft.sections, aliases=draft.aliases,
                                stats={**stats, "fallback": draft.stats, "fallback_used": 1})
        return ArticleDraft(title=topic.segment.title, sections=(), stats=stats)


def estimate_build(topics: Sequence[TopicInput], writer: Writer) -> dict[str, Any]:
    """Calls and tokens a build would spend on ``topics`` with ``writer`` (0 for offline writers)."""
    plans = [writer.plan(t) for t in topics] if hasattr(writer, "plan") else []
    calls = sum(p.calls for p in plans)
    cached = sum(p.cached for p in plans)
    prompt = sum(p.prompt_tokens for p in plans)
    completion = sum(p.completion_tokens for p in plans)
    return {
        "writer": writer.name,
        "topics": len(topics),
        "calls": calls - cached,
        "cached_calls": cached,
        "cache_hit_rate": cached / calls if calls else None,
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "tokens": prompt + completion,
    }
