"""What to try when a saved query answers nothing: what the named entity is, and which of its
neighbours the same query does answer for.

An empty table was the answer that cost a new user most time, because it says nothing:
``zones-in-province --param province=Changsha`` names a city where a province is meant, and
``figures-over-time --param subject=Chengdu`` finds nothing because Chengdu's figures are stated
about Chengdu Science City, a park inside it. For each entity parameter of the query, ``hint`` names
the entity the value resolved to with its most specific kind, then runs the query again with each
entity one asserted statement away (the province a city lies in, the park inside it, the zone that
covers it) and of the kind the parameter takes, stopping at each one's first row, and offers the
ones that answer as ``--param`` values to try.

It runs only after an empty answer, so the cost is never paid by a query that has rows; the
neighbours are capped (``MAX_PROBED``), so a region with thousands of entities inside it costs at
most that many short runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.labels import Labeller
from aizones.core.names import compact
from aizones.core.namespaces import AIZ, RDF
from aizones.core.sparql import execute
from aizones.querying.saved import ENTITY_TYPES, SavedQuery, bind

MAX_PROBED = 40  # neighbours run per parameter, in IRI order
MAX_SUGGESTED = 3


@dataclass(frozen=True)
class Suggestion:
    """A value of a parameter for which the query has rows."""

    param: str
    entity: str  # the IRI
    label: str

    def as_option(self) -> str:
        return f"--param {self.param}={compact(self.entity)}"


@dataclass(frozen=True)
class EmptyHint:
    """Why an answer may be empty: the entity a parameter named, its kind, and what answers instead."""

    param: str
    entity: str
    label: str
    kind: str | None
    suggestions: tuple[Suggestion, ...]

    def line(self) -> str:
        what = f"{self.label} ({compact(self.entity)}{', a ' + self.kind if self.kind else ''})"
        if not self.suggestions:
            return f"no rows for {self.param}={what}, nor for any entity next to it"
        tried = "; ".join(f"{s.label}: {s.as_option()}" for s in self.suggestions)
        return f"no rows for {self.param}={what}; rows for what lies next to it: {tried}"


def hint(dataset: Dataset, query: SavedQuery, values: dict[str, str], *, inference: bool = True, lang: str = "en") -> list[EmptyHint]:
    """For a saved query that answered no rows with ``values``: one hint per entity parameter."""
    substitutions = bind(dataset, query, values)
    labeller = Labeller(dataset, lang)
    hints = []
    for param in query.params:
        if param.type not in ENTITY_TYPES or param.type == "indicator":
            continue
        term = substitutions.get(ox.Variable(param.name))
        if not isinstance(term, ox.NamedNode):
            continue
        answering: list[Suggestion] = []
        for neighbour in _neighbours(dataset, term, ENTITY_TYPES[param.type])[:MAX_PROBED]:
            if _answers(dataset, query, {**substitutions, ox.Variable(param.name): neighbour}, inference):
                answering.append(Suggestion(param.name, neighbour.value, labeller.label(neighbour.value)))
                if len(answering) == MAX_SUGGESTED:
                    break
        kind = _kind(dataset, term)
        hints.append(
            EmptyHint(param.name, term.value, labeller.label(term.value), labeller.label(kind) if kind else None, tuple(answering))
        )
    return hints


def _neighbours(dataset: Dataset, entity: ox.NamedNode, classes: tuple[str, ...]) -> list[ox.NamedNode]:
    """The entities one asserted statement away from ``entity``, either way, of one of ``classes``
    (any described entity if none), in IRI order. Asserted only: with inference, ``locatedIn`` is
    transitive, and a province would have every district and company of it as a neighbour."""
    type_ = ox.NamedNode(RDF.type)
    found: set[str] = set()
    for graph in dataset.asserted:
        for quad in dataset.store.quads_for_pattern(entity, None, None, graph):
            if quad.predicate != type_ and isinstance(quad.object, ox.NamedNode):
                found.add(quad.object.value)
        for quad in dataset.store.quads_for_pattern(None, None, entity, graph):
            if isinstance(quad.subject, ox.NamedNode):
                found.add(quad.subject.value)
    found.discard(entity.value)
    return [ox.NamedNode(iri) for iri in sorted(found) if _of(dataset, iri, classes)]


def _of(dataset: Dataset, iri: str, classes: tuple[str, ...]) -> bool:
    """Whether ``iri`` is typed with one of ``classes`` (in any graph, the inferred one included:
    a City is a Region there), or, with no classes, typed at all (an entity, not a concept or a value)."""
    node, type_ = ox.NamedNode(iri), ox.NamedNode(RDF.type)
    if not classes:
        return next(dataset.store.quads_for_pattern(node, type_, None, None), None) is not None
    return any(next(dataset.store.quads_for_pattern(node, type_, ox.NamedNode(c), None), None) is not None for c in classes)


def _answers(dataset: Dataset, query: SavedQuery, substitutions: dict, inference: bool) -> bool:
    solutions = execute(dataset, query.file.text, inference=inference, shown_as=str(query.file.path), substitutions=substitutions)
    return next(iter(solutions), None) is not None


def _kind(dataset: Dataset, entity: ox.NamedNode) -> str | None:
    """The entity's most specific kind, as the build worked it out (``aiz:mostSpecificKind``)."""
    quad = next(dataset.store.quads_for_pattern(entity, ox.NamedNode(AIZ.mostSpecificKind), None, None), None)
    return quad.object.value if quad is not None and isinstance(quad.object, ox.NamedNode) else None
