"""Cross-links between articles: which mentions become links, and backlinks."""

from __future__ import annotations

from tubewiki.render.links import LinkIndex, LinkSpan, LinkTarget, backlinks

NN = LinkTarget("neural-network", ("Neural network", "neural net"), "v1", "c")
GD = LinkTarget("gradient-descent", ("Gradient descent",), "v2", "c")
GDNN = LinkTarget("gradient-descent-in-neural-networks", ("Gradient descent in neural networks",), "v2", "c")
CAT = LinkTarget("cat", ("Cat",), "v3", "c")  # too short to link
HOSTILE = LinkTarget("odd", ("a | b ]] c", "#tagged"), "v4", "c")
SOURCE = LinkTarget("source", ("Source article",), "v9", "c")


def plan(texts, source=SOURCE, targets=(NN, GD, GDNN, CAT, HOSTILE), **kw):
    index = LinkIndex(targets)
    return index.plan(source, [((0, i), t) for i, t in enumerate(texts)], **kw)


def anchors(texts, result):
    return [texts[ref[1]][s.start : s.end] for ref, spans in sorted(result.items()) for s in spans]


def test_mentions_link_case_insensitively_on_whole_words_keeping_the_text():
    texts = ["A Neural Network is trained.", "Neural networks and neural netting do not count."]
    result = plan(texts)
    assert result == {(0, 0): (LinkSpan(2, 16, "neural-network"),)}
    assert anchors(texts, result) == ["Neural Network"]


def test_longer_phrases_win_over_the_phrases_inside_them():
    texts = ["We use gradient descent in neural networks here."]
    result = plan(texts)
    assert [s.target for s in result[(0, 0)]] == ["gradient-descent-in-neural-networks"]
    assert anchors(texts, result) == ["gradient descent in neural networks"]


def test_each_target_is_linked_once_per_article():
    texts = ["A neural network.", "Another neural net.", "Gradient descent then a neural network."]
    result = plan(texts)
    targets = [s.target for spans in result.values() for s in spans]
    assert sorted(targets) == ["gradient-descent", "neural-network"]
    assert result[(0, 0)][0].target == "neural-network"


def test_an_article_never_links_to_itself():
    texts = ["A neural network is a neural network."]
    assert plan(texts, source=NN) == {}


def test_own_title_mention_blocks_shorter_links_inside_it():
    texts = ["Gradient descent in neural networks is the topic."]
    assert plan(texts, source=GDNN) == {}


def test_only_existing_targets_are_linked():
    texts = ["Backpropagation and a neural network."]
    result = plan(texts, targets=(NN,))
    assert [s.target for s in result[(0, 0)]] == ["neural-network"]
    assert plan(["Gradient descent."], targets=(NN,)) == {}


def test_short_or_unsafe_phrases_never_become_links():
    texts = ["The cat sat; a | b ]] c; #tagged."]
    assert plan(texts) == {}


def test_links_stay_out_of_the_avoided_span():
    texts = ["The neural network here is bold."]
    assert plan(texts, avoid={(0, 0): (4, 18)}) == {}
    assert plan(texts, avoid={(0, 0): (0, 3)}) == {(0, 0): (LinkSpan(4, 18, "neural-network"),)}


def test_links_per_article_are_capped():
    many = [LinkTarget(f"topic-{i}", (f"topic number {i}",), "v", "c") for i in range(10)]
    texts = [" and ".join(f"topic number {i}" for i in range(10))]
    result = plan(texts, targets=many, max_links=3)
    assert [s.target for s in result[(0, 0)]] == ["topic-0", "topic-1", "topic-2"]


def test_duplicate_titles_prefer_the_same_video():
    here = LinkTarget("intro-v9", ("Introduction",), "v9", "c")
    there = LinkTarget("intro-v1", ("Introduction",), "v1", "c")
    other = LinkTarget("other", ("Other",), "v9", "c")
    result = plan(["An introduction."], source=other, targets=(there, here, other))
    assert result[(0, 0)][0].target == "intro-v9"


def test_backlinks_list_who_links_to_whom():
    plans = {
        "a": {(0, 0): (LinkSpan(0, 4, "b"), LinkSpan(5, 9, "c"))},
        "c": {(1, 2): (LinkSpan(0, 4, "b"),)},
    }
    assert backlinks(plans) == {"b": ("a", "c"), "c": ("a",)}
