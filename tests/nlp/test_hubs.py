from __future__ import annotations

from tubewiki.models import Segment, Video
from tubewiki.nlp.hubs import Hub, find_hubs


def _video(vid: str, *keyword_lists: tuple[str, ...]) -> tuple[Video, list[Segment]]:
    segments = [
        Segment(video_id=vid, index=k, first_sentence=k * 10, last_sentence=k * 10 + 9, title=f"T {vid} {k}", keywords=kw)
        for k, kw in enumerate(keyword_lists)
    ]
    return Video(id=vid, title=vid), segments


def test_a_keyphrase_shared_by_two_videos_becomes_a_hub():
    named = [
        _video("a", ("Fourier series", "heat equation"), ("complex numbers",)),
        _video("b", ("Fourier series", "square wave")),
        _video("c", ("prime numbers",)),
    ]
    hubs = find_hubs(named)
    assert [h.title for h in hubs] == ["Fourier series"]
    assert hubs[0].members == (("a", 0), ("b", 0))
    assert hubs[0].key == "fourier-series"


def test_plural_forms_meet_in_one_hub():
    named = [_video("a", ("eigenvectors",)), _video("b", ("eigenvector",)), _video("c", ("eigenvectors",))]
    hubs = find_hubs(named)
    assert len(hubs) == 1 and len(hubs[0].members) == 3
    assert hubs[0].title == "Eigenvectors"


def test_a_topic_of_one_video_is_no_hub():
    named = [_video("a", ("dual graph",), ("dual graph",)), _video("b", ("spanning tree",))]
    assert find_hubs(named) == []


def test_a_lone_word_needs_one_video_more_than_a_phrase():
    two = [_video("a", ("coin",)), _video("b", ("coin",))]
    assert find_hubs(two) == []
    assert [h.key for h in find_hubs(two + [_video("c", ("coins",))])] == ["coin"]


def test_min_videos_is_respected():
    named = [_video("a", ("linear maps",)), _video("b", ("linear maps",)), _video("c", ("other",))]
    assert find_hubs(named, min_videos=3) == []
    assert len(find_hubs(named, min_videos=2)) == 1


def test_a_segment_sits_in_at_most_two_hubs_and_hubs_are_capped():
    named = [
        _video(f"v{v:02d}", (f"parity {v % 2}", f"residue {v % 3}", f"class {v % 5}")) for v in range(24)
    ]
    hubs = find_hubs(named)
    # parity and residue hubs fill every segment twice: no room is left for a class hub
    assert sorted(h.key for h in hubs) == ["parity-0", "parity-1", "residue-0", "residue-1", "residue-2"]
    load: dict[tuple[str, int], int] = {}
    for hub in hubs:
        assert len({vid for vid, _ in hub.members}) >= 2
        for member in hub.members:
            load[member] = load.get(member, 0) + 1
    assert max(load.values()) == 2


def test_hubs_are_capped_at_about_one_per_three_videos():
    named = [_video(f"v{v:02d}", (f"topic {v % 6}",), (f"theme {v % 7}",)) for v in range(12)]
    assert len(find_hubs(named)) == 4


def test_hubs_are_deterministic():
    named = [_video(v, ("group theory", "symmetry"), ("cosets",)) for v in "abcdef"]
    first = find_hubs(named)
    assert first == find_hubs(list(named))
    assert all(isinstance(h, Hub) for h in first)
