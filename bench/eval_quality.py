"""Print the quality report of a built vault against its transcripts.

    python bench/eval_quality.py VAULT_DIR --transcripts ../shared/corpus-3b1b [--json] [--calibrate 120]

Transcripts are read from a folder in the 3Blue1Brown layout (one folder per video with
``video_url.txt`` and ``sentence_timings.json``), without the store. A folder whose URL has
no video id is keyed by its folder name. The video's length is taken as the end of its last
sentence.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from tubewiki.models import Sentence  # noqa: E402
from tubewiki.nlp.embed import get_embedder  # noqa: E402
from tubewiki.verify.metrics import quality_report  # noqa: E402

_VIDEO_ID = re.compile(r"youtu\.be/([A-Za-z0-9_-]{11})")


def load_3b1b(root: Path) -> dict[str, list[Sentence]]:
    by_video: dict[str, list[Sentence]] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        timings = folder / "sentence_timings.json"
        if not timings.is_file():
            continue
        url = folder / "video_url.txt"
        found = _VIDEO_ID.search(url.read_text()) if url.is_file() else None
        video_id = found.group(1) if found else folder.name
        rows = json.loads(timings.read_text(encoding="utf-8"))
        by_video[video_id] = [
            Sentence(video_id=video_id, index=i, text=str(text).strip(),
                     start_ms=round(float(start) * 1000), end_ms=round(float(end) * 1000))
            for i, (text, start, end) in enumerate(rows)
            if str(text).strip()
        ]
    return by_video


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--transcripts", type=Path, required=True, help="folder in the 3b1b layout")
    parser.add_argument("--embedder", default="minilm.v1")
    parser.add_argument("--calibrate", type=int, metavar="SECONDS", default=None,
                        help="also measure how often a random window this far away passes")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    sentences = load_3b1b(args.transcripts)
    durations = {v: max(s.end_ms for s in rows) for v, rows in sentences.items() if rows}
    started = time.perf_counter()
    report = quality_report(args.vault, sentences, durations, get_embedder(args.embedder),
                            calibrate_distance_s=args.calibrate)
    elapsed = time.perf_counter() - started
    print(report.to_json() if args.json else report.render_table())
    print(f"({elapsed:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
