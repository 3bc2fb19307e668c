"""The one projection from the RDF dataset to a networkx graph: the page, the diagrams and the exports all draw it.

``project(dataset)`` returns a ``networkx.MultiDiGraph`` built from the *asserted* graphs only (the
OWL RL closure would add every transitive ``locatedIn`` and every inverse as an edge of its own):

Nodes
    Every IRI that a data file types with a class the ontology declares (``owl:Class``), except
    reported figures, source documents and SKOS concepts: those are details *of* nodes, shown in
    their panel, not things on the map. The node key is the IRI.
Edges
    Every asserted triple whose subject and object are both nodes (``rdf:type`` aside), directed
    from subject to object, keyed by the property IRI; the same triple in two files is one edge
    whose ``sources`` lists both named graphs. The two properties of an ``owl:inverseOf`` pair
    (``aiz:designation`` / ``aiz:designates``, ``operatedBy`` / ``operates``, ``madeBy`` / ``makes``)
    are one relation drawn once: always by the declaring side (``designation``, ``operatedBy``,
    ``madeBy``), from its subject to its object, so ``d designates z`` is the edge ``z designation
    d``, and a pair stated both ways is one edge with the graphs of both (degrees are not doubled).
Node attributes
    ``label`` / ``label_zh``: the English and Chinese label, by ``aizones.core.labels.pick_label``
    (``rdfs:label``, else ``skos:prefLabel``, ...); the English one falls back to the IRI's local name. ``kind``: the most specific class the entity
    is typed with (``aiz:`` classes first), with ``kind_label`` and ``family`` (its top class in
    the same namespace, which sets its colour). ``province``: the province-level division reached
    through ``aiz:locatedIn``, transitively; an entity with no location of its own is placed
    through the first of ``PLACE_LINKS`` it has (a zone through the region it covers, a facility
    through its operator, ...). ``programme``: the ``aiz:programme`` of a zone (or of anything that
    names one). ``sources``: the named graphs holding a triple about it (as subject, or as the
    object of an edge), and ``source_count``. ``facts``: every asserted property value with the
    named graphs stating it; ``figures``: the reported figures whose ``aiz:subject`` it is.
Graph attributes
    ``sources`` (named graph → file and title: the one ``aiz:SourceDocument`` of a file under
    ``graph/sources/``, else the file's path), ``classes`` (every declared class with its labels and
    ancestors) and ``relations`` (property → English and Chinese labels).

``asserted_index`` reads the triples (once, at about two microseconds a quad, which is most of the
cost at a million triples), ``node_panel`` shapes a node's facts and figures, and this module
decides nodes, edges, kinds and places. The output, down to the order of nodes, edges, attributes
and facts, is what the pictures' byte-for-byte reproducibility rests on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from contextlib import contextmanager
from typing import TYPE_CHECKING

from aizones.core.dataset import Dataset
from aizones.core.namespaces import AIZ, RDF, SKOS
from aizones.drawing.asserted_index import Asserted, local_name, readable_name
from aizones.drawing.node_panel import node_facts, reported_figure

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["PLACE_LINKS", "local_name", "project", "readable_name"]  # pictures and selection name entities with these

# Where an entity without an aiz:locatedIn of its own is placed, tried in this order.
PLACE_LINKS: tuple[str, ...] = (
    "locatedIn",
    "heldIn",
    "partOf",
    "coversRegion",
    "coreArea",
    "headquarteredIn",
    "jurisdiction",
    "producedAt",
    "hostedBy",
    "operatedBy",
    "madeBy",
    "designates",
    "signedAt",
    "issuedBy",
    "concernsZone",
)
# Terms are spelt out once here, not in the loops: ``AIZ.x`` checks the name against the ontology's
# term list, and at a million triples the loops would do that millions of times.
LINKS: tuple[str, ...] = tuple(AIZ[name] for name in PLACE_LINKS)
LINK_SET = frozenset(LINKS)
HIDDEN = frozenset({AIZ.ReportedFigure, AIZ.SourceDocument, SKOS.Concept, SKOS.ConceptScheme})
PROVINCE = AIZ.ProvinceLevelDivision
PROGRAMME = AIZ.programme
REPORTED_FIGURE = AIZ.ReportedFigure
TYPE = RDF.type


def project(dataset: Dataset) -> nx.MultiDiGraph:
    """The dataset's asserted graphs as a directed multigraph (see the module docstring for the rules)."""
    with _cycle_collector_paused():
        return _project(dataset)


