"""Sections by lexical cohesion, headings from keyphrases, enumerations as lists."""

from __future__ import annotations

from tubewiki.write.structure import content_words, enumerations, heading, keyphrases, split_points

MATRICES = [
    "A matrix multiplies a column vector entry by entry.",
    "Each matrix column records where a basis vector lands.",
    "Matrix multiplication composes two linear maps.",
    "The product of a matrix and its inverse is the identity matrix.",
    "An inverse matrix undoes the linear map.",
]
PRIMES = [
    "A prime number has exactly two divisors.",
    "Every whole number factors into prime numbers.",
    "The prime numbers thin out as numbers grow.",
    "The prime number theorem estimates how many primes lie below a bound.",
    "Twin primes are prime numbers two apart.",
]


def test_sections_break_where_the_vocabulary_changes() -> None:
    assert split_points(MATRICES + PRIMES, parts=2, min_size=3) == [0, 5]


def test_a_short_run_is_not_split() -> None:
    assert split_points(MATRICES[:4], parts=3, min_size=3) == [0]


def test_keyphrases_prefer_repeated_multiword_phrases_distinct_from_the_background() -> None:
    phrases = keyphrases(PRIMES, background=MATRICES + PRIMES)
    assert phrases[0] in ("prime number", "prime numbers")


def test_heading_avoids_phrases_already_taken() -> None:
    first = heading(PRIMES, background=MATRICES + PRIMES)
    second = heading(PRIMES, background=MATRICES + PRIMES, taken=[first])
    assert first in ("Prime number", "Prime numbers")
    assert second and second.lower() != first.lower() and "prime" not in second.lower()


def test_content_words_fold_plurals_and_skip_stopwords() -> None:
    assert content_words("The vectors and the matrices are here") == ["vector", "matrice"]


def test_first_second_finally_is_an_enumeration() -> None:
    texts = [
        "The proof has three steps.",
        "First, turn the diagram into a graph.",
        "Second, count the lines and the points.",
        "Each line comes from a pair of points.",
        "Finally, apply Euler's formula.",
        "The answer follows at once.",
    ]
    assert enumerations(texts) == [(1, 5)]


def test_a_lone_first_is_not_an_enumeration() -> None:
    texts = ["First, the area is computed.", "The area is one half.", "The result is exact.", "It is small."]
    assert enumerations(texts) == []


def test_there_are_n_followed_by_one_and_another_is_an_enumeration() -> None:
    texts = [
        "There are two properties of linearity.",
        "One is additivity, which keeps sums.",
        "Another is scaling, which keeps multiples.",
    ]
    assert enumerations(texts) == [(1, 3)]
