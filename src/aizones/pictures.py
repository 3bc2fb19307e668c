"""Every picture of the graph, for the command line and for the build's ``dist/viz/``.

``visualise`` is what ``aizones viz`` calls: the interactive page, or with an ``.svg`` / ``.png``
output a static diagram of the same selection. ``write_pictures`` fills a folder with the page,
the zone overview, the neighbourhoods of the best-connected places, and every chart the figures
allow; ``add_to_build`` hands that to the build (``build(extra_outputs=...)``) so that the files
land in ``dist/viz/`` and in the manifest, published atomically with the rest.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from aizones.errors import UsageError
from aizones.namespaces import AIZ
from aizones.projection import local_name

if TYPE_CHECKING:
    import networkx as nx

    from aizones.dataset import Dataset
    from aizones.publish import Staging

PICTURE_FORMATS = ("html", "svg", "png")
FOLDER = "viz"
FOCUS_DIAGRAMS = 3  # neighbourhood diagrams the build draws, for the places with most relations


def visualise(
    dataset: Dataset, *, fmt: str = "html", focus: str | None = None, depth: int = 1, kinds: Iterable[str] = (), province: str | None = None
) -> bytes:
    """The page (``html``) or a static diagram (``svg``, ``png``) of the chosen part of the graph.

    A static diagram shows the neighbourhood of ``focus`` when one is given, else the zone overview.
    """
    from aizones.projection import project
    from aizones.selection import select

    if fmt not in PICTURE_FORMATS:
        raise UsageError(f"cannot draw {fmt!r}: the output must end in .html, .svg or .png")
    graph = project(dataset)
    if fmt == "html":
        return _page(select(graph, focus=focus, depth=depth, kinds=list(kinds), province=province))
    from aizones.diagrams import neighbourhood_diagram, zone_overview

    narrowed = select(graph, kinds=list(kinds), province=province) if (kinds or province) else graph
    if focus:
        return neighbourhood_diagram(narrowed, focus, depth, fmt)
    return zone_overview(narrowed, fmt)


def _page(graph: nx.MultiDiGraph) -> bytes:
    from aizones.graphpage import render_page

    return render_page(graph)


def slug(iri: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", local_name(iri).lower()).strip("-") or "entity"


def write_pictures(dataset: Dataset, folder: Path) -> list[str]:
    """Write the page, the diagrams and the charts into ``folder``; return the file names."""
    from aizones.charts import indicator_chart, over_time_chart, target_pairs, targets_chart
    from aizones.diagrams import neighbourhood_diagram, zone_overview
    from aizones.figures import figure_rows
    from aizones.projection import project

    graph = project(dataset)
    written: list[str] = []

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        written.append(name)

    put("graph.html", _page(graph))
    classes = graph.graph["classes"]
    if any(AIZ.PilotZone in classes[d["kind"]]["ancestors"] for _, d in graph.nodes(data=True)):
        for fmt in ("svg", "png"):
            put(f"zones-overview.{fmt}", zone_overview(graph, fmt))
    for node in best_connected(graph, FOCUS_DIAGRAMS):
        for fmt in ("svg", "png"):
            put(f"neighbourhood-{slug(node)}.{fmt}", neighbourhood_diagram(graph, node, 1, fmt))
    rows = figure_rows(graph)
    places = {n for n, d in graph.nodes(data=True) if {AIZ.Region, AIZ.PilotZone} & set(classes[d["kind"]]["ancestors"])}
    years: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    subjects: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        if row.year is not None:
            years[(row.subject, row.indicator, row.unit)].add(row.year)
        if row.subject in places and not row.target:
            subjects[(row.indicator, row.unit)].add(row.subject)
    for subject in sorted({s for (s, _i, _u), found in years.items() if len(found) > 1 and s in places}):
        for fmt in ("svg", "png"):
            put(f"over-time-{slug(subject)}.{fmt}", over_time_chart(rows, subject, fmt))
    for indicator, unit in sorted(key for key, found in subjects.items() if len(found) > 1):
        for fmt in ("svg", "png"):
            put(f"indicator-{slug(indicator)}-{slug(unit)}.{fmt}", indicator_chart(rows, indicator, unit, fmt, subjects=places))
    by_subject: dict[str, list] = defaultdict(list)
    for row in rows:
        by_subject[row.subject].append(row)
    for subject in sorted(s for s, mine in by_subject.items() if target_pairs(mine, s)):
        for fmt in ("svg", "png"):
            put(f"targets-{slug(subject)}.{fmt}", targets_chart(rows, subject, fmt))
    return written


def best_connected(graph: nx.MultiDiGraph, count: int) -> list[str]:
    """The places (regions, countries and macro-regions aside) with the most relations, most first, then by IRI."""
    classes = graph.graph["classes"]
    places = [
        n
        for n, d in graph.nodes(data=True)
        if AIZ.Region in classes[d["kind"]]["ancestors"] and not {AIZ.Country, AIZ.MacroRegion} & set(classes[d["kind"]]["ancestors"])
    ]
    degree = graph.degree()
    return sorted(places, key=lambda n: (-degree[n], n))[:count]


def add_to_build(dataset: Dataset, staging: Staging) -> None:
    """The build's hook: the pictures go into ``viz/`` of the output folder and its manifest."""
    staging.add_tree(FOLDER, lambda folder: write_pictures(dataset, folder))
