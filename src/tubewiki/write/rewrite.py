"""Sentence cleaning and person rewriting: spoken transcript sentences into encyclopedia prose.

:func:`clean` removes fillers and fixes spacing, capitals and final punctuation in any
language. :func:`rewrite` does that and, for English, rewrites first and second person
("you get X" -> "one gets X", "let's call this X" -> "this is called X") and drops
discourse openers and asides; it returns ``None`` when a sentence cannot be written
impersonally or carries no content. Quoted text is never rewritten.
"""

from __future__ import annotations

import re
from typing import Callable

MIN_WORDS = 4

_FILLERS: dict[str, str] = {
    "en": r"u+m+|u+h+|e+r+m+|e+h+m+|h+m+|m+h+m+|m{2,}",
    "de": r"ä+h+m*|ö+h+m*|e+h+m*|h+m+",
    "fr": r"eu+h+|e+h+|h+m+|b+a+h+",
    "es": r"e+h+|e+m+|m{2,}|h+m+",
    "it": r"e+h+m*|h+m+|m{2,}",
    "pt": r"e+h+|h+u+m+|h+m+",
    "nl": r"e+h+|u+h+m*|h+m+",
}
# "you know" and "I mean" only count as fillers where they stand apart from the clause
_EN_ASIDE_FILLERS = r"you know|I mean|you see|I guess|mind you"

_BOILERPLATE = re.compile(
    r"\b(patreon|patrons?|sponsor\w*|subscrib\w*|supporters?|brilliant\.org|merch\w*|"
    r"thank(s| you)|videos?|channel|livestream|lectures?|podcast|description|"
    r"newsletter|this series|next chapter|last chapter|previous chapter|see you|welcome (?:back|to)|"
    r"(?:hi|hello|hey|greetings),? (?:everyone|everybody|there|all|folks))\b",
    re.I,
)
_QUOTE = re.compile(r"\"[^\"]{1,200}\"|\u201c[^\u201d]{1,200}\u201d")
_OPENER = re.compile(
    r"^(?:(?:so|now|okay|ok|alright|all right|and|but|well|yeah|yes|oh|anyway|basically|"
    r"right|also|again|then again|actually|of course|look|see|hey|like|great|cool|sure|"
    r"remember|recall|note|notice|anyway|in any case|indeed|honestly|luckily|fortunately)"
    r"\s*,\s*|(?:and|but|so|now|well|or|because|cause|'cause|and so|and then|so then)\s+)",
    re.I,
)
_HEDGE = re.compile(
    r"\b(?:and |but |so )?I (?:really |actually |personally |kind of |sort of )?"
    r"(?:think|guess|believe|suppose|feel like|would say|'d say|'d argue|would argue|"
    r"'d guess|imagine|'d imagine|bet|'m guessing|'d wager|reckon)(?! of\b| about\b| so\b)"
    r"(?: that)?\s*,?\s*",
)
_ASIDE = (
    r"as you (?:can|could|might|may|will|'ll) (?:see|expect|guess|imagine|know|recall|remember|notice)|"
    r"as you (?:saw|know|recall|remember)|as you've (?:seen|probably guessed|noticed)|"
    r"if you (?:recall|remember|will|like|want|prefer|think about it|look closely)|"
    r"as I (?:said|mentioned|say|noted)|like I said|as I've (?:said|mentioned)|"
    r"as we(?:'ve)? (?:saw|seen|said|know|discussed)|as we (?:will|'ll) see|"
    r"I should (?:say|mention|note|emphasize|add)|in my (?:opinion|view|mind)|to me|for me|"
    r"believe me|trust me|you might say|you could say|so to speak|"
    r"for you|for us|to you|for those of you \w+ \w+|let's say|let's see|let's be honest|"
    r"of course|in a sense|in some sense|if you're curious|if you're wondering|"
    r"I(?:'ll| will) (?:just )?tell you|I would argue|I'd argue|I'd say|I would say|I think|I guess|I suppose|I believe|I hope|"
    + _EN_ASIDE_FILLERS
)
_ASIDE_START = re.compile(rf"^(?:{_ASIDE})\s*,\s*", re.I)
_ASIDE_MID = re.compile(rf",\s*(?:{_ASIDE})\s*(?=[,.;:?!])", re.I)
_ASIDE_END = re.compile(rf",?\s+(?:{_ASIDE})\s*([.?!]*)$", re.I)

