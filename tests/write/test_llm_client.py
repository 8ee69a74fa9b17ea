"""The chat client: retries, backoff, Retry-After, rate limit, concurrency cap, error kinds."""

from __future__ import annotations

import email.utils
import threading
import time

import httpx
import pytest

from tubewiki.errors import ConfigError
from tubewiki.write.llm.client import (BACKOFF_CAP_S, ChatClient, FormatUnsupported, LLMError, RateLimiter,
                                       backoff_s, retry_after_s)

from .recordings import Script, response

PAYLOAD = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "response_format": {"type": "json_object"}}


def client_for(script: Script, sleeps: list, **kw) -> ChatClient:
    return ChatClient("https://llm.example.test/v1/", "sk-test", transport=script.transport(), sleep=sleeps.append,
                      rng=lambda: 1.0, **kw)


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    assert [backoff_s(n, lambda: 1.0) for n in range(4)] == [1.0, 2.0, 4.0, 8.0]
    assert backoff_s(2, lambda: 0.0) == 2.0  # jitter keeps at least half
    assert backoff_s(30, lambda: 1.0) == BACKOFF_CAP_S


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_s("7") == 7.0
    assert retry_after_s("1.5") == 1.5
    now = time.time()
    stamp = email.utils.formatdate(now + 30, usegmt=True)
    assert 28 <= retry_after_s(stamp, now=now) <= 31
    assert retry_after_s("soon") is None and retry_after_s(None) is None
    assert retry_after_s("100000") == 300.0


def test_server_errors_are_retried_with_growing_waits() -> None:
    sleeps: list[float] = []
    script = Script("error_503_overloaded", "error_503_overloaded", "chat_ok")
    result = client_for(script, sleeps).chat(PAYLOAD)
    assert result.prompt_tokens == 412 and result.content.startswith("{")
    assert sleeps == [1.0, 2.0]
    assert script.requests[0].url == "https://llm.example.test/v1/chat/completions"


def test_retry_after_longer_than_backoff_is_honoured() -> None:
    sleeps: list[float] = []
    client_for(Script("error_429_rate_limit", "chat_ok"), sleeps).chat(PAYLOAD)
    assert sleeps == [20.0]


def test_exhausted_retries_name_the_reason() -> None:
    sleeps: list[float] = []
    with pytest.raises(LLMError) as err:
        client_for(Script(*["error_503_overloaded"] * 2), sleeps, max_retries=1).chat(PAYLOAD)
    assert err.value.reason == "unavailable" and "2 attempts" in err.value.detail
    with pytest.raises(LLMError) as err:
        client_for(Script(httpx.ConnectError("refused")), [], max_retries=0).chat(PAYLOAD)
    assert err.value.reason == "unavailable"


def test_unsupported_response_format_is_its_own_error() -> None:
    with pytest.raises(FormatUnsupported):
        client_for(Script("error_400_response_format"), []).chat(PAYLOAD)


def test_fastapi_validation_error_on_response_format_is_recognised() -> None:
    body = {"detail": [{"type": "literal_error", "loc": ["body", "response_format", "type"],
                        "msg": "Input should be 'text' or 'json_object'"}]}
    transport = httpx.MockTransport(lambda request: httpx.Response(422, json=body))
    client = ChatClient("http://127.0.0.1:1/v1", None, transport=transport, sleep=lambda s: None)
    with pytest.raises(FormatUnsupported):
        client.chat(PAYLOAD)


def test_policy_rejection_is_a_refusal_and_not_retried() -> None:
    script = Script("error_400_content_policy")
    with pytest.raises(LLMError) as err:
        client_for(script, []).chat(PAYLOAD)
    assert err.value.reason == "refused" and len(script.requests) == 1


def test_unknown_model_is_a_config_error() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(404, json={"error": {"message": "model not found"}}))
    with pytest.raises(ConfigError, match="llm.model"):
        ChatClient("http://127.0.0.1:1/v1", None, transport=transport).chat(PAYLOAD)


def test_reply_without_choices_is_a_bad_response() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json={"object": "chat.completion"}))
    with pytest.raises(LLMError, match="bad_response"):
        ChatClient("http://127.0.0.1:1/v1", None, transport=transport).chat(PAYLOAD)


def test_rate_limiter_spaces_request_starts() -> None:
    now = [100.0]
    sleeps: list[float] = []

    def sleep(s: float) -> None:
        sleeps.append(s)
        now[0] += s

    limiter = RateLimiter(30, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        limiter.wait()
    assert sleeps == [2.0, 2.0, 2.0]  # 30 per minute = one every 2 s
    RateLimiter(None, sleep=sleep).wait()
    assert len(sleeps) == 3


def test_concurrency_cap_bounds_requests_in_flight() -> None:
    lock = threading.Lock()
    state = {"now": 0, "most": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.05)
        with lock:
            state["now"] -= 1
        return response("chat_ok")

    client = ChatClient("http://127.0.0.1:1/v1", None, concurrency=2, transport=httpx.MockTransport(handler))
    threads = [threading.Thread(target=client.chat, args=(PAYLOAD,)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert client.requests == 6 and state["most"] == 2
