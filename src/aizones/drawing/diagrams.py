"""Static diagrams for reports: one entity's neighbourhood, and the overview of the pilot zones.

Both draw the projected graph (``projection.project``) with matplotlib, in the page's colours.
The neighbourhood is a radial tree: the focus in the centre, each further step one ring out, every
node near the node that brought it in, edges labelled with their relation and pointing the way
the triple reads. Each label sits outside its node, away from the focus; an edge bends around the
nodes it does not join, and labels that would overlap move outward or are left out, the title
saying how many (``diagram_layout``). Kinds of one family (the regions, say) share a hue and
differ in shade and in marker shape, so that they stay apart for readers who do not tell the
shades apart. The legend is sized to fit inside the canvas. The overview puts the MOST zones on the left, the MIIT zones on the right and the
provinces they lie in between, so a glance shows which provinces hold zones of both programmes.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from aizones.core.labels import shorten
from aizones.core.namespaces import AIZ
from aizones.drawing.charts import Formats, saved
from aizones.drawing.diagram_layout import curve_around, keep_apart, on_curve
from aizones.drawing.page import kind_colours, kind_shapes
from aizones.drawing.plotting import label_text, name_of, new_figure, printable, style
from aizones.drawing.selection import induced, resolve_entity

if TYPE_CHECKING:
    import networkx as nx

# Nodes a neighbourhood diagram draws around its focus at most: beyond about thirty the labels on a
# ring overlap and matplotlib spends seconds on a picture no one can read (a hub can have hundreds;
# the best connected place of the real graph has 21).
NEIGHBOURS = 30
# The kinds of one family (same hue) are told apart by their marker too: matplotlib's filled markers.
# page.PAGE_SHAPES in matplotlib's letters; matplotlib has no rounded square, tag or barrel, so
# those places take a plus, an X and a thin diamond (no family of the graph has more than eight kinds).
MARKERS = ("o", "s", "^", "D", "v", "p", "h", "*", "P", "8", "X", "d")
CLEARANCE = 0.09  # how far an edge keeps from a node it does not join, in ring widths
CENTRE_CLEARANCE = 0.2  # and from the focus, drawn larger, with the arrowheads of its own edges around it


def neighbourhood_diagram(
    graph: nx.MultiDiGraph,
    focus: str,
    depth: int = 1,
    fmt: Formats = "svg",
    *,
    limit: int = NEIGHBOURS,
    degree: Mapping[str, int] | None = None,
) -> bytes | tuple[bytes, ...]:
    """The entities within ``depth`` steps of ``focus`` (IRI, prefixed name or label), as SVG or PNG.

    At most ``limit`` of them besides the focus, the most connected first; the title says how many
    more were left out. ``degree``: the nodes' degrees, when ``graph`` is only the part of a larger
    graph around the focus (the build's, ``full_nodes.project_part``), in which "most connected" is meant.
    """
    with style():
        return saved(neighbourhood_figure(graph, focus, depth, limit=limit, degree=degree), fmt)


def neighbourhood_figure(
    graph: nx.MultiDiGraph, focus: str, depth: int = 1, *, limit: int = NEIGHBOURS, degree: Mapping[str, int] | None = None
):
    """The matplotlib figure ``neighbourhood_diagram`` saves, laid out and with its labels placed
    (the tests measure it: labels apart, legend inside, edges clear of other nodes)."""
    import networkx as nx

    centre = resolve_entity(graph, focus)
    undirected = graph.to_undirected(as_view=True)
    reached = nx.single_source_shortest_path_length(undirected, centre, cutoff=depth)
    distance = _nearest(graph, reached, limit, degree)
    part = induced(graph, set(distance), focus=centre)
    position = _radial(part, centre, distance)
    _, _, colours = kind_colours(part)
    markers = kind_markers(part, colours)
    count = part.number_of_nodes()
    side = min(22.0, max(8.0, 4 + 1.1 * math.sqrt(count) * max(1, depth)))
    with style():
        figure = new_figure(side, side)
        axes = figure.add_subplot()
        edge_labels = _edges(axes, part, position, label_all=part.number_of_edges() <= 80)
        names, directions = [], []
        for node in sorted(part, key=lambda n: (n != centre, -part.degree(n), part.nodes[n]["label"], n)):
            data = part.nodes[node]
            x, y = position[node]
            size = 420 if node == centre else 170
            axes.scatter(
                [x], [y], s=size, color=colours[data["kind"]], marker=markers[data["kind"]], edgecolors="#333333",
                linewidths=1.5 if node == centre else 0.6, zorder=3,
            )  # fmt: skip
            names.append(_name_label(axes, (x, y), name_of(data["label"], data["label_zh"], width=28), node == centre))
            directions.append(_outward(x, y))
        legend = _legend(axes, part, colours, markers)
        centre_data = part.nodes[centre]
        title = f"{shorten(centre_data['label'])} and what lies within {depth} step{'s' if depth != 1 else ''}"
        left_out = len(reached) - len(distance)
        if left_out:
            title += f"\n(the {count - 1} most connected shown, {left_out} more left out)"
        axes.set_title(printable(title))
        axes.set_aspect("equal")
        axes.margins(0.2)
        axes.axis("off")
        _fit(figure, legend)
        hidden_names = keep_apart(figure, names, directions)
        hidden_relations = keep_apart(figure, [*names, *edge_labels], [*directions, *((0.0, 0.0),) * len(edge_labels)], steps=0)
        note = _left_out_note(hidden_names, hidden_relations)
        if note:  # in a corner and outside the layout, so that nothing placed above moves again
            figure.text(0.01, 0.995, printable(note), ha="left", va="top", fontsize=7, color="#4b555b").set_in_layout(False)
        return figure


def kind_markers(graph: nx.MultiDiGraph, colours: Mapping[str, str]) -> dict[str, str]:
    """A marker shape for every kind: the n-th kind of a family gets the n-th shape, as on the page."""
    return {kind: MARKERS[index % len(MARKERS)] for kind, index in kind_shapes(graph, colours).items()}


def _outward(x: float, y: float) -> tuple[float, float]:
    """The unit vector from the focus (at the origin) through a node; straight down for the focus."""
    length = math.hypot(x, y)
    return (0.0, -1.0) if length < 1e-9 else (x / length, y / length)


def _name_label(axes, at: tuple[float, float], text: str, is_centre: bool):
    """A node's name just outside it, on the side away from the focus, aligned to read outward."""
    dx, dy = _outward(*at)
    distance = 14 if is_centre else 10
    ha = "left" if dx > 0.35 else "right" if dx < -0.35 else "center"
    va = "bottom" if dy > 0.35 else "top" if dy < -0.35 else "center"
    label = axes.annotate(
        text, at, xytext=(dx * distance, dy * distance), textcoords="offset points", ha=ha, va=va, fontsize=8, zorder=4,
        multialignment="center", annotation_clip=False,
    )  # fmt: skip
    label.set_in_layout(False)  # the layout is fixed before the labels move (``diagram_layout.keep_apart``)
    return label


def _left_out_note(names: int, relations: int) -> str:
    parts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in ((names, "name"), (relations, "relation label")) if n]
    return f"({' and '.join(parts)} left out where {'they' if names + relations > 1 else 'it'} would overlap)" if parts else ""


