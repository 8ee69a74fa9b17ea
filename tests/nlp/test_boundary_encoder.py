"""The encoder boundary path: windows, the numpy head against torch, shipped data, fallbacks."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest

from tubewiki.nlp import boundaries as B
from tubewiki.nlp import boundary_encoder as E


@pytest.mark.parametrize("n", [0, 1, 50, E.WINDOW, E.WINDOW + 1, 200, 1000, 1037])
def test_windows_keep_every_word_exactly_once_and_away_from_edges(n):
    spans = E.windows(n)
    kept = [i for _, _, lo, hi in spans for i in range(lo, hi)]
    assert kept == list(range(n))
    margin = (E.WINDOW - E.STRIDE) // 2
    for s, e, lo, hi in spans:
        assert 0 <= s <= lo <= hi <= e <= n and e - s <= E.WINDOW
        # a kept word has `margin` words of context on each side unless the text itself ends there
        assert lo - s >= margin or s == 0
        assert e - hi >= margin or e == n


def test_numpy_head_matches_the_torch_layers_it_was_exported_from():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    proj = torch.nn.Linear(E.DIM + B.N_NUMERIC, 12)
    convs = [torch.nn.Conv1d(12, 7, 5, dilation=1, padding=2), torch.nn.Conv1d(7, 7, 5, dilation=2, padding=4)]
    out = torch.nn.Linear(7 + 12, 1)
    arrays = {
        "mix": np.full(6, 1 / 6), "mean": rng.normal(size=B.N_NUMERIC), "scale": rng.uniform(0.5, 2.0, B.N_NUMERIC),
        "proj_w": proj.weight.detach().numpy().T, "proj_b": proj.bias.detach().numpy(),
        "dilations": np.array([1, 2]), "out_w": out.weight.detach().numpy()[0], "out_b": out.bias.item(),
        "length_prior": np.zeros(10), "score_weight": 1.0,
    }
    for i, conv in enumerate(convs):
        arrays[f"conv{i}_w"] = conv.weight.detach().permute(2, 1, 0).numpy()
        arrays[f"conv{i}_b"] = conv.bias.detach().numpy()
    head = E.Head.from_arrays(arrays)
    vectors = rng.normal(size=(40, E.DIM)).astype(np.float32)
    numeric = rng.normal(size=(40, B.N_NUMERIC)).astype(np.float32)
    with torch.inference_mode():
        x = np.concatenate([vectors, (numeric - arrays["mean"]) / arrays["scale"]], axis=1).astype(np.float32)
        p = torch.relu(proj(torch.from_numpy(x)))
        h = p.T[None]
        for conv in convs:
            h = torch.nn.functional.leaky_relu(conv(h), B.LEAK)
        expected = out(torch.cat([h[0].T, p], dim=-1))[:, 0].numpy()
    np.testing.assert_allclose(head.logits(vectors, numeric), expected, atol=1e-4)


def test_shipped_head_holds_small_numeric_arrays():
    ref = resources.files("tubewiki.nlp").joinpath("data", E.HEAD_FILE)
    assert ref.is_file()
    with ref.open("rb") as fh, np.load(fh, allow_pickle=False) as arrays:
        assert all(np.issubdtype(arrays[k].dtype, np.number) for k in arrays.files)
    assert len(ref.read_bytes()) < 400_000
    head = E.load_head()
    assert head.proj_w.shape[0] == E.DIM + B.N_NUMERIC
    assert len(head.mix) <= 6 and abs(float(head.mix.sum()) - 1.0) < 1e-3
    assert head.length_prior.ndim == 1 and len(head.length_prior) >= 40


def test_unknown_backend_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="encoder, light"):
        B.segment(["a", "b"], [0, 100], [50, 150], backend="bert")


def test_other_languages_never_touch_the_encoder(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("encoder used for a non-English source")

    monkeypatch.setattr(E, "segment", boom)
    words = "le vecteur tourne autour de l'origine puis il revient".split() * 4
    starts = [i * 300 for i in range(len(words))]
    assert B.segment(words, starts, [s + 250 for s in starts], lexical=False)[-1] == len(words) - 1


def test_light_model_is_the_fallback_when_the_encoder_cannot_load(monkeypatch):
    monkeypatch.setattr(E, "encoder", lambda: None)
    words = ("the arrow points up and to the right of the origin here " * 4).split()
    starts = [i * 300 + (2000 if i >= 24 else 0) for i in range(len(words))]
    ends = [s + 250 for s in starts]
    assert B.segment(words, starts, ends) == B.segment(words, starts, ends, backend="light")
    with pytest.raises(RuntimeError, match="cannot load"):
        B.segment(words, starts, ends, backend="encoder")


@pytest.fixture(scope="module")
def encoder():
    enc = E.encoder()
    if enc is None:
        pytest.skip("torch, transformers or the MiniLM package is not installed")
    return enc


def test_encoder_gives_one_vector_per_word_across_windows(encoder):
    words = ("we rotate the grid and then read off where the basis vectors land " * 20).split()
    states = encoder.word_states(words)
    assert states.shape == (len(words), 6, E.DIM)
    mix = np.array([0.0, 0.0, 0.0, 0.0, 0.5, 0.5])
    vectors = encoder.word_vectors(words, mix)
    np.testing.assert_allclose(vectors, np.einsum("nld,l->nd", states, mix), atol=1e-4)
    assert np.all(np.abs(vectors).sum(axis=1) > 0)
    # the same word in the same context reads alike whichever window it was taken from
    period = 13
    a, b = vectors[E.STRIDE + 5], vectors[E.STRIDE + 5 + 6 * period]
    assert float(a @ b / np.linalg.norm(a) / np.linalg.norm(b)) > 0.9


def test_encoder_path_ends_a_sentence_where_words_and_a_pause_agree(encoder):
    first = "so that is how a matrix moves every vector in the plane"
    second = "now let us look at what happens when we apply two of them one after the other"
    words = (first + " " + second).split()
    cut = len(first.split()) - 1
    starts = [i * 280 + (900 if i > cut else 0) for i in range(len(words))]
    ends = E.segment(words, starts, [s + 240 for s in starts])
    assert cut in ends and ends[-1] == len(words) - 1
