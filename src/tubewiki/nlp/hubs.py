"""Hubs: topics that several videos of a channel discuss, gathered from shared keyphrases.

A segment votes for each of its keywords, the first most strongly. A keyword heard as a
strong keyword in segments of at least ``min_videos`` videos becomes a candidate hub; the
strongest candidates are kept greedily, each segment joining at most two hubs, near
duplicates of a kept hub skipped, and about one hub kept per three videos.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..models import Segment, Video
from .keyphrases import normalise_key

MAX_HUBS_PER_SEGMENT = 2
VIDEOS_PER_HUB = 3
MIN_WEIGHT = 0.3  # keywords ranked below third hardly speak for a segment
OVERLAP = 0.6  # share of a candidate's segments already in a kept hub that makes it a duplicate


@dataclass(frozen=True, slots=True)
class Hub:
    title: str
    key: str
    members: tuple[tuple[str, int], ...]  # (video_id, segment index)


def find_hubs(named: list[tuple[Video, list[Segment]]], min_videos: int = 2) -> list[Hub]:
    """Cross-video topics, strongest first, each with segments from ``min_videos`` videos or more."""
    order = {video.id: v for v, (video, _) in enumerate(named)}
    votes: dict[str, dict[tuple[str, int], float]] = {}
    forms: dict[str, Counter[str]] = {}
    for video, segments in named:
        for seg in segments:
            for rank, text in enumerate(seg.keywords):
                weight = 1.0 / (1.0 + rank)
                if weight < MIN_WEIGHT:
                    break
                key = normalise_key(text.split(), "en")
                members = votes.setdefault(key, {})
                member = (video.id, seg.index)
                members[member] = max(members.get(member, 0.0), weight)
                forms.setdefault(key, Counter())[text] += 1

    candidates = []
    for key, members in votes.items():
        per_video: dict[str, float] = {}
        for (vid, _), weight in members.items():
            per_video[vid] = max(per_video.get(vid, 0.0), weight)
        # a lone word must be shared more widely than a phrase to stand for a topic
        if len(per_video) >= min_videos + (" " not in key):
            strength = sum(per_video.values()) * (1.0 + 0.25 * (len(key.split()) - 1))
            candidates.append((-strength, key))
    candidates.sort()

    cap = max(1, round(len(named) / VIDEOS_PER_HUB))
    load: Counter[tuple[str, int]] = Counter()
    hubs: list[Hub] = []
    kept_members: list[set[tuple[str, int]]] = []
    for _, key in candidates:
        if len(hubs) >= cap:
            break
        all_members = set(votes[key])
        if any(len(all_members & kept) >= OVERLAP * len(all_members) for kept in kept_members):
            continue
        free = [m for m in all_members if load[m] < MAX_HUBS_PER_SEGMENT]
        if len({vid for vid, _ in free}) < min_videos:
            continue
        free.sort(key=lambda m: (order.get(m[0], len(order)), m[0], m[1]))
        for m in free:
            load[m] += 1
        kept_members.append(set(free))
        hubs.append(Hub(title=_title(forms[key]), key=_slug(key), members=tuple(free)))
    return hubs


def _title(forms: Counter[str]) -> str:
    best = max(sorted(forms), key=lambda f: forms[f])
    return best[:1].upper() + best[1:]


def _slug(key: str) -> str:
    return re.sub(r"[^\w]+", "-", key.lower()).strip("-")
