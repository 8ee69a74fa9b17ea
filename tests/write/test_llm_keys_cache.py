"""API key resolution and the response cache's keys and storage."""

from __future__ import annotations

import pytest

from tubewiki.errors import ConfigError
from tubewiki.store.responses import SqliteResponseCache
from tubewiki.write.llm.cache import MemoryResponseCache, response_key
from tubewiki.write.llm.keys import is_local, resolve_api_key

REMOTE = "https://api.example.test/v1"


@pytest.mark.parametrize("url, local", [
    ("http://localhost:8080/v1", True), ("http://127.0.0.1:8000/v1", True), ("http://127.8.9.1/v1", True),
    ("http://[::1]:8080/v1", True), ("http://api.localhost/v1", True),
    ("https://api.example.test/v1", False), ("http://10.0.0.5:8080/v1", False), ("http://localhost.evil.test", False),
])
def test_local_endpoints_are_recognised(url: str, local: bool) -> None:
    assert is_local(url) is local


def test_key_resolution_order_is_explicit_config_environment() -> None:
    env = {"TUBEWIKI_LLM_API_KEY": "from-tw-env", "OPENAI_API_KEY": "from-openai-env"}
    assert resolve_api_key(REMOTE, "explicit", "configured", env) == "explicit"
    assert resolve_api_key(REMOTE, None, "configured", env) == "configured"
    assert resolve_api_key(REMOTE, None, None, env) == "from-tw-env"
    assert resolve_api_key(REMOTE, "", None, {"OPENAI_API_KEY": "from-openai-env"}) == "from-openai-env"


def test_missing_key_names_every_place_to_set_it() -> None:
    with pytest.raises(ConfigError) as err:
        resolve_api_key(REMOTE, None, None, {})
    text = str(err.value)
    assert REMOTE in text and "TUBEWIKI_LLM_API_KEY" in text and "OPENAI_API_KEY" in text and "[llm]" in text


def test_local_endpoint_without_key_is_fine_and_still_uses_one_if_given() -> None:
    assert resolve_api_key("http://127.0.0.1:8080/v1", None, None, {}) is None
    assert resolve_api_key("http://127.0.0.1:8080/v1", None, None, {"OPENAI_API_KEY": "k"}) == "k"


MESSAGES = [{"role": "user", "content": "hello"}]


def test_cache_key_depends_on_model_prompt_and_params_only() -> None:
    key = response_key("m", "p.v1", MESSAGES, {"temperature": 0})
    assert key == response_key("m", "p.v1", [dict(m) for m in MESSAGES], {"temperature": 0})
    assert key != response_key("m2", "p.v1", MESSAGES, {"temperature": 0})
    assert key != response_key("m", "p.v2", MESSAGES, {"temperature": 0})
    assert key != response_key("m", "p.v1", [{"role": "user", "content": "hello!"}], {"temperature": 0})
    assert key != response_key("m", "p.v1", MESSAGES, {"temperature": 0.5})
    assert len(key) == 64


def test_sqlite_cache_persists_between_connections(tmp_path) -> None:
    path = tmp_path / "c.db"
    cache = SqliteResponseCache.open(path)
    assert cache.get("k") is None
    cache.put("k", "m", {"content": "héllo", "prompt_tokens": 3})
    cache.put("k", "m", {"content": "again", "prompt_tokens": 4})
    reopened = SqliteResponseCache.open(path)
    assert reopened.get("k") == {"content": "again", "prompt_tokens": 4} and len(reopened) == 1


def test_memory_cache_round_trips() -> None:
    cache = MemoryResponseCache()
    cache.put("k", "m", {"content": "x"})
    assert cache.get("k") == {"content": "x"} and cache.get("other") is None
