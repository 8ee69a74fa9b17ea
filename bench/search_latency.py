"""Warm latency of search and ask over the whole 3Blue1Brown database: p50 / p95 in ms.

    python bench/search_latency.py --db 3b1b.db [-n 100]

The database is made (or reused) as in bench/search_quality.py. The vector index and the
model are warmed first; then every query of bench/search_questions.json (cycled to -n
queries) is run through each of fts, vector and hybrid search and through ask. The
remembered query vectors are forgotten before every query, so each one is encoded afresh.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_quality import QUESTIONS, SHARED, open_corpus_db  # noqa: E402


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database to reuse (created and filled when empty)")
    parser.add_argument("--corpus", default=str(SHARED / "corpus-3b1b"))
    parser.add_argument("--embedder", default="minilm.v1")
    parser.add_argument("-n", type=int, default=100, help="queries per measurement")
    parser.add_argument("--query-threads", type=int, default=None,
                        help="torch and BLAS threads per query (default: the library's, 1)")
    args = parser.parse_args()

    from tubewiki.nlp.embed import get_embedder
    from tubewiki.search.ask import ask
    from tubewiki.search.hybrid import clear_query_cache, search
    from tubewiki.search.vectors import clear_indexes, sentence_index

    if args.query_threads:
        from tubewiki.nlp import embed
        from tubewiki.search import vectors

        embed.QUERY_THREADS = vectors.QUERY_BLAS_THREADS = args.query_threads
    conn = open_corpus_db(args.db, Path(args.corpus))
    embedder = get_embedder(args.embedder)
    clear_indexes()
    started = time.perf_counter()
    index = sentence_index(conn, embedder)
    print(f"index load (embeddings cached): {time.perf_counter() - started:.2f}s for {len(index)} sentences")
    embedder.encode(["warm up"])
    embedder.encode_query("warm up")

    questions = [q["question"] for q in json.loads(QUESTIONS.read_text(encoding="utf-8"))]
    queries = [questions[i % len(questions)] for i in range(args.n)]
    runs = {
        "search fts": lambda q: search(conn, q, mode="fts"),
        "search vector": lambda q: search(conn, q, mode="vector", embedder=embedder),
        "search hybrid": lambda q: search(conn, q, embedder=embedder),
        "ask": lambda q: ask(conn, q, embedder=embedder),
    }
    print(f"{len(queries)} queries each, {args.embedder}, query threads {args.query_threads or 'default'}")
    print(f"{'':14} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, run in runs.items():
        times = []
        for q in queries:
            clear_query_cache()
            t = time.perf_counter()
            run(q)
            times.append((time.perf_counter() - t) * 1000)
        p50, p95, worst = percentiles(times)
        print(f"{name:14} {p50:8.1f} {p95:8.1f} {worst:8.1f}")


if __name__ == "__main__":
    main()
