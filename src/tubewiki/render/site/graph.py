"""Link-graph data for the site's graph view (drawn in the browser by ``static/graph.js``).

The whole-site graph keeps the best-connected pages only, so the force layout stays quick
on large channels; each page also carries its own neighbourhood (links in and out).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Mapping, Sequence

GRAPH_FILE = "_site/graph.js"
MAX_NODES = 300


@dataclass(frozen=True, slots=True)
class GraphNode:
    number: int
    title: str
    url: str  # from the site root
    kind: str


def _edges(links: Mapping[int, Sequence[int]]) -> set[tuple[int, int]]:
    return {(min(a, b), max(a, b)) for a, targets in links.items() for b in targets if a != b}


def site_graph(nodes: Sequence[GraphNode], links: Mapping[int, Sequence[int]], max_nodes: int = MAX_NODES) -> dict:
    """Nodes ``[number, title, url, kind]`` and edges ``[a, b]`` of the best-connected pages."""
    edges = _edges(links)
    degree: dict[int, int] = {}
    for a, b in edges:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    ranked = sorted(nodes, key=lambda n: (-degree.get(n.number, 0), n.number))[:max_nodes]
    kept = {n.number for n in ranked}
    return {
        "nodes": [[n.number, n.title, n.url, n.kind] for n in sorted(ranked, key=lambda n: n.number)],
        "edges": sorted([a, b] for a, b in edges if a in kept and b in kept),
        "total": len(nodes),
    }


def local_graph(number: int, outgoing: Sequence[int], incoming: Sequence[int],
                nodes: Mapping[int, GraphNode], limit: int = 60) -> dict:
    """A page, the pages it links to and the pages linking to it."""
    around = list(dict.fromkeys([*outgoing, *incoming]))[:limit]
    members = [number, *[n for n in around if n != number and n in nodes]]
    return {
        "center": number,
        "nodes": [[n, nodes[n].title, nodes[n].url, nodes[n].kind] for n in members],
        "edges": [[number, n] for n in members[1:]],
    }


def graph_script(data: dict) -> str:
    return "window.TWGRAPH=" + json.dumps(data, ensure_ascii=True, separators=(",", ":")) + ";\n"


def json_for_html(data: object) -> str:
    """JSON safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