# sentences that only manage the talk, or speak to the audience, with no content to keep
_DROP = re.compile(
    r"^(?:let me|I(?:'m| am) (?:going to|gonna|about to|trying to|not going to)|"
    r"I want(?:ed)? to|I(?:'d| would) (?:like|love) to|I(?:'ll| will) |I hope|I encourage|"
    r"I have to|I need to|I was|I've been|I had|I remember|I know|I love|I like|I find|"
    r"I don't know|I'm not sure|I(?:'m| am) (?:so|really|very)|I also|I just|"
    r"we(?:'re| are) (?:going to|gonna|about to) (?:see|look|talk|go|start|dive|get|do|end|wrap|move)|"
    r"we(?:'ll| will) (?:see|look|talk|get to|come back|go|dive|start|end|wrap)|"
    r"let's (?:just )?(?:recap|review|go|move|get|dive|begin|start|pause|step back|zoom|"
    r"wrap|do this|do it|try|jump|head|come back|finish|end|summarize)|"
    r"take a (?:moment|second|minute)|pause (?:the|and|here|for)|think about (?:it|this|that)|"
    r"thank|(?:so )?what do you think|did you|do you|can you|could you|have you|are you|would you|"
    r"you (?:guys|all)\b|before (?:we|I) )",
    re.I,
)

_DROP_ANYWHERE = re.compile(
    r"\b(?:some|many|most|those|all|each|any|none|few|the curious|more) (?:among|of) (?:you|us)\b|"
    r"\byou (?:guys|all|folks)\b|\bthe chat\b|\bthe comments\b|\bthe audience\b", re.I)
_QUESTION_TO_AUDIENCE = re.compile(
    r"\b(?:do|did|can|could|would|will|have|are|were|should) (?:you|we|I)\b|\byou think\b", re.I)

Rule = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]


def _plural_be(m: re.Match[str]) -> str:
    word = m.group(1)
    verb = "are" if word.lower() in {"these", "those", "them", "they"} else "is"
    word = {"them": "they"}.get(word.lower(), word)
    return f"{word} {verb} called"


def _relative(m: re.Match[str]) -> str:
    before = re.search(r"(\w+)$", m.string[: m.start()])
    conj = before is not None and before.group(1).lower() in _SUBJECT_BEFORE | {"is", "was", "be", "to"}
    return m.group(0) if conj else ""


_I = re.I
_RULES: tuple[Rule, ...] = (
    (re.compile(r"\bi\.e\.,?", _I), "that is,"),
    (re.compile(r"\be\.g\.,?", _I), "for example,"),
    (re.compile(r"\b(?:let's|let us|we(?:'ll| will)?|I(?:'ll| will)?|you(?:'d| would)?|one could) "
                r"(?:just )?call (this|that|it|these|those|them|the \w+)\b", _I), _plural_be),
    (re.compile(r"\b((?i:if|when|whenever|once|suppose|say|where)) I('m|'ve|'d|'ll)?\b"),
     lambda m: f"{m.group(1)} we{m.group(2) or ''}".replace("we'm", "we're")),
    (re.compile(r",? (?:which|that) (?:I|we)(?:'m| am|'re| are|'ll| will)? (?:just )?(?:going to )?"
                r"(?:call|calling|label|labeling|name|naming|denote|denoting)\b", _I), ", called"),
    (re.compile(r"(?<=[a-z]) (?:that |which )?(?:I|we)(?:'m| am|'re| are|'ve| have)? (?:just |currently )?"
                r"(?:showing|drawing|describing|using|showed|drew|described|defined|used|mentioned|"
                r"introduced|built|made|chose|picked|drawn|shown|chosen|picked)"
                r"(?: (?:here|on screen|on the screen|now|earlier|before|above|below|a moment ago|just now))?"
                r"(?=[ ,.;:?!])"), _relative),
    (re.compile(r"\bwhat (?:we|you|I|people)(?:'d| would| might| usually| often)? call\b", _I), "what is called"),
    (re.compile(r"\b(?:you|we|one|I)(?:'d| can| could| might| should| would| may)? (?:also )?"
                r"think (?:about|of) (.{1,80}?) as\b", _I), r"\1 can be thought of as"),
    (re.compile(r"^think (?:about|of) (.{1,80}?) as\b", _I), r"\1 can be thought of as"),
    (re.compile(r"^(?:(?:and|so|now) )?(?:you|we|I)(?:'ll| will| can| could| might| may)? "
                r"(?:notice|see|find|realize|recall|remember|know|note|observe) (?:that )?"
                r"(?!what|how|why|where|which|whether|if|when|who)(?=\w+ \w+ \w+)", _I), ""),
    (re.compile(r"(?<=, )(?:you|we)(?:'ll| will| can| could| might| may)? (?:clearly |already )?"
                r"(?:notice|see|find|realize|recall|remember|know) that\s+", _I), ""),
    (re.compile(r"^(?:notice|note|remember|recall|observe|see) that\s+", _I), ""),
    (re.compile(r"\b(?:let's|let us) (?:say|suppose|assume|imagine) (?:that )?", _I), "suppose "),
    (re.compile(r"\b(?:let's|let us) (?:take a look at|have a look at|look at|look back at|"
                r"think about|turn to|focus on|go back to|return to|zoom in on|dig into|"
                r"walk through|go through|start with|begin with|see|consider|take|examine)\b", _I), "consider"),
    (re.compile(r"^say (?:that )?(?=you|we)", _I), "suppose "),
    (re.compile(r"(^|[,;:] |\bthen |\band )(?:here |now |so )?(?:we|you) (?:have|'ve got|got) "
                r"(?=(?:a|an|one|this|that|another|just one|only one)\b)", _I), r"\1there is "),
    (re.compile(r"(^|[,;:] |\bthen |\band )(?:here |now |so )?(?:we|you) (?:have|'ve got|got) "
                r"(?=(?:two|three|four|five|six|seven|eight|nine|ten|some|many|several|these|those|\d+)\b)",
                _I), r"\1there are "),
    (re.compile(r"\bhere we have\b", _I), "here is"),
    (re.compile(r"\bwhat (?:you|we) (?:get|end up with|find) is\b", _I), "the result is"),
    (re.compile(r"\b(tell|tells|told) (?:you|us|me)\b", _I),
     lambda m: {"tell": "show", "tells": "shows", "told": "showed"}[m.group(1).lower()]),
    (re.compile(r"\b(show|shows|showed|shown|give|gives|gave|given|remind|reminds|reminded|"
                r"teach|teaches|taught|offer|offers) (?:you|us|me)\b", _I), r"\1"),
    (re.compile(r"\b(?:your|our) own\b", _I), "one's own"),
    (re.compile(r"\b(?:yourself|yourselves|ourselves)\b", _I), "oneself"),
    (re.compile(r"\b(?:let's|let us)\s+(?=\w)", _I), ""),
)


