"""Search quality over the 3Blue1Brown corpus: recall@5 and MRR for fts, vector and hybrid.

    python bench/search_quality.py [--db 3b1b.db] [--misses]

Ingests ../shared/corpus-3b1b into a temporary database (or the --db path, kept for
re-runs so embeddings are computed once), then asks every question of
bench/search_questions.json in each mode. A hit is right when it is in the question's
video and starts within [start_s - 10 s, end_s + 10 s].
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TUBEWIKI_SHARED", ROOT.parent / "shared"))
QUESTIONS = Path(__file__).with_name("search_questions.json")
SLACK_S = 10
MODES = ("fts", "vector", "hybrid")

# Questions the channel never answers, to calibrate ask's "never talked about this".
OFF_TOPIC = [
    "what is the best pizza topping", "who won the 1998 world cup", "how do I bake sourdough bread",
    "what is the capital of Australia", "how do you train a puppy to sit", "how do I fix a leaking faucet",
    "who painted the Mona Lisa", "what will the weather be like tomorrow", "what is a good lasagna recipe",
    "how do I change a flat car tire", "which team won the super bowl last year", "what happens in Hamlet",
    "how do I grow tomatoes on a balcony", "which running shoes are best for a marathon",
    "when did the Roman empire fall", "how do I get rid of acne", "is coffee bad for your health",
    "what are the lyrics of a famous pop song", "how to knit a scarf", "who is the best football player ever",
]


def open_corpus_db(db: str | None, corpus: Path):
    """A database holding the corpus: the given path (ingested when empty) or a temporary one."""
    from tubewiki.jobs.add import add
    from tubewiki.store.db import connect

    path = Path(db) if db else Path(tempfile.mkdtemp(prefix="tubewiki-bench-")) / "3b1b.db"
    conn = connect(path)
    if conn.execute("SELECT COUNT(*) FROM videos").fetchone()[0] == 0:
        started = time.perf_counter()
        report = add(conn, [str(corpus)], channel="3Blue1Brown")
        print(f"ingested {len(report.added)} videos, {report.sentences} sentences"
              f" in {time.perf_counter() - started:.1f}s into {path}", file=sys.stderr)
    return conn


def is_right(hit, question: dict) -> bool:
    t = hit.start_ms / 1000
    return hit.video_id == question["video_id"] and question["start_s"] - SLACK_S <= t <= question["end_s"] + SLACK_S


def evaluate(conn, questions: list[dict], mode: str, embedder, *, depth: int = 10) -> dict:
    from tubewiki.search.hybrid import search

    found_at: list[int | None] = []
    for q in questions:
        hits = search(conn, q["question"], limit=depth, kinds=("sentence",), embedder=embedder, mode=mode)
        found_at.append(next((rank for rank, h in enumerate(hits, 1) if is_right(h, q)), None))
    n = len(questions)
    return {
        "mode": mode,
        "recall@1": sum(1 for r in found_at if r == 1) / n,
        "recall@5": sum(1 for r in found_at if r and r <= 5) / n,
        "recall@10": sum(1 for r in found_at if r) / n,
        "mrr@10": sum(1 / r for r in found_at if r) / n,
        "ranks": found_at,
    }


def calibrate(conn, questions: list[str], embedder) -> None:
    """Best cosine of each question's topic to any sentence: real questions against off-topic ones."""
    from tubewiki.search.ask import best_cosine, threshold_for

    real = {q: best_cosine(conn, q, embedder) for q in questions}
    off = {q: best_cosine(conn, q, embedder) for q in OFF_TOPIC}
    r, o = sorted(real.values()), sorted(off.values())
    print(f"real questions ({len(r)}): min {r[0]:.3f}  p10 {r[len(r) // 10]:.3f}  median {r[len(r) // 2]:.3f}")
    print(f"off-topic ({len(o)}): median {o[len(o) // 2]:.3f}  p90 {o[int(len(o) * 0.9)]:.3f}  max {o[-1]:.3f}")
    cuts = [(t, sum(x >= t for x in r) + sum(x < t for x in o)) for t in sorted(r + o)]
    best = max(cuts, key=lambda tc: tc[1])
    current = threshold_for(embedder)
    right = sum(x >= current for x in r) + sum(x < current for x in o)
    print(f"threshold {current:.2f} sorts {right}/{len(r) + len(o)}; best cut {best[0]:.3f} sorts {best[1]}")
    for q, c in sorted(off.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  off-topic {c:.3f} {q}")
    for q, c in sorted(real.items(), key=lambda kv: kv[1])[:5]:
        print(f"  real      {c:.3f} {q}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database to reuse (created and filled when empty)")
    parser.add_argument("--corpus", default=str(SHARED / "corpus-3b1b"))
    parser.add_argument("--questions", default=str(QUESTIONS))
    parser.add_argument("--embedder", default="minilm.v1")
    parser.add_argument("--misses", action="store_true", help="list the questions hybrid misses in its top 5")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--calibrate", action="store_true",
                        help="print the best cosines of real and off-topic questions (ask's threshold)")
    args = parser.parse_args()

    from tubewiki.nlp.embed import get_embedder
    from tubewiki.search.vectors import sentence_index

    questions = json.loads(Path(args.questions).read_text(encoding="utf-8"))
    conn = open_corpus_db(args.db, Path(args.corpus))
    embedder = get_embedder(args.embedder)
    started = time.perf_counter()
    index = sentence_index(conn, embedder)
    print(f"vector index: {len(index)} sentences ready in {time.perf_counter() - started:.1f}s", file=sys.stderr)

    if args.calibrate:
        calibrate(conn, [q["question"] for q in questions], embedder)
        return
    results = [evaluate(conn, questions, mode, embedder) for mode in MODES]
    if args.json:
        print(json.dumps([{k: v for k, v in r.items() if k != "ranks"} for r in results], indent=2))
    else:
        videos = len({q["video_id"] for q in questions})
        print(f"{len(questions)} questions over {videos} videos, embedder {args.embedder}")
        print(f"{'mode':8} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR@10':>7}")
        for r in results:
            print(f"{r['mode']:8} {r['recall@1']:6.3f} {r['recall@5']:6.3f} {r['recall@10']:6.3f} {r['mrr@10']:7.3f}")
    if args.misses:
        hybrid = results[-1]
        for q, rank in zip(questions, hybrid["ranks"]):
            if not rank or rank > 5:
                print(f"  miss (rank {rank}): {q['question']}  [{q['video_folder']} {q['start_s']}-{q['end_s']}s]")


if __name__ == "__main__":
    main()
