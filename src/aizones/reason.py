"""OWL 2 RL materialisation into the graph ``…/graph/inferred``, kept apart from asserted data.

Two engines give the same inferred triples after the same filtering: ``reasonable`` (Rust, the
default, fast enough for a million triples of this shape) and ``owlrl`` (pure Python on rdflib,
kept as the reference the tests compare against). Only informative triples are kept: the
reflexive ``owl:sameAs``, ``rdf:type owl:Thing`` and other bookkeeping that every OWL RL engine
emits about every resource would only bury the facts a user asks about.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from aizones.dataset import ROLE_DATA, ROLE_ONTOLOGY, Dataset
from aizones.errors import UsageError
from aizones.namespaces import BUILTIN_BASES, OWL, RDF, RDFS

ENGINES = ("reasonable", "owlrl")
_TYPE = RDF.type
_TRIVIAL_PREDICATES = {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}


def materialise(dataset: Dataset, *, engine: str = "reasonable") -> int:
    """Compute the inferred triples and store them in the inferred graph; return how many."""
    triples = infer(dataset, engine=engine)
    graph = dataset.inferred
    if dataset.store.contains_named_graph(graph):
        dataset.store.clear_graph(graph)
    dataset.store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return len(triples)


def infer(dataset: Dataset, *, engine: str = "reasonable") -> list[ox.Triple]:
    """The informative triples OWL RL adds to the ontology and data graphs, sorted."""
    if engine not in ENGINES:
        raise UsageError(f"unknown reasoning engine {engine!r}; use one of {', '.join(ENGINES)}")
    from aizones.network import offline

    asserted = {q.triple for q in dataset.quads(dataset.graphs(ROLE_ONTOLOGY, ROLE_DATA))}
    with offline():
        closure = _reasonable(asserted) if engine == "reasonable" else _owlrl(asserted)
    new = {t for t in closure if t not in asserted and informative(t)}
    return sorted(new, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def informative(triple: ox.Triple) -> bool:
    """False for what OWL RL says about every resource or about the RDF vocabularies themselves."""
    subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
    if isinstance(subject, ox.Literal) or (isinstance(subject, ox.NamedNode) and subject.value.startswith(BUILTIN_BASES)):
        return False
    if predicate in _TRIVIAL_PREDICATES and obj == subject:
        return False
    if isinstance(obj, ox.NamedNode) and obj.value.startswith(BUILTIN_BASES) and predicate in (_TYPE, RDFS.subClassOf, RDFS.subPropertyOf):
        return False
    return not (predicate.startswith(BUILTIN_BASES) and predicate not in (_TYPE, *_TRIVIAL_PREDICATES, OWL.inverseOf))


def _reasonable(triples: set[ox.Triple]) -> set[ox.Triple]:
    import reasonable

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph([tuple(_to_rdflib(term) for term in (t.subject, t.predicate, t.object)) for t in triples])
    return {_from_rdflib_triple(t) for t in reasoner.reason() if _has_resource_subject(t)}


def _owlrl(triples: set[ox.Triple]) -> set[ox.Triple]:
    import owlrl
    import rdflib

    graph = rdflib.Graph()
    for t in triples:
        graph.add(tuple(_to_rdflib(term) for term in (t.subject, t.predicate, t.object)))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    return {_from_rdflib_triple(t) for t in graph if _has_resource_subject(t)}


def _to_rdflib(term):
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)


def _from_rdflib_triple(triple: Iterable) -> ox.Triple:
    return ox.Triple(*(_from_rdflib(term) for term in triple))


def _from_rdflib(term):
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


def _has_resource_subject(triple) -> bool:
    import rdflib

    return not isinstance(triple[0], rdflib.Literal)
