"""The interactive graph page: one self-contained HTML file that works from ``file://`` with no network.

The page inlines the vendored Cytoscape.js (``vendor/``), its own script and style
(``assets/``) and the projected graph as JSON, with node positions computed in Python
(``layout.py``), so the browser runs no layout at load and the same graph always gives the same
bytes. Safety: the page's HTML goes through ``aizones.core.safehtml``. The JSON, written by
``safehtml.json_for_script``, sits in a ``<script type="application/json">`` block with ``<``,
``>`` and ``&`` written as ``\\u003c`` ``\\u003e`` ``\\u0026``, so no label can close the block;
the note under the title is escaped by ``safehtml.text``; the page script puts data into the
document only through ``textContent`` (never ``innerHTML``) and links only http(s) IRIs;
and a Content-Security-Policy (``safehtml.content_security_policy``, shared with the ontology page)
allows nothing but the exact hashes of the inline scripts and style: no network request of any
kind, no other script. A label over ``PICTURE_LABEL_LIMIT`` characters is drawn and listed
shortened (``se``, ``sz`` beside ``en``, ``zh``); the panel shows it whole.
"""

from __future__ import annotations

import math
from importlib import resources
from typing import TYPE_CHECKING

from aizones.core import safehtml
from aizones.core.errors import OutputError
from aizones.core.labels import shorten
from aizones.drawing.figure_rows import figure_text
from aizones.drawing.positions import positions
from aizones.drawing.zone_map import ZonePlace, page_map

if TYPE_CHECKING:
    from collections.abc import Mapping

    import networkx as nx

# The browser the page is checked in (tests/drawing/test_graphpage_browser.py) and timed in (benchmarks):
# Debian's Chromium, headless, with the background services that would reach the network off.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)

# Colours of the top classes (families); kinds within a family are lighter shades of it.
FAMILY_COLOURS = {
    "Region": "#2e7d32",
    "PilotZone": "#c62828",
    "Programme": "#6a1b9a",
    "Designation": "#8d6e63",
    "Organisation": "#1565c0",
    "Recognition": "#00838f",
    "Facility": "#ef6c00",
    "Product": "#ad1457",
    "Event": "#795548",
    "Agreement": "#9e9d24",
    "Document": "#546e7a",
    "Project": "#00695c",
}
SPARE_COLOURS = ("#f9a825", "#4527a0", "#2e4053", "#d84315", "#558b2f", "#0277bd")
VENDORED = "cytoscape.min.js"


def family_colour(family: str, index: int) -> str:
    name = family[max(family.rfind("#"), family.rfind("/")) + 1 :]
    return FAMILY_COLOURS.get(name, SPARE_COLOURS[index % len(SPARE_COLOURS)])


