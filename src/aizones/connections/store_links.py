"""The projection's edges around one entity, read from the store as a path search reaches it.

``aizones path`` must answer in under a second on a million triples, where building the whole
projection (``aizones.drawing.projection.project``) takes six. A path search reaches a few
thousand entities at most, so ``StoreLinks`` asks the store's indexes for the quads of each entity
it reaches, and applies the projection's rules to them (docs/projection.md):

- an entity is a node when a data graph types it with a declared class, none of them hidden
  (figures, source documents, concepts), by ``projection._kinds`` itself;
- an edge is a triple of a data graph between two nodes, ``rdf:type`` aside, turned onto the
  declaring side of an ``owl:inverseOf`` pair (``Asserted.inverses``), one edge per
  ``(subject, property, object)`` with every named graph stating it;
- with ``inferred=True``, the triples of the OWL 2 RL closure (``…/graph/inferred``) between nodes
  that no data graph states (after the same turning round) are edges too, marked inferred.

The ontology (classes, inverses) is read once, by ``Asserted`` without its data rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from aizones.core.dataset import ROLE_DATA, Dataset
from aizones.core.namespaces import RDF
from aizones.drawing.asserted_index import Asserted
from aizones.drawing.projection import _kinds

INFERRED = "inferred"  # the graph name a hop shows for a triple only the reasoner states


@dataclass(frozen=True)
class Link:
    """One drawn edge: ``subject —relation→ object`` and the named graphs stating it (``inferred`` alone if none)."""

    subject: str
    relation: str
    object: str
    graphs: tuple[str, ...]

    @property
    def inferred(self) -> bool:
        return self.graphs == (INFERRED,)


class _Ontology(Asserted):
    """``Asserted`` reading the ontology only: classes, labels of classes and properties, inverses."""

    def _read_data(self, dataset: Dataset) -> None:  # the data graphs are read node by node instead
        pass


@dataclass
class StoreLinks:
    """Nodes and edges of the projection, one entity at a time, with what was read kept."""

    dataset: Dataset
    inferred: bool = False
    _kind: dict[str, str] = field(default_factory=dict)
    _links: dict[str, list[Link]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ontology = _Ontology(self.dataset)
        self.classes = ontology.classes()
        self.drawn_as = ontology.inverses()
        self.data = frozenset(self.dataset.graphs(ROLE_DATA))
        self.graphs = [*self.dataset.graphs(ROLE_DATA), *([self.dataset.inferred] if self.inferred else [])]
        self._type = ox.NamedNode(RDF.type)

    def kind(self, iri: str) -> str:
        """The node's kind (its most specific class), or "" when ``iri`` is no node of the projection."""
        found = self._kind.get(iri)
        if found is None:
            types = {
                q.object.value
                for q in self.dataset.store.quads_for_pattern(ox.NamedNode(iri), self._type, None, None)
                if q.graph_name in self.data and type(q.object) is ox.NamedNode
            }
            found = self._kind[iri] = _kinds({iri: types}, self.classes).get(iri, "") if types else ""
        return found

    def lineage(self, kind: str) -> set[str]:
        return self.classes[kind]["lineage"] if kind in self.classes else set()

    def links(self, node: str) -> list[Link]:
        """Every edge with ``node`` at one end, either way round, sorted by relation, then the other end."""
        found = self._links.get(node)
        if found is None:
            found = self._links[node] = self._read(node)
        return found

    def between(self, node: str, other: str) -> list[Link]:
        """The edges joining two nodes, either way round, read for those two alone: a path's hop
        through a country must not read the country's hundred thousand other edges."""
        if node in self._links:
            return [link for link in self._links[node] if {link.subject, link.object} == {node, other}]
        store, a, b = self.dataset.store, ox.NamedNode(node), ox.NamedNode(other)
        quads = []
        for graph in self.graphs:
            quads += store.quads_for_pattern(a, None, b, graph)
            quads += store.quads_for_pattern(b, None, a, graph)
        return self._edges(node, quads)

    def _read(self, node: str) -> list[Link]:
        store, term = self.dataset.store, ox.NamedNode(node)
        # graph by graph: a country is the object of a hundred thousand inferred ``locatedIn``, which
        # a search of the stated edges would otherwise read and throw away at every hub it crosses
        quads = []
        for graph in self.graphs:
            quads += store.quads_for_pattern(term, None, None, graph)
            quads += store.quads_for_pattern(None, None, term, graph)
        return self._edges(node, quads)

    def _edges(self, node: str, quads: list[ox.Quad]) -> list[Link]:
        """``quads`` with ``node`` at one end as the projection's edges, sorted by relation, then the ends."""
        stated: dict[tuple[str, str, str], set[str]] = {}
        closed: set[tuple[str, str, str]] = set()
        for quad in quads:
            subject, obj, graph = quad.subject, quad.object, quad.graph_name
            if type(subject) is not ox.NamedNode or type(obj) is not ox.NamedNode or quad.predicate == self._type:
                continue
            asserted = graph in self.data
            other = obj.value if subject.value == node else subject.value
            if not self.kind(other) or not self.kind(node):
                continue
            key = self._drawn(subject.value, quad.predicate.value, obj.value)
            if asserted:
                stated.setdefault(key, set()).add(graph.value)
            else:
                closed.add(key)
        links = [Link(s, p, o, tuple(sorted(g))) for (s, p, o), g in stated.items()]
        links += [Link(s, p, o, (INFERRED,)) for s, p, o in closed - stated.keys()]
        return sorted(links, key=lambda link: (link.relation, link.subject, link.object))

    def _drawn(self, subject: str, predicate: str, obj: str) -> tuple[str, str, str]:
        """The triple as the projection draws it: the undrawn side of an inverse pair turned round."""
        if predicate in self.drawn_as:
            return obj, self.drawn_as[predicate], subject
        return subject, predicate, obj


def other_end(link: Link, node: str) -> str:
    """The node at the far end of ``link`` from ``node`` (``node`` itself for a loop)."""
    return link.object if link.subject == node else link.subject
