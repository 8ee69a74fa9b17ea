"""Rolling-caption de-duplication, on hand-made windows."""

from __future__ import annotations

from tubewiki.ingest.rolling import RollingCue, TimedLine, dedupe_rolling, looks_rolling


def timed(text: str, first_ms: int | None = None, step: int = 100) -> TimedLine:
    """A line whose words after the first are timed ``step`` ms apart from ``first_ms``."""
    times: list[int | None] = []
    word = -1
    for k, ch in enumerate(text):
        if ch == " " or k == 0:
            word += 1
        times.append(None if word == 0 or first_ms is None else first_ms + step * (word - 1))
    return TimedLine(text, tuple(times))


def plain(text: str) -> TimedLine:
    return TimedLine(text)


def test_flash_cues_and_repeated_lines_add_nothing():
    cues = [
        RollingCue(0, 2000, (plain(""), timed("one two three", 500))),
        RollingCue(2000, 2010, (plain("one two three"), plain(""))),
        RollingCue(2010, 4000, (plain("one two three"), timed("four five", 2500))),
    ]
    out = dedupe_rolling(cues)
    assert [c.text for c in out] == ["one two three", "four five"]
    assert [(w.text, w.start_ms) for c in out for w in c.words] == [
        ("one", 0), ("two", 500), ("three", 600), ("four", 2010), ("five", 2500)]
    assert out[0].words[-1].end_ms == 2000  # last word ends with its cue


def test_phrase_said_twice_is_kept_twice_when_newly_timed():
    cues = [
        RollingCue(0, 1000, (timed("down deep", 500),)),
        RollingCue(1000, 2000, (plain("down deep"), timed("down deep down", 1300))),
    ]
    assert [w.text for w in dedupe_rolling(cues)[0].words + dedupe_rolling(cues)[1].words] == \
        ["down", "deep", "down", "deep", "down"]


def test_growing_live_line_continues_a_cut_word():
    first = TimedLine("you, Mr. C", (None,) * 9 + (900,))
    grown = TimedLine("you, Mr. Chair.", (None,) * 12 + (1500,) * 3)
    cues = [RollingCue(0, 1000, (first,)), RollingCue(1000, 2000, (grown,))]
    out = dedupe_rolling(cues, growing=True)
    assert [w.text for c in out for w in c.words] == ["you,", "Mr.", "Chair."]
    assert out[0].text == "you, Mr. Chair."


def test_new_timed_line_is_new_speech_unless_lines_grow_in_place():
    cues = [RollingCue(0, 1000, (plain("22"),)), RollingCue(1000, 2000, (plain("22"), timed("22 ka", 1200)))]
    assert [w.text for c in dedupe_rolling(cues) for w in c.words] == ["22", "22", "ka"]
    assert [w.text for c in dedupe_rolling(cues, growing=True) for w in c.words] == ["22", "ka"]


def test_nonspeech_lines_become_nonspeech_cues_and_markers_leave_words():
    cues = [
        RollingCue(0, 5000, (plain(""), plain("[Music]"))),
        RollingCue(5000, 5010, (plain(""), plain(""))),
        RollingCue(5010, 8000, (plain(""), timed(">> [laughter] so yes", 6000))),
    ]
    out = dedupe_rolling(cues)
    assert (out[0].text, out[0].nonspeech, out[0].words) == ("[Music]", True, ())
    assert [w.text for w in out[1].words] == ["so", "yes"]


def test_untimed_windows_give_text_only_cues():
    cues = [RollingCue(0, 1000, (plain("a b"),)), RollingCue(1000, 2000, (plain("a b"), plain("c d")))]
    out = dedupe_rolling(cues)
    assert [(c.start_ms, c.text, c.words) for c in out] == [(0, "a b", ()), (1000, "c d", ())]


def test_out_of_order_cue_resumes_the_window_that_ended_at_its_start():
    cues = [
        RollingCue(0, 1000, (plain("alpha beta"),)),
        RollingCue(5000, 6000, (plain("other stream"),)),
        RollingCue(1000, 2000, (plain("alpha beta"), plain("gamma"))),
    ]
    assert [c.text for c in dedupe_rolling(cues)] == ["alpha beta", "other stream", "gamma"]


def test_looks_rolling_needs_repeated_lines():
    assert looks_rolling([["a", "b"], ["b", "c"], ["c", "d"], ["d", "e"]])
    assert not looks_rolling([["a"], ["b"], ["c"], ["d"]])
    assert not looks_rolling([])
