from __future__ import annotations

import json

import pytest

from tubewiki.nlp.embed import HashEmbedder, get_embedder
from tubewiki.verify.check import check_vault

from .conftest import DURATION_MS, TEXTS, VIDEO, cite

BREAD = f"""---
title: Bread
videoId: {VIDEO}
---
# Bread

{TEXTS[1]} {cite("00:00:20")}

- {TEXTS[8]} {cite("00:00:20")}
- A malformed one. {cite("0:20")}
- {TEXTS[2]} {cite("00:00:40", "00:00:41")}
- Way past the end. {cite("01:00:00")}

See [[volcanoes | Volcanoes]], [[volcanoes|lava]] and [[missing-page]].
"""

VOLCANOES = f"""---
title: Volcanoes
videoId: zzzzzzzzzzz
---
Lava is hot. {cite("00:00:05")}
Back to [[bread]].
"""


@pytest.fixture
def vault(tmp_path):
    (tmp_path / "bread.md").write_text(BREAD, encoding="utf-8")
    (tmp_path / "volcanoes.md").write_text(VOLCANOES, encoding="utf-8")
    return tmp_path


def kinds(report, path: str) -> list[tuple[int, str]]:
    return [(p.line, p.kind) for p in report.problems if p.path == path]


def test_check_finds_every_kind_of_problem_on_its_line(vault, by_video):
    report = check_vault(vault, by_video, {VIDEO: DURATION_MS}, HashEmbedder())
    assert kinds(report, "bread.md") == [
        (9, "unsupported-claim"),
        (10, "malformed-citation"),
        (11, "label-mismatch"),
        (12, "out-of-range"),
        (14, "broken-link"),
    ]
    assert kinds(report, "volcanoes.md") == [(5, "unknown-video")]
    assert not report.ok


def test_check_counts_claims_support_and_problems(vault, by_video):
    report = check_vault(vault, by_video, {VIDEO: DURATION_MS}, HashEmbedder())
    t = report.totals
    assert (t["articles"], t["claims"], t["citations"], t["links"]) == (2, 6, 6, 4)
    assert t["supported"] == 2  # the two copied sentences; the label mismatch does not stop support
    assert t["problems"] == 6 and t["broken-link"] == 1
    bread = next(a for a in report.articles if a.path == "bread.md")
    assert (bread.claims, bread.supported, len(bread.problems)) == (5, 2, 5)


def test_check_renders_path_line_message_and_json(vault, by_video):
    report = check_vault(vault, by_video, {VIDEO: DURATION_MS}, HashEmbedder())
    lines = report.render_text().splitlines()
    assert lines[0].startswith("bread.md:9: claim not supported")
    assert "bread.md:14: wikilink [[missing-page]] has no page" in lines
    assert lines[-1].endswith("6 problems")
    data = json.loads(report.to_json())
    assert data["totals"]["out-of-range"] == 1
    assert data["articles"][0]["problems"][0]["kind"] == "unsupported-claim"


def test_without_a_duration_the_last_sentence_end_bounds_citations(tmp_path, by_video):
    (tmp_path / "a.md").write_text(f"---\nvideoId: {VIDEO}\n---\n{TEXTS[11]} {cite('00:03:48')}\n{TEXTS[11]} {cite('00:03:49')}\n")
    report = check_vault(tmp_path, by_video, {}, HashEmbedder())  # last sentence ends at 228 s
    assert kinds(report, "a.md") == [(5, "out-of-range")]


def test_a_clean_vault_passes(tmp_path, by_video):
    (tmp_path / "a.md").write_text(f"---\nvideoId: {VIDEO}\n---\n{TEXTS[4]} {cite('00:01:20')} See [[a]].\n")
    report = check_vault(tmp_path, by_video, {VIDEO: DURATION_MS}, HashEmbedder())
    assert report.ok and report.totals["supported"] == 1


@pytest.mark.slow
def test_check_with_minilm_passes_a_paraphrase_and_flags_a_wrong_moment(tmp_path, by_video):
    (tmp_path / "a.md").write_text(
        f"---\nvideoId: {VIDEO}\n---\n"
        f"Yeast turns sugar in the dough into carbon dioxide. {cite('00:00:20')}\n\n"
        f"Saturn's rings consist largely of pieces of ice. {cite('00:00:20')}\n"
    )
    report = check_vault(tmp_path, by_video, {VIDEO: DURATION_MS}, get_embedder("minilm.v1"))
    assert kinds(report, "a.md") == [(6, "unsupported-claim")]
