"""``aizones path A B``: how two entities are connected, each step with the documents that state it.

``find_paths`` resolves both names as ``aizones explain`` does (``core.names.resolve``), searches
the asserted edges of the projection (``search.shortest``, or ``search.via`` with a kind), and
only when they hold no path within the length, the edges the OWL 2 RL closure adds as well: an
inferred shortcut (the transitive ``locatedIn`` of a company to its province) must not hide the
stated steps it summarises. Each hop lists every relation joining its two entities, the way the
triple reads, with the source documents of its named graphs; a hop is ``disputed`` when the entity
it arrives at (or, for the first hop, leaves) has a property the sources disagree on, as
``explain`` reports conflicts. With no path, the answer names the nearest entities of the end's
kind that can be reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import pyoxigraph as ox

from aizones.connections.search import Found, nearest_of_kind, shortest, via
from aizones.connections.store_links import INFERRED, Link, StoreLinks
from aizones.core.dataset import Dataset
from aizones.core.errors import UsageError
from aizones.core.labels import Labeller
from aizones.core.names import closest, compact, direct_iri, match, resolve
from aizones.core.namespaces import AIZ, PROV, RDF
from aizones.querying.explain import conflicts

DEFAULT_MAX_LENGTH = 6
ALL_LIMIT = 50  # paths listed with --all at most: between two hubs there can be thousands


@dataclass
class Step:
    """One relation of a hop, read ``subject —relation→ object``, with the sources stating it."""

    relation: str
    label: str
    forward: bool  # whether it reads from the hop's first entity to its second
    sources: list[dict]  # graph, file, document (its label), documents (their IRIs)
    inferred: bool


@dataclass
class Hop:
    start: str
    start_label: str
    end: str
    end_label: str
    steps: list[Step]
    disputed: list[dict] = field(default_factory=list)


@dataclass
class PathAnswer:
    start: str
    start_label: str
    end: str
    end_label: str
    max_length: int
    paths: list[list[Hop]]
    inferred_used: bool
    answer: str  # the one line said when there is no path, else ""
    nearest: list[dict[str, str]] = field(default_factory=list)


def find_paths(
    dataset: Dataset, start: str, end: str, *, max_length: int = DEFAULT_MAX_LENGTH, via_kind: str | None = None, all_paths: bool = False
) -> PathAnswer:
    """The shortest paths from ``start`` to ``end`` (names as ``explain`` takes them)."""
    if max_length < 1:
        raise UsageError(f"--max-length must be 1 or more, not {max_length}")
    links = StoreLinks(dataset)
    first, last = _node(dataset, links, start), _node(dataset, links, end)
    kind = _kind(links, via_kind) if via_kind else ""
    limit = ALL_LIMIT if all_paths else 1
    found = _search(links, first, last, kind, max_length, limit)
    inferred_used = False
    if not found.paths and next(dataset.store.quads_for_pattern(None, None, None, dataset.inferred), None) is not None:
        links = StoreLinks(dataset, inferred=True)
        again = _search(links, first, last, kind, max_length, limit)
        if again.paths:
            found, inferred_used = again, True
    words = _Words(dataset, links)
    answer = PathAnswer(first, words.label(first), last, words.label(last), max_length, [], inferred_used, "")
    answer.paths = [words.hops(path) for path in found.paths]
    if not found.paths:
        near = nearest_of_kind(links, first, links.kind(last), max_length)
        answer.nearest = [{"iri": n, "label": words.label(n), "name": compact(n)} for n in near]
        answer.answer = _no_path(answer, found, kind and words.label(kind), words.label(links.kind(last)))
    return answer


def _search(links: StoreLinks, first: str, last: str, kind: str, max_length: int, limit: int) -> Found:
    return via(links, first, last, kind, max_length, limit) if kind else shortest(links, first, last, max_length, limit)


def _node(dataset: Dataset, links: StoreLinks, name: str) -> str:
    iri = resolve(dataset, name).value
    if not links.kind(iri):
        raise UsageError(
            f"{name!r} ({compact(iri)}) is not drawn as an entity of the network (a figure, source document or concept); "
            "name a region, organisation, zone or other entity"
        )
    return iri


def _kind(links: StoreLinks, name: str) -> str:
    """The class ``--via`` names: its IRI, prefixed name, local name or label, as ``viz --kind`` takes them."""
    iri = direct_iri(name.strip())
    if iri in links.classes:
        return iri
    labels: dict[str, list[str]] = {}
    for cls, info in links.classes.items():
        for label in (info["label"], info["label_zh"]):
            labels.setdefault(label, []).append(cls)
    found = match(name, labels)
    if len(found) == 1:
        return found[0]
    close = closest(name, labels, 3)
    hint = f"; it names {', '.join(map(compact, found))}" if found else (f"; closest: {', '.join(close)}" if close else "")
    raise UsageError(f"--via {name!r} is not one class of the ontology{hint} (e.g. --via University, --via aiz:Facility)")


def _no_path(answer: PathAnswer, found: Found, via_label: str, end_kind: str) -> str:
    through = f" through a {via_label}" if via_label else ""
    steps = f"{answer.max_length} step{'s' if answer.max_length != 1 else ''}"
    if found.exhausted and not via_label:
        line = f"No path: {answer.start_label} and {answer.end_label} are in different connected components"
    else:
        line = f"No path{through} from {answer.start_label} to {answer.end_label} within {steps} (try a larger --max-length)"
    if answer.nearest:
        named = ", ".join(f"{n['label']} ({n['name']})" for n in answer.nearest)
        return f"{line}; the nearest {end_kind} entities reachable from {answer.start_label}: {named}"
    if found.exhausted and not via_label:
        return f"{line}; no {end_kind} entity is connected to {answer.start_label} at all"
    return f"{line}; no {end_kind} entity is reachable from {answer.start_label} within {steps}"


class _Words:
    """Labels, sources and disputes, looked up once each."""

    def __init__(self, dataset: Dataset, links: StoreLinks) -> None:
        self.dataset, self.links = dataset, links
        self.labeller = Labeller(dataset, "en")
        self.label = self.labeller.label
        self._documents: dict[str, list[str]] = {}
        self._disputes: dict[str, list[dict]] = {}

    def hops(self, path: list[str]) -> list[Hop]:
        hops = []
        for number, (a, b) in enumerate(pairwise(path)):
            joining = self.links.between(a, b)
            hop = Hop(a, self.label(a), b, self.label(b), [self._step(link, a) for link in joining])
            hop.disputed = [*(self.disputes(a) if number == 0 else []), *self.disputes(b)]
            hops.append(hop)
        return hops

    def _step(self, link: Link, start: str) -> Step:
        sources = [] if link.inferred else [self._source(graph, link.subject) for graph in link.graphs]
        return Step(link.relation, self.label(link.relation), link.subject == start, sources, link.inferred)

    def _source(self, graph: str, subject: str) -> dict:
        """A named graph as a hop shows it: its file and the document it stands for (an article's one
        ``aiz:SourceDocument``; in a reference file, what the subject is ``prov:wasDerivedFrom``)."""
        if graph not in self._documents:
            store, name = self.dataset.store, ox.NamedNode(graph)
            typed = ox.NamedNode(RDF.type), ox.NamedNode(AIZ.SourceDocument)
            self._documents[graph] = sorted(q.subject.value for q in store.quads_for_pattern(None, *typed, name))
        documents = self._documents[graph]
        if len(documents) != 1:
            derived = ox.NamedNode(PROV.wasDerivedFrom)
            documents = sorted(
                q.object.value for q in self.dataset.store.quads_for_pattern(ox.NamedNode(subject), derived, None, ox.NamedNode(graph))
            )
        file = self.dataset.file_of_graph(graph) or graph
        named = "; ".join(self.label(d) for d in documents) if documents else file
        # "documents" (their IRIs) for a front-end that shows each one's card (the server's path page)
        return {"graph": graph, "file": file, "document": named, "documents": documents}

    def disputes(self, node: str) -> list[dict]:
        if node not in self._disputes:
            self._disputes[node] = [
                {
                    "entity": node,
                    "entity_label": self.label(node),
                    "property": c.property,
                    "property_label": c.property_label,
                    "claims": c.claims,
                }
                for c in conflicts(self.dataset, ox.NamedNode(node), self.labeller)
            ]
        return self._disputes[node]


__all__ = ["INFERRED", "PathAnswer", "find_paths"]