@contextmanager
def _cycle_collector_paused():
    """Hold Python's cycle collector back while the projection is built, and run it once at the end.

    The projection makes millions of small dicts, lists and tuples and no reference cycles, but the
    collector walks every tracked object again each time their number grows by a quarter: at a
    million triples that was half the projection's time. One full collection at the end (about
    0.6 s there) also leaves the returned graph in the oldest generation, where the collector
    rarely looks, instead of walking it three times over as young objects once enabled again.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


def _project(dataset: Dataset) -> nx.MultiDiGraph:
    import networkx as nx

    index = Asserted(dataset)
    classes = index.classes()
    kinds = _kinds(index.types, classes)
    graph = nx.MultiDiGraph(sources=index.sources(), classes={k: _public(v) for k, v in sorted(classes.items())}, relations={})
    add_nodes(graph, kinds, kinds, classes, index)
    # One pass over each node's statements gathers its edges, places, programme and facts; the
    # statements of figures, documents and concepts are never grouped.
    node_sources: dict[str, set[str]] = {entity: set() for entity in graph}
    edges: list[tuple[str, str, str, list[str]]] = []
    links: dict[str, list[list[str]]] = {}
    programmes: dict[str, str] = {}
    facts: dict[str, list[dict]] = {}
    for entity in graph:
        statements = _statements(index.rows.get(entity, ()))
        sources = node_sources[entity]
        reached: dict[str, list[str]] = {}
        programme = []
        for (predicate, obj), graphs in statements.items():
            sources.update(graphs)
            if obj in kinds and predicate != TYPE:
                edges.append((entity, predicate, obj, graphs))
                node_sources[obj].update(graphs)
                if predicate in LINK_SET:
                    reached.setdefault(predicate, []).append(obj)
            if predicate == PROGRAMME and not obj.startswith('"'):
                programme.append(obj)
        links[entity] = [sorted(reached[link]) for link in LINKS if link in reached] if reached else []
        programmes[entity] = min(programme, default="")
        facts[entity] = node_facts(statements, index, kinds)
    add_edges(graph, edges, index)
    provinces = {e for e, k in kinds.items() if PROVINCE in classes[k]["lineage"]}
    for entity, data in graph.nodes(data=True):
        complete(data, node_sources[entity], _province(entity, links, provinces), programmes[entity], facts[entity], index)
    figure_classes = {c for c, info in classes.items() if REPORTED_FIGURE in info["lineage"]}
    for figure in sorted(e for e, types in index.types.items() if not types.isdisjoint(figure_classes)):
        shown, about = reported_figure(figure, index.rows.get(figure, ()), index)
        for number, subject in enumerate(dict.fromkeys(s for s in about if s in kinds)):
            # a figure about two nodes gets a dict of its own in each, as if made twice
            graph.nodes[subject]["figures"].append({**shown, "sources": list(shown["sources"])} if number else shown)
    return graph


def add_nodes(graph: nx.MultiDiGraph, entities: Iterable[str], kinds: dict[str, str], classes: dict[str, dict], index: Asserted) -> None:
    """``entities`` as nodes, in sorted order, with their labels and kind (``full_nodes`` adds some of them alike)."""
    for entity in sorted(entities):
        kind = kinds[entity]
        graph.add_node(
            entity,
            label=index.label(entity, "en"),
            label_zh=index.label(entity, "zh"),
            kind=kind,
            kind_label=classes[kind]["label"],
            family=classes[kind]["family"],
        )


def add_edges(graph: nx.MultiDiGraph, edges: list[tuple[str, str, str, list[str]]], index: Asserted) -> None:
    """``(subject, property, object, graphs)`` as edges, in that order, and their properties into ``relations``.

    An edge by the undrawn side of an inverse pair (``Asserted.inverses``) is turned round onto the
    drawn side, and one by both sides is one edge whose ``sources`` are both sides' graphs."""
    drawn_as = index.inverses()
    merged: dict[tuple[str, str, str], set[str]] = {}
    for subject, predicate, obj, graphs in edges:
        if predicate in drawn_as:
            subject, predicate, obj = obj, drawn_as[predicate], subject
        merged.setdefault((subject, predicate, obj), set()).update(graphs)
    relations = graph.graph["relations"]
    for (subject, predicate, obj), graphs in sorted(merged.items()):
        if predicate not in relations:
            relations[predicate] = {"label": index.label(predicate, "en"), "label_zh": index.label(predicate, "zh")}
        label = relations[predicate]["label"]
        graph.add_edge(subject, obj, key=predicate, relation=predicate, label=label, sources=sorted(graphs))


