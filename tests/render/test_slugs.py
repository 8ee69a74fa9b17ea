"""Slugs: safe file names, deterministic, unique across the vault."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tubewiki.render.slugs import assign_unique, channel_slug, is_safe_slug, slugify


def test_titles_become_lowercase_kebab_case():
    assert slugify("Gradient descent in neural networks") == "gradient-descent-in-neural-networks"
    assert slugify("Euler's formula: e^(iπ) = -1?") == "eulers-formula-e-iπ-1"


def test_accents_are_transliterated_and_other_scripts_kept():
    assert slugify("Ça va, Œuvre, Straße, Ærø") == "ca-va-oeuvre-strasse-aero"
    assert slugify("Привет, мир") == "привет-мир"
    assert slugify("数学の美しさ") == "数学の美しさ"
    assert slugify("हिन्दी भाषा") == "हिन्दी-भाषा"


def test_channel_slug_from_name_and_fallback():
    assert channel_slug("3Blue1Brown") == "3blue1brown"
    assert channel_slug(None) == "channel"
    assert channel_slug("   ") == "channel"


def test_empty_or_symbol_titles_fall_back_to_a_stable_hash():
    assert slugify("") == "page"
    first = slugify("?!...")
    assert first.startswith("page-") and len(first) == len("page-") + 8
    assert slugify("?!...") == first
    assert slugify("???") != first


def test_hostile_titles_give_safe_file_names():
    for title in ["../../etc/passwd", "a/b\\c", "CON", "nul", "lpt1", "x\x00y\x1fz", ".hidden", "<script>"]:
        slug = slugify(title)
        assert is_safe_slug(slug), (title, slug)
        assert "/" not in slug and "\\" not in slug and ".." not in slug
    assert slugify("CON") == "con-page"


def test_long_titles_are_cut_at_a_word_boundary():
    slug = slugify("word " * 40)
    assert len(slug) <= 80
    assert not slug.endswith("-") and slug.endswith("word")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_safe_nonempty_slug(text):
    slug = slugify(text)
    assert slug and is_safe_slug(slug)
    assert len(slug.encode("utf-8")) <= 160
    assert slugify(text) == slug


def test_collisions_are_disambiguated_deterministically():
    items = [("2017/b", "neural-networks", "vid-B"), ("2016/a", "neural-networks", "vid-A"), ("2018/c", "neural-networks", "vid-B")]
    slugs = assign_unique(items, taken=["index"])
    assert slugs == {
        "2016/a": "neural-networks",
        "2017/b": "neural-networks-vid-b",
        "2018/c": "neural-networks-vid-b-2",
    }
    assert assign_unique(list(reversed(items)), taken=["index"]) == slugs


def test_taken_names_are_never_reused_even_in_another_case():
    slugs = assign_unique([("k", "Index", "x"), ("j", "channel", "y")], taken=["index", "channel"])
    assert slugs == {"j": "channel-y", "k": "index-x"}
