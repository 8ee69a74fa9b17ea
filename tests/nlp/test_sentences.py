"""Sentence building from hand-made cues: joining, splitting, timing, speakers, nonspeech."""

from __future__ import annotations

from tubewiki.models import Cue, ParsedTranscript, SourceMeta, Word
from tubewiki.nlp.sentences import build_sentences


def parsed(*cues: Cue, punctuated: bool = True, language: str | None = "en") -> ParsedTranscript:
    return ParsedTranscript("test", tuple(cues), SourceMeta(language=language), punctuated=punctuated)


def texts(p: ParsedTranscript) -> list[str]:
    return [s.text for s in build_sentences(p, "vid")]


def timed_words(text: str, start_ms: int = 0, step_ms: int = 300, pauses: dict[int, int] | None = None) -> list[Word]:
    """Words of ``text`` spoken one per ``step_ms``; ``pauses`` adds silence after word i."""
    out, t = [], start_ms
    for i, w in enumerate(text.split()):
        out.append(Word(w, t, t + step_ms - 40))
        t += step_ms + (pauses or {}).get(i, 0)
    return out


def test_sentence_broken_across_cues_is_joined_with_its_first_start_and_last_end():
    p = parsed(
        Cue(1000, 3000, "Vectors are arrows. They can"),
        Cue(3000, 5000, "also be lists of numbers. Both views"),
        Cue(5000, 6000, "help."),
    )
    sents = build_sentences(p, "vid")
    assert [s.text for s in sents] == ["Vectors are arrows.", "They can also be lists of numbers.", "Both views help."]
    # "They" starts 20 of 28 characters into the first cue: 20/28 of its two seconds
    assert sents[1].start_ms == 1000 + round(2000 * 20 / 28)
    assert sents[1].end_ms == 3000 + round(2000 * len("also be lists of numbers.") / 36)
    assert sents[0].start_ms == 1000 and sents[2].end_ms == 6000
    assert [s.index for s in sents] == [0, 1, 2]


def test_sentence_times_come_from_words_when_cues_have_them():
    words = timed_words("Hello there. General idea here.", start_ms=500)
    p = parsed(Cue(500, 2000, "x", words=tuple(words[:3])), Cue(2000, 4000, "y", words=tuple(words[3:])))
    sents = build_sentences(p, "vid")
    assert [s.text for s in sents] == ["Hello there.", "General idea here."]
    assert (sents[0].start_ms, sents[0].end_ms) == (words[0].start_ms, words[1].end_ms)
    assert (sents[1].start_ms, sents[1].end_ms) == (words[2].start_ms, words[4].end_ms)


def test_abbreviations_decimals_and_initials_do_not_split():
    text = ("Mr. Smith met Dr. Jones in the U.S. on Monday. Pi is about 3.14 and e.g. this works, "
            "i.e. fine. J. R. Tolkien wrote books. Some things etc. Then more.")
    assert texts(parsed(Cue(0, 20000, text))) == [
        "Mr. Smith met Dr. Jones in the U.S. on Monday.",
        "Pi is about 3.14 and e.g. this works, i.e. fine.",
        "J. R. Tolkien wrote books.",
        "Some things etc.",
        "Then more.",
    ]


def test_acronym_before_a_sentence_starter_ends_the_sentence():
    assert texts(parsed(Cue(0, 5000, "He moved to the U.S. The weather was better."))) == [
        "He moved to the U.S.", "The weather was better."]


def test_quotes_brackets_ellipses_and_question_marks():
    text = 'She said "stop." Then (quietly) he left.) Wait... what? Really?! Yes\u2026 And so on.'
    assert texts(parsed(Cue(0, 9000, text))) == [
        'She said "stop."', "Then (quietly) he left.)", "Wait... what?", "Really?!", "Yes\u2026", "And so on."]


def test_non_latin_sentence_marks_split():
    assert texts(parsed(Cue(0, 4000, "यह एक वाक्य है। यह दूसरा है।"), language="hi")) == ["यह एक वाक्य है।", "यह दूसरा है।"]
    assert texts(parsed(Cue(0, 4000, "今日は晴れです。明日は雨ですか？はい！"), language="ja")) == [
        "今日は晴れです。", "明日は雨ですか？", "はい！"]
    assert texts(parsed(Cue(0, 4000, "هل أنت بخير؟ نعم."), language="ar")) == ["هل أنت بخير؟", "نعم."]


def test_cjk_sentence_inside_a_cue_is_timed_by_character_position():
    sents = build_sentences(parsed(Cue(1000, 2000, "一二三四。五六七八九。"), language="zh"), "vid")
    assert [(s.start_ms, s.end_ms) for s in sents] == [(1000, 1455), (1455, 2000)]


