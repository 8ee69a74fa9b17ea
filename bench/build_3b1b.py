"""Cold build of the whole 3b1b channel, beside one plain embedding pass, then an incremental rebuild.

    python bench/build_3b1b.py [--shared ../shared] [--workdir DIR] [--quality]

Prints, from one run: the time of one embedding pass over every sentence (no cache), the
cold build's wall time and its ratio to that pass, peak memory (RSS), and the time to add one
video and rebuild. With --quality it also prints the quality report of the built vault.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", default=os.environ.get("TUBEWIKI_SHARED", str(ROOT.parent / "shared")))
    parser.add_argument("--workdir", help="keep the database and vault here (default: a temporary folder)")
    parser.add_argument("--quality", action="store_true", help="also print the quality report")
    args = parser.parse_args()
    corpus = Path(args.shared) / "corpus-3b1b"
    if not corpus.is_dir():
        print(f"skipped: {corpus} not found")
        return 0
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from tubewiki.jobs.add import add
    from tubewiki.jobs.build import build
    from tubewiki.nlp.embed import get_embedder
    from tubewiki.store.db import connect
    from tubewiki.store.videos import all_sentences

    work = Path(args.workdir or tempfile.mkdtemp(prefix="tw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db, vault = work / "bench.db", work / "wiki"
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    shutil.rmtree(vault, ignore_errors=True)
    folders = sorted(p for p in corpus.iterdir() if p.is_dir())
    held_out = folders[-1]
    conn = connect(db)
    add(conn, [str(f) for f in folders if f != held_out], channel="3Blue1Brown")

    embedder = get_embedder("minilm.v1")
    embedder.encode(["warm up the model"])
    texts = [s.text for sents in all_sentences(conn).values() for s in sents]
    t0 = time.perf_counter()
    embedder.encode(texts)
    embed_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    report = build(conn, vault)
    build_s = time.perf_counter() - t0
    rss = peak_rss_mb()

    add(conn, [str(held_out)], channel="3Blue1Brown")
    t0 = time.perf_counter()
    again = build(conn, vault)
    incr_s = time.perf_counter() - t0

    print(f"sentences                      {len(texts)}")
    print(f"one embedding pass (s)         {embed_s:.1f}")
    print(f"cold build (s)                 {build_s:.1f}")
    print(f"build / embedding pass         {build_s / embed_s:.2f}")
    print(f"  stages (cumulative s)        {', '.join(f'{k} {v:.1f}' for k, v in report.seconds.items())}")
    print(f"peak memory (MB)               {rss:.0f}")
    print(f"articles, hubs, claims         {report.articles}, {report.hubs}, {report.claims}")
    print(f"verify                         {report.verify}")
    print(f"add one video + rebuild (s)    {incr_s:.1f} ({len(again.written)} pages written, {len(again.unchanged)} unchanged)")
    if args.quality:
        from tubewiki.store.cache import SqliteEmbeddingCache
        from tubewiki.store.videos import list_videos
        from tubewiki.verify.metrics import quality_report

        q = quality_report(vault, all_sentences(conn), {v.id: v.duration_ms for v in list_videos(conn) if v.duration_ms},
                           embedder, SqliteEmbeddingCache(conn), calibrate_distance_s=120)
        print(q.render_table())
    print(f"work folder                    {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
