"""The pages of a named graph (``/graph/…``: one source file) and of any other IRI (``/resource?iri=…``).

A source file's page names its document (title, publisher, date, address: the card an entity
page shows for it) and lists the entities it speaks about, each linked to its page, with how many
statements the file makes about it. The inferred graph's page says what it is and lists the same.
A resource page (an ontology term, a concept, an outside IRI such as a Wikidata item) shows what
each graph states about it, what points at it, and, for a property, how often each graph uses it. Blocking: run through ``served.runner.call``.
"""

from __future__ import annotations

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.labels import Labeller, pick_label, store_labels
from aizones.core.namespaces import AIZ, RDF
from aizones.serving.entity_view import document_card
from aizones.serving.links import page_for
from aizones.serving.page_formats import format_links
from aizones.serving.rendering import environment

LISTED = 2000  # entities a graph page lists at most (the inferred graph of a large release speaks of all)
STATEMENTS = 500  # statements a resource page shows in each direction at most


def is_graph(dataset: Dataset, iri: str) -> bool:
    return iri in {g.value for g in (*dataset.asserted, dataset.inferred)}


def mentioned(dataset: Dataset, iri: str) -> bool:
    """Whether any graph has ``iri`` as subject, object or property: what gives it a resource page."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return False
    store = dataset.store
    patterns = (store.quads_for_pattern(node, None, None, None), store.quads_for_pattern(None, None, node, None))
    return any(next(quads, None) is not None for quads in (*patterns, store.quads_for_pattern(None, node, None, None)))


def graph_page(dataset: Dataset, graph: str) -> bytes:
    labeller, node, store = Labeller(dataset), ox.NamedNode(graph), dataset.store
    typed = ox.NamedNode(RDF.type)
    documents = sorted({q.subject.value for q in store.quads_for_pattern(None, typed, ox.NamedNode(AIZ.SourceDocument), node)})
    counts: dict[str, int] = {}
    for quad in store.quads_for_pattern(None, None, None, node):
        if isinstance(quad.subject, ox.NamedNode):
            counts[quad.subject.value] = counts.get(quad.subject.value, 0) + 1
    kinds: dict[str, str] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(AIZ.mostSpecificKind), None, None):
        if quad.subject.value in counts:
            kinds.setdefault(quad.subject.value, labeller.label(quad.object.value))
    listed = sorted(counts, key=lambda e: (labeller.label(e).casefold(), e))
    entities = [
        {"page": page_for(e), "label": labeller.label(e), "kind": kinds.get(e, ""), "statements": counts[e]} for e in listed[:LISTED]
    ]
    file = dataset.file_of_graph(graph)
    values = {
        "graph": graph,
        "file": file or "",
        "inferred": graph == dataset.inferred.value,
        "triples": dataset.count(node),
        "documents": [document_card(dataset, d, labeller) for d in documents],
        "entities": entities,
        "left_out": max(0, len(listed) - LISTED),
        "formats": format_links(page_for(graph)),
    }
    return environment().get_template("graph.html").render(**values).encode()


def resource_page(dataset: Dataset, iri: str) -> bytes:
    labeller, node, store = Labeller(dataset), ox.NamedNode(iri), dataset.store

    def shown(term) -> dict:
        if isinstance(term, ox.NamedNode):
            return {"text": labeller.label(term.value), "page": page_for(term.value), "iri": term.value}
        return {"text": term.value if isinstance(term, ox.Literal) else str(term), "page": None, "iri": ""}

    def by_graph(quads, far) -> list[dict]:
        groups: dict[str, list] = {}
        for quad in quads:
            groups.setdefault(quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else "", []).append(quad)
        return [
            {
                "graph": g,
                "graph_page": page_for(g),
                "file": dataset.file_of_graph(g) or labeller.label(g),
                "inferred": g == dataset.inferred.value,
                "statements": [
                    {"property": labeller.label(q.predicate.value), "property_page": page_for(q.predicate.value), "value": shown(far(q))}
                    for q in sorted(groups[g], key=lambda q: (str(q.predicate), str(far(q))))[:STATEMENTS]
                ],
                "left_out": max(0, len(groups[g]) - STATEMENTS),
            }
            for g in sorted(groups)
            if g  # the default graph is the merge of the others: nothing of its own to show
        ]

    used: dict[str, int] = {}
    for quad in store.quads_for_pattern(None, node, None, None):
        if isinstance(quad.graph_name, ox.NamedNode):
            used[quad.graph_name.value] = used.get(quad.graph_name.value, 0) + 1
    names = store_labels(dataset, node)
    values = {
        "used": [
            {"graph_page": page_for(g), "file": dataset.file_of_graph(g) or labeller.label(g), "count": n} for g, n in sorted(used.items())
        ],
        "iri": iri,
        "label": labeller.label(iri),
        "label_zh": pick_label(names, ("zh",)),
        "outgoing": by_graph(store.quads_for_pattern(node, None, None, None), lambda q: q.object),
        "incoming": by_graph(store.quads_for_pattern(None, None, node, None), lambda q: q.subject),
        "formats": format_links(page_for(iri)),
    }
    return environment().get_template("resource.html").render(**values).encode()