def test_cjk_words_are_joined_without_spaces():
    words = (Word("你", 0, 100), Word("好", 100, 200), Word("。", 200, 250), Word("再见", 300, 500), Word("。", 500, 550))
    assert texts(parsed(Cue(0, 550, "", words=words), language="zh")) == ["你好。", "再见。"]


def test_speaker_change_ends_a_sentence_and_sets_the_speaker():
    p = parsed(Cue(0, 2000, "So what do you", speaker="Ann"), Cue(2000, 4000, "think about it? Well, I", speaker="Ann"),
               Cue(4000, 6000, "agree with you", speaker="Bob"), Cue(6000, 7000, "completely.", speaker="Bob"))
    sents = build_sentences(p, "vid")
    assert [(s.text, s.speaker) for s in sents] == [
        ("So what do you think about it?", "Ann"), ("Well, I", "Ann"), ("agree with you completely.", "Bob")]


def test_word_speakers_override_the_cue_speaker():
    words = (Word("Yes.", 0, 300, speaker="A"), Word("No", 400, 600, speaker="B"), Word("way.", 600, 900, speaker="B"))
    sents = build_sentences(parsed(Cue(0, 900, "Yes. No way.", words=words)), "vid")
    assert [(s.text, s.speaker) for s in sents] == [("Yes.", "A"), ("No way.", "B")]


def test_nonspeech_cues_are_never_inside_a_sentence():
    p = parsed(Cue(0, 2000, "This sentence is"), Cue(2000, 5000, "[Music]", nonspeech=True), Cue(5000, 7000, "cut in two."))
    sents = build_sentences(p, "vid")
    assert [s.text for s in sents] == ["This sentence is", "cut in two."]
    assert all("Music" not in s.text for s in sents)
    assert sents[0].end_ms <= 2000 and sents[1].start_ms >= 5000


def test_unpunctuated_long_pause_splits_and_units_read_as_sentences():
    first = "we take the vector and we scale it by two which stretches it out along the same line"
    second = "now imagine doing the same thing with a matrix that acts on the whole plane at once"
    words = timed_words(first + " " + second, pauses={len(first.split()) - 1: 1500})
    sents = build_sentences(parsed(Cue(0, 30000, "", words=tuple(words)), punctuated=False), "vid")
    assert [s.text for s in sents] == [first[0].upper() + first[1:] + ".", second[0].upper() + second[1:] + "."]
    assert sents[1].start_ms == words[len(first.split())].start_ms


def test_unpunctuated_units_avoid_two_and_eighty_word_extremes():
    # a steady stream with no pauses at all: length priors alone must cut it sensibly
    words = timed_words(" ".join(["the", "points", "move", "along", "a", "circle", "while", "angles", "grow"] * 20))
    sents = build_sentences(parsed(Cue(0, 60000, "", words=tuple(words)), punctuated=False), "vid")
    lengths = [len(s.text.split()) for s in sents]
    assert sum(lengths) == len(words)
    assert all(3 <= n < 80 for n in lengths)


def test_unpunctuated_cues_without_words_are_timed_inside_the_cue():
    cues = [Cue(i * 2000, i * 2000 + 1800, "one two three four five") for i in range(12)]
    sents = build_sentences(parsed(*cues, punctuated=False), "vid")
    assert sum(len(s.text.split()) for s in sents) == 60
    for s in sents:
        assert s.text[0].isupper() and s.text.endswith(".")
        assert 0 <= s.start_ms <= s.end_ms <= 24000


def test_long_punctuation_less_stretch_in_punctuated_text_is_split():
    words = timed_words(" ".join(["and", "then", "we", "rotate", "the", "grid", "around", "the", "origin"] * 15),
                        pauses={k: 1200 for k in range(8, 135, 27)})
    sents = build_sentences(parsed(Cue(0, 60000, "", words=tuple(words))), "vid")
    assert len(sents) > 1
    assert sum(len(s.text.split()) for s in sents) == len(words)
    assert all(len(s.text.split()) <= 80 for s in sents)
    assert not sents[0].text.endswith(".")  # punctuated sources keep their own text


def test_times_are_monotonic_and_inside_sources_with_clean_text():
    cues = [Cue(1000 * i, 1000 * i + 900, f"  Part {i}  of the   story.  It goes on") for i in range(20)]
    sents = build_sentences(parsed(*cues), "vid")
    starts = [s.start_ms for s in sents]
    assert starts == sorted(starts)
    for s in sents:
        assert 0 <= s.start_ms <= s.end_ms
        assert s.text == s.text.strip() and "  " not in s.text
    assert [s.index for s in sents] == list(range(len(sents)))


def test_empty_transcript_gives_no_sentences():
    assert build_sentences(parsed(), "vid") == []
    assert build_sentences(parsed(Cue(0, 1000, "[Music]", nonspeech=True), punctuated=False), "vid") == []
