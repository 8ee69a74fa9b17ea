"""How the static site scales: a synthetic vault of 10,000 articles, built and searched.

    python bench/site_scale.py [--articles 10000] [--query "..."] [--keep DIR] [--no-browser]

Prints (a) the build time, (b) the size of index.html and of everything the search box
loads for one query, and (c) with headless Chromium (/usr/bin/chromium), the time to open
index.html and show results for the query, measured from the page's own clock and from
outside. Measures only; it passes or fails on nothing.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import random
import shutil
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tubewiki.render.site import build_site

CHANNELS = 20
CLAIMS = (12, 30)
LINKS = 3
VOCABULARY = 40_000
TOPIC_WORDS = ["vector", "matrix", "eigenvalue", "neuron", "gradient", "prime", "fourier", "entropy",
               "probability", "topology", "integral", "derivative", "rainbow", "vaccine", "binary", "sorting"]


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghiklmnoprstuvwy"
    words = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(VOCABULARY)})
    rng.shuffle(words)
    return words[:200] + TOPIC_WORDS + words[200:]  # topic words are common, not everywhere


def _stamp(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def make_vault(root: Path, articles: int, seed: int = 7) -> Path:
    """Channels of articles whose claims cite moments and link to other articles."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    cumulative = list(itertools.accumulate(1 / (i + 1) for i in range(len(words))))  # Zipf-like
    vault = root / "vault"
    vault.mkdir(parents=True)
    slugs = [f"article-{i:05d}" for i in range(articles)]
    per_channel: dict[int, list[str]] = {}
    for i, slug in enumerate(slugs):
        channel = i % CHANNELS
        per_channel.setdefault(channel, []).append(slug)
        video = "".join(rng.choice("ABCDEFGHabcdefgh0123456789_-") for _ in range(11))
        claims, at = [], rng.randint(0, 30)
        for _ in range(rng.randint(*CLAIMS)):
            text = " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(8, 22))).capitalize()
            claims.append(f'{text} <a class="yt-timestamp" data-t="{_stamp(at)}">[{_stamp(at)}]</a>.')
            at += rng.randint(3, 25)
        for k in range(LINKS):
            j = rng.randrange(articles)
            claims[k * 3] = claims[k * 3].replace(" ", f" [[{slugs[j]} | {words[j % len(words)]}]] ", 1)
        paragraphs = [" ".join(claims[k : k + 5]) for k in range(0, len(claims), 5)]
        body = f"From: [[channel-{channel:02d}]] <br/>\n\n" + "\n\n## Part\n\n".join(paragraphs)
        title = " ".join(rng.choices(words, k=2)).title()
        (vault / f"{slug}.md").write_text(f"---\ntitle: {title}\nvideoId: {video}\n---\n\n{body}\n", encoding="utf-8")
    for channel, members in per_channel.items():
        lines = "\n".join(f"- Video {m}\n  - [[{m}]]" for m in members)
        (vault / f"channel-{channel:02d}.md").write_text(f"---\ntitle: Channel {channel}\n---\n\n## Videos\n\n{lines}\n",
                                                         encoding="utf-8")
    return vault


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def browser_figures(site: Path, query: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    figures: dict[str, float] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
            clock = time.perf_counter()
            page.goto(url)
            page.evaluate("q => { window.__t0 = performance.now(); const i = document.getElementById('tw-search');"
                          " i.value = q; i.dispatchEvent(new Event('input')); }", query)
            page.wait_for_selector("#tw-results li.result, #tw-results .results-head")
            figures["open_and_search_s"] = time.perf_counter() - clock
            figures["query_in_page_ms"] = page.evaluate("performance.now() - window.__t0")
            figures["results"] = page.locator("#tw-results li.result").count()
            sizes = page.evaluate("performance.getEntriesByType('resource').map(e => [e.name, e.encodedBodySize])")
            figures["search_bytes_loaded"] = sum(s for name, s in sizes if "/_search/" in name)
            figures["search_files_loaded"] = sum(1 for name, _ in sizes if "/_search/" in name)
            figures["page_loaded_ms"] = page.evaluate(
                "performance.getEntriesByType('navigation')[0].loadEventEnd")
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--query", default="eigenvalue gradient")
    parser.add_argument("--keep", metavar="DIR", help="Keep the vault and site in DIR.")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tubewiki-site-scale-"))
    try:
        clock = time.perf_counter()
        vault = make_vault(work, args.articles)
        print(f"vault: {args.articles} articles + {CHANNELS} channels written in {time.perf_counter() - clock:.1f} s")
        clock = time.perf_counter()
        report = build_site(vault, work / "site")
        build_s = time.perf_counter() - clock
        site = work / "site"
        total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        print(f"(a) build: {build_s:.1f} s for {report.pages} pages, {report.files} files, {total / 1e6:.1f} MB")
        search_total = sum(p.stat().st_size for p in (site / "_search").rglob("*") if p.is_file())
        chunks = list((site / "_search" / "t").glob("*.js"))
        print(f"(b) index.html: {(site / 'index.html').stat().st_size / 1e3:.1f} kB; search index: "
              f"{search_total / 1e6:.1f} MB in {len(chunks)} term chunks (largest "
              f"{max(p.stat().st_size for p in chunks) / 1e3:.1f} kB), meta.js "
              f"{(site / '_search' / 'meta.js').stat().st_size / 1e3:.1f} kB")
        if not args.no_browser:
            f = browser_figures(site, args.query)
            print(f"    one query ({args.query!r}) loaded {f['search_files_loaded']:.0f} files, "
                  f"{f['search_bytes_loaded'] / 1e3:.1f} kB")
            print(f"(c) Chromium: index loaded in {f['page_loaded_ms']:.0f} ms; {f['results']:.0f} results "
                  f"{f['query_in_page_ms']:.0f} ms after typing; open + search end to end "
                  f"{f['open_and_search_s'] * 1000:.0f} ms")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
