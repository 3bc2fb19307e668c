"""The whole graph in outline, for choosing what the build draws: nodes, kinds, labels, edges and figures, no panels.

``projection.project`` builds every node of the graph with its panel (facts, figures, sources):
at a million triples that is 90,000 nodes, six seconds and 700 MB, of which the build's page and
diagrams show about 5,000. The outline reads the same asserted graphs as ``asserted_index.Asserted``
(of which it is a subclass: the labels, notations, classes and sources are read the same way), but
keeps of the data graphs only what choosing needs:

- every entity's types, hence the nodes and their kinds (``projection``'s rules);
- the node-to-node edges, each distinct triple once with the graphs stating it (an inverse pair's
  two triples as the one edge the projection draws), hence every node's degree and place in the
  whole graph;
- each reported figure's parts (``node_panel.FigureParts``), hence the charts' rows.

What a drawn node needs besides (its statements, for the panel and its programme) is read back from
the store for that node alone (``statements_of``); ``full_nodes.project_part`` builds those nodes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from aizones.core.dataset import ROLE_DATA, Dataset
from aizones.core.labels import LABEL_RANKS
from aizones.drawing.asserted_index import SOURCE_DOCUMENT, TYPE, Asserted, key_value, term_key
from aizones.drawing.node_panel import FIGURE_PARTS, FIGURE_SUBJECT, FigureParts
from aizones.drawing.projection import LINK_SET, LINKS, PROVINCE, REPORTED_FIGURE, _kinds, _province, _public

FIGURE_KEYED = frozenset((*FIGURE_PARTS, FIGURE_SUBJECT))  # a figure's rows whose object matters, not only their graph


class Outline(Asserted):
    """The asserted graphs without their rows: ``kinds``, ``edges``, ``degree``, ``figures``, labels and classes.

    ``edges[(subject, property, object)]`` lists the graphs stating that triple (or its inverse), first seen first;
    ``figures[iri]`` holds what each reported figure states.
    """

    def _read_data(self, dataset: Dataset) -> None:
        store, graphs = dataset.store, dataset.graphs(ROLE_DATA)
        self.order = {graph: number for number, graph in enumerate(graphs)}  # a graph's place in the project
        self.names = [graph.value for graph in graphs]
        for graph in graphs:
            self._read_types(store, graph)
        classes = self.classes()
        self.kinds: dict[str, str] = dict(sorted(_kinds(self.types, classes).items()))
        figure_classes = {c for c, info in classes.items() if REPORTED_FIGURE in info["lineage"]}
        self.figures: dict[str, FigureParts] = {
            e: FigureParts() for e, types in sorted(self.types.items()) if not types.isdisjoint(figure_classes)
        }
        self.edges: dict[tuple[str, str, str], list[str]] = {}
        nodes = {n: n for n in self.kinds}  # one string per node, shared by all its edges
        for graph in graphs:
            self._read_edges(store, graph, nodes)
        # the classes again, now that every label is read (a data file may label a class too)
        self._picked.clear()
        self.lineage = self.classes()
        self.public = {k: _public(v) for k, v in sorted(self.lineage.items())}
        self.degree: dict[str, int] = dict.fromkeys(self.kinds, 0)  # as networkx counts it: a loop twice
        self._reached: dict[str, dict[str, list[str]]] = defaultdict(dict)  # node -> place link -> nodes
        for subject, predicate, obj in self.edges:
            if predicate in LINK_SET:  # places follow the triples as stated (``designates`` is a place link)
                self._reached[subject].setdefault(predicate, []).append(obj)
        self.edges = self._drawn(self.edges)
        for subject, _predicate, obj in self.edges:
            self.degree[subject] += 1
            self.degree[obj] += 1
        self.provinces = {e for e, k in self.kinds.items() if PROVINCE in self.lineage[k]["lineage"]}
        self._links = _Links(self._reached)

    def _read_types(self, store: ox.Store, graph: ox.NamedNode) -> None:
        for quad in store.quads_for_pattern(None, ox.NamedNode(TYPE), None, graph):
            if type(quad.subject) is ox.NamedNode and type(quad.object) is ox.NamedNode:
                iri, key = quad.subject.value, quad.object.value
                self.types[iri].add(key)
                if key == SOURCE_DOCUMENT:
                    self.documents[graph.value].append(iri)

    def _read_edges(self, store: ox.Store, graph: ox.NamedNode, nodes: dict[str, str]) -> None:
        """One pass over a data graph: the edges between nodes, the figures' parts, and labels."""
        name = graph.value
        figures, edges, labels, label_ranks = self.figures, self.edges, self.labels, LABEL_RANKS
        named, literal = ox.NamedNode, ox.Literal
        predicates: dict[str, str] = {}
        for quad in store.quads_for_pattern(None, None, None, graph):
            subject = quad.subject
            if type(subject) is not named:
                continue
            iri, predicate, obj = subject.value, quad.predicate.value, quad.object
            if type(obj) is literal and predicate in label_ranks:
                labels[iri].append((predicate, obj.language, obj.value))
            if iri in nodes:
                if type(obj) is named and predicate != TYPE and obj.value in nodes:
                    predicate = predicates.setdefault(predicate, predicate)
                    graphs = edges.setdefault((nodes[iri], predicate, nodes[obj.value]), [])
                    if name not in graphs:
                        graphs.append(name)
            else:
                parts = figures.get(iri)
                if parts is not None:
                    if predicate in FIGURE_KEYED:
                        parts.add(predicate, term_key(obj), name)
                    else:
                        parts.graphs.add(name)

    def _drawn(self, edges: dict[tuple[str, str, str], list[str]]) -> dict[tuple[str, str, str], list[str]]:
        """The edges as ``projection.add_edges`` draws them: an inverse pair's two triples as one edge."""
        drawn_as = self.inverses()
        if not drawn_as:
            return edges
        drawn: dict[tuple[str, str, str], list[str]] = {}
        for (subject, predicate, obj), graphs in edges.items():
            key = (obj, drawn_as[predicate], subject) if predicate in drawn_as else (subject, predicate, obj)
            drawn[key] = list(dict.fromkeys([*drawn.get(key, ()), *graphs]))
        return drawn

    def province_of(self, node: str) -> str:
        """The province-level division ``node`` lies in, as ``projection.project`` places it."""
        return _province(node, self._links, self.provinces)

    def around(self, nodes: Iterable[str]) -> set[str]:
        """``nodes`` and every node one edge from one of them, whatever the edge's direction."""
        found = set(nodes)
        centres = frozenset(found)
        for subject, _predicate, obj in self.edges:
            if subject in centres:
                found.add(obj)
            if obj in centres:
                found.add(subject)
        return found

    def statements_of(self, entity: str) -> list[tuple[str, str, str]]:
        """``entity``'s rows as ``Asserted.rows`` holds them: ``(predicate, object key, graph)``, graph by graph in project order."""
        by_graph: list[list[tuple[str, str, str]]] = [[] for _ in self.order]
        order, names = self.order, self.names
        for quad in self.dataset.store.quads_for_pattern(ox.NamedNode(entity), None, None, None):
            number = order.get(quad.graph_name)
            if number is not None:
                by_graph[number].append((quad.predicate.value, term_key(quad.object), names[number]))
        return [row for rows in by_graph for row in rows]

    def _literals(self, subject: str, predicate: str) -> list[str]:
        return [key_value(key) for p, key, _ in self.statements_of(subject) if p == predicate and key.startswith('"')]


class _Links(dict):
    """``projection._province``'s ``links[node]``: the nodes each place link of a node reaches (sorted),
    in ``PLACE_LINKS`` order, worked out as the search first reaches the node."""

    def __init__(self, reached: dict[str, dict[str, list[str]]]) -> None:
        super().__init__()
        self.reached = reached

    def __missing__(self, node: str) -> list[list[str]]:
        reached = self.reached.get(node)
        found = self[node] = [sorted(reached[link]) for link in LINKS if link in reached] if reached else []
        return found
