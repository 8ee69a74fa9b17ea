/* tubewiki site: video player and timestamps, hover previews, search, graph.
   Data files are small scripts injected on demand (works from file:// and any static host).
   Text from the wiki is always inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var body = document.body;
  var root = body.dataset.root || "";
  var TW = (window.TW = window.TW || {});

  /* ---- loading data scripts -------------------------------------------------------- */
  var loading = {};
  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = root + src;
        s.async = true;
        s.onload = function () { resolve(); };
        s.onerror = function () { delete loading[src]; s.remove(); reject(new Error("cannot load " + src)); };
        document.head.appendChild(s);
      });
    }
    return loading[src];
  }
  TW.load = load;

  /* ---- player and timestamps -------------------------------------------------------- */
  var player = null, ready = false, pending = null;
  function recordSeek(seconds) {
    window.__tubewikiLastSeek = seconds;
    body.dataset.lastSeek = String(seconds);
  }
  function seek(seconds, play) {
    recordSeek(seconds);
    if (player && ready) {
      player.seekTo(seconds, true);
      if (play) player.playVideo();
    } else {
      pending = { s: seconds, play: play };
    }
  }
  TW.seek = seek;

  var host = document.getElementById("tw-player");
  if (host) {
    window.onYouTubeIframeAPIReady = function () {
      try {
        player = new window.YT.Player("tw-player", {
          host: "https://www.youtube-nocookie.com",
          videoId: host.dataset.videoId,
          playerVars: { playsinline: 1, rel: 0 },
          events: {
            onReady: function () {
              ready = true;
              if (pending) { player.seekTo(pending.s, true); if (pending.play) player.playVideo(); pending = null; }
            }
          }
        });
      } catch (e) { body.dataset.player = "failed"; }
    };
    var api = document.createElement("script");
    api.src = "https://www.youtube.com/iframe_api";
    api.async = true;
    api.onerror = function () {
      body.dataset.player = "offline";
      host.classList.add("offline");
      host.textContent = "The video player could not load. Timestamps still show where each sentence was said.";
    };
    document.head.appendChild(api);
  }

  function mark(anchor) {
    var old = document.querySelectorAll(".yt-timestamp.current");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("current");
    if (anchor) anchor.classList.add("current");
  }
  function activate(anchor, event) {
    if (anchor.dataset.other) return; /* another video: let the link open it */
    if (event) event.preventDefault();
    var seconds = parseInt(anchor.dataset.s, 10);
    if (isNaN(seconds)) return;
    mark(anchor);
    seek(seconds, true);
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.yt-timestamp");
    if (a) activate(a, e);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" && e.key !== " ") return;
    var a = e.target.closest && e.target.closest("a.yt-timestamp");
    if (a) activate(a, e);
  });
  function fromHash() {
    var m = /^#t=(\d+)$/.exec(location.hash);
    if (!m) return;
    var seconds = parseInt(m[1], 10);
    var a = document.querySelector('a.yt-timestamp[data-s="' + seconds + '"]:not([data-other])');
    if (a) { mark(a); a.scrollIntoView({ block: "center" }); }
    seek(seconds, false);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  /* ---- hover previews --------------------------------------------------------------- */
  var preview = document.getElementById("tw-preview");
  var chunkSize = parseInt(body.dataset.previewChunk || "100", 10);
  var hoverTimer = null;
  function showPreview(link) {
    var n = parseInt(link.dataset.n, 10);
    if (isNaN(n) || n === 0) return;
    var k = Math.floor(n / chunkSize);
    load("_site/p/" + k + ".js").then(function () {
      var entry = window.TWP && window.TWP[k] && window.TWP[k][n];
      if (!entry || !link.matches(":hover")) return;
      preview.textContent = "";
      var h = document.createElement("strong");
      h.textContent = entry[0];
      preview.appendChild(h);
      if (entry[1]) {
        var p = document.createElement("p");
        p.textContent = entry[1];
        preview.appendChild(p);
      }
      var r = link.getBoundingClientRect();
      preview.style.left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - 340)) + "px";
      preview.style.top = (r.bottom + window.scrollY + 6) + "px";
      preview.hidden = false;
    }, function () {});
  }
  document.addEventListener("mouseover", function (e) {
    var link = e.target.closest && e.target.closest("a.wikilink[data-n]");
    if (!link) return;
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(function () { showPreview(link); }, 200);
  });
  document.addEventListener("mouseout", function (e) {
    var link = e.target.closest && e.target.closest("a.wikilink[data-n]");
    if (!link) return;
    clearTimeout(hoverTimer);
    preview.hidden = true;
  });

  /* ---- search (mirrors render/site/search_index.py) ------------------------------------ */
  var STOP = new Set(("a an and are as at be been but by can do does for from had has have he her his how i if in into is it its " +
    "just me my no not of on or our she so than that the their them then there these they this those to too " +
    "us was we were what when where which who why will with you your").split(" "));
  var MAX_PREFIX = 6, LIMIT = 10;
  function fold(s) { return s.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, ""); }
  function stem(w) {
    return Array.from(w).length > 3 && w.endsWith("s") && !/(ss|us|is)$/.test(w) ? w.slice(0, -1) : w;
  }
  function tokenize(s) {
    var out = [];
    fold(s).split(/[^\p{L}\p{N}]+/u).forEach(function (w) {
      if (Array.from(w).length > 1 && !STOP.has(w)) out.push(stem(w));
    });
    return out;
  }
  TW.tokenize = tokenize;
  function hex(p) {
    return Array.from(new TextEncoder().encode(p)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  var prefixes = null;
  function chunkKey(term) {
    var cps = Array.from(term);
    for (var k = Math.min(cps.length, MAX_PREFIX); k > 0; k--) {
      var p = cps.slice(0, k).join("");
      if (prefixes.has(p)) return p;
    }
    return null;
  }
  function unique(xs) { return Array.from(new Set(xs)); }
  function hms(s) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(Math.floor(s / 3600)) + ":" + two(Math.floor(s / 60) % 60) + ":" + two(s % 60);
  }

  function search(query) {
    return load("_search/meta.js").then(function () {
      var meta = window.TWS.meta;
      prefixes = prefixes || new Set(meta.prefixes);
      var terms = unique(tokenize(query));
      if (!terms.length) return [];
      var partial = /\s$/.test(query) ? null : terms[terms.length - 1];
      var keys = unique(terms.map(chunkKey).filter(Boolean));
      return Promise.all(keys.map(function (k) {
        return load("_search/t/" + hex(k) + ".js").catch(function () { return null; });
      })).then(function () {
        var scores = new Map(), matched = new Map(), words = new Map();
        terms.forEach(function (term) {
          var key = chunkKey(term), chunk = key && window.TWS.t[hex(key)];
          if (!chunk) return;
          var variants = [[term, 1]];
          if (term === partial && Array.from(term).length >= 3) {
            Object.keys(chunk).forEach(function (t) {
              if (t !== term && t.startsWith(term) && variants.length < 20) variants.push([t, 0.6]);
            });
          }
          var best = new Map();
          variants.forEach(function (v) {
            var p = chunk[v[0]];
            if (!p) return;
            words.set(v[0], true);
            var idf = Math.log(1 + meta.n / (p.length / 2));
            for (var i = 0; i < p.length; i += 2) {
              var w = v[1] * idf * (1 + Math.log(p[i + 1]));
              if (!(best.get(p[i]) >= w)) best.set(p[i], w);
            }
          });
          best.forEach(function (w, d) {
            scores.set(d, (scores.get(d) || 0) + w);
            matched.set(d, (matched.get(d) || 0) + 1);
          });
        });
        var ranked = Array.from(scores.keys()).sort(function (a, b) {
          return (matched.get(b) - matched.get(a)) || (scores.get(b) - scores.get(a)) || (a - b);
        }).slice(0, LIMIT);
        return Promise.all(ranked.map(function (d) {
          return load("_search/d/" + d + ".js").catch(function () { return null; });
        })).then(function () {
          return ranked.filter(function (d) { return window.TWS.d[d]; }).map(function (d) {
            var doc = window.TWS.d[d], top = null, topScore = 0;
            doc.c.forEach(function (claim) {
              var n = 0;
              tokenize(claim[1]).forEach(function (t) { if (words.has(t)) n++; });
              if (n > topScore) { top = claim; topScore = n; }
            });
            return { number: d, title: doc.t, url: doc.u, claim: top };
          });
        });
      });
    });
  }
  TW.search = search;

  var input = document.getElementById("tw-search");
  var results = document.getElementById("tw-results");
  var searchTimer = null, generation = 0;
  function showResults(query, hits) {
    results.textContent = "";
    var head = document.createElement("p");
    head.className = "results-head";
    head.textContent = hits.length ? hits.length + (hits.length === 1 ? " match" : " best matches") + " for \u201c" + query + "\u201d" : "Nothing found for \u201c" + query + "\u201d";
    results.appendChild(head);
    var list = document.createElement("ol");
    hits.forEach(function (hit) {
      var li = document.createElement("li");
      li.className = "result";
      var a = document.createElement("a");
      a.className = "result-title";
      a.href = root + hit.url;
      a.textContent = hit.title;
      li.appendChild(a);
      if (hit.claim) {
        var p = document.createElement("p");
        p.className = "result-claim";
        if (hit.claim[0] !== null) {
          var m = document.createElement("a");
          m.className = "result-moment";
          m.href = root + hit.url + "#t=" + hit.claim[0];
          m.textContent = "\u25b6 " + hms(hit.claim[0]);
          p.appendChild(m);
          p.appendChild(document.createTextNode(" "));
        }
        p.appendChild(document.createTextNode(hit.claim[1]));
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    results.appendChild(list);
    results.hidden = false;
    body.dataset.searchDone = String(generation);
  }
  function runSearch() {
    var query = input.value;
    var mine = ++generation;
    if (!query.trim()) { results.hidden = true; return; }
    search(query).then(function (hits) { if (mine === generation) showResults(query.trim(), hits); },
      function () { if (mine === generation) { results.textContent = "Search is unavailable."; results.hidden = false; } });
  }
  if (input) {
    input.form.addEventListener("submit", function (e) { e.preventDefault(); });
    input.addEventListener("input", function () { clearTimeout(searchTimer); searchTimer = setTimeout(runSearch, 80); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        var first = results.querySelector("a.result-moment, a.result-title");
        if (first && !results.hidden) location.href = first.href;
      } else if (e.key === "Escape") { results.hidden = true; }
    });
  }

  /* ---- graph (drawing code loaded only when opened) ---------------------------------- */
  var graphBox = document.getElementById("tw-graph");
  var graphButton = document.getElementById("tw-graph-button");
  function openGraph() {
    graphBox.hidden = false;
    var local = document.getElementById("tw-local-graph");
    var data = local ? Promise.resolve(JSON.parse(local.textContent)) :
      load("_site/graph.js").then(function () { return window.TWGRAPH; });
    Promise.all([load("_static/graph.js"), data]).then(function (got) {
      TW.drawGraph(document.getElementById("tw-graph-canvas"), got[1], root);
    }, function () { document.getElementById("tw-graph-canvas").textContent = "The graph could not load."; });
  }
  if (graphButton) graphButton.addEventListener("click", openGraph);
  var closeButton = document.getElementById("tw-graph-close");
  if (closeButton) closeButton.addEventListener("click", function () { graphBox.hidden = true; });
})();
