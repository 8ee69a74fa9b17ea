"""Sentence-boundary F1 of unpunctuated sentence building on the 3Blue1Brown corpus.

For every video of ``../shared/corpus-3b1b`` (or ``$TUBEWIKI_SHARED/corpus-3b1b``) the word
timings are stripped of punctuation and case, as raw auto-captions look, and cut into units
by each boundary backend: the light network and the MiniLM encoder path. A predicted boundary
after word i counts when the original text ends a sentence at word i. Figures are
micro-averaged, per half of the corpus (the fit half that ``train_boundaries.py`` uses, and
the held-out half) and in total, with words per second of each backend.

    /opt/tw/bin/python bench/sentence_f1.py [--tolerance] [--limit N] [--model both|encoder|light]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from tubewiki.nlp.boundaries import normalise_word

ROOT = Path(__file__).resolve().parent.parent
_END = re.compile(r"[.?!]$")
_CLOSERS = "\"')]}\u201d\u2019\u00bb"


def corpus_root() -> Path:
    shared = Path(os.environ.get("TUBEWIKI_SHARED", ROOT.parent / "shared"))
    return shared / "corpus-3b1b"


def halves(root: Path) -> tuple[list[Path], list[Path]]:
    """(fit, held-out): sorted folder names, even positions fit, odd positions held out."""
    folders = sorted(p for p in root.iterdir() if (p / "word_timings.json").is_file())
    return folders[0::2], folders[1::2]


@dataclass(frozen=True)
class Video:
    name: str
    words: list[str]  # lower case, no punctuation
    starts_ms: list[int]
    ends_ms: list[int]
    ends: list[bool]  # True where the original text ends a sentence


def load_video(folder: Path) -> Video:
    words: list[str] = []
    starts: list[int] = []
    stops: list[int] = []
    ends: list[bool] = []
    for raw, start, end in json.loads((folder / "word_timings.json").read_text(encoding="utf-8")):
        is_end = bool(_END.search(raw.strip().rstrip(_CLOSERS)))
        word = normalise_word(raw)
        if not word:  # a stray dash or quote: hand its sentence end to the word before
            if is_end and ends:
                ends[-1] = True
            continue
        words.append(word)
        starts.append(round(start * 1000))
        stops.append(max(round(end * 1000), round(start * 1000)))
        ends.append(is_end)
    return Video(folder.name, words, starts, stops, ends)


def predicted_ends(video: Video, backend: str, cache: Path | None = None) -> list[bool]:
    """Boundaries after each word from one backend.

    Auto-caption cues without nonspeech or speaker changes form a single run, for which
    ``build_sentences`` hands every word to ``boundaries.segment`` at once; the bench calls it
    directly so that it can pick the backend (and, with ``cache``, reuse encoder word states).
    """
    from tubewiki.nlp import boundaries

    if backend == "encoder" and cache is not None:
        ends = _cached_encoder_ends(video, cache)
    else:
        ends = boundaries.segment(video.words, video.starts_ms, video.ends_ms, backend=backend)
    out = [False] * len(video.words)
    for e in ends:
        out[e] = True
    if not out[-1]:
        raise AssertionError(f"{video.name}: units do not reach the last word")
    return out


def _cached_encoder_ends(video: Video, cache: Path) -> list[int]:
    import numpy as np

    from tubewiki.nlp import boundaries, boundary_encoder

    head = boundary_encoder.load_head()
    path = cache / f"{video.name}.npy"  # per-layer word states, as bench/train_boundaries.py caches them
    if path.exists():
        states = np.load(path).astype(np.float32)
    else:
        states = boundary_encoder.encoder().word_states(video.words)
        cache.mkdir(parents=True, exist_ok=True)
        np.save(path, states.astype(np.float16))
    vectors = np.tensordot(states[:, :len(head.mix)], head.mix, axes=([1], [0]))
    lengths = np.array([len(w) for w in video.words], dtype=np.float64)
    numeric = boundaries.numeric_features(np.array(video.starts_ms) / 1000.0, np.array(video.ends_ms) / 1000.0, lengths)
    return boundaries.decode(head.logits(vectors, numeric), head.length_prior, head.score_weight)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, truth: list[bool], pred: list[bool], tolerance: int = 0) -> None:
        n = len(truth)
        near = lambda xs, i: any(xs[j] for j in range(max(0, i - tolerance), min(n, i + tolerance + 1)))  # noqa: E731
        self.tp += sum(1 for i in range(n) if pred[i] and near(truth, i))
        self.fp += sum(1 for i in range(n) if pred[i] and not near(truth, i))
        self.fn += sum(1 for i in range(n) if truth[i] and not near(pred, i))

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / max(self.tp + self.fp, 1)
        r = self.tp / max(self.tp + self.fn, 1)
        return p, r, 2 * p * r / max(p + r, 1e-9)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tolerance", action="store_true", help="also score with a one-word tolerance")
    ap.add_argument("--limit", type=int, default=0, help="only the first N videos of each half")
    ap.add_argument("--model", choices=("both", "encoder", "light"), default="both")
    ap.add_argument("--starts-only", action="store_true",
                    help="time words as YouTube auto-captions do: each word ends where the next starts")
    ap.add_argument("--cache", type=Path, default=None,
                    help="encoder word-state cache folder (reused runs skip the encoder: no throughput then)")
    args = ap.parse_args()
    root = corpus_root()
    if not root.is_dir():
        raise SystemExit(f"{root} not found")
    fit, held = halves(root)
    if args.limit:
        fit, held = fit[: args.limit], held[: args.limit]
    videos = {f: load_video(f) for f in fit + held}
    if args.starts_only:
        videos = {f: _starts_only(v) for f, v in videos.items()}
    backends = ("light", "encoder") if args.model == "both" else (args.model,)
    for backend in backends:
        print(f"[{backend}]")
        if backend == "encoder":
            from tubewiki.nlp import boundary_encoder

            t0 = time.perf_counter()
            if not boundary_encoder.available():
                print("  encoder model cannot load here; skipped")
                continue
            print(f"  encoder loaded in {time.perf_counter() - t0:.1f} s")
        _score(backend, fit, held, videos, args)


def _starts_only(video: Video) -> Video:
    stops = [*video.starts_ms[1:], video.ends_ms[-1]]
    return Video(video.name, video.words, video.starts_ms, stops, video.ends)


def _score(backend: str, fit: list[Path], held: list[Path], videos: dict, args) -> None:
    total, total_tol = Counts(), Counts()
    n_words, seconds = 0, 0.0
    for label, folders in (("fit half", fit), ("held-out half", held)):
        counts, counts_tol = Counts(), Counts()
        for folder in folders:
            video = videos[folder]
            if not video.words:
                continue
            t0 = time.perf_counter()
            pred = predicted_ends(video, backend, args.cache)
            seconds += time.perf_counter() - t0
            n_words += len(video.words)
            for c in (counts, total):
                c.add(video.ends, pred)
            if args.tolerance:
                for c in (counts_tol, total_tol):
                    c.add(video.ends, pred, tolerance=1)
        _report(label, len(folders), counts, counts_tol if args.tolerance else None)
    _report("total", len(fit) + len(held), total, total_tol if args.tolerance else None)
    note = " (cached word states)" if backend == "encoder" and args.cache else ""
    print(f"    throughput: {n_words} words in {seconds:.1f} s = {n_words / max(seconds, 1e-9):,.0f} words/s{note}",
          flush=True)


def _report(label: str, videos: int, counts: Counts, tolerant: Counts | None) -> None:
    p, r, f = counts.prf()
    line = f"  {label:>14}: {videos:3d} videos  P {p:.3f}  R {r:.3f}  F1 {f:.3f}"
    if tolerant is not None:
        line += "  (±1 word: F1 {:.3f})".format(tolerant.prf()[2])
    print(line)


if __name__ == "__main__":
    main()
