"""API key resolution: explicit > config > environment; local servers need none."""

from __future__ import annotations

import ipaddress
import os
from typing import Mapping
from urllib.parse import urlsplit

from ...errors import ConfigError

ENV_KEYS = ("TUBEWIKI_LLM_API_KEY", "OPENAI_API_KEY")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "0.0.0.0"}


def is_local(base_url: str) -> bool:
    """True when ``base_url`` points at this machine (localhost, 127.0.0.0/8, ::1)."""
    host = (urlsplit(base_url).hostname or "").lower()
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_api_key(base_url: str, explicit: str | None = None, configured: str | None = None,
                    environ: Mapping[str, str] | None = None) -> str | None:
    """The key to send to ``base_url``, or None for a local server without one.

    Raises :class:`ConfigError` naming what to set when a remote endpoint has no key.
    """
    environ = os.environ if environ is None else environ
    for candidate in (explicit, configured, *(environ.get(name) for name in ENV_KEYS)):
        if candidate and candidate.strip():
            return candidate.strip()
    if is_local(base_url):
        return None
    raise ConfigError(
        f"no API key for {base_url}: set the environment variable TUBEWIKI_LLM_API_KEY "
        f"(or OPENAI_API_KEY), or api_key under [llm] in tubewiki.toml"
    )
