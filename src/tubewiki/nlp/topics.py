"""Topic segments: where a video changes subject, and what each part is called.

``segment_video`` cuts a video's sentences into consecutive segments by dynamic
programming: each segment costs its embedding scatter (how far its sentences sit from
their mean), a fixed price, and a penalty for straying from a typical length of a few
minutes; a long pause before a sentence makes a cut there a little cheaper.

``name_segments`` gives each segment an encyclopedia-style title from its keyphrases,
unique within the channel, and its top keywords.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

import numpy as np

from ..models import Segment, Sentence, Video
from .keyphrases import PhraseTable, ScoredPhrase, normalise_key, phrases_in, tokenize
from .stopwords import guess_language, qualify

SEGMENT_PRICE = 2.0  # scatter a cut must save to be worth it
TYPICAL_MS = 240_000  # a typical topic runs about four minutes
LENGTH_WEIGHT = 1.5  # per squared log-ratio of a segment's length to the typical one
MAX_MS = 480_000  # no topic longer than eight minutes unless the sentences force it
MIN_MS = 45_000
MIN_SENTENCES = 6
PAUSE_BONUS = 1.0  # at most this much cheaper to cut after a long pause
KEYWORDS = 5


def segment_video(
    sentences: list[Sentence], embeddings: np.ndarray, *, language: str | None = None
) -> list[Segment]:
    """Consecutive topic segments covering every sentence once; titles are provisional."""
    n = len(sentences)
    if n == 0:
        return []
    if len(embeddings) != n:
        raise ValueError(f"{n} sentences but {len(embeddings)} embeddings")
    cuts = _cuts(sentences, np.asarray(embeddings, dtype=np.float64)) if n >= 2 * MIN_SENTENCES else [0, n]
    video_id = sentences[0].video_id
    segments = []
    for k, (a, b) in enumerate(zip(cuts, cuts[1:])):
        segments.append(
            Segment(
                video_id=video_id,
                index=k,
                first_sentence=sentences[a].index,
                last_sentence=sentences[b - 1].index,
                title=_provisional_title(sentences[a:b], language),
            )
        )
    return segments


def _timeline(sentences: Sequence[Sentence]) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of every sentence in ms; word counts stand in for missing timings."""
    starts = np.array([s.start_ms for s in sentences], dtype=np.float64)
    ends = np.array([max(s.end_ms, s.start_ms) for s in sentences], dtype=np.float64)
    if ends[-1] - starts[0] < 500 * len(sentences):
        words = np.array([max(1, len(s.text.split())) for s in sentences], dtype=np.float64)
        ends = np.cumsum(words) * 400.0  # about 150 words a minute
        starts = ends - words * 400.0
    return starts, ends


def _cuts(sentences: Sequence[Sentence], x: np.ndarray) -> list[int]:
    """Positions where segments start, plus ``n`` at the end, by dynamic programming."""
    n = len(sentences)
    starts, ends = _timeline(sentences)
    prefix = np.vstack([np.zeros((1, x.shape[1])), np.cumsum(x, axis=0)])
    gaps = np.zeros(n)
    gaps[1:] = np.maximum(0.0, starts[1:] - ends[:-1])
    typical_gap = float(np.median(gaps[1:])) if n > 1 else 0.0
    bonus = PAUSE_BONUS * np.clip((gaps - typical_gap - 1500.0) / 3000.0, 0.0, 1.0)
    bonus[0] = 0.0

    best = np.full(n + 1, np.inf)
    best[0] = 0.0
    back = np.zeros(n + 1, dtype=np.int64)
    for j in range(MIN_SENTENCES, n + 1):
        if j < n and n - j < MIN_SENTENCES:
            continue  # the rest would be too short to stand alone
        end_ms = ends[j - 1]
        # look back over twice the longest length, and never fewer than a few minimal segments
        lo = int(np.searchsorted(starts, end_ms - 2 * MAX_MS, side="left"))
        lo = max(0, min(lo, j - 4 * MIN_SENTENCES))
        i = np.arange(lo, j - MIN_SENTENCES + 1)
        i = i[(i == 0) | (i >= MIN_SENTENCES)]
        size = (j - i).astype(np.float64)
        sums = prefix[j] - prefix[i]
        scatter = size - np.einsum("ij,ij->i", sums, sums) / size
        duration = np.maximum(end_ms - starts[i], 1000.0)
        shape = LENGTH_WEIGHT * np.log(duration / TYPICAL_MS) ** 2
        shape += np.where(duration < MIN_MS, 4.0, 0.0) + 8.0 * np.maximum(0.0, duration / MAX_MS - 1.0)
        total = best[i] + scatter + SEGMENT_PRICE + shape - bonus[i]
        k = int(np.argmin(total))
        best[j] = total[k]
        back[j] = i[k]
    cuts = [n]
    while cuts[-1] > 0:
        cuts.append(int(back[cuts[-1]]))
    return cuts[::-1]


