"""Fit the unpunctuated sentence-boundary models on the fit half of the 3Blue1Brown corpus.

Both models train with torch on the even positions of the sorted video folders, and the
unit-length prior of the decoder is tuned on the same half; the held-out half is for
``sentence_f1.py``. Only numbers are written, never corpus text.

``--model encoder`` (default): the head of ``tubewiki.nlp.boundary_encoder`` over frozen
MiniLM word states (cached in ``--cache``; the first run encodes the half, ~15 minutes on two
cores) -> ``src/tubewiki/nlp/data/boundary_head.npz``.
``--model light``: the small convolutional network of ``tubewiki.nlp.boundaries``
-> ``src/tubewiki/nlp/data/boundary_model.json``.

    /opt/tw/bin/python bench/train_boundaries.py [--model encoder|light] [--validate] [--epochs N]
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
from tubewiki.nlp import boundary_encoder as E  # noqa: E402

OUT = Path(B.__file__).resolve().parent / "data" / B.MODEL_FILE
HEAD_OUT = Path(B.__file__).resolve().parent / "data" / E.HEAD_FILE
PROJ, HEAD_HIDDEN, HEAD_DILATIONS = 96, 96, (1, 2)
DROP_IN, DROP, WEIGHT_DECAY = 0.1, 0.2, 1e-3
LAYERS = tuple(range(1, 7))  # MiniLM layers whose states the head mixes
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


def unit_lengths(truths) -> np.ndarray:
    """Lengths in words of the true units (each array marks the words that end one)."""
    lengths: list[int] = []
    for y in truths:
        lengths.extend(np.diff(np.concatenate(([-1], np.flatnonzero(y)))).tolist())
    return np.array(lengths, dtype=np.int64)


def tune_prior(logits: list[np.ndarray], truths: list[np.ndarray], lengths: np.ndarray) -> np.ndarray:
    """Grid-search the weight and per-unit offset of the log length prior on the fit half."""
    hist = np.bincount(np.minimum(lengths, MAX_LEN), minlength=MAX_LEN + 1)[1:].astype(np.float64)
    logp = np.log((hist + 0.5) / (hist.sum() + 0.5 * MAX_LEN))
    logp -= (hist * logp).sum() / hist.sum()  # centred: the offset alone sets how many units
    best, best_f = logp, -1.0
    for alpha in (0.1, 0.2, 0.3, 0.5):  # always some prior: it keeps units from tiny or huge lengths
        for offset in (-0.5, -0.25, 0.0, 0.25, 0.5, 0.75):
            prior = alpha * logp + offset
            f = f1_of(logits, truths, prior)
            print(f"  prior alpha {alpha:.2f} offset {offset:+.2f}: F1 {f:.4f}", flush=True)
            if f > best_f:
                best, best_f = prior, f
    return best


class HeadNet(nn.Module):
    """The encoder path's head: a learnt mix of layers, a projection, dilated convolutions, a linear output."""

    def __init__(self) -> None:
        super().__init__()
        self.mix = nn.Parameter(torch.zeros(len(LAYERS)))
        self.drop_in = nn.Dropout(DROP_IN)
        self.proj = nn.Linear(E.DIM + B.N_NUMERIC, PROJ)
        layers, c_in = [], PROJ
        for d in HEAD_DILATIONS:
            layers.append(nn.Conv1d(c_in, HEAD_HIDDEN, KERNEL, dilation=d, padding=d * (KERNEL // 2)))
            c_in = HEAD_HIDDEN
        self.convs = nn.ModuleList(layers)
        self.drop = nn.Dropout(DROP)
        self.out = nn.Linear(HEAD_HIDDEN + PROJ, 1)

    def forward(self, states: torch.Tensor, num: torch.Tensor) -> torch.Tensor:
        mixed = torch.einsum("btld,l->btd", states, torch.softmax(self.mix, 0))
        p = torch.relu(self.proj(self.drop_in(torch.cat([mixed, num], dim=-1))))
        h = p.transpose(1, 2)
        for conv in self.convs:
            h = self.drop(nn.functional.leaky_relu(conv(h), B.LEAK))
        return self.out(torch.cat([h.transpose(1, 2), p], dim=-1)).squeeze(-1)


def encoder_states(videos, cache: Path) -> list[np.ndarray]:
    """MiniLM per-layer word states per video, cached as float16 files named after the video folder."""
    cache.mkdir(parents=True, exist_ok=True)
    enc, out = None, []
    for v in videos:
        path = cache / f"{v.name}.npy"
        if not path.exists():
            enc = enc or E.Encoder()
            np.save(path, enc.word_states(v.words, LAYERS).astype(np.float16))
            print(f"  encoded {v.name} ({len(v.words)} words)", flush=True)
        out.append(np.load(path))
    return out


def head_inputs(videos, states, mean=None, scale=None):
    """Per video (layer states, standardised timing features, truth), and the standardisation."""
    nums = [featurise(v)[1] for v in videos]
    if mean is None:
        allnum = np.concatenate(nums)
        mean, scale = allnum.mean(axis=0), allnum.std(axis=0) + 1e-6
    data = [(st, ((num - mean) / scale).astype(np.float32), np.array(v.ends, dtype=np.float32))
            for v, st, num in zip(videos, states, nums)]
    return data, mean, scale


def fit_head(data, epochs: int, rng: np.random.Generator) -> HeadNet:
    net = HeadNet()
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=WEIGHT_DECAY)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, max(epochs, 1))
    loss_fn = nn.BCEWithLogitsLoss(reduction="none")
    for epoch in range(epochs):
        pieces = []
        for st, num, y in data:
            offset = int(rng.integers(0, CHUNK))
            for s in range(-offset, len(y), CHUNK):
                lo, hi = max(s, 0), min(s + CHUNK, len(y))
                if hi - lo > 8:
                    pieces.append((st[lo:hi], num[lo:hi], y[lo:hi]))
        rng.shuffle(pieces)
        net.train()
        total = 0.0
        for k in range(0, len(pieces), 16):
            group = pieces[k:k + 16]
            n = max(len(p[2]) for p in group)
            sb = np.zeros((len(group), n, len(LAYERS), E.DIM), dtype=np.float32)
            nb = np.zeros((len(group), n, B.N_NUMERIC), dtype=np.float32)
            yb = np.zeros((len(group), n), dtype=np.float32)
            mb = np.zeros((len(group), n), dtype=np.float32)
            for i, (st, num, y) in enumerate(group):
                sb[i, :len(y)], nb[i, :len(y)], yb[i, :len(y)], mb[i, :len(y)] = st, num, y, 1.0
            mask = torch.from_numpy(mb)
            logits = net(torch.from_numpy(sb), torch.from_numpy(nb))
            loss = (loss_fn(logits, torch.from_numpy(yb)) * mask).sum() / mask.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(group)
        sched.step()
        mix = " ".join(f"{w:.2f}" for w in torch.softmax(net.mix.detach(), 0).tolist())
        print(f"epoch {epoch + 1}: loss {total / len(pieces):.4f}  layer mix {mix}", flush=True)
    return net.eval()


def head_logits(net: HeadNet, data) -> list[np.ndarray]:
    with torch.inference_mode():
        return [net(torch.from_numpy(st.astype(np.float32))[None], torch.from_numpy(num)[None])[0].numpy().astype(np.float64)
                for st, num, _ in data]


def export_head(net: HeadNet, mean, scale, prior: np.ndarray) -> dict[str, np.ndarray]:
    a = lambda t: t.detach().numpy().astype(np.float16)  # noqa: E731
    arrays = {
        "mean": mean.astype(np.float32), "scale": scale.astype(np.float32),
        "mix": torch.softmax(net.mix.detach(), 0).numpy().astype(np.float32),
        "proj_w": a(net.proj.weight.T), "proj_b": a(net.proj.bias),
        "dilations": np.array(HEAD_DILATIONS, dtype=np.int32),
        "out_w": a(net.out.weight[0]), "out_b": np.array(net.out.bias.item(), dtype=np.float32),
        "length_prior": prior.astype(np.float32), "score_weight": np.array(1.0, dtype=np.float32),
    }
    for i, conv in enumerate(net.convs):
        arrays[f"conv{i}_w"], arrays[f"conv{i}_b"] = a(conv.weight.permute(2, 1, 0)), a(conv.bias)
    return arrays


def f1_of(logits, truths, prior) -> float:
    counts = Counts()
    for lg, y in zip(logits, truths):
        pred = [False] * len(y)
        for e in B.decode(lg, prior, 1.0):
            pred[e] = True
        counts.add(list(y.astype(bool)), pred)
    return counts.prf()[2]


def train_head(args) -> None:
    """Fit the encoder path's head on the fit half (a quarter of it held back first, if asked)."""
    fit, _ = halves(corpus_root())
    videos = [v for v in (load_video(f) for f in fit) if v.words]
    vectors = encoder_states(videos, Path(args.cache))
    if args.validate:
        cut = len(videos) * 3 // 4
        train, mean, scale = head_inputs(videos[:cut], vectors[:cut])
        val, _, _ = head_inputs(videos[cut:], vectors[cut:], mean, scale)
        net = fit_head(train, args.epochs, np.random.default_rng(args.seed))
        truths = [y for _, _, y in train]
        prior = tune_prior(head_logits(net, train), truths, unit_lengths(truths))
        print(f"validation quarter of the fit half: F1 {f1_of(head_logits(net, val), [y for _, _, y in val], prior):.4f}")
        return
    data, mean, scale = head_inputs(videos, vectors)
    print(f"fit half: {len(videos)} videos, {sum(len(y) for _, _, y in data)} words", flush=True)
    net = fit_head(data, args.epochs, np.random.default_rng(args.seed))
    truths = [y for _, _, y in data]
    prior = tune_prior(head_logits(net, data), truths, unit_lengths(truths))
    np.savez_compressed(HEAD_OUT, **export_head(net, mean, scale, prior))
    print(f"wrote {HEAD_OUT} ({HEAD_OUT.stat().st_size / 1024:.0f} KiB)")


def train_light(args) -> None:
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
    truths = [y for _, _, y in data]
    prior = tune_prior([model.logits(ids, num) for ids, num, _ in data], truths, unit_lengths(truths))
    OUT.write_text(json.dumps(export(net, mean, scale, prior), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KiB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", choices=("encoder", "light"), default="encoder")
    ap.add_argument("--epochs", type=int, default=0, help="default: 12 (light), 15 (encoder)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tune-only", action="store_true", help="light: keep the fitted network, redo the length prior")
    ap.add_argument("--cache", default="/tmp/tubewiki-boundary-states", help="encoder: word-state cache folder")
    ap.add_argument("--validate", action="store_true", help="encoder: train on 3/4 of the fit half, score the rest")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    args.epochs = args.epochs or (15 if args.model == "encoder" else 12)
    (train_head if args.model == "encoder" else train_light)(args)


if __name__ == "__main__":
    main()
