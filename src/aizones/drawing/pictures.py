"""Every picture of the graph, for the command line and for the build's ``dist/viz/``.

``visualise`` is what ``aizones viz`` calls: the interactive page, or with an ``.svg`` / ``.png``
output a static diagram of the same selection. ``write_pictures`` fills a folder with the page,
the zone overview, the map of the zones, the completeness of each zone's profile, the neighbourhoods of the best-connected places, and the charts with most
figures; ``add_to_build`` hands that to the build (``build(extra_outputs=...)``) so that the files
land in ``dist/viz/`` and in the manifest, published atomically with the rest. The build's set is
bounded by the caps below, whatever the size of the graph: past them it shows the most
informative part and says what it left out, and ``aizones viz`` draws any other part.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from aizones.core import forkpool
from aizones.core.errors import OutputError, UsageError
from aizones.core.formats import PICTURE_FORMATS
from aizones.core.namespaces import AIZ
from aizones.drawing.charts import choose_charts, indicator_chart, over_time_chart, targets_chart
from aizones.drawing.completeness import ZoneFacets, completeness_chart, zone_facets
from aizones.drawing.diagrams import neighbourhood_diagram, zone_overview, zone_sides
from aizones.drawing.figure_rows import FigureRow, figure_rows
from aizones.drawing.full_nodes import outline_rows, project_part
from aizones.drawing.outline import Outline
from aizones.drawing.page import render_page
from aizones.drawing.plotting import printable
from aizones.drawing.projection import local_name, project
from aizones.drawing.selection import induced, overview, overview_nodes, select
from aizones.drawing.zone_map import ZonePlace, zone_map, zone_places
from aizones.publishing.layout import PICTURES_FOLDER

if TYPE_CHECKING:
    import networkx as nx

    from aizones.core.dataset import Dataset
    from aizones.publishing.staging import Staging

# Caps on what the build draws, so that its pictures cost the same on a graph of any size: every
# chart or diagram is two files, SVG and PNG, of about half a second each. The real graph needs
# 1 over-time, 4 indicator and 1 targets chart, and has 18 MOST and 11 MIIT zones; the caps leave
# room above that. (Diagrams and charts have caps of their own: ``diagrams.NEIGHBOURS``,
# ``charts.BARS`` and ``charts.PANELS``.)
FOCUS_DIAGRAMS = 3  # neighbourhood diagrams, of the places with most relations
OVER_TIME_CHARTS = 3  # a place's figures by year, for the places with most dated figures
INDICATOR_CHARTS = 6  # an indicator across places, for those reported by the most places
TARGETS_CHARTS = 3  # targets against actuals, for the subjects with most such figures
OVERVIEW_ZONES = 40  # zones of each programme in the zone overview, the best connected
PAGE_NODES = 5_000  # entities on the build's page: a seeded layout of this many takes seconds
WORKERS = forkpool.WORKERS  # processes drawing at once (1 draws in this process)


def visualise(
    dataset: Dataset, *, fmt: str = "html", focus: str | None = None, depth: int = 1, kinds: Iterable[str] = (), province: str | None = None
) -> bytes:
    """The page (``html``) or a static diagram (``svg``, ``png``) of the chosen part of the graph.

    A static diagram shows the neighbourhood of ``focus`` when one is given, else the zone overview.
    """
    if fmt not in PICTURE_FORMATS:
        raise UsageError(f"cannot draw {fmt!r}: the output must end in .html, .svg or .png")
    graph = project(dataset)
    if fmt == "html":
        return render_page(
            select(graph, focus=focus, depth=depth, kinds=list(kinds), province=province), located=tuple(zone_places(dataset))
        )

    narrowed = select(graph, kinds=list(kinds), province=province) if (kinds or province) else graph
    if focus:
        return neighbourhood_diagram(narrowed, focus, depth, fmt)
    return zone_overview(narrowed, fmt)


def slug(iri: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", local_name(iri).lower()).strip("-") or "entity"


def write_pictures(dataset: Dataset, folder: Path) -> list[str]:
    """Write the page, the diagrams and the charts into ``folder``; return the file names.

    However large the graph, the set is bounded (see the caps above): the page shows an overview of
    at most ``PAGE_NODES`` entities, the overview at most ``OVERVIEW_ZONES`` zones a side, and each
    kind of chart is drawn for at most its cap of subjects, the ones with most figures. The choice is
    made on the whole graph's outline, and only the nodes drawn are built in full (``_lean_choice``).
    """
    plan = _plan(_lean_choice(dataset))
    for (name, _draw), data in zip(plan, _drawn(plan), strict=True):
        (folder / name).write_bytes(data)
    return [name for name, _draw in plan]


def picture_plan(
    graph: nx.MultiDiGraph, located: tuple[ZonePlace, ...] = (), facets: tuple[ZoneFacets, ...] = ()
) -> list[tuple[str, Callable[[], bytes]]]:
    """Every file the build writes, with the function that draws it, from the whole projection: the page first (the slowest).

    ``write_pictures`` makes the same files from a dataset without projecting all of it; the zone map
    is drawn when ``located`` (``zone_map.zone_places`` of the dataset) places a zone, the completeness
    chart when ``facets`` (``completeness.zone_facets`` of the dataset) has a zone.
    """
    of_kind = _kinds_of(dict(graph.nodes(data="kind")), graph.graph["classes"])
    shown = overview(graph, PAGE_NODES)
    return _plan(
        _Choice(
            page=shown,
            words=page_words(shown, graph.number_of_nodes(), graph.number_of_edges()),
            drawn=graph,
            zones=bool(of_kind(AIZ.PilotZone)),
            focus=best_connected(of_kind, graph.degree(), FOCUS_DIAGRAMS),
            rows=figure_rows(graph),
            places=set(of_kind(AIZ.Region, AIZ.PilotZone)),
            located=located,
            facets=facets,
        )
    )


@dataclass(frozen=True)
class _Choice:
    """What the build draws, chosen on the whole graph: the page's part, the graph the diagrams draw,
    the places to draw around, and the charts' rows. ``degree`` and ``totals`` are the whole graph's
    when ``drawn`` is only the part of it the diagrams need (``None``: ``drawn`` is the whole graph)."""

    page: nx.MultiDiGraph
    words: dict[str, str]
    drawn: nx.MultiDiGraph
    zones: bool
    focus: list[str]
    rows: list[FigureRow]
    places: set[str]
    degree: Mapping[str, int] | None = None
    totals: dict[bool, int] | None = None
    located: tuple[ZonePlace, ...] = ()  # the zones at their places, for the map
    facets: tuple[ZoneFacets, ...] = ()  # each zone's facet counts, for the completeness chart


def _lean_choice(dataset: Dataset) -> _Choice:
    """``picture_plan``'s choice, made on ``outline.Outline`` and drawn from the chosen nodes alone.

    The nodes built in full: the page's, the overview's zones and their provinces, and the focus
    places with their neighbours. The diagrams, given the whole graph's degrees and zone counts,
    draw from them what they would draw from the whole projection.
    """
    outline = Outline(dataset)
    kinds, classes, degree = outline.kinds, outline.public, outline.degree
    of_kind = _kinds_of(kinds, classes)
    page = set(kinds) if len(kinds) <= PAGE_NODES else overview_nodes(kinds, classes, degree, PAGE_NODES)
    left, right, totals = zone_sides(kinds.items(), classes, degree, OVERVIEW_ZONES)
    focus = best_connected(of_kind, degree, FOCUS_DIAGRAMS)
    zones = left + right
    drawn = project_part(outline, page | set(zones) | {z for z in map(outline.province_of, zones) if z} | outline.around(focus))
    shown = drawn if len(page) == len(kinds) else induced(drawn, page)
    return _Choice(
        page=shown,
        words=page_words(shown, len(kinds), len(outline.edges)),
        drawn=drawn,
        zones=bool(zones),
        focus=focus,
        rows=outline_rows(outline),
        places=set(of_kind(AIZ.Region, AIZ.PilotZone)),
        degree=degree,
        totals=totals,
        located=tuple(zone_places(dataset)),
        facets=tuple(zone_facets(dataset)),
    )


def _plan(choice: _Choice) -> list[tuple[str, Callable[[], bytes]]]:
    shown = choice.page
    plan: list[tuple[str, Callable[[], bytes]]] = [("graph.html", partial(render_page, shown, **choice.words, located=choice.located))]

    def both(stem: str, draw: Callable[..., tuple[bytes, ...]], *args, **kwargs) -> None:
        # one figure saved as SVG and as PNG: the same bytes as two drawings, in half the work
        drawing = partial(draw, *args, fmt=BOTH, **kwargs)
        plan.extend((f"{stem}.{fmt}", partial(_one_of, drawing, number)) for number, fmt in enumerate(BOTH))

    whole = {} if choice.degree is None else {"degree": choice.degree}
    if choice.zones:
        both("zones-overview", zone_overview, choice.drawn, limit=OVERVIEW_ZONES, totals=choice.totals, **whole)
    if choice.located:
        both("zones-map", zone_map, list(choice.located))
    if choice.facets:
        both("zones-completeness", completeness_chart, list(choice.facets))
    for node in choice.focus:
        both(f"neighbourhood-{slug(node)}", neighbourhood_diagram, choice.drawn, node, 1, **whole)
    rows, places = choice.rows, choice.places
    chosen = choose_charts(rows, places, over_time=OVER_TIME_CHARTS, indicator=INDICATOR_CHARTS, targets=TARGETS_CHARTS)
    for subject in chosen["over-time"]:
        both(f"over-time-{slug(subject)}", over_time_chart, rows, subject)
    for indicator, unit in chosen["indicator"]:
        both(f"indicator-{slug(indicator)}-{slug(unit)}", indicator_chart, rows, indicator, unit, subjects=places)
    for subject in chosen["targets"]:
        both(f"targets-{slug(subject)}", targets_chart, rows, subject)
    return plan


BOTH = ("svg", "png")  # the formats of every diagram and chart, drawn from one figure


def _one_of(drawing: Callable[[], tuple[bytes, ...]], number: int) -> bytes:
    """One file of a drawing that makes several (``_drawn`` runs the drawing once for all of them)."""
    return drawing()[number]


def _kinds_of(kinds: Mapping[str, str], classes: Mapping[str, dict]) -> Callable[..., list[str]]:
    """``of_kind(*classes)``: the nodes whose kind is one of ``classes`` or a subclass, in node order.

    Decided once per kind, not per node: a million-triple graph has 90,000 nodes and a dozen kinds.
    """
    present = set(kinds.values())

    def of_kind(*wanted: str) -> list[str]:
        chosen = {k for k in present if not set(wanted).isdisjoint(classes[k]["ancestors"])}
        return [n for n, kind in kinds.items() if kind in chosen]

    return of_kind


def _warm_up() -> None:
    """Import matplotlib and read the fonts once, before the fork, rather than once in every worker."""
    import matplotlib.backends.backend_agg
    import matplotlib.backends.backend_svg
    import matplotlib.figure  # noqa: F401

    printable("")


def _drawn(plan: list[tuple[str, Callable[[], bytes]]]) -> list[bytes]:
    """Each picture's bytes, in plan order, drawn by up to ``WORKERS`` forked processes.

    matplotlib draws in Python, under the GIL, so only separate processes draw at the same time.
    Forked workers inherit the graph and the figures (``aizones.core.forkpool``: nothing is pickled on
    the way out, only the bytes on the way back); each picture is a function of them alone, so the
    files are the same bytes however the work is shared (``tests/drawing/test_pictures.py`` checks it).
    """
    # The files one drawing makes (``both`` in ``picture_plan``) are drawn once, by one worker.
    works: list[Callable[[], object]] = []
    where: list[tuple[int, int | None]] = []  # each file: which work, and which of its files
    shared: dict[int, int] = {}
    for _name, draw in plan:
        if isinstance(draw, partial) and draw.func is _one_of:
            drawing, number = draw.args
            if id(drawing) not in shared:
                shared[id(drawing)] = len(works)
                works.append(drawing)
            where.append((shared[id(drawing)], number))
        else:
            where.append((len(works), None))
            works.append(draw)
    pool = forkpool.ForkPool(forkpool.affordable(min(WORKERS, forkpool.cores(), len(works))))
    if pool.workers >= 2:
        _warm_up()
        # The workers inherit the graph; left to the cycle collector, each of them would walk it
        # and write to every object's header, copying the whole of it page by page.
        gc.freeze()
    try:
        for work in works:
            pool.submit(work)
        done = pool.results()
        return [done[work] if number is None else done[work][number] for work, number in where]
    except forkpool.ForkError as error:
        raise OutputError(
            "a process drawing the pictures stopped unexpectedly (out of memory?); build with --no-pictures to leave them out"
        ) from error
    finally:
        pool.abandon()
        gc.unfreeze()


def page_words(shown: nx.MultiDiGraph, nodes: int, edges: int) -> dict[str, str]:
    """The title of the build's page, and when the page shows only part of the graph (of ``nodes``
    entities and ``edges`` relations), the note saying so."""
    if shown.number_of_nodes() == nodes:
        return {}
    left_out = nodes - shown.number_of_nodes()
    return {
        "title": f"{shown.number_of_nodes():,} of {nodes:,} entities and {shown.number_of_edges():,} of {edges:,} relations",
        "note": (
            f"{left_out:,} entities are left out: a page stays quick with up to {PAGE_NODES:,}, so this one shows every "
            "pilot zone, programme and province, then the entities with most relations. "
            "aizones viz --focus ENTITY, --kind CLASS or --province PROVINCE draws any part of the graph."
        ),
    }


def best_connected(of_kind: Callable[..., list[str]], degree: Mapping[str, int], count: int) -> list[str]:
    """The places (regions, countries and macro-regions aside) with the most relations, most first, then by IRI."""
    places = sorted(set(of_kind(AIZ.Region)) - set(of_kind(AIZ.Country, AIZ.MacroRegion)))
    return sorted(places, key=lambda n: (-degree[n], n))[:count]


def add_to_build(dataset: Dataset, staging: Staging) -> None:
    """The build's hook: the pictures go into ``viz/`` of the output folder and its manifest."""
    staging.add_tree(PICTURES_FOLDER, lambda folder: write_pictures(dataset, folder))
