from __future__ import annotations

from tubewiki.nlp.keyphrases import Lexicon, PhraseTable, normalise_key, phrases_in, tokenize
from tubewiki.nlp.stopwords import connectors, guess_language, stopwords


def _lexicon(texts: list[str], language: str = "en") -> Lexicon:
    return Lexicon(texts, language)


def test_phrases_never_start_or_end_with_a_function_word():
    text = "So the idea of the cost function of a neural network is that we want to minimise it."
    found = phrases_in(text, _lexicon([text]))
    stop = stopwords("en") | connectors("en")
    assert found
    for words in found:
        assert words[0].lower() not in stop and words[-1].lower() not in stop, words


def test_a_connector_may_join_two_content_runs():
    text = "Euler's formula for polyhedra relates vertices, edges and faces."
    found = {" ".join(w) for w in phrases_in(text, _lexicon([text]))}
    assert "Euler's formula for polyhedra" in found
    assert "formula for" not in found


def test_words_that_follow_subjects_are_verbs_and_end_no_phrase():
    texts = ["Watch where it lands.", "Then it lands on the diagonal.", "The vector i-hat lands on two."]
    found = {" ".join(w) for t in texts for w in phrases_in(t, _lexicon(texts))}
    assert "i-hat lands" not in found
    assert "i-hat" in found


def test_display_keeps_the_speakers_capitals_for_names_only():
    docs = [
        ["Vectors are arrows.", "We study the Fourier series of a function.", "A Fourier series converges."],
        ["Fourier series appear again.", "Think about vectors here."],
    ]
    table = PhraseTable.build(docs, "en")
    assert table.display(normalise_key(["Fourier", "series"], "en")) == "Fourier series"
    assert table.display("vector") == "vectors"


def test_a_phrase_frequent_in_one_segment_outranks_one_heard_everywhere():
    common = "We use the matrix here."
    docs = [
        [common, "The eigenvalue problem.", "Each eigenvalue counts.", "An eigenvalue again.", common],
        [common, "Other things here."],
        [common, "More unrelated words."],
    ]
    ranked = PhraseTable.build(docs, "en").ranked(0)
    keys = [p.key for p in ranked]
    assert keys[0] == "eigenvalue"
    assert keys.index("eigenvalue") < keys.index("matrix")


def test_plural_and_singular_share_a_key():
    assert normalise_key(["Eigenvectors"], "en") == normalise_key(["eigenvector"], "en")
    assert normalise_key(["series"], "en") == "series"


def test_french_phrases_do_not_end_on_de():
    text = "La transformée de Fourier est un outil de calcul très puissant."
    found = phrases_in(text, _lexicon([text], "fr"))
    assert ("transformée", "de", "Fourier") in found
    assert all(w[-1].lower() != "de" for w in found)


def test_tokenize_keeps_indic_words_whole():
    words = [w for w in tokenize("गणित बहुत सुंदर है।") if w]
    assert words == ["गणित", "बहुत", "सुंदर", "है"]


def test_language_guess_from_function_words():
    french = "je pense que la vie est une chose qui a du sens et que nous sommes là pour ça".split()
    english = "this is the way that we think about it and what it means for all of us here".split()
    assert guess_language(french, minimum=5) == "fr"
    assert guess_language(english, minimum=5) == "en"
    assert guess_language(["x"] * 3) is None
