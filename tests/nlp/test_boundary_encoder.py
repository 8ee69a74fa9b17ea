"""The encoder boundary path: windows, the numpy head against torch, shipped data, fallbacks."""

from __future__ import annotations

import io
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


def _head_arrays(rng: np.random.Generator, layers: int, hidden: int = 8) -> dict[str, np.ndarray]:
    arrays = {
        "mix": np.full(layers, 1 / layers), "mean": np.zeros(B.N_NUMERIC), "scale": np.ones(B.N_NUMERIC),
        "proj_w": rng.normal(size=(E.DIM + B.N_NUMERIC, hidden)) * 0.05, "proj_b": np.zeros(hidden),
        "dilations": np.array([1]), "conv0_w": rng.normal(size=(3, hidden, hidden)) * 0.1,
        "conv0_b": np.zeros(hidden), "out_w": rng.normal(size=2 * hidden), "out_b": 0.0,
        "length_prior": np.zeros(50), "score_weight": 1.0,
    }
    return arrays


def _tuned_arrays(rng: np.random.Generator, frozen: int = 4, tuned: int = 2, inner: int = 16) -> dict:
    arrays = _head_arrays(rng, frozen + tuned)
    arrays["frozen_layers"], arrays["tuned_layers"] = np.array(frozen), np.array(tuned)
    shapes = {"q_w": (E.DIM, E.DIM), "k_w": (E.DIM, E.DIM), "v_w": (E.DIM, E.DIM), "o_w": (E.DIM, E.DIM),
              "i_w": (inner, E.DIM), "i_b": (inner,), "f_w": (E.DIM, inner)}
    for i in range(tuned):
        for k in E.LAYER_PARAMS:
            shape = shapes.get(k, (E.DIM,))
            value = 1.0 + 0.1 * rng.normal(size=shape) if k.endswith("ln1_w") or k.endswith("ln2_w") else \
                rng.normal(size=shape) * 0.05
            arrays[f"layer{i}.{k}"] = value.astype(np.float16)
    return arrays


def _npz(arrays: dict) -> io.BytesIO:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    buf.seek(0)
    return buf


def test_tuned_states_keep_the_frozen_layers_and_read_each_word_in_its_central_window():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    tuned = E.read_tuned(_npz(_tuned_arrays(rng)))
    assert tuned is not None and tuned.frozen == 4 and len(tuned.layers) == 2
    low = rng.normal(size=(300, 4, E.DIM)).astype(np.float32)
    states = tuned.states(low)
    assert states.shape == (300, 6, E.DIM)
    np.testing.assert_array_equal(states[:, :4], low)
    weights = [{k: torch.from_numpy(v) for k, v in layer.items()} for layer in tuned.layers]
    for s, e, lo, hi in E.windows(300):
        x = torch.from_numpy(low[None, s:e, -1])
        with torch.inference_mode():
            first = E.layer_forward(x, weights[0])
            second = E.layer_forward(first, weights[1])
        np.testing.assert_allclose(states[lo:hi, 4], first[0, lo - s:hi - s].numpy(), atol=1e-4)
        np.testing.assert_allclose(states[lo:hi, 5], second[0, lo - s:hi - s].numpy(), atol=1e-4)


def test_damaged_or_mismatched_tuned_files_are_ignored():
    rng = np.random.default_rng(2)
    assert E.read_tuned(io.BytesIO(b"not an npz file")) is None
    wrong_mix = _tuned_arrays(rng)
    wrong_mix["mix"] = np.full(5, 0.2)
    assert E.read_tuned(_npz(wrong_mix)) is None
    missing = _tuned_arrays(rng)
    del missing["layer1.q_w"]
    assert E.read_tuned(_npz(missing)) is None
    assert E.read_tuned(_npz(_tuned_arrays(rng))) is not None


def test_shipped_tuned_layers_are_small_float16_arrays_that_load():
    ref = resources.files("tubewiki.nlp").joinpath("data", E.TUNED_FILE)
    if not ref.is_file():
        pytest.skip("no tuned layers shipped; the frozen head is the encoder path")
    assert len(ref.read_bytes()) < 15_000_000
    with ref.open("rb") as fh, np.load(fh, allow_pickle=False) as arrays:
        layer_keys = [k for k in arrays.files if k.startswith("layer")]
        assert layer_keys and all(arrays[k].dtype == np.float16 for k in layer_keys)
    tuned = E.load_tuned()
    assert tuned is not None and tuned.frozen + len(tuned.layers) == len(tuned.head.mix) <= 6
    assert tuned.head.length_prior.ndim == 1 and len(tuned.head.length_prior) >= 40


def test_tuned_layer_computes_what_the_encoder_layer_it_copies_computes(encoder):
    torch = pytest.importorskip("torch")
    layer = encoder.model.encoder.layer[5]
    x = torch.randn(2, 17, E.DIM)
    with torch.inference_mode():
        expected = layer(x)
        expected = expected[0] if isinstance(expected, tuple) else expected
        got = E.layer_forward(x, E.bert_layer_weights(layer))
    np.testing.assert_allclose(got.numpy(), expected.numpy(), atol=1e-5)


def test_stopping_below_the_top_layer_gives_the_full_model_states(encoder):
    # windows of unequal sub-token counts, so padding is hidden in the batch
    words = ("the eigenvector of a transformation stays on its own span " * 10
             + "a b c d e f g h " * 12 + "antidisestablishmentarianism quaternion holonomy " * 10).split()
    shallow = encoder.word_states(words, range(1, 5))
    full = encoder.word_states(words)
    assert shallow.shape == (len(words), 4, E.DIM)
    np.testing.assert_allclose(shallow, full[:, :4], atol=2e-4)


def test_encoder_path_uses_the_frozen_head_when_no_tuned_layers_load(encoder, monkeypatch):
    monkeypatch.setattr(E, "load_tuned", lambda: None)
    words = ("so we scale the vector by two and it doubles in length now we add another one " * 6).split()
    starts = [i * 300 for i in range(len(words))]
    ends = [s + 250 for s in starts]
    head = E.load_head()
    lengths = np.array([len(w) for w in words], dtype=np.float64)
    numeric = B.numeric_features(np.array(starts) / 1000.0, np.array(ends) / 1000.0, lengths)
    expected = B.decode(head.logits(encoder.word_vectors(words, head.mix), numeric), head.length_prior,
                        head.score_weight)
    assert E.segment(words, starts, ends) == expected
