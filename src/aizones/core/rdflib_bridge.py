"""Terms between Oxigraph and rdflib, for the reference engines (pySHACL, owlrl) that need rdflib.

One convention for plain strings both ways: rdflib's parsers read ``"x"`` without a datatype, so
an Oxigraph ``xsd:string`` literal becomes an rdflib literal with no datatype. Were it given an
explicit ``xsd:string``, rdflib would treat it as a different term and pySHACL would report false
``sh:in`` and ``sh:hasValue`` violations (see shared/design/MEASURED.md).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term):
    """An Oxigraph term as rdflib's (lexical forms kept as they are)."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)


def from_rdflib(term):
    """An rdflib term as Oxigraph's."""
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def graph_of(store: ox.Store, graphs: Iterable[ox.NamedNode]):
    """The union of some named graphs of a store as one rdflib graph (terms converted once each)."""
    import rdflib

    graph = rdflib.Graph()
    cache: dict = {}

    def convert(term):
        found = cache.get(term)
        if found is None:
            found = cache[term] = to_rdflib(term)
        return found

    for name in graphs:
        for quad in store.quads_for_pattern(None, None, None, name):
            graph.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    return graph