def shade(colour: str, amount: float) -> str:
    """``colour`` mixed with white: 0 keeps it, 1 makes it white."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def kind_colours(graph: nx.MultiDiGraph) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """The families in legend order, and a colour for every family and every kind in the graph."""
    classes = graph.graph["classes"]
    kinds = sorted(
        {d["kind"] for _, d in graph.nodes(data=True)},
        key=lambda k: (classes[k]["family"], k != classes[k]["family"], classes[k]["label"], k),
    )
    families = sorted({classes[k]["family"] for k in kinds}, key=lambda f: (classes[f]["label"], f))
    family_colour_of = {f: family_colour(f, i) for i, f in enumerate(families)}
    colours = {}
    for family in families:
        members = [k for k in kinds if classes[k]["family"] == family]
        for i, kind in enumerate(members):
            colours[kind] = shade(family_colour_of[family], 0.55 * i / max(1, len(members) - 1) if len(members) > 1 else 0)
    return families, family_colour_of, colours


# The n-th kind of a family gets the n-th shape, on the page (Cytoscape's names) and in the
# diagrams (``diagrams.MARKERS``, the same shapes in matplotlib's letters): shades of one hue are
# what a colour-blind reader, or a grey print, loses first.
PAGE_SHAPES = (
    "ellipse", "rectangle", "triangle", "diamond", "vee", "pentagon", "hexagon", "star",
    "round-rectangle", "octagon", "tag", "barrel",
)  # fmt: skip


def kind_shapes(graph: nx.MultiDiGraph, colours: Mapping[str, str]) -> dict[str, int]:
    """The position of every kind within its family, in legend order: the index of its shape."""
    classes, seen, shapes = graph.graph["classes"], {}, {}
    for kind in colours:  # kind_colours' order: a family's kinds together
        family = classes[kind]["family"]
        shapes[kind] = seen.get(family, 0)
        seen[family] = shapes[kind] + 1
    return shapes


def page_data(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], title: str, located: tuple[ZonePlace, ...] = ()) -> dict:
    """Everything the page script needs, with indexes in place of repeated IRIs; with ``located``
    (the zones at their places), the map view (``zone_map.page_map``)."""
    classes = graph.graph["classes"]
    families, family_colour_of, colours = kind_colours(graph)
    shapes = kind_shapes(graph, colours)
    kinds = sorted(colours, key=lambda k: (families.index(classes[k]["family"]), k != classes[k]["family"], classes[k]["label"], k))
    kind_index = {k: i for i, k in enumerate(kinds)}
    nodes = list(graph.nodes)
    node_index = {n: i for i, n in enumerate(nodes)}
    source_graphs = sorted(graph.graph["sources"])
    source_index = {g: i for i, g in enumerate(source_graphs)}
    relations = sorted({k for _, _, k in graph.edges(keys=True)})
    relation_index = {r: i for i, r in enumerate(relations)}

    def places(attribute: str) -> list[str]:
        return sorted({d[attribute] for _, d in graph.nodes(data=True) if d[attribute]}, key=lambda p: (_label_of(graph, p, attribute), p))

    provinces, programmes = places("province"), places("programme")

    def srcs(graphs: list[str]) -> list[int]:
        return [source_index[g] for g in graphs if g in source_index]

    degree = dict(graph.degree())
    node_rows, details = [], []
    for n in nodes:
        d = graph.nodes[n]
        x, y = positions[n]
        node_rows.append(
            {
                "i": n,
                "en": d["label"],
                "zh": d["label_zh"],
                "k": kind_index[d["kind"]],
                "x": x,
                "y": y,
                "pv": provinces.index(d["province"]) if d["province"] else -1,
                "pg": programmes.index(d["programme"]) if d["programme"] else -1,
                "size": round(min(46.0, 14 + 4 * math.sqrt(degree[n])), 1),
                "n": d["source_count"],
                **_short_names(d["label"], d["label_zh"]),
            }
        )
        facts = [
            # a fact pointing to a node of the page shows that node's own name (the script reads it
            # from the node), so its value is kept short here: a long label is not copied per fact
            [
                f["property_label"],
                shorten(f["value"]) if f.get("node") in node_index else f["value"],
                node_index.get(f.get("node", ""), -1),
                f.get("iri", ""),
                srcs(f["sources"]),
            ]
            for f in d["facts"]
        ]
        figures = [
            [figure_text(f), srcs(f["sources"])] for f in sorted(d["figures"], key=lambda f: (f["indicator_label"], f["period"], f["iri"]))
        ]
        details.append({"facts": facts, "figures": figures, "sources": srcs(d["sources"])})
    shown_map = page_map(located, node_index) if located else None
    return {
        **({"map": shown_map} if shown_map else {}),
        "title": title,
        "focus": node_index.get(graph.graph.get("focus", ""), -1),
        "nodes": node_rows,
        "edges": [
            [node_index[u], node_index[v], relation_index[k], srcs(e["sources"])] for u, v, k, e in graph.edges(keys=True, data=True)
        ],
        "kinds": [
            {"iri": k, "en": classes[k]["label"], "zh": classes[k]["label_zh"], "family": classes[k]["family"], "color": colours[k]}
            | {"shape": PAGE_SHAPES[shapes[k] % len(PAGE_SHAPES)]}
            for k in kinds
        ],
        "families": [{"iri": f, "en": classes[f]["label"], "zh": classes[f]["label_zh"], "color": family_colour_of[f]} for f in families],
        "relations": [
            {"iri": r, "en": graph.graph["relations"][r]["label"], "zh": graph.graph["relations"][r]["label_zh"]}
            | _short_names(graph.graph["relations"][r]["label"], graph.graph["relations"][r]["label_zh"])
            for r in relations
        ],
        "sources": [{"graph": g, **{k: graph.graph["sources"][g][k] for k in ("title", "file")}} for g in source_graphs],
        "provinces": [{"iri": p, "en": _label_of(graph, p, "province"), "zh": _zh_of(graph, p)} for p in provinces],
        "programmes": [{"iri": p, "en": _label_of(graph, p, "programme"), "zh": _zh_of(graph, p)} for p in programmes],
        "details": details,
    }


def _short_names(english: str, chinese: str) -> dict[str, str]:
    """``se`` and ``sz``, the names the canvas and the search results show, for a label over
    ``PICTURE_LABEL_LIMIT`` characters (``shorten``); the panel shows the whole ``en`` and ``zh``."""
    short = {"se": shorten(english), "sz": shorten(chinese)}
    return {key: text for key, text in short.items() if len(text) < len(english if key == "se" else chinese)}


def _label_of(graph: nx.MultiDiGraph, iri: str, attribute: str) -> str:
    if iri in graph:
        return graph.nodes[iri]["label"]
    return next((d[f"{attribute}_label"] for _, d in graph.nodes(data=True) if d[attribute] == iri), iri)


def _zh_of(graph: nx.MultiDiGraph, iri: str) -> str:
    return graph.nodes[iri]["label_zh"] if iri in graph else ""


def _asset(folder: str, name: str) -> str:
    text = (resources.files("aizones.drawing") / folder / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise OutputError(
            f"src/aizones/drawing/{folder}/{name} contains a closing tag and cannot be inlined; see src/aizones/drawing/vendor/README.md"
        )
    return text


def render_page(graph: nx.MultiDiGraph, *, title: str | None = None, note: str = "", located: tuple[ZonePlace, ...] = ()) -> bytes:
    """The page for ``graph`` (usually a ``selection.select`` of ``projection.project``), as UTF-8 bytes.

    ``note``, when given, is a paragraph under the title, as plain text: what the page leaves out
    and how to draw the rest. It is written into the HTML itself, not left to the script, so that
    it is read even where the script does not run. ``located`` (``zone_map.zone_places``) gives
    the page its map view, when a zone of the page has a place.
    """
    if title is None:
        title = f"{graph.number_of_nodes()} entities and {graph.number_of_edges()} relations"
    library, script, style = _asset("vendor", VENDORED), _asset("assets", "graphpage.js"), _asset("assets", "graphpage.css")
    policy = safehtml.policy_meta(safehtml.content_security_policy(scripts=(library, script), styles=(style,)))
    data = safehtml.json_for_script(page_data(graph, positions(graph), title, located))
    paragraph = f'<p id="left-out">{safehtml.text(note)}</p>\n' if note else ""
    return TEMPLATE.format(policy=policy, style=style, data=data, library=library, script=script, note=paragraph).encode("utf-8")


TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
{policy}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aizones: how the zones, regions, organisations and facilities connect</title>
<style id="__________cytoscape_stylesheet">{style}</style>
</head>
<body>
<aside id="side">
<h1>aizones</h1>
<p id="subtitle"></p>
{note}<label for="search">Find an entity</label>
<input id="search" type="search" placeholder="name, 中文名 or id" autocomplete="off" spellcheck="false">
<ul id="results"></ul>
<div class="row"><button id="lang" type="button">中文</button><button id="fit" type="button">Fit</button><button id="reset" type="button">Show all</button><button id="map" type="button">Map</button></div>
<label for="filter-province">Province</label>
<select id="filter-province"><option value="">all provinces</option></select>
<label for="filter-programme">Programme</label>
<select id="filter-programme"><option value="">all programmes</option></select>
<h2>Kinds</h2>
<ul id="legend"></ul>
<p id="status"></p>
</aside>
<main id="cy"></main>
<section id="panel" hidden><button id="close" type="button" aria-label="Close">×</button><div id="panel-body"></div></section>
<script type="application/json" id="graph-data">{data}</script>
<script>{library}</script>
<script>{script}</script>
</body>
</html>
"""
