"""Ingest the whole 3b1b channel into a fresh database and print throughput.

    python bench/ingest_3b1b.py [--shared ../shared] [--db PATH]

Prints hours of video ingested per second of wall time, sentences, failures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", default=os.environ.get("TUBEWIKI_SHARED", str(ROOT.parent / "shared")))
    parser.add_argument("--db", help="database path (default: a temporary file)")
    args = parser.parse_args()
    corpus = Path(args.shared) / "corpus-3b1b"
    if not corpus.is_dir():
        print(f"skipped: {corpus} not found")
        return 0
    from tubewiki.jobs.add import add
    from tubewiki.store.db import connect

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "bench.db"
        conn = connect(db)
        t0 = time.perf_counter()
        report = add(conn, [str(corpus)], channel="3Blue1Brown")
        wall = time.perf_counter() - t0
        hours = report.seconds_of_video / 3600
        print(f"videos ingested      {len(report.added) + len(report.replaced) + len(report.unchanged)}")
        print(f"failed               {len(report.errors)}")
        for e in report.errors:
            print(f"  {e}")
        print(f"hours of video       {hours:.2f}")
        print(f"sentences            {report.sentences}")
        print(f"wall time (s)        {wall:.2f}")
        print(f"throughput           {hours / wall:.2f} hours of video per second")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
