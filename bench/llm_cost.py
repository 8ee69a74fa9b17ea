"""What the LLM writer would cost over a corpus, planned without a single call.

    python bench/llm_cost.py [--db PATH] [--embedder minilm.v1] [--limit N] [--max-prompt-tokens 6000]

Topics are made as ``build`` makes them (embedding, segmentation, naming, should_write),
from a tubewiki database when ``--db`` is given, else from ../shared/corpus-3b1b's
sentence timings. Prints calls and tokens per hour of video for ``openai-compatible.v1``
(dry-run planner), for ``extractive.v1`` (no calls), and for the common approach of one
call per 1,200-token transcript chunk; then the cache hit rate of a second planned run
after the first run's answers are in the cache. Tokens are estimated at 4 characters each.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from tubewiki.models import Sentence, Video  # noqa: E402
from tubewiki.nlp.embed import embed_texts, get_embedder  # noqa: E402
from tubewiki.nlp.topics import name_segments, segment_video, should_write  # noqa: E402
from tubewiki.write.base import TopicInput  # noqa: E402
from tubewiki.write.extractive import ExtractiveWriter  # noqa: E402
from tubewiki.write.llm.cache import MemoryResponseCache  # noqa: E402
from tubewiki.write.llm.prompt import SYSTEM_PROMPT  # noqa: E402
from tubewiki.write.openai_compat import (OpenAICompatOptions, OpenAICompatWriter, estimate_build,  # noqa: E402
                                          estimate_tokens)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("TUBEWIKI_SHARED", ROOT.parent / "shared")) / "corpus-3b1b"
CHUNK_TOKENS = 1200


def corpus_videos(folder: Path, limit: int | None) -> list[tuple[Video, list[Sentence]]]:
    out = []
    for sub in sorted(p for p in folder.iterdir() if (p / "sentence_timings.json").is_file())[:limit]:
        url = (sub / "video_url.txt").read_text().strip() if (sub / "video_url.txt").exists() else ""
        match = re.search(r"youtu\.be/([\w-]{11})", url)
        vid = match.group(1) if match else sub.name
        rows = json.loads((sub / "sentence_timings.json").read_text())
        sents = [Sentence(video_id=vid, index=i, text=t, start_ms=round(a * 1000), end_ms=round(b * 1000))
                 for i, (t, a, b) in enumerate(rows)]
        if sents:
            out.append((Video(id=vid, title=sub.name.split("-", 1)[-1].replace("-", " "), channel="3Blue1Brown",
                              duration_ms=sents[-1].end_ms, language="en"), sents))
    return out


def db_videos(path: str, limit: int | None) -> list[tuple[Video, list[Sentence]]]:
    from tubewiki.store.db import connect
    from tubewiki.store.videos import all_sentences, list_videos

    conn = connect(path)
    sentences = all_sentences(conn)
    return [(v, sentences[v.id]) for v in list_videos(conn) if sentences.get(v.id)][:limit]


def make_topics(videos: list[tuple[Video, list[Sentence]]], embedder_name: str) -> list[TopicInput]:
    embedder = get_embedder(embedder_name)
    vectors = embed_texts([s.text for _, ss in videos for s in ss], embedder)
    segs, at = [], 0
    for video, sents in videos:
        segs.append(segment_video(sents, vectors[at:at + len(sents)], language=video.language))
        at += len(sents)
    named = name_segments([(v, seg, ss) for (v, ss), seg in zip(videos, segs)], language=None)
    topics = []
    for (video, sents), segments in zip(videos, named):
        by_index = {s.index: s for s in sents}
        for seg in segments:
            chunk = tuple(by_index[i] for i in range(seg.first_sentence, seg.last_sentence + 1) if i in by_index)
            if should_write(seg, list(chunk)):
                topics.append(TopicInput(video=video, segment=seg, sentences=chunk, channel_slug="3blue1brown",
                                         slug=seg.title.lower().replace(" ", "-")))
    return topics


def chunked_baseline(videos: list[tuple[Video, list[Sentence]]], completion_per_token: float) -> dict:
    """One call per 1,200-token transcript chunk, each with the same instructions as our prompt."""
    overhead = estimate_tokens(SYSTEM_PROMPT) + 20
    calls = prompt = 0
    for _, sents in videos:
        tokens = sum(estimate_tokens(s.text) + 1 for s in sents)
        n = max(1, math.ceil(tokens / CHUNK_TOKENS))
        calls += n
        prompt += tokens + n * overhead
    completion = round(completion_per_token * (prompt - calls * overhead))
    return {"calls": calls, "prompt_tokens": prompt, "completion_tokens": completion}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="a tubewiki database to read videos from")
    parser.add_argument("--embedder", default="minilm.v1", help="embedder for segmentation (hash.v1 is fast)")
    parser.add_argument("--limit", type=int, help="first N videos only")
    parser.add_argument("--max-prompt-tokens", type=int, default=6000)
    args = parser.parse_args()
    if args.db:
        videos = db_videos(args.db, args.limit)
    elif CORPUS.is_dir():
        videos = corpus_videos(CORPUS, args.limit)
    else:
        print(f"skipped: {CORPUS} not found and no --db given")
        return 0
    clock = time.perf_counter()
    topics = make_topics(videos, args.embedder)
    hours = sum((v.duration_ms or ss[-1].end_ms) for v, ss in videos) / 3_600_000
    seconds = time.perf_counter() - clock

    writer = OpenAICompatWriter(OpenAICompatOptions(base_url="http://127.0.0.1:1/v1",
                                                    max_prompt_tokens=args.max_prompt_tokens),
                                cache=MemoryResponseCache())
    first = estimate_build(topics, writer)
    for topic in topics:  # the first run's answers, as a real run would leave them
        for key in writer.request_keys(topic):
            writer.cache.put(key, writer.opts.model, {"content": "{}"})
    second = estimate_build(topics, writer)
    extractive = estimate_build(topics, ExtractiveWriter())
    transcript = sum(estimate_tokens(s.text) + 1 for t in topics for s in t.sentences)
    rate = (first["completion_tokens"] / transcript) if transcript else 0.0
    chunked = chunked_baseline(videos, rate)

    print(f"videos {len(videos)}, hours {hours:.2f}, topics {len(topics)} "
          f"(segmented with {args.embedder} in {seconds:.0f} s)")
    print(f"transcript tokens in topics {transcript} ({transcript / hours:.0f} per hour)")
    print(f"{'approach':<34}{'calls':>8}{'calls/h':>9}{'prompt tok/h':>14}{'compl. tok/h':>14}{'tok/h':>10}")
    rows = [("openai-compatible.v1 (planned)", first), ("extractive.v1", extractive),
            (f"one call per {CHUNK_TOKENS}-token chunk", chunked)]
    for label, r in rows:
        print(f"{label:<34}{r['calls']:>8}{r['calls'] / hours:>9.1f}{r['prompt_tokens'] / hours:>14.0f}"
              f"{r['completion_tokens'] / hours:>14.0f}{(r['prompt_tokens'] + r['completion_tokens']) / hours:>10.0f}")
    sizes = sorted(len(t.sentences) for t in topics)
    print(f"sentences per topic: median {sizes[len(sizes) // 2]}, max {sizes[-1]}; "
          f"topics split into several calls: {first['calls'] - len(topics)}")
    print(f"second planned run: calls {second['calls']}, cache hit rate {second['cache_hit_rate']:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
