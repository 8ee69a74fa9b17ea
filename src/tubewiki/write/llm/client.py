"""A small chat-completions client: retries with backoff, a concurrency cap and a request rate.

Retries cover HTTP 429, 5xx, timeouts and dropped connections, waiting
``min(cap, base * 2**attempt)`` scaled by a random factor in [0.5, 1] (jitter), or the
server's ``Retry-After`` when it says longer. A refused request, an unsupported
``response_format`` and a rejected key are told apart so the caller can react to each.
"""

from __future__ import annotations

import email.utils
import random
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import httpx

from ...errors import ConfigError

RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529})
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 60.0
RETRY_AFTER_CAP_S = 300.0

_POLICY = re.compile(r"content[ _-]?(?:policy|filter|management)|safety|moderation|flagged|refus", re.I)
_FORMAT = re.compile(r"response_format|json_schema|json_object|structured output|grammar", re.I)

Sleep = Callable[[float], None]


class LLMError(Exception):
    """A request that did not give a usable answer; ``reason`` is one word for the stats."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


class FormatUnsupported(LLMError):
    """The server rejected the ``response_format`` that was asked for."""

    def __init__(self, detail: str = ""):
        super().__init__("format_unsupported", detail)


@dataclass(frozen=True, slots=True)
class ChatResult:
    content: str
    finish_reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    model: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"content": self.content, "finish_reason": self.finish_reason, "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens, "model": self.model}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChatResult:
        return cls(**{k: data.get(k) for k in ("content", "finish_reason", "model")},
                   prompt_tokens=int(data.get("prompt_tokens") or 0),
                   completion_tokens=int(data.get("completion_tokens") or 0))


@dataclass
class RateLimiter:
    """At most ``per_minute`` request starts per minute, spaced evenly; None = unlimited."""

    per_minute: int | None
    clock: Callable[[], float] = time.monotonic
    sleep: Sleep = time.sleep
    _next: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self) -> None:
        if not self.per_minute:
            return
        gap = 60.0 / self.per_minute
        with self._lock:
            now = self.clock()
            start = max(now, self._next)
            self._next = start + gap
        if start > now:
            self.sleep(start - now)


def retry_after_s(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (a number or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return min(max(seconds, 0.0), RETRY_AFTER_CAP_S)


def backoff_s(attempt: int, rng: Callable[[], float] = random.random) -> float:
    """The wait before retry number ``attempt`` (0-based): exponential, capped, jittered."""
    return min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** attempt) * (0.5 + 0.5 * rng())


def _error_text(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:500]
    error = data.get("error", data) if isinstance(data, dict) else data
    if isinstance(error, dict):
        parts = [str(error.get(k)) for k in ("message", "code", "type") if error.get(k)]
        return " ".join(parts)[:500] or str(data)[:500]
    return str(error)[:500]


def _result(data: dict[str, Any]) -> ChatResult:
    try:
        choice = data["choices"][0]
        message = choice.get("message") or {}
    except (KeyError, IndexError, TypeError, AttributeError):
        raise LLMError("bad_response", "no choices in the reply") from None
    if message.get("refusal"):
        raise LLMError("refused", str(message["refusal"])[:300])
    finish = choice.get("finish_reason")
    if finish == "content_filter":
        raise LLMError("refused", "the server's content filter stopped the answer")
    usage = data.get("usage") or {}
    return ChatResult(content=message.get("content") or "", finish_reason=finish,
                      prompt_tokens=int(usage.get("prompt_tokens") or 0),
                      completion_tokens=int(usage.get("completion_tokens") or 0), model=data.get("model"))


class ChatClient:
    """POSTs to ``{base_url}/chat/completions``; thread-safe, one per endpoint."""

    def __init__(self, base_url: str, api_key: str | None = None, *, timeout_s: float = 120.0,
                 max_retries: int = 4, concurrency: int = 2, requests_per_minute: int | None = None,
                 transport: httpx.BaseTransport | None = None, sleep: Sleep = time.sleep,
                 rng: Callable[[], float] = random.random):
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.max_retries = max_retries
        self.sleep = sleep
        self.rng = rng
        self.http = httpx.Client(timeout=httpx.Timeout(timeout_s), headers=headers, transport=transport)
        self.slots = threading.BoundedSemaphore(max(1, concurrency))
        self.limiter = RateLimiter(requests_per_minute, sleep=sleep)
        self.requests = 0  # HTTP requests sent, retries included

    def close(self) -> None:
        self.http.close()

    def chat(self, payload: dict[str, Any]) -> ChatResult:
        """One chat completion, retried on transient failures; raises :class:`LLMError`."""
        last, wait = "no attempt made", 0.0
        for attempt in range(self.max_retries + 1):
            if attempt:
                self.sleep(wait)
            wait, last, response = self._attempt(payload, attempt)
            if response is not None:
                return response
        raise LLMError("rate_limited" if last.startswith("HTTP 429") else
                       "timeout" if last.startswith("timeout") else "unavailable",
                       f"{last} (after {self.max_retries + 1} attempts)")

    def _attempt(self, payload: dict[str, Any], attempt: int) -> tuple[float, str, ChatResult | None]:
        self.limiter.wait()
        with self.slots:
            self.requests += 1
            try:
                response = self.http.post(self.url, json=payload)
            except httpx.TimeoutException as exc:
                return backoff_s(attempt, self.rng), f"timeout ({type(exc).__name__})", None
            except httpx.TransportError as exc:
                return backoff_s(attempt, self.rng), f"connection failed ({exc})", None
        status = response.status_code
        if status >= 400 and "response_format" in payload and _FORMAT.search(text := _error_text(response)) \
                and status not in (401, 403, 404, 429):
            raise FormatUnsupported(f"HTTP {status}: {text}")
        if status in RETRY_STATUS:
            wait = backoff_s(attempt, self.rng)
            hinted = retry_after_s(response.headers.get("retry-after"))
            return max(wait, hinted or 0.0), f"HTTP {status}: {_error_text(response)}", None
        if status in (401, 403):
            raise ConfigError(f"{self.url} rejected the API key (HTTP {status}): set TUBEWIKI_LLM_API_KEY "
                              f"(or OPENAI_API_KEY) to a valid key")
        if status == 404:
            raise ConfigError(f"{self.url}: HTTP 404 {_error_text(response)}: check llm.base_url and llm.model")
        if status >= 400:
            text = _error_text(response)
            if _POLICY.search(text):
                raise LLMError("refused", f"HTTP {status}: {text}")
            raise LLMError("bad_request", f"HTTP {status}: {text}")
        try:
            data = response.json()
        except ValueError:
            raise LLMError("bad_response", "the reply was not JSON") from None
        return 0.0, "", _result(data)
