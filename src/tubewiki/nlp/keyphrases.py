"""Keyphrases: noun-phrase-like n-grams scored by TF-IDF over a channel's segments.

A candidate is a run of up to four content words between stopwords or punctuation, which
may bridge two runs with one connector ("theory of numbers"). It never starts or ends
with a function word. Each phrase is shown in the speaker's casing: a word keeps its
capital only when the speaker writes it that way mid-sentence (names, acronyms).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from .stopwords import connectors, determiners, stopwords, verb_cues, weak_heads

MAX_CONTENT_WORDS = 4
_MARKS = "\u0300-\u036f\u0900-\u0963\u0966-\u0dff"  # combining accents and Indic vowel signs
_TOKEN = re.compile(rf"[\w{_MARKS}]+(?:['’\-][\w{_MARKS}]+)*|[^\s\w{_MARKS}]")
_WORDLIKE = re.compile(rf"[\w{_MARKS}]")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|x\d+)$")  # "100th", "3x2": never a topic's edge
_OPENERS = frozenset(".!?:;\"“«¿¡-–—")  # after these a capital says nothing


@dataclass(frozen=True, slots=True)
class ScoredPhrase:
    key: str  # normalised form: lower case, English plurals folded
    text: str  # as the speaker writes it
    score: float
    count: int  # occurrences in the document


def normalise_key(words: Sequence[str], language: str | None) -> str:
    """The comparison key of a phrase: lower case, simple English plurals folded."""
    folded = [w.lower().replace("’", "'") for w in words]
    if (language or "en").startswith("en"):
        folded = [_singular(w) for w in folded]
    return " ".join(folded)


def _base_language(language: str | None) -> str:
    return (language or "").split("-")[0].split("_")[0].lower()


def _verb_base(word: str) -> str:
    if word.endswith("es") and word[:-2].endswith(("sh", "ch", "ss", "x")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ies", "ous", "'s")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str | None]:
    """Words in order, with ``None`` wherever punctuation interrupts the phrase."""
    out: list[str | None] = []
    for tok in _TOKEN.findall(text):
        out.append(tok if _WORDLIKE.match(tok) else None)
    return out


class Lexicon:
    """What a channel's speech says about its words: stopwords, verbs, heads and casing.

    A word counts as a verb when it follows a subject or modal ("it lands", "we compute")
    more often than a determiner. A phrase may only end on a word the speaker often ends
    a noun group with, never on a verb, an "-ly" adverb or an English participle.
    """

    def __init__(self, texts: Iterable[str], language: str | None) -> None:
        self.language = language
        self.stop = stopwords(language)
        self.join = connectors(language)
        self.weak = weak_heads(language)
        self.english = _base_language(language) == "en"
        self.casing = Casing()
        cues, progressive = verb_cues(language)
        dets = determiners(language)
        seen: Counter[str] = Counter()
        after_cue: Counter[str] = Counter()
        after_det: Counter[str] = Counter()
        closes: Counter[str] = Counter()  # followed by a stopword or punctuation
        for text in texts:
            self.casing.learn(text)
            prev = ""
            words = [None if t is None else t.lower().replace("’", "'") for t in tokenize(text)]
            for k, low in enumerate(words):
                if low is None:
                    prev = ""
                    continue
                seen[low] += 1
                if prev in cues or (prev in progressive and low.endswith("ing")):
                    after_cue[low] += 1
                elif prev in dets:
                    after_det[low] += 1
                nxt = words[k + 1] if k + 1 < len(words) else None
                if nxt is None or nxt in self.stop or nxt in self.join:
                    closes[low] += 1
                prev = low
        verbs = {w for w, n in after_cue.items() if n > after_det[w] and w not in self.stop}
        if self.english:  # "it lands" makes "lands" a verb, so "pushes" follows "push"
            verbs |= {w for w in seen if _verb_base(w) in verbs and not after_det[_verb_base(w)]}
        self.verbs = frozenset(verbs)
        self.nouny = frozenset(w for w, n in after_det.items() if n > after_cue[w])
        self.modifiers = frozenset(w for w, n in seen.items() if n >= 3 and closes[w] * 5 < n)

    def kind(self, word: str) -> str:
        """"c" for a content word, "j" for a connector, "b" for a phrase boundary."""
        low = word.lower().replace("’", "'")
        if low in self.join:
            return "j"
        if low in self.stop or low in self.verbs or len(low) < 2 or not any(ch.isalpha() for ch in low):
            return "b"
        if _ORDINAL.match(low):
            return "b"
        return "c"

    def can_end(self, word: str, alone: bool) -> bool:
        low = word.lower().replace("’", "'")
        if low in self.modifiers:
            return False
        if not self.english:
            return True
        if len(low) > 4 and (low.endswith("ly") or low.endswith("ed") and not low.endswith("eed")):
            return False
        return not (alone and len(low) > 5 and low.endswith("ing"))

    def can_start(self, words: Sequence[str]) -> bool:
        if not self.english:
            return True
        low = words[0].lower()
        if low.endswith("ing") and low not in self.nouny:
            return False
        if len(low) > 4 and low.endswith("ly"):
            nxt = words[1].lower() if len(words) > 1 else ""
            return bool(nxt) and not nxt.endswith(("ing", "ed"))
        return True


def phrases_in(text: str, lexicon: Lexicon) -> list[tuple[str, ...]]:
    """Every candidate phrase occurrence in one sentence, as word tuples."""
    tokens = [t for t in tokenize(text)]
    kinds = ["b" if t is None else lexicon.kind(t) for t in tokens]
    found: list[tuple[str, ...]] = []
    n = len(tokens)
    for i in range(n):
        if kinds[i] != "c":
            continue
        content, joins = 0, 0
        for j in range(i, n):
            kind = kinds[j]
            if kind == "b":
                break
            if kind == "j":
                joins += 1
                if joins > 1 or j == i:
                    break
                continue
            content += 1
            if content > MAX_CONTENT_WORDS:
                break
            words = tuple(t for t in tokens[i : j + 1] if t is not None)
            if lexicon.can_end(words[-1], alone=content == 1) and lexicon.can_start(words):
                found.append(words)
    return found


class Casing:
    """How the speaker writes each word when it is not opening a sentence."""

    def __init__(self) -> None:
        self._forms: dict[str, Counter[str]] = defaultdict(Counter)

    def learn(self, text: str) -> None:
        first = True
        for tok in _TOKEN.findall(text):
            if not _WORDLIKE.match(tok):
                first = first or tok in _OPENERS
                continue
            if not first:
                self._forms[tok.lower()][tok] += 1
            first = False

    def word(self, word: str) -> str:
        forms = self._forms.get(word.lower())
        if not forms:
            return word.lower() if word[:1].isupper() and word[1:].islower() else word
        best = max(sorted(forms), key=lambda f: forms[f])
        return best if best != best.lower() and forms[best] * 2 > sum(forms.values()) else word.lower()

    def phrase(self, words: Sequence[str]) -> str:
        return " ".join(self.word(w) for w in words)


@dataclass
class PhraseTable:
    """Phrase counts per document (segment), document frequencies and display forms."""

    lexicon: Lexicon
    counts: list[Counter[str]]
    surfaces: dict[str, Counter[tuple[str, ...]]]
    df: Counter[str]

    @classmethod
    def build(
        cls, documents: Sequence[Sequence[str]], language: str | None, lexicon: Lexicon | None = None
    ) -> PhraseTable:
        if lexicon is None:
            lexicon = Lexicon((text for doc in documents for text in doc), language)
        counts: list[Counter[str]] = []
        surfaces: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
        df: Counter[str] = Counter()
        for doc in documents:
            here: Counter[str] = Counter()
            for text in doc:
                for words in phrases_in(text, lexicon):
                    key = normalise_key(words, lexicon.language)
                    here[key] += 1
                    surfaces[key][tuple(w.lower() for w in words)] += 1
            counts.append(here)
            df.update(here.keys())
        return cls(lexicon, counts, dict(surfaces), df)

    def display(self, key: str) -> str:
        forms = self.surfaces[key]
        best = max(sorted(forms), key=lambda f: forms[f])
        return self.lexicon.casing.phrase(best)

    def idf(self, key: str) -> float:
        n = len(self.counts)
        return math.log((n + 1) / (self.df.get(key, 0) + 0.5))

    def ranked(self, doc: int, prior: Iterable[str] = (), limit: int = 20) -> list[ScoredPhrase]:
        """The document's phrases, best first; keys made of ``prior``'s words gain a little."""
        counts = self.counts[doc]
        join = self.lexicon.join
        prior_words = {w for key in prior for w in key.split()}
        longest = _longest_extension(counts)
        scored: list[tuple[float, str]] = []
        for key, tf in counts.items():
            # a phrase heard mostly inside one longer phrase adds nothing of its own
            if longest.get(key, 0) * 10 >= tf * 7:
                continue
            words = key.split()
            content = [w for w in words if w not in join]
            score = (1.0 + math.log(tf)) * self.idf(key) * (1.0 + 0.35 * (len(content) - 1))
            if tf < 2:
                score *= 0.35
            if len(content) < len(words) and words[0] in self.lexicon.weak or words[-1] in self.lexicon.weak:
                score *= 0.4
            if prior_words and all(w in prior_words for w in content):
                score *= 1.3
            scored.append((score, key))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [ScoredPhrase(key, self.display(key), round(s, 6), counts[key]) for s, key in scored[:limit]]


def _longest_extension(counts: Counter[str]) -> dict[str, int]:
    """For each phrase, the count of its most frequent strictly longer phrase."""
    best: dict[str, int] = {}
    for key, tf in counts.items():
        words = key.split()
        n = len(words)
        for i in range(n):
            for j in range(i + 1, n + 1):
                if j - i == n:
                    continue
                sub = " ".join(words[i:j])
                if best.get(sub, 0) < tf:
                    best[sub] = tf
    return best
