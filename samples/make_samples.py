"""Write the bundled sample channel as the messy caption files people really have.

Run from the repository root: ``python samples/make_samples.py``. The output is committed;
this script documents how it was made and regenerates it byte for byte.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "src"))
from talks import BINARY_SEARCH, CHANNEL, PODCAST, RAINBOWS, VACCINES  # noqa: E402

OUT = Path(__file__).parent / "curious-minds-lab"
BROKEN = Path(__file__).parent / "broken"


def timed_words(sentences: list[str], start: float = 3.0) -> list[list[tuple[str, float, float]]]:
    """Deterministic, speech-like timing: longer words take longer, sentences end in pauses."""
    t = start
    out = []
    for i, sentence in enumerate(sentences):
        words = []
        for w in sentence.split():
            d = 0.11 + 0.043 * len(w)
            words.append((w, round(t, 3), round(t + d, 3)))
            t += d + (0.18 if w.endswith(",") else 0.02)
        out.append(words)
        t += 0.35 + (i * 37 % 5) * 0.12
    return out


def vtt_time(s: float) -> str:
    ms = int(round(s * 1000))
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def srt_time(s: float) -> str:
    return vtt_time(s).replace(".", ",")


def bare(word: str) -> str:
    return re.sub(r"[^\w'\-]", "", word).lower()


def youtube_auto_vtt(talk: dict) -> str:
    """Rolling two-line auto-captions with inline word timing, like yt-dlp writes them."""
    words = [(bare(w), a, b) for s in timed_words(talk["sentences"]) for (w, a, b) in s if bare(w)]
    lines = [words[i:i + 7] for i in range(0, len(words), 7)]
    out = ["WEBVTT", "Kind: captions", "Language: en", "", "00:00:00.000 --> 00:00:02.900 align:start position:0%", "[Music]", ""]
    prev_text = " "
    for n, line in enumerate(lines):
        start = line[0][1]
        end = lines[n + 1][0][1] if n + 1 < len(lines) else line[-1][2] + 0.5
        inline = line[0][0] + "".join(f"<{vtt_time(a)}><c> {w}</c>" for (w, a, _) in line[1:])
        out += [f"{vtt_time(start)} --> {vtt_time(end - 0.01)} align:start position:0%", prev_text, inline, ""]
        text = " ".join(w for (w, _, _) in line)
        out += [f"{vtt_time(end - 0.01)} --> {vtt_time(end)} align:start position:0%", text, " ", ""]
        prev_text = text
    return "\n".join(out) + "\n"


def manual_srt(talk: dict) -> str:
    """Human captions: two lines of up to ~40 characters, sentences broken across cues."""
    words = [w for s in timed_words(talk["sentences"], start=1.2) for w in s]
    cues, cur = [], []
    for w in words:
        cur.append(w)
        if len(" ".join(x[0] for x in cur)) > 70 or w[0].endswith((".", "?")) and len(cur) > 6:
            cues.append(cur)
            cur = []
    if cur:
        cues.append(cur)
    blocks = []
    for i, cue in enumerate(cues, 1):
        text = " ".join(x[0] for x in cue)
        cut = text.rfind(" ", 0, max(len(text) // 2 + 8, 1))
        body = text if len(text) < 38 or cut < 0 else text[:cut] + " \n" + text[cut + 1:]
        blocks.append(f"{i}\n{srt_time(cue[0][1])} --> {srt_time(cue[-1][2])}\n{body}\n")
    return "\ufeff" + "\n".join(blocks).replace("\n", "\r\n")


def whisper_json(talk: dict) -> str:
    """openai-whisper style JSON with word timings, including a repetition loop it produced."""
    segments = []
    for i, sent in enumerate(timed_words(talk["sentences"], start=0.8)):
        segments.append({
            "id": i, "seek": 0, "start": sent[0][1], "end": sent[-1][2],
            "text": " " + " ".join(w for w, _, _ in sent),
            "avg_logprob": -0.21, "no_speech_prob": 0.01,
            "words": [{"word": " " + w, "start": a, "end": b, "probability": 0.93} for w, a, b in sent],
        })
    return json.dumps({"text": "".join(s["text"] for s in segments), "segments": segments, "language": "en"},
                      ensure_ascii=False, indent=1) + "\n"


def podcast_vtt(talk: dict) -> str:
    out = ["WEBVTT", "", "NOTE Lab Notes transcript, speakers tagged by the editor", ""]
    t = 0.5
    for n, (speaker, text) in enumerate(talk["turns"], 1):
        d = 0.33 * len(text.split())
        out += [str(n), f"{vtt_time(t)} --> {vtt_time(t + d)}", f"<v {speaker}>{text.replace('&', '&amp;')}", ""]
        t += d + 0.4
    return "\n".join(out)


def info_json(talk: dict, duration: float) -> str:
    return json.dumps({
        "id": talk["id"], "title": talk["title"], "channel": CHANNEL, "uploader": CHANNEL,
        "upload_date": talk["upload_date"], "duration": round(duration), "language": "en",
        "webpage_url": f"https://www.youtube.com/watch?v={talk['id']}",
    }, indent=2) + "\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def main() -> None:
    for talk, ext, render in ((RAINBOWS, "en.vtt", youtube_auto_vtt), (BINARY_SEARCH, "en.srt", manual_srt),
                              (VACCINES, "en.json", whisper_json)):
        base = f"{talk['title']} [{talk['id']}]"
        write(OUT / f"{base}.{ext}", render(talk))
        end = timed_words(talk["sentences"])[-1][-1][2] + 2
        write(OUT / f"{base}.info.json", info_json(talk, end))
    write(OUT / "lab-notes-12-tea-or-coffee.en.vtt", podcast_vtt(PODCAST))
    write(BROKEN / "truncated.en.srt", "1\n00:00:01,000 --> 00:00:03,500\nThis file was cut off in the\n\n2\n00:00:03,5")
    write(BROKEN / "not-a-transcript.vtt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    write(BROKEN / "backwards-times.en.vtt", "WEBVTT\n\n00:00:09.000 --> 00:00:02.000\nTime runs backwards here.\n")


if __name__ == "__main__":
    main()
