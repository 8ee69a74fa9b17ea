"""End to end in headless Chromium: timestamps seek the player, search finds and links the moment.

Nothing leaves the machine: every request that is not to the local server is answered
locally (a stand-in for the YouTube IFrame API) or aborted. Screenshots go to
test-artifacts/ at the repository root.
"""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tubewiki.render.site import build_site

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "curious-minds-lab"
ARTIFACTS = ROOT / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Stands in for https://www.youtube.com/iframe_api and records what the page asks of the player.
FAKE_PLAYER_API = """
window.__ytCalls = [];
window.YT = { Player: function (id, opts) {
  var self = this;
  this.videoId = opts.videoId;
  this.seekTo = function (s, allowAhead) { window.__ytCalls.push(["seekTo", s, allowAhead]); };
  this.playVideo = function () { window.__ytCalls.push(["playVideo"]); };
  setTimeout(function () { opts.events.onReady({ target: self }); }, 0);
} };
setTimeout(function () { window.onYouTubeIframeAPIReady(); }, 0);
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    if not CHROMIUM.is_file():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    from tubewiki.jobs.add import add
    from tubewiki.jobs.build import build
    from tubewiki.store.db import connect

    root = tmp_path_factory.mktemp("browser")
    conn = connect(root / "t.db")
    add(conn, [str(SAMPLES)])
    build(conn, root / "wiki", embedder_name="hash.v1")
    conn.close()
    build_site(root / "wiki", root / "site")
    return root / "site"


@pytest.fixture(scope="module")
def server(site):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    left: list[str] = []

    def offline(route):
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith("https://www.youtube.com/iframe_api"):
            route.fulfill(status=200, content_type="text/javascript", body=FAKE_PLAYER_API)
        elif url.startswith("file:") or host == "127.0.0.1":
            route.continue_()
        else:
            left.append(url)
            route.abort()

    context.route(re.compile(".*"), offline)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, errors
    assert not [u for u in left if "youtube" not in u and "ytimg" not in u], left


def test_clicking_a_timestamp_seeks_the_player_to_that_second(page, server):
    page.goto(f"{server}/binary-search.html")
    page.wait_for_function("window.__ytCalls !== undefined")
    stamp = page.locator('a.yt-timestamp[data-t="00:01:06"]')
    stamp.click()
    assert page.evaluate("window.__tubewikiLastSeek") == 66
    assert page.evaluate("document.body.dataset.lastSeek") == "66"
    page.wait_for_function("window.__ytCalls.length >= 2")
    assert page.evaluate("window.__ytCalls") == [["seekTo", 66, True], ["playVideo"]]
    assert page.url == f"{server}/binary-search.html" and len(page.context.pages) == 1
    assert "current" in (stamp.get_attribute("class") or "")
    page.screenshot(path=str(ARTIFACTS / "article-seek.png"))


def test_timestamps_still_record_the_seek_when_the_player_cannot_load(page, server):
    page.context.unroute(re.compile(".*"))
    page.context.route(re.compile(".*"), lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page.goto(f"{server}/immune-system.html")
    page.wait_for_function("document.body.dataset.player === 'offline'")
    page.locator('a.yt-timestamp[data-t="00:02:24"]').click()
    assert page.evaluate("window.__tubewikiLastSeek") == 144
    assert page.url == f"{server}/immune-system.html" and len(page.context.pages) == 1
    page.screenshot(path=str(ARTIFACTS / "article-offline.png"))


def test_search_box_finds_a_claim_and_opens_its_moment(page, server):
    page.goto(f"{server}/index.html")
    page.fill("#tw-search", "herd immunity measles")
    page.wait_for_selector("#tw-results li.result")
    first = page.locator("#tw-results li.result").first
    assert "Immune system" in first.locator("a.result-title").inner_text()
    moment = first.locator("a.result-moment")
    href = moment.get_attribute("href") or ""
    seconds = int(href.rsplit("#t=", 1)[1])
    page.screenshot(path=str(ARTIFACTS / "search-results.png"))
    moment.click()
    page.wait_for_url(re.compile(r".*/immune-system\.html#t=\d+$"))
    page.wait_for_function(f"window.__tubewikiLastSeek === {seconds}")
    current = page.locator("a.yt-timestamp.current")
    assert current.get_attribute("data-s") == str(seconds)


def test_hover_preview_and_graph_load_on_demand(page, server):
    page.goto(f"{server}/curious-minds-lab.html")
    assert page.evaluate("typeof window.TWP") == "undefined"
    page.hover('a.wikilink[href="binary-search.html"]')
    page.wait_for_selector("#tw-preview:not([hidden])")
    assert page.inner_text("#tw-preview").startswith("Binary search")
    assert page.evaluate("typeof (window.TW && window.TW.drawGraph)") == "undefined"
    page.click("#tw-graph-button")
    page.wait_for_selector("#tw-graph-canvas svg circle")
    assert int(page.get_attribute("#tw-graph-canvas", "data-nodes") or 0) >= 4
    page.screenshot(path=str(ARTIFACTS / "graph.png"))


def test_site_works_from_a_local_folder_on_a_phone(browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    context.route(re.compile(".*"), lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    pg = context.new_page()
    try:
        pg.goto((site / "index.html").as_uri())
        assert pg.evaluate("document.documentElement.scrollWidth") <= 375
        pg.fill("#tw-search", "logarithmic")
        pg.wait_for_selector("#tw-results li.result")
        assert "Binary search" in pg.inner_text("#tw-results")
        pg.screenshot(path=str(ARTIFACTS / "phone-search.png"), full_page=True)
        pg.locator("#tw-results a.result-title").first.click()
        pg.wait_for_url(re.compile(r".*/binary-search\.html$"))
        assert pg.locator("h1").inner_text() == "Binary search"
    finally:
        context.close()
