"""Fit the unpunctuated sentence-boundary model on the fit half of the 3Blue1Brown corpus.

Trains the small convolutional network of ``tubewiki.nlp.boundaries`` with torch on the even
positions of the sorted video folders, tunes the unit-length prior of the decoder on the same
half, and writes ``src/tubewiki/nlp/data/boundary_model.json`` (numbers only: no corpus text).
The held-out half is for ``sentence_f1.py``.

    /opt/tw/bin/python bench/train_boundaries.py [--epochs 12] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sentence_f1 import Counts, corpus_root, halves, load_video  # noqa: E402

from tubewiki.nlp import boundaries as B  # noqa: E402

OUT = Path(B.__file__).resolve().parent / "data" / B.MODEL_FILE
EMB, HIDDEN, KERNEL, DILATIONS = 16, 64, 5, (1, 2, 4)
CHUNK, MAX_LEN = 256, 75  # MAX_LEN: no unit is ever longer


def featurise(video) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ids = B.word_ids(video.words)
    lengths = np.array([len(w) for w in video.words], dtype=np.float64)
    num = B.numeric_features(np.array(video.starts_ms) / 1000.0, np.array(video.ends_ms) / 1000.0, lengths)
    return ids, num, np.array(video.ends, dtype=np.float32)


class Net(nn.Module):
    def __init__(self, vocab: int) -> None:
        super().__init__()
        self.emb = nn.Embedding(vocab, EMB)
        layers, c_in = [], EMB + B.N_NUMERIC
        for d in DILATIONS:
            layers.append(nn.Conv1d(c_in, HIDDEN, KERNEL, dilation=d, padding=d * (KERNEL // 2)))
            c_in = HIDDEN
        self.convs = nn.ModuleList(layers)
        self.drop = nn.Dropout(0.1)
        self.out = nn.Linear(HIDDEN + EMB + B.N_NUMERIC, 1)

    def forward(self, ids: torch.Tensor, num: torch.Tensor) -> torch.Tensor:
        x0 = torch.cat([self.emb(ids), num], dim=-1)
        x = x0.transpose(1, 2)
        for conv in self.convs:
            x = self.drop(nn.functional.leaky_relu(conv(x), B.LEAK))
        return self.out(torch.cat([x.transpose(1, 2), x0], dim=-1)).squeeze(-1)


def chunks(data, rng: np.random.Generator):
    """Random windows of CHUNK words, zero-padded, with a mask."""
    pieces = []
    for ids, num, y in data:
        offset = int(rng.integers(0, CHUNK))
        for s in range(-offset, len(ids), CHUNK):
            lo, hi = max(s, 0), min(s + CHUNK, len(ids))
            if hi - lo > 8:
                pieces.append((ids[lo:hi], num[lo:hi], y[lo:hi]))
    rng.shuffle(pieces)
    return pieces


def batch(pieces, mean, scale, rng, unk_rate: float):
    n = max(len(p[0]) for p in pieces)
    ids = np.zeros((len(pieces), n), dtype=np.int64)
    num = np.zeros((len(pieces), n, B.N_NUMERIC), dtype=np.float32)
    y = np.zeros((len(pieces), n), dtype=np.float32)
    mask = np.zeros((len(pieces), n), dtype=np.float32)
    for k, (i, f, t) in enumerate(pieces):
        m = len(i)
        drop = rng.random(m) < unk_rate
        ids[k, :m] = np.where(drop, 1, i)
        num[k, :m] = (f - mean) / scale
        y[k, :m], mask[k, :m] = t, 1.0
    return (torch.from_numpy(ids), torch.from_numpy(num), torch.from_numpy(y), torch.from_numpy(mask))


def export(net: Net, mean, scale, prior: np.ndarray) -> dict:
    r = lambda a: np.round(a.detach().numpy().astype(np.float64) if torch.is_tensor(a) else a, 5).tolist()  # noqa: E731
    return {
        "about": "tubewiki sentence-boundary model; fitted by bench/train_boundaries.py",
        "embedding": r(net.emb.weight),
        "mean": r(mean), "scale": r(scale),
        "convs": [{"weight": r(c.weight.permute(2, 1, 0)), "bias": r(c.bias), "dilation": c.dilation[0]}
                  for c in net.convs],
        "out_w": r(net.out.weight[0]), "out_b": net.out.bias.detach()[0].item(),
        "length_prior": r(prior), "score_weight": 1.0,
    }


def _load(net: Net, data: dict) -> None:
    """Put exported weights back into the network (for --tune-only)."""
    t = lambda v: torch.tensor(v, dtype=torch.float32)  # noqa: E731
    with torch.no_grad():
        net.emb.weight.copy_(t(data["embedding"]))
        for conv, c in zip(net.convs, data["convs"]):
            conv.weight.copy_(t(c["weight"]).permute(2, 1, 0))
            conv.bias.copy_(t(c["bias"]))
        net.out.weight.copy_(t(data["out_w"])[None])
        net.out.bias.fill_(data["out_b"])


def tune_prior(model: B.BoundaryModel, data, lengths: np.ndarray) -> np.ndarray:
    """Grid-search the weight and per-unit offset of the log length prior on the fit half."""
    hist = np.bincount(np.minimum(lengths, MAX_LEN), minlength=MAX_LEN + 1)[1:].astype(np.float64)
    logp = np.log((hist + 0.5) / (hist.sum() + 0.5 * MAX_LEN))
    logp -= (hist * logp).sum() / hist.sum()  # centred: the offset alone sets how many units
    logits = [model.logits(ids, num) for ids, num, _ in data]
    best, best_f = logp, -1.0
    for alpha in (0.2, 0.3, 0.5):  # always some prior: it keeps units from tiny or huge lengths
        for offset in (0.0, 0.25, 0.5, 0.75):
            prior = alpha * logp + offset
            counts = Counts()
            for lg, (_, _, y) in zip(logits, data):
                pred = [False] * len(y)
                for e in B.decode(lg, prior, 1.0):
                    pred[e] = True
                counts.add(list(y.astype(bool)), pred)
            f = counts.prf()[2]
            print(f"  prior alpha {alpha:.2f} offset {offset:+.1f}: F1 {f:.4f}", flush=True)
            if f > best_f:
                best, best_f = prior, f
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tune-only", action="store_true", help="keep the fitted network, redo the length prior")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)
    fit, _ = halves(corpus_root())
    videos = [v for v in (load_video(f) for f in fit) if v.words]
    data = [featurise(v) for v in videos]
    allnum = np.concatenate([d[1] for d in data])
    mean, scale = allnum.mean(axis=0), allnum.std(axis=0) + 1e-6
    print(f"fit half: {len(videos)} videos, {len(allnum)} words", flush=True)

    net = Net(len(B.vocabulary()))
    if args.tune_only:
        _load(net, json.loads(OUT.read_text(encoding="utf-8")))
        args.epochs = 0
    opt = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, max(args.epochs, 1))
    loss_fn = nn.BCEWithLogitsLoss(reduction="none")
    for epoch in range(args.epochs):
        pieces, total = chunks(data, rng), 0.0
        net.train()
        for k in range(0, len(pieces), 32):
            ids, num, y, mask = batch(pieces[k:k + 32], mean, scale, rng, unk_rate=0.05)
            loss = (loss_fn(net(ids, num), y) * mask).sum() / mask.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(ids)
        sched.step()
        print(f"epoch {epoch + 1}: loss {total / len(pieces):.4f}", flush=True)

    net.eval()
    flat = np.zeros(MAX_LEN)
    model = B.BoundaryModel.from_json(export(net, mean, scale, flat))
    lengths = []
    for _, _, y in data:
        ends = np.flatnonzero(y)
        lengths.extend(np.diff(np.concatenate(([-1], ends))).tolist())
    prior = tune_prior(model, data, np.array(lengths, dtype=np.int64))
    OUT.write_text(json.dumps(export(net, mean, scale, prior), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