def complete(data: dict, sources: set[str], province: str, programme: str, facts: list[dict], index: Asserted) -> None:
    """A node's attributes beyond its labels and kind; its ``figures`` come after."""
    data["sources"] = sorted(sources)
    data["source_count"] = len(data["sources"])
    data["province"] = province
    data["province_label"] = index.label(province, "en") if province else ""
    data["programme"] = programme
    data["programme_label"] = index.label(programme, "en") if programme else ""
    data["facts"] = facts
    data["figures"] = []


def _statements(rows) -> dict[tuple[str, str], list[str]]:
    """``(predicate, object key) -> graphs stating it``: one entry per distinct triple, first seen first."""
    found: dict[tuple[str, str], list[str]] = {}
    for predicate, obj, graph in rows:
        graphs = found.get((predicate, obj))
        if graphs is None:
            found[(predicate, obj)] = [graph]
        elif graph not in graphs:
            graphs.append(graph)
    return found


def _kinds(types: dict[str, set[str]], classes: dict[str, dict]) -> dict[str, str]:
    """Each entity shown as a node and its kind: typed with a declared class, none of them hidden."""
    kinds: dict[str, str] = {}
    decided: dict[frozenset[str], str] = {}  # entities share a handful of type sets
    for entity, found in types.items():
        key = frozenset(found)
        kind = decided.get(key)
        if kind is None:
            declared = [t for t in found if t in classes]
            hidden = not declared or any(HIDDEN & classes[t]["lineage"] for t in declared)
            kind = decided[key] = "" if hidden else _most_specific(declared, classes)
        if kind:
            kinds[entity] = kind
    return kinds


def _public(info: dict) -> dict:
    return {"label": info["label"], "label_zh": info["label_zh"], "family": info["family"], "ancestors": sorted(info["lineage"])}


def _most_specific(types: list[str], classes: dict[str, dict]) -> str:
    """The type none of the others is a subclass of; ``aiz:`` classes before others, then by IRI."""
    leaves = [t for t in types if not any(t != other and t in classes[other]["lineage"] for other in types)]
    return sorted(leaves, key=lambda t: (t not in AIZ, t))[0]


def _province(entity: str, links: dict[str, list[list[str]]], provinces: set[str]) -> str:
    """The province-level division an entity lies in: breadth first along ``PLACE_LINKS``.

    ``links[node]`` holds, per place link the node has, the nodes it reaches (sorted).
    """
    seen, frontier = {entity}, [entity]
    while frontier:
        following: list[str] = []
        for current in frontier:
            if current in provinces:
                return current
            for reached in links[current]:
                targets = [t for t in reached if t not in seen]
                if targets:  # the first link the entity has decides; later ones are only fallbacks
                    following.extend(targets)
                    seen.update(targets)
                    break
        frontier = following
    return ""
