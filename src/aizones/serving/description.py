"""An entity's description as RDF, with the named graph of every statement: what ``/id/NAME`` gives a client asking for RDF.

The description is every quad of a named graph whose subject is the entity, or a reported figure
about it (``?figure aiz:subject <entity>``, so that its value, unit, period and source come with
it), or a blank node those reach: each quad in the graph that states it, the inferred graph
included (``…/graph/inferred``). The default graph (the merge) is left out: it states nothing the
named graphs do not.

Formats (``core.formats.RDF_FORMATS``): TriG, N-Quads and JSON-LD carry the graphs as they are.
Turtle, N-Triples and RDF/XML hold triples only; Turtle is written graph by graph, each block under
a comment naming its graph and file, so it still says who states what (a triple two files state
appears in both blocks, which a Turtle reader merges into one); N-Triples and RDF/XML give each
triple once, the graphs being lost as those syntaxes must.
"""

from __future__ import annotations

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.formats import RDF_FORMATS
from aizones.core.names import visible
from aizones.core.namespaces import AIZ, PREFIXES

_SUBJECT = ox.NamedNode(AIZ.subject)
_BLANK_DEPTH = 4  # blank nodes inside blank nodes, at most this deep


def quads_about(dataset: Dataset, iri: str) -> list[ox.Quad]:
    """The quads of the description of ``iri`` (module docstring), sorted, each once."""
    store, entity = dataset.store, ox.NamedNode(iri)
    named = [*dataset.asserted, dataset.inferred]
    subjects: list[ox.NamedNode | ox.BlankNode] = [entity]
    subjects += sorted(
        {q.subject for g in named for q in store.quads_for_pattern(None, _SUBJECT, entity, g) if q.subject != entity}, key=str
    )
    found: set[ox.Quad] = set()
    for _ in range(_BLANK_DEPTH + 1):
        reached = []
        for subject in subjects:
            for graph in named:
                for quad in store.quads_for_pattern(subject, None, None, graph):
                    if quad not in found:
                        found.add(quad)
                        if isinstance(quad.object, ox.BlankNode):
                            reached.append(quad.object)
        if not reached:
            break
        subjects = reached
    return sorted(found, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def serialised(dataset: Dataset, iri: str, fmt: str) -> bytes:
    """The description of ``iri`` in the format named ``fmt`` (a key of ``RDF_FORMATS``)."""
    quads = quads_about(dataset, iri)
    chosen = RDF_FORMATS[fmt]
    if chosen.carries_graphs:
        return ox.serialize(quads, format=chosen.oxigraph, prefixes=dict(PREFIXES)) if quads else b""
    if fmt == "turtle":
        return _turtle_by_graph(dataset, iri, quads)
    triples = sorted({q.triple for q in quads}, key=str)
    return ox.serialize(triples, format=chosen.oxigraph, prefixes=dict(PREFIXES)) if triples else b""


def _turtle_by_graph(dataset: Dataset, iri: str, quads: list[ox.Quad]) -> bytes:
    lines = [
        f"# The description of <{iri}>, graph by graph: each block is what one named graph states.",
        "# The same with the graphs as data: Accept: application/trig (or ?format=trig), application/n-quads, application/ld+json.",
    ]
    prefixes = "".join(f"@prefix {p}: <{base}> .\n" for p, base in sorted(PREFIXES.items()))
    blocks = [prefixes]
    graphs = sorted({q.graph_name.value for q in quads})
    for graph in graphs:
        triples = [q.triple for q in quads if q.graph_name.value == graph]
        body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES)).decode()
        body = "".join(line + "\n" for line in body.splitlines() if not line.startswith("@prefix"))
        file = dataset.file_of_graph(graph)
        blocks.append(f"# graph <{graph}>" + (f" (file {visible(file)})" if file else "") + "\n" + body.strip("\n") + "\n")
    return ("\n".join(lines) + "\n" + "\n".join(blocks)).encode()


def graph_serialised(dataset: Dataset, graph: str, fmt: str) -> bytes:
    """The whole named graph ``graph`` (one source file, or the inferred graph) in the format named ``fmt``."""
    node = ox.NamedNode(graph)
    quads = sorted(dataset.store.quads_for_pattern(None, None, None, node), key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))
    chosen = RDF_FORMATS[fmt]
    items = quads if chosen.carries_graphs else [q.triple for q in quads]
    return ox.serialize(items, format=chosen.oxigraph, prefixes=dict(PREFIXES)) if items else b""