def _fit(figure, legend) -> None:
    """Lay the figure out, narrowing the legend's columns until it fits inside the canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)  # a renderer to measure with; saving picks its own canvas again
    figure.draw_without_rendering()
    columns = legend._ncols
    while columns > 1 and legend.get_window_extent().width > figure.bbox.width * 0.96:
        columns -= 1
        legend.set_ncols(columns)
        figure.draw_without_rendering()


def _nearest(graph: nx.MultiDiGraph, distance: dict[str, int], limit: int, degree: Mapping[str, int] | None = None) -> dict[str, int]:
    """The focus and at most ``limit`` nodes around it, ring by ring, the most connected first (ties by IRI).

    A node of one ring is a candidate only when a node of the ring inside it was kept, so every
    node drawn still hangs from one drawn a step nearer the focus, as the radial tree needs.
    """
    if len(distance) <= limit + 1:
        return distance
    if degree is None:
        degree = graph.degree()
    centre = next(n for n, d in distance.items() if d == 0)
    kept, budget = {centre: 0}, limit
    for ring in range(1, max(distance.values()) + 1):
        candidates = [
            n
            for n, d in distance.items()
            if d == ring and any(kept.get(m) == ring - 1 for m in (*graph.predecessors(n), *graph.successors(n)))
        ]
        for node in sorted(candidates, key=lambda n: (-degree[n], n))[:budget]:
            kept[node] = ring
        budget = limit + 1 - len(kept)
        if budget <= 0:
            break
    return kept


def _radial(graph: nx.MultiDiGraph, centre: str, distance: dict[str, int]) -> dict[str, tuple[float, float]]:
    """A radial tree: each node gets a wedge of the circle as wide as the leaves below it."""
    children: dict[str, list[str]] = {n: [] for n in graph}
    for node in sorted(graph, key=lambda n: (distance[n], graph.nodes[n]["kind"], graph.nodes[n]["label"], n)):
        if node == centre:
            continue
        parents = sorted(p for p in set(graph.predecessors(node)) | set(graph.successors(node)) if distance[p] == distance[node] - 1)
        children[parents[0]].append(node)
    leaves: dict[str, float] = {}

    def count(node: str) -> float:
        # the square root keeps a lone neighbour from being squeezed by a crowded one beside it
        leaves[node] = math.sqrt(sum(count(c) ** 2 for c in children[node])) or 1.0
        return leaves[node]

    count(centre)
    position = {centre: (0.0, 0.0)}

    def place(node: str, start: float, end: float) -> None:
        span, total = end - start, sum(leaves[c] for c in children[node])
        for child in children[node]:
            width = span * leaves[child] / total
            angle = start + width / 2
            position[child] = (distance[child] * math.cos(angle), distance[child] * math.sin(angle))
            place(child, start, start + width)
            start += width

    place(centre, math.pi / 2, math.pi / 2 + 2 * math.pi)
    return position


def _edges(axes, graph: nx.MultiDiGraph, position: dict[str, tuple[float, float]], *, label_all: bool) -> list:
    """The edges as arrows, each bent around the nodes it does not join; their labels, to keep apart."""
    from matplotlib.patches import FancyArrowPatch

    seen: dict[tuple[str, str], int] = {}
    labels = []
    for u, v, _key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        pair = (min(u, v), max(u, v))
        offset = 0.12 * seen.get(pair, 0)  # parallel edges between one pair bend apart
        seen[pair] = seen.get(pair, 0) + 1
        focus = graph.graph.get("focus")
        others = [(position[n], CENTRE_CLEARANCE if n == focus else CLEARANCE) for n in graph if n not in (u, v)]
        rad = curve_around(position[u], position[v], others, offset)
        arrow = FancyArrowPatch(
            position[u], position[v], arrowstyle="-|>", mutation_scale=10, color="#8f999f", linewidth=0.8,
            connectionstyle=f"arc3,rad={rad}", shrinkA=9, shrinkB=9, zorder=1,
        )  # fmt: skip
        axes.add_patch(arrow)
        if label_all or graph.graph.get("focus") in (u, v):
            x, y = on_curve(position[u], position[v], rad, 0.5)
            label = axes.text(x, y, label_text(data["label"]), fontsize=6.5, color="#4b555b", ha="center", va="center", zorder=2,
                              bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})  # fmt: skip
            label.set_in_layout(False)
            labels.append(label)
    return labels


def _legend(axes, graph: nx.MultiDiGraph, colours: dict[str, str], markers: dict[str, str]):
    from matplotlib.lines import Line2D

    classes = graph.graph["classes"]
    handles = [
        Line2D(
            [],
            [],
            marker=markers[k],
            linestyle="",
            markersize=8,
            markerfacecolor=colours[k],
            markeredgecolor="#333333",
            label=textwrap.fill(label_text(classes[k]["label"]), 34),
        )
        for k in colours
    ]
    return axes.figure.legend(handles=handles, loc="outside lower center", ncols=min(4, len(handles)), fontsize=7.5, frameon=False)


def zone_sides(
    kinds: Iterable[tuple[str, str]], classes: Mapping[str, dict], degree: Mapping[str, int], limit: int | None = None
) -> tuple[list[str], list[str], dict[bool, int]]:
    """The zones among ``(node, kind)``: the MOST ones, the others (at most ``limit`` each, the most
    connected, ties by IRI), and how many of each there are (``True``: MOST)."""
    zones = [(n, k) for n, k in kinds if AIZ.PilotZone in classes[k]["ancestors"]]
    left = [z for z, k in zones if AIZ.MostPilotZone in classes[k]["ancestors"]]
    right = [z for z, k in zones if AIZ.MostPilotZone not in classes[k]["ancestors"]]
    total = {True: len(left), False: len(right)}
    if limit is not None:
        left, right = (sorted(side, key=lambda z: (-degree[z], z))[:limit] for side in (left, right))
    return left, right, total


def zone_overview(
    graph: nx.MultiDiGraph,
    fmt: Formats = "svg",
    *,
    limit: int | None = None,
    degree: Mapping[str, int] | None = None,
    totals: dict[bool, int] | None = None,
) -> bytes | tuple[bytes, ...]:
    """Every pilot zone beside the province it lies in, MOST zones left and MIIT zones right.

    With ``limit``, at most that many zones of each side, those with the most relations (ties by
    IRI); the side's heading says how many there are in all. ``degree`` and ``totals`` (see
    ``zone_sides``) are the whole graph's, when ``graph`` is only a part of it holding the zones drawn.
    """
    left, right, total = zone_sides(graph.nodes(data="kind"), graph.graph["classes"], graph.degree() if degree is None else degree, limit)
    total = totals or total
    zones = left + right
    label = {graph.nodes[z]["province"]: graph.nodes[z]["province_label"] for z in zones}
    provinces = sorted(label, key=lambda p: (p == "", label[p], p))

    def row_of(p: str) -> int:
        return provinces.index(p)

    def ordered(side: list[str]) -> list[str]:
        return sorted(side, key=lambda z: (row_of(graph.nodes[z]["province"]), graph.nodes[z]["label"], z))

    left, right = ordered(left), ordered(right)
    rows = max(len(left), len(right), len(provinces), 1)
    colour = {True: "#c62828", False: "#ef8a8a"}
    with style():
        figure = new_figure(16, max(5.0, 0.36 * rows + 1.8))
        axes = figure.add_subplot()
        if not zones:
            axes.text(0.5, 0.5, "This graph holds no pilot zones.", ha="center", va="center")
        spread = lambda items: {item: rows - 1 - i * (rows - 1) / max(1, len(items) - 1) for i, item in enumerate(items)}  # noqa: E731
        y_left, y_right, y_mid = spread(left), spread(right), spread(provinces)
        for zones_on_side, ys, x, align, most in ((left, y_left, 0.0, "right", True), (right, y_right, 2.0, "left", False)):
            for zone in zones_on_side:
                data = graph.nodes[zone]
                axes.plot([x, 1.0], [ys[zone], y_mid[data["province"]]], color=colour[most], linewidth=0.9, alpha=0.6, zorder=1)
                axes.scatter([x], [ys[zone]], s=60, color=colour[most], edgecolors="#333333", linewidths=0.5, zorder=3)
                offset = -0.04 if align == "right" else 0.04
                axes.text(x + offset, ys[zone], label_text(data["label"]), ha=align, va="center", fontsize=8)
        for province in provinces:
            chinese = graph.nodes[province]["label_zh"] if province in graph else ""
            name = name_of(label[province], chinese).replace("\n", " ") if province else "(no province recorded)"
            axes.text(1.0, y_mid[province], name, ha="center", va="center", fontsize=8.5, zorder=4,
                      bbox={"boxstyle": "round,pad=0.3", "facecolor": "#e8f5e9", "edgecolor": "#2e7d32"})  # fmt: skip
        axes.text(
            0.0, rows + 0.3, printable(f"MOST pilot zones ({_shown(len(left), total[True])})"), ha="right", fontsize=10, weight="bold"
        )
        axes.text(
            2.0, rows + 0.3, printable(f"MIIT pilot zones ({_shown(len(right), total[False])})"), ha="left", fontsize=10, weight="bold"
        )
        axes.text(1.0, rows + 0.3, "province", ha="center", fontsize=10, weight="bold")
        axes.set_xlim(-2.3, 4.3)
        axes.set_ylim(-0.8, rows + 0.9)
        axes.axis("off")
        axes.set_title("National AI pilot zones and the provinces they lie in")
        return saved(figure, fmt)


def _shown(drawn: int, total: int) -> str:
    return str(total) if drawn == total else f"the {drawn} with most relations of {total}"