def _protect(text: str) -> tuple[str, list[str]]:
    quotes: list[str] = []

    def keep(m: re.Match[str]) -> str:
        quotes.append(m.group(0))
        return f"\x00{len(quotes) - 1}\x00"

    return _QUOTE.sub(keep, text), quotes


def _restore(text: str, quotes: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: quotes[int(m.group(1))], text)


def remove_fillers(text: str, language: str = "en") -> str:
    """Drop hesitation sounds (and, in English, "you know"/"I mean" used as asides)."""
    lang = (language or "en")[:2].lower()
    pattern = _FILLERS.get(lang)
    if pattern:
        text = re.sub(rf"(?:,\s*)?(?<![\w'-])(?:{pattern})(?![\w'-])(?:\s*,)?", " ", text, flags=re.I)
        text = re.sub(rf"(?<![\w'-])(?:{pattern})(?![\w'-])[.?!]?\s*", " ", text, flags=re.I)
    if lang == "en":
        fillers = rf"(?:{_EN_ASIDE_FILLERS})"
        text = re.sub(rf"^{fillers}\s*,\s*", "", text, flags=re.I)
        text = re.sub(rf",\s*{fillers}\s*,", " ", text, flags=re.I)
        text = re.sub(rf",\s*{fillers}\s*(?=[.?!])", "", text, flags=re.I)
        text = re.sub(rf",?\s+{fillers}\s*([.?!])$", r"\1", text, flags=re.I)
    return text


