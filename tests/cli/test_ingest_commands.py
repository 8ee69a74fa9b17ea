"""The ingest commands as a user runs them: add, videos, transcript, search."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tubewiki.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "curious-minds-lab"
BROKEN = ROOT / "samples" / "broken"


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def test_add_sample_channel_then_list_and_read(tmp_path) -> None:
    db = tmp_path / "w.db"
    result = run(db, "add", str(SAMPLES))
    assert result.exit_code == 0, result.output
    assert "4 added" in result.output
    videos = json.loads(run(db, "videos", "--json").output)
    by_id = {v["id"]: v for v in videos}
    assert set(by_id) >= {"rAinB0wL1gt", "b1narySrch0", "vAcc1neMem0"}
    assert by_id["rAinB0wL1gt"]["kind"] == "auto"
    assert by_id["b1narySrch0"]["channel"] == "Curious Minds Lab"
    assert by_id["vAcc1neMem0"]["upload_date"] == "2024-09-11"
    data = json.loads(run(db, "transcript", "b1narySrch0", "--json").output)
    first = data["sentences"][0]
    assert first["text"].startswith("In this video I want to show you")
    assert first["link"] == f"https://youtu.be/b1narySrch0?t={first['start_ms'] // 1000}"
    starts = [s["start_ms"] for s in data["sentences"]]
    assert starts == sorted(starts)


def test_adding_again_changes_nothing(tmp_path) -> None:
    db = tmp_path / "w.db"
    run(db, "add", str(SAMPLES))
    again = run(db, "add", str(SAMPLES))
    assert again.exit_code == 0
    assert "0 added, 0 replaced, 4 unchanged, 0 skipped" in again.output


def test_bad_files_fail_one_line_each_and_the_batch_goes_on(tmp_path) -> None:
    db = tmp_path / "w.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "add", str(BROKEN), str(SAMPLES)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert any("not-a-transcript.vtt" in e and "binary" in e for e in errors)
    assert "Traceback" not in result.output
    assert "4 added" in result.output or "5 added" in result.output or "6 added" in result.output


def test_missing_path_and_unknown_video_are_clear_errors(tmp_path) -> None:
    db = tmp_path / "w.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "add", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "no such file or folder" in result.output
    result = CliRunner().invoke(cli, ["--db", str(db), "transcript", "zzz"])
    assert result.exit_code == 1 and "no video matches" in result.output


def test_search_gives_timestamps_and_deep_links(tmp_path) -> None:
    db = tmp_path / "w.db"
    run(db, "add", str(SAMPLES))
    hits = json.loads(run(db, "search", "herd immunity", "--json").output)
    assert hits and all(h["video_id"] == "vAcc1neMem0" for h in hits)
    assert hits[0]["link"].startswith("https://youtu.be/vAcc1neMem0?t=")


def test_offline_youtube_url_fails_with_a_clear_message(tmp_path, monkeypatch) -> None:
    import socket

    def refuse(*a, **k):
        raise OSError("network is unreachable")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "w.db"), "add", "https://www.youtube.com/watch?v=aaaaaaaaaaa"])
    assert result.exit_code == 1
    assert "youtube" in result.output.lower() and "Traceback" not in result.output


def test_help_and_version_are_instant() -> None:
    assert CliRunner().invoke(cli, ["--help"]).exit_code == 0
    assert "tubewiki" in CliRunner().invoke(cli, ["--version"]).output
