"""Some nodes of the projection, with everything ``projection.project`` gives them, built from an ``outline.Outline``.

``project_part(outline, nodes)`` is ``projection.project``'s graph on ``nodes`` only: the same node
and edge attributes (panel facts, figures, sources, province, programme), the same graph attributes,
nodes in sorted order and edges added in ``project``'s order, so that whatever the pictures draw
from it is the same bytes as drawn from the whole projection. Only what a node's attributes depend
on beyond itself is taken from the whole graph: its incoming edges' graphs (its ``sources``), the
place links it reaches its province through, and the figures about it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aizones.drawing.figure_rows import FigureRow, figure_row, sorted_rows
from aizones.drawing.node_panel import node_facts, shown_figure
from aizones.drawing.projection import PROGRAMME, _statements, add_edges, add_nodes, complete

if TYPE_CHECKING:
    import networkx as nx

    from aizones.drawing.outline import Outline


def project_part(outline: Outline, nodes: set[str]) -> nx.MultiDiGraph:
    """The projection's graph on ``nodes`` (nodes of ``outline.kinds``), as ``projection.project`` builds it."""
    import networkx as nx

    kinds = outline.kinds
    graph = nx.MultiDiGraph(sources=outline.sources(), classes=outline.public, relations={})
    add_nodes(graph, nodes, kinds, outline.lineage, outline)
    node_sources: dict[str, set[str]] = {entity: set() for entity in graph}
    edges = []
    for (subject, predicate, obj), graphs in outline.edges.items():
        if obj in node_sources:
            node_sources[obj].update(graphs)
            if subject in node_sources:
                edges.append((subject, predicate, obj, graphs))
    programmes: dict[str, str] = {}
    facts: dict[str, list[dict]] = {}
    for entity in graph:
        statements = _statements(outline.statements_of(entity))
        sources = node_sources[entity]
        programme = []
        for (predicate, obj), graphs in statements.items():
            sources.update(graphs)
            if predicate == PROGRAMME and not obj.startswith('"'):
                programme.append(obj)
        programmes[entity] = min(programme, default="")
        facts[entity] = node_facts(statements, outline, kinds)
    add_edges(graph, edges, outline)
    for entity, data in graph.nodes(data=True):
        complete(data, node_sources[entity], outline.province_of(entity), programmes[entity], facts[entity], outline)
    for figure, parts in outline.figures.items():  # in IRI order, as project attaches them
        about = [s for s in dict.fromkeys(parts.about) if s in kinds]
        if any(s in node_sources for s in about):
            shown = shown_figure(figure, parts, outline)
            for number, subject in enumerate(about):
                if subject in node_sources:
                    graph.nodes[subject]["figures"].append({**shown, "sources": list(shown["sources"])} if number else shown)
    return graph


def outline_rows(outline: Outline) -> list[FigureRow]:
    """``figure_rows.figure_rows`` of the whole projection, from the outline's figures alone."""
    rows = []
    for figure, parts in outline.figures.items():
        about = [s for s in dict.fromkeys(parts.about) if s in outline.kinds]
        if about:
            shown = shown_figure(figure, parts, outline)
            rows.extend(figure_row(subject, outline.label(subject, "en"), shown) for subject in about)
    return sorted_rows(row for row in rows if row is not None)
