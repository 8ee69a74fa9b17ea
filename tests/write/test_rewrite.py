"""Sentence cleaning and first/second-person rewriting."""

from __future__ import annotations

import pytest

from tubewiki.write.rewrite import clean, has_person, is_boilerplate, person_words, rewrite

REWRITES = [
    # discourse openers
    ("So, the determinant measures area.", "The determinant measures area."),
    ("Now, this matrix has three columns.", "This matrix has three columns."),
    ("Okay, the limit exists in this case.", "The limit exists in this case."),
    ("And the sum of each row doubles.", "The sum of each row doubles."),
    ("Well, the series converges to two.", "The series converges to two."),
    # hedges and asides
    ("I think this is a beautiful idea.", "This is a beautiful idea."),
    ("The area, as you can see, is exactly one half.", "The area, is exactly one half."),
    ("The derivative is, if you recall, a linear operator.", "The derivative is, a linear operator."),
    ("The derivative is linear, as I said.", "The derivative is linear."),
    # structural patterns
    ("We can see that the vectors are perpendicular.", "The vectors are perpendicular."),
    ("You might think that this is hard.", "One might think that this is hard."),
    ("We have a matrix with three columns.", "There is a matrix with three columns."),
    ("We have two vectors in the plane.", "There are two vectors in the plane."),
    ("Let's call this the dual vector.", "This is called the dual vector."),
    ("We call these eigenvectors of the map.", "These are called eigenvectors of the map."),
    ("You can think of vectors as arrows.", "Vectors can be thought of as arrows."),
    ("If you take the derivative, you get a polynomial.", "If one takes the derivative, one gets a polynomial."),
    ("Let's look at the derivative of a polynomial.", "Consider the derivative of a polynomial."),
    ("Let's say the input is a vector.", "Suppose the input is a vector."),
    # generic you / we with verb agreement
    ("You have two choices for each element.", "There are two choices for each element."),
    ("You have to divide by two.", "One has to divide by two."),
    ("When you're scaling a vector, the length changes.", "When one is scaling a vector, the length changes."),
    ("Then you multiply by the remaining options.", "Then one multiplies by the remaining options."),
    ("This is the vector you get by tilting the matrix.", "This is the vector one gets by tilting the matrix."),
    ("Your basis vectors change with the transformation.", "The basis vectors change with the transformation."),
    ("Our polynomials can have arbitrarily large degree.", "The polynomials can have arbitrarily large degree."),
    ("This rule tells you that the area is scaled.", "This rule shows that the area is scaled."),
    ("If we add two functions, the result is linear.", "If one adds two functions, the result is linear."),
    ("If I take the sum of both rows, the total doubles.", "If one takes the sum of both rows, the total doubles."),
    ("The function I'm showing here, called SHA256, is unpredictable.",
     "The function, called SHA256, is unpredictable."),
]


@pytest.mark.parametrize("source, expected", REWRITES)
def test_rewrite_patterns_give_impersonal_prose(source: str, expected: str) -> None:
    assert rewrite(source) == expected


@pytest.mark.parametrize("source", [
    "I want to show you something fun today.",
    "Let me show you what I mean.",
    "What do you think?",
    "Do you see why?",
    "Some of you may have seen this before in school.",
    "I remember my first calculus class very well.",
    "Okay.",
    "Take a moment to pause and ponder this.",
])
def test_sentences_without_impersonal_content_are_dropped(source: str) -> None:
    assert rewrite(source) is None


def test_every_rewrite_is_free_of_first_and_second_person() -> None:
    sources = [s for s, _ in REWRITES] + [
        "And you'll notice that when you scale it, you're stretching your space.",
        "We're dealing with our vectors and you've seen how they move.",
    ]
    for source in sources:
        out = rewrite(source)
        assert out is None or not has_person(out), out


@pytest.mark.parametrize("source, expected", [
    ("Um, the, uh, matrix is, you know, invertible.", "The matrix is invertible."),
    ("I mean, the uh integral is umm finite.", "The integral is finite."),
    ("The map is, erm, linear, you know.", "The map is linear."),
])
def test_fillers_are_removed(source: str, expected: str) -> None:
    assert rewrite(source) == expected


def test_you_know_inside_a_clause_is_not_a_filler() -> None:
    assert rewrite("If you know the answer, the rest follows.") == "If one knows the answer, the rest follows."


@pytest.mark.parametrize("text", [
    "Thanks to all the Patreon supporters who made this possible.",
    "This video is sponsored by Brilliant.",
    "Subscribe to stay posted about new content.",
    "In the next video, the determinant is introduced.",
])
def test_boilerplate_is_recognised(text: str) -> None:
    assert is_boilerplate(text)


def test_content_is_not_boilerplate() -> None:
    assert not is_boilerplate("The determinant measures how areas scale.")


def test_quoted_speech_keeps_its_person_words() -> None:
    text = 'The mathematician said "I have found it" after the proof.'
    assert person_words(text) == []
    assert rewrite(text) == text


def test_person_words_spot_contractions_but_not_the_imaginary_unit_or_the_country() -> None:
    assert person_words("If you're here, we'll see i-hat and the US map.") == ["you're", "we'll"]
    assert person_words("Multiply by i to rotate.") == []


def test_clean_capitalises_punctuates_and_collapses_spaces() -> None:
    assert clean("  the  sum is   finite ,  really") == "The sum is finite, really."


def test_other_languages_are_cleaned_not_rewritten() -> None:
    assert rewrite("ähm, wir haben  eine Matrix mit drei Spalten", "de") == "Wir haben eine Matrix mit drei Spalten."
    assert rewrite("euh, nous avons une matrice", "fr") == "Nous avons une matrice."


def test_joined_sentences_read_as_one_sentence_under_one_citation() -> None:
    from tubewiki.write.rewrite import join_sentences

    assert join_sentences("Pascal's triangle is built like this.", "Each term is the sum of two.") == \
        "Pascal's triangle is built like this: each term is the sum of two."
    assert join_sentences("Vectors add.", "The sum is a vector.") == "Vectors add; the sum is a vector."
    assert join_sentences("It is fast.", "Euler knew it.") == "It is fast; Euler knew it."
    joined = join_sentences("What is a basis?", "It is a set of vectors.")
    assert joined.count("?") == 1 and not joined.endswith("?")


def test_object_you_does_not_conjugate_the_next_word() -> None:
    from tubewiki.write.rewrite import impersonal

    assert impersonal("It lets you stretch the graph, allowing you to describe curves.") == \
        "It lets one stretch the graph, allowing one to describe curves."
    assert impersonal("What the curve is telling you is that it equals the area.") == \
        "What the curve is telling one is that it equals the area."
    assert impersonal("If you take a point, you get a line.") == "If one takes a point, one gets a line."