def _provisional_title(sentences: Sequence[Sentence], language: str | None) -> str:
    """A stand-in title from the segment alone; ``name_segments`` gives the real one."""
    table = PhraseTable.build([[s.text for s in sentences]], language)
    ranked = table.ranked(0, limit=1)
    if ranked:
        return sentence_case(ranked[0].text)
    words = [w for w in tokenize(sentences[0].text) if w]
    return sentence_case(" ".join(words[:6])) if words else "Untitled"


def sentence_case(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------- naming

_TITLE_SPLIT = re.compile(r"\s[|–—-]\s|[|:?!(\[]")


def name_segments(
    videos_segments: list[tuple[Video, list[Segment], list[Sentence]]], *, language: str | None = None
) -> list[list[Segment]]:
    """Encyclopedia-style titles, unique across the channel, and keywords for every segment."""
    if not videos_segments:
        return []
    if language is None:
        sample = [w.lower() for _, _, sents in videos_segments for s in sents[:200] for w in s.text.split()]
        language = guess_language(sample)
    docs: list[list[str]] = []
    owner: list[tuple[int, int]] = []
    for v, (_, segments, sentences) in enumerate(videos_segments):
        by_index = {s.index: s.text for s in sentences}
        for k, seg in enumerate(segments):
            docs.append([by_index[i] for i in range(seg.first_sentence, seg.last_sentence + 1) if i in by_index])
            owner.append((v, k))
    table = PhraseTable.build(docs, language)
    video_table = PhraseTable.build(
        [[s.text for s in sents] for _, _, sents in videos_segments], language, table.lexicon
    )
    topics = [_main_topic(video, video_table, v, language) for v, (video, _, _) in enumerate(videos_segments)]

    ranked: dict[tuple[int, int], list[ScoredPhrase]] = {}
    for d, (v, k) in enumerate(owner):
        ranked[(v, k)] = table.ranked(d, prior=[topics[v][0]], limit=12)
    video_spread = _video_spread(table, owner, len(videos_segments))

    titles: dict[tuple[int, int], str] = {}
    bases: dict[tuple[int, int], list[ScoredPhrase]] = {}
    for v in range(len(videos_segments)):
        keys = [(v, k) for k in range(len(videos_segments[v][1]))]
        used: set[str] = set()
        for key in sorted(keys, key=lambda vk: (-(ranked[vk][0].score if ranked[vk] else 0.0), vk[1])):
            options = [p for p in ranked[key] if p.key not in used]
            bases[key] = options
            if options:
                used.add(options[0].key)
            titles[key] = _compose(options, topics[v], video_spread, language, qualify_always=False)
    _resolve_collisions(titles, bases, topics, video_spread, language)

    out: list[list[Segment]] = []
    for v, (_, segments, _) in enumerate(videos_segments):
        named = []
        for k, seg in enumerate(segments):
            keywords = tuple(p.text for p in ranked[(v, k)][:KEYWORDS])
            named.append(replace(seg, title=titles[(v, k)], keywords=keywords))
        out.append(named)
    return out


def _main_topic(video: Video, table: PhraseTable, doc: int, language: str | None) -> tuple[str, str]:
    """The video's subject as (key, display text): a title phrase the speaker uses, else the top phrase."""
    head = _TITLE_SPLIT.split(video.title or "")[0]
    scores = {p.key: p for p in table.ranked(doc, limit=200)}
    candidates = []
    for words in phrases_in(head, table.lexicon):
        key = normalise_key(words, language)
        heard = scores.get(key)
        spoken = table.counts[doc].get(key, 0)
        if spoken:
            candidates.append((heard.score if heard else 0.0, len(words), key, " ".join(words)))
    if candidates:
        _, _, key, words = max(candidates)
        return key, table.lexicon.casing.phrase(words.split())
    ranked = table.ranked(doc, limit=1)
    if ranked:
        return ranked[0].key, ranked[0].text
    return "", ""


def _video_spread(table: PhraseTable, owner: list[tuple[int, int]], n_videos: int) -> dict[str, float]:
    """Share of the channel's videos in which each phrase is heard (of at least eight)."""
    videos: dict[str, set[int]] = {}
    for d, counts in enumerate(table.counts):
        for key in counts:
            videos.setdefault(key, set()).add(owner[d][0])
    return {key: len(vs) / max(8, n_videos) for key, vs in videos.items()}


def _generic(phrase: ScoredPhrase, spread: dict[str, float]) -> bool:
    return " " not in phrase.key or spread.get(phrase.key, 0.0) > 0.25


def _compose(
    options: list[ScoredPhrase],
    topic: tuple[str, str],
    spread: dict[str, float],
    language: str | None,
    *,
    qualify_always: bool,
) -> str:
    """A title from the best phrase, narrowed by the video's topic when too generic."""
    topic_key, topic_text = topic
    if not options:
        return sentence_case(topic_text or "Untitled")
    options = [p for p in options if p.count >= 2] or options
    best = options[0]
    # prefer a multi-word phrase close behind a lone word
    if " " not in best.key:
        for other in options[1:4]:
            if " " in other.key and other.score >= 0.6 * best.score:
                best = other
                break
    inside_topic = set(best.key.split()) <= set(topic_key.split())
    if best.key == topic_key or inside_topic and len(topic_key.split()) > 1:
        second = next((p for p in options if p.key != best.key and not set(p.key.split()) <= set(topic_key.split())), None)
        if second is not None and not qualify_always and " " in best.key:
            return sentence_case(best.text)
        if second is not None:
            return sentence_case(qualify(second.text, topic_text, language))
        return sentence_case(topic_text)
    if " " not in best.key and not qualify_always and len(options) > 1:
        return sentence_case(f"{best.text} {_and(language)} {options[1].text}")
    if topic_key and set(topic_key.split()) <= set(best.key.split()):
        return sentence_case(best.text)  # the topic adds nothing to it
    if topic_text and (qualify_always or _generic(best, spread)):
        return sentence_case(qualify(best.text, _short(topic_text), language))
    if " " not in best.key and len(options) > 1:
        return sentence_case(f"{best.text} {_and(language)} {options[1].text}")
    return sentence_case(best.text)


def _short(topic: str) -> str:
    words = topic.split()
    return " ".join(words[-4:]) if len(words) > 4 else topic


def _and(language: str | None) -> str:
    return {"fr": "et", "de": "und", "es": "y", "ru": "и", "hi": "और"}.get((language or "en")[:2], "and")


def _resolve_collisions(
    titles: dict[tuple[int, int], str],
    bases: dict[tuple[int, int], list[ScoredPhrase]],
    topics: list[tuple[str, str]],
    spread: dict[str, float],
    language: str | None,
) -> None:
    """Make titles unique: qualify by the video's topic, then try the next phrase, then number."""
    for attempt in range(4):
        groups: dict[str, list[tuple[int, int]]] = {}
        for key in sorted(titles):
            groups.setdefault(titles[key].lower(), []).append(key)
        clashes = [members for members in groups.values() if len(members) > 1]
        if not clashes:
            return
        for members in clashes:
            # the segment whose phrase is strongest keeps the plain title
            members.sort(key=lambda vk: (-(bases[vk][0].score if bases[vk] else 0.0), vk))
            for vk in members[1:] if attempt == 0 else members:
                options = bases[vk]
                if attempt == 0:
                    titles[vk] = _compose(options, topics[vk[0]], spread, language, qualify_always=True)
                elif attempt in (1, 2) and len(options) > attempt:
                    titles[vk] = _compose(options[attempt:], topics[vk[0]], spread, language, qualify_always=True)
    taken: dict[str, int] = {}
    for key in sorted(titles):
        low = titles[key].lower()
        taken[low] = taken.get(low, 0) + 1
        if taken[low] > 1:
            titles[key] = f"{titles[key]} ({taken[low]})"


# ---------------------------------------------------------------------------- what to write

_BOILERPLATE = re.compile(
    r"patreon|sponsor|subscrib|thanks? (?:you )?for watching|supporters|brilliant\.org|"
    r"link in the description|merch|\[(?:music|applause|laughter)\]|^\W*(?:music|applause)\W*$",
    re.IGNORECASE,
)


def should_write(segment: Segment, sentences: Sequence[Sentence]) -> bool:
    """False only for segments too thin, or mostly sponsor and sign-off talk, to make an article."""
    own = [s for s in sentences if segment.first_sentence <= s.index <= segment.last_sentence]
    words = sum(len(s.text.split()) for s in own)
    if len(own) < 3 or words < 40:
        return False
    boiler = sum(len(s.text.split()) for s in own if _BOILERPLATE.search(s.text))
    return boiler * 2 < words
