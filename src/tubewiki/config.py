"""Configuration: defaults < config file < environment < command-line flags, validated once."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import ConfigError

CONFIG_FILE = "tubewiki.toml"
ENV_PREFIX = "TUBEWIKI_"


class LLMConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    base_url: str | None = None
    model: str | None = None
    api_key: str | None = None
    concurrency: int = 2
    requests_per_minute: int | None = None
    timeout_s: float = 120.0
    max_retries: int = 4


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")
    db: str = "tubewiki.db"
    vault: str = "wiki"
    channel: str | None = None
    writer: str = "extractive.v1"
    embedder: str = "minilm.v1"
    language: str | None = None
    strict: bool = False
    llm: LLMConfig = LLMConfig()


_ENV_KEYS = {
    "DB": ("db",), "VAULT": ("vault",), "CHANNEL": ("channel",), "WRITER": ("writer",),
    "EMBEDDER": ("embedder",), "LANGUAGE": ("language",),
    "LLM_BASE_URL": ("llm", "base_url"), "LLM_MODEL": ("llm", "model"), "LLM_API_KEY": ("llm", "api_key"),
}


def _set(data: dict, keys: tuple[str, ...], value: Any) -> None:
    for k in keys[:-1]:
        data = data.setdefault(k, {})
    data[keys[-1]] = value


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None,
                env: dict[str, str] | None = None) -> Config:
    """Merge the layers and validate once, reporting every problem together."""
    data: dict[str, Any] = {}
    file = Path(path) if path else Path(os.environ.get(ENV_PREFIX + "CONFIG", CONFIG_FILE))
    if file.is_file():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{file}: {exc}") from None
    elif path:
        raise ConfigError(f"{file}: config file not found")
    env = os.environ if env is None else env
    for suffix, keys in _ENV_KEYS.items():
        if env.get(ENV_PREFIX + suffix):
            _set(data, keys, env[ENV_PREFIX + suffix])
    for dotted, value in (overrides or {}).items():
        if value is not None:
            _set(data, tuple(dotted.split(".")), value)
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{file}: invalid configuration: {problems}") from None