def tidy(text: str) -> str:
    """Whitespace, stray punctuation, a capital first letter and a final stop."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:?!])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"[,;:]\s*([.?!])", r"\1", text)
    text = re.sub(r"^[\s,;:.\-\u2014]+", "", text)
    text = re.sub(r"\b(\w+) \1\b", lambda m: m.group(0) if m.group(1).isdigit() else m.group(1), text)
    if not text:
        return ""
    if text[0].islower():
        text = text[0].upper() + text[1:]
    if text[-1] not in ".?!\"'\u201d)":
        text = text.rstrip(",;:-\u2014 ") + "."
    return text


def clean(text: str, language: str = "en") -> str:
    """Language-neutral cleaning: fillers out, spacing fixed, capitalised, punctuated."""
    return tidy(remove_fillers(tidy(text), language))


def is_boilerplate(text: str) -> bool:
    """Sponsor, Patreon, thanks and talk-about-the-video sentences."""
    return bool(_BOILERPLATE.search(text))


def word_count(text: str) -> int:
    return len(re.findall(r"[\w'-]+", text))


def strip_openers(text: str) -> str:
    """Remove discourse openers ("So,", "Now,", "And", "Well,") from the start, repeatedly."""
    for _ in range(4):
        stripped = _OPENER.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text


def _strip_asides(text: str) -> str:
    for _ in range(3):
        before = text
        text = _ASIDE_START.sub("", text)
        text = _ASIDE_MID.sub("", text)
        text = _ASIDE_END.sub(r"\1", text)
        text = _HEDGE.sub("", text)
        if text == before:
            break
    return text


def impersonal_english(text: str) -> str | None:
    """An English sentence with openers, asides and (where the rules know how) first and
    second person rewritten; None for talk-management sentences. May still hold person words."""
    body, quotes = _protect(text)
    body = strip_openers(_strip_asides(strip_openers(body)))
    if _DROP.match(body) or _DROP_ANYWHERE.search(body) or (body.endswith("?") and (word_count(body) < 8 or _QUESTION_TO_AUDIENCE.search(body))):
        return None
    for pattern, repl in _RULES:
        body = pattern.sub(repl, body)
    body = strip_openers(body.strip())
    return tidy(_restore(impersonal(body), quotes))


def rewrite(text: str, language: str = "en") -> str | None:
    """One transcript sentence as an impersonal claim, or None when it has nothing to keep.

    English sentences are rewritten; other languages are only cleaned. Either way the
    result has at least :data:`MIN_WORDS` words.
    """
    lang = (language or "en")[:2].lower()
    text = clean(text, lang)
    if lang != "en":
        return text if word_count(text) >= MIN_WORDS else None
    result = impersonal_english(text)
    if result is None or has_person(result) or word_count(result) < MIN_WORDS:
        return None
    return result


# ---- first and second person -------------------------------------------------------------

PERSON_WORDS = frozenset(
    "me my mine myself we us our ours ourselves you your yours yourself yourselves let's "
    "i'm i've i'd i'll we're we've we'd we'll you're you've you'd you'll y'all".split()
)
_WORD = re.compile(r"(?<![\w'\-])([A-Za-z]+(?:'[A-Za-z]+)?)(?![\w\-])")
_SUBJECT_BEFORE = frozenset(
    "if when and that so because as once before after until where what how whether unless "
    "then while but or since which who why than though although cause maybe perhaps now "
    "suppose say imagine assume here there whenever wherever also even just thus hence".split()
)
_OBJECT_BEFORE = frozenset(
    "to for with at from of by about on into onto upon toward towards against among between "
    "like than let lets make makes made help helps ask asks want wants allow allows get gets "
    "take takes leave leaves bring brings lead leads invite invites encourage encourages force "
    "forces give gives show shows tell tells remind reminds teach teaches see saw hear heard "
    "convince convinces guide guides lose loses surprise surprises".split()
)
_AUX = {"do": "does", "are": "is", "were": "was", "have": "has", "don't": "doesn't",
        "aren't": "isn't", "weren't": "wasn't", "haven't": "hasn't"}
_MODALS = frozenset("can could will would should might may must shall can't couldn't won't "
                    "wouldn't shouldn't mustn't cannot did didn't had hadn't".split())
_AGREE = {"are": "is", "were": "was", "have": "has", "do": "does", "don't": "doesn't",
          "aren't": "isn't", "weren't": "wasn't", "haven't": "hasn't", "go": "goes",
          "'re": " is", "'ve": " has", "'ll": " will", "'d": " would"}
_ADVERBS = frozenset(
    "just also really actually then still only often always never now first basically simply "
    "probably even already usually sometimes all both certainly definitely immediately "
    "naturally finally eventually again indeed effectively essentially necessarily typically "
    "generally instead somehow literally kind sort of".split()
)
_PAST = frozenset(
    "got had saw took made did went found knew thought said came gave wrote drew chose began "
    "became brought built felt heard held lost meant met paid ran kept left sent spent stood "
    "told understood won was".split()
)


def person_words(text: str) -> list[str]:
    """First- and second-person words outside quotation marks ("I", "we", "your", "let's"...)."""
    body, _ = _protect(text.replace("\u2019", "'"))
    found = []
    for m in _WORD.finditer(body):
        word = m.group(1)
        if word in ("I", "I'm", "I've", "I'd", "I'll") or (word != "US" and word.lower() in PERSON_WORDS):
            found.append(word)
    return found


def has_person(text: str) -> bool:
    return bool(person_words(text))


def _third_person(verb: str) -> str:
    low = verb.lower()
    if low in _AGREE:
        return _AGREE[low]
    past = low.endswith("ed") and (not low.endswith("eed") or low in ("agreed", "freed"))
    if low in _MODALS or low in _PAST or (past and low != "embed") or not low.isalpha():
        return verb
    if re.search(r"(s|sh|ch|x|z|o)$", low):
        return verb + "es"
    if re.search(r"[^aeiou]y$", low):
        return verb[:-1] + "ies"
    return verb + "s"


_ADVERB_RUN = re.compile(
    r"((?:\s+(?:kind of|sort of|(?!\w*(?:ply|fly|rely)\b)\w+ly|" + "|".join(sorted(_ADVERBS)) + r")\b)*)(\s+)([A-Za-z']+)"
)
_PRONOUN = re.compile(r"\b(you|we)\b", re.I)
# words that follow an object "you" ("allowing you to", "telling you is"): never conjugated
_NOT_VERBS = frozenset(
    "guys all two both three to is was are were has does the a an and or but that this these those in on at for "
    "with of as from by if so about into up down out back over here there what which who how why when where "
    "one something anything nothing everything".split()
)


def _agree(rest: str) -> str:
    """Make the verb at the start of ``rest`` agree with a third-person singular subject."""
    m = _ADVERB_RUN.match(rest)
    if not m or m.group(3).lower() in _NOT_VERBS:
        return rest
    return m.group(1) + m.group(2) + _third_person(m.group(3)) + rest[m.end():]


def impersonal(text: str) -> str:
    """Generic "you"/"we" become "one" with verb agreement; "your"/"our" become "the"."""
    text = re.sub(r"\b(?:you|we)'(re|ve|ll|d)\b",
                  lambda m: ("One" if m.group(0)[0].isupper() else "one") + _AGREE["'" + m.group(1).lower()],
                  text, flags=re.I)
    text = re.sub(r"\b(?:your|our)\b", lambda m: "The" if m.group(0)[0].isupper() else "the", text, flags=re.I)
    text = re.sub(r"\b[Uu]s\b", "one", text)
    pos = 0
    while m := _PRONOUN.search(text, pos):
        head, tail = text[: m.start()], text[m.end():]
        prev = re.search(r"([\w']+)([^\w']*)$", head)
        prev_word = prev.group(1).lower() if prev else ""
        gap = prev.group(2) if prev else ""
        after_punct = bool(re.search(r"[,;:(\u2014]", gap))
        one = "one" if head.strip() else "One"
        if prev and prev_word in _AUX and not after_punct:
            fixed = _AUX[prev_word]
            head = head[: prev.start()] + (fixed.capitalize() if prev.group(1)[0].isupper() else fixed) + gap
        elif m.group(1).lower() == "we" or not prev or after_punct or not (
                prev_word in _OBJECT_BEFORE or prev_word in _MODALS or prev_word.endswith(("ed", "ing"))):
            tail = _agree(tail)
        text = head + one + tail
        pos = len(head) + len(one)
    return text


_LEADS_COLON = re.compile(r"\b(like this|as follows|the following|like so|this way|here it is)\s*[.!]$", re.I)


def join_sentences(first: str, second: str) -> str:
    """Join two adjacent sentences into one, so a single citation can close both.

    ``"It works like this. Each term adds up."`` -> ``"It works like this: each term adds up."``
    The second sentence keeps its capital when it starts with a name or an acronym.
    """
    a, b = first.rstrip(), second.lstrip()
    if not a or not b:
        return (a or b).strip()
    if a[-1] in ".!":
        a = a[:-1] + (":" if _LEADS_COLON.search(a) else ";")
    elif a[-1] == "?":
        a = a + " —"
    elif a[-1] not in ",;:—-":
        a = a + ";"
    word = b.split()[0]
    plain = word[:1].isupper() and word[1:] == word[1:].lower() and word.strip(".,;:") not in ("I", "I'm", "I've")
    if plain and word.lower().strip(".,;:'\"") in _COMMON_STARTS:
        b = b[0].lower() + b[1:]
    return f"{a} {b}"


_COMMON_STARTS = frozenset(
    "a an the this that these those it its there here each every all some any many most much no one two three "
    "first second third then next finally also and but or so if when while because since after before in on at "
    "for from with without by to of as such both either neither other another which what who how why where "
    "is are was were be can could will would should may might must does do did has have had".split()
)
