"""The endpoint's SPARQL 1.1 Service Description: what ``GET /sparql`` without a query answers.

A client (YASGUI, a federating store, a crawler) reads from it where the endpoint is, that it
speaks SPARQL 1.1 Query only (no update), the result and RDF formats it writes, that its default
graph is the merge of its named graphs (``sd:UnionDefaultGraph``: ``core.merged_graph``), and the
default dataset: every named graph of the release, each with its triple count (VoID), so a client
can pick graphs for ``default-graph-uri`` / ``named-graph-uri`` or ``GRAPH``. The endpoint's IRI is
the one the request used, so the description is right behind any host name or port.
"""

from __future__ import annotations

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.namespaces import RDF, SD, VOID, XSD
from aizones.serving.negotiation import GRAPH_TYPES, SOLUTION_TYPES


def description(dataset: Dataset, endpoint: str) -> list[ox.Triple]:
    """The triples describing the endpoint at ``endpoint`` over ``dataset``."""
    service, node = ox.NamedNode(endpoint), ox.NamedNode
    kind = node(RDF.type)
    triples = [
        ox.Triple(service, kind, node(SD.Service)),
        ox.Triple(service, node(SD.endpoint), service),
        ox.Triple(service, node(SD.supportedLanguage), node(SD.SPARQL11Query)),
        ox.Triple(service, node(SD.feature), node(SD.UnionDefaultGraph)),
    ]
    formats = {f.iri for f in SOLUTION_TYPES.values()} | {f.iri for f in GRAPH_TYPES.values()}
    triples += [ox.Triple(service, node(SD.resultFormat), node(iri)) for iri in sorted(formats)]
    default_dataset, default_graph = ox.BlankNode("dataset"), ox.BlankNode("default")
    triples += [
        ox.Triple(service, node(SD.defaultDataset), default_dataset),
        ox.Triple(default_dataset, kind, node(SD.Dataset)),
        ox.Triple(default_dataset, node(SD.defaultGraph), default_graph),
        ox.Triple(default_graph, kind, node(SD.Graph)),
        ox.Triple(default_graph, node(VOID.triples), ox.Literal(str(_count(dataset, ox.DefaultGraph())), datatype=node(XSD.integer))),
    ]
    graphs = sorted({g.value for g in dataset.store.named_graphs()})
    for number, name in enumerate(graphs):
        named, graph = ox.BlankNode(f"n{number}"), ox.BlankNode(f"g{number}")
        triples += [
            ox.Triple(default_dataset, node(SD.namedGraph), named),
            ox.Triple(named, kind, node(SD.NamedGraph)),
            ox.Triple(named, node(SD.name), node(name)),
            ox.Triple(named, node(SD.graph), graph),
            ox.Triple(graph, kind, node(SD.Graph)),
            ox.Triple(graph, node(VOID.triples), ox.Literal(str(_count(dataset, node(name))), datatype=node(XSD.integer))),
        ]
    return triples


def _count(dataset: Dataset, graph) -> int:
    return sum(1 for _ in dataset.store.quads_for_pattern(None, None, None, graph))


# per release, per host the clients use, and per format: a release does not change. Keyed by the
# release's digest, not by the dataset's id, which a later release's dataset may be given again.
_WRITTEN: dict[tuple[str, str, str], bytes] = {}


def written(dataset: Dataset, endpoint: str, media_type: str, release: str) -> bytes:
    """The description of the release ``release`` in the RDF format of ``media_type`` (one of ``GRAPH_TYPES``)."""
    key = (release or str(id(dataset)), endpoint, media_type)
    if key not in _WRITTEN:
        if len(_WRITTEN) >= 64:
            _WRITTEN.clear()
        _WRITTEN[key] = _serialized(dataset, endpoint, media_type)
    return _WRITTEN[key]


def _serialized(dataset: Dataset, endpoint: str, media_type: str) -> bytes:
    fmt = GRAPH_TYPES[media_type]
    triples = description(dataset, endpoint)
    if fmt.supports_datasets:
        triples = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    prefixes = {"sd": SD.base, "void": VOID.base, "rdf": RDF.base}
    return ox.serialize(triples, format=fmt, prefixes=None if fmt == ox.RdfFormat.N_QUADS else prefixes)
