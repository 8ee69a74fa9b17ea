"""The JSON API and the served site, through FastAPI's TestClient."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tubewiki.models import Sentence, Video
from tubewiki.render.site import build_site
from tubewiki.search.vectors import clear_indexes
from tubewiki.store.db import connect
from tubewiki.store.videos import upsert_transcript
from tubewiki.web.app import create_app

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "curious-minds-lab"
HOSTILE = '<script>alert("x")</script> and "><img src=x onerror=alert(1)> in a caption.'


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from tubewiki.jobs.add import add
    from tubewiki.jobs.build import build

    clear_indexes()
    root = tmp_path_factory.mktemp("web")
    conn = connect(root / "t.db")
    add(conn, [str(SAMPLES)])
    hostile = Video(id="hostile0001", title="Odd <b>title</b>", channel="Curious Minds Lab", youtube=True)
    upsert_transcript(conn, hostile, cues=[], sentences=[
        Sentence(video_id=hostile.id, index=0, text=HOSTILE, start_ms=4_200, end_ms=9_000)])
    build(conn, root / "wiki", embedder_name="hash.v1")
    conn.close()
    build_site(root / "wiki", root / "site")
    with TestClient(create_app(root / "t.db", root / "site", embedder_name="hash.v1")) as c:
        yield c
    clear_indexes()


def test_openapi_schema_lists_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/api/search", "/api/ask", "/api/videos", "/api/videos/{video_id}/transcript",
                  "/api/articles", "/api/articles/{slug}"):
        assert route in paths, route
    assert client.get("/docs").status_code == 200


def test_search_returns_deep_links_to_the_moment(client):
    hits = client.get("/api/search", params={"q": "binary search sorted list", "limit": 10}).json()
    assert hits and len(hits) <= 10
    top = hits[0]
    assert top["video_id"] == "b1narySrch0"
    assert top["link"] == f"https://youtu.be/b1narySrch0?t={top['start_ms'] // 1000}"
    articles = [h for h in hits if h["kind"] == "article"]
    assert articles and articles[0]["site_url"].startswith(f"/{articles[0]['article_slug']}.html#t=")
    page = client.get(articles[0]["site_url"].split("#")[0])
    assert page.status_code == 200 and "yt-timestamp" in page.text


def test_search_can_stay_inside_one_video(client):
    hits = client.get("/api/search", params={"q": "light", "video": "vAcc1neMem0"}).json()
    assert {h["video_id"] for h in hits} <= {"vAcc1neMem0"}
    assert client.get("/api/search", params={"q": "x", "limit": 0}).status_code == 422


def test_ask_cites_the_moments_it_uses(client):
    answer = client.get("/api/ask", params={"q": "Which memory cells remember the antigen after an infection?"}).json()
    assert answer["found"] is True
    assert answer["citations"] and 'class="yt-timestamp"' in answer["html"]
    sentences = [s for p in answer["passages"] for s in p["sentences"]]
    assert any("memory cells" in s["text"] for s in sentences)
    assert all(s["link"] == f"https://youtu.be/vAcc1neMem0?t={s['start_ms'] // 1000}"
               for p in answer["passages"] if p["video_id"] == "vAcc1neMem0" for s in p["sentences"])


def test_videos_and_transcripts(client):
    videos = {v["id"]: v for v in client.get("/api/videos").json()}
    assert "b1narySrch0" in videos and videos["b1narySrch0"]["youtube"] is True
    transcript = client.get("/api/videos/b1narySrch0/transcript").json()
    first = transcript["sentences"][0]
    assert first["link"] == f"https://youtu.be/b1narySrch0?t={first['start_ms'] // 1000}"
    assert client.get("/api/videos/nope/transcript").status_code == 404


def test_hostile_transcript_text_is_plain_json(client):
    response = client.get("/api/videos/hostile0001/transcript")
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert data["sentences"][0]["text"] == HOSTILE
    assert data["video"]["title"] == "Odd <b>title</b>"


def test_articles_list_and_detail(client):
    articles = client.get("/api/articles").json()
    assert {"binary-search", "immune-system"} <= {a["slug"] for a in articles}
    detail = client.get("/api/articles/binary-search").json()
    citations = [c for s in detail["sections"] for claim in s["claims"] for c in claim["citations"]]
    assert citations and all(c["link"].startswith("https://youtu.be/b1narySrch0?t=") for c in citations)
    assert client.get("/api/articles/no-such-thing").status_code == 404


def test_site_is_served_at_the_root(client):
    index = client.get("/")
    assert index.status_code == 200 and 'id="tw-search"' in index.text
    assert client.get("/_static/site.js").status_code == 200
