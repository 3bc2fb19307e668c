"""OWL 2 RL materialisation into the graph ``…/graph/inferred``, kept apart from asserted data.

Two engines give the same inferred triples after the same filtering. ``oxigraph`` (the default)
runs owlrl's rules as SPARQL updates inside the dataset's own store: ``schema`` closes the
schema in Python, ``rules`` are the instance rules, ``fixpoint`` runs them to a fixpoint.
No triple passes through Python, so a million triples take seconds and a few hundred MB.
``owlrl`` (pure Python on rdflib) is the reference the tests compare against, and the fallback
for anyone who distrusts the fast path. Only informative triples are kept: the reflexive
``owl:sameAs``, ``rdf:type owl:Thing`` and other bookkeeping that every OWL RL engine emits about
every resource would only bury the facts a user asks about. After the closure, ``kinds`` adds
each entity's most specific kind (``aiz:mostSpecificKind``) to the same graph, whichever engine ran.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from aizones.core.dataset import ROLE_DATA, ROLE_ONTOLOGY, Dataset
from aizones.core.errors import LimitError, UsageError
from aizones.core.limits import current, fill_graph
from aizones.core.namespaces import BUILTIN_BASES, OWL, RDF, RDFS
from aizones.core.offline import offline
from aizones.core.rdflib_bridge import from_rdflib, to_rdflib
from aizones.reasoning import DEFAULT_ENGINE, ENGINES, kinds
from aizones.reasoning.fixpoint import materialise_into

_TYPE = RDF.type
_TRIVIAL_PREDICATES = {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}
_SCRATCH_RESULT = ox.NamedNode("urn:x-aizones:inferred-copy")


def materialise(dataset: Dataset, *, engine: str = DEFAULT_ENGINE) -> int:
    """Compute the inferred triples and store them in the inferred graph; return how many."""
    _check(engine)
    graph = dataset.inferred
    if dataset.store.contains_named_graph(graph):
        dataset.store.clear_graph(graph)
    if engine == "oxigraph":
        # In this process, checked against --timeout and --memory between its updates (each
        # takes seconds at most): a child process would have to ship a million triples back.
        try:
            count = _run_rules(dataset, graph, check=_limit_check("the reasoner"))
            return count + _extend(dataset, graph, kinds.of_store(dataset.store))
        except BaseException:
            dataset.store.clear_graph(graph)
            raise

    return fill_graph("the reasoner", dataset.store, graph, lambda: _extend(dataset, graph, infer(dataset, engine=engine)))


def infer(dataset: Dataset, *, engine: str = DEFAULT_ENGINE) -> list[ox.Triple]:
    """The informative triples OWL RL adds to the ontology and data graphs, and the most specific
    kinds read from them and every asserted graph (``kinds``), sorted."""
    _check(engine)
    if engine == "oxigraph":
        try:
            _run_rules(dataset, _SCRATCH_RESULT)
            closure = [q.triple for q in dataset.store.quads_for_pattern(None, None, None, _SCRATCH_RESULT)]
        finally:
            if dataset.store.contains_named_graph(_SCRATCH_RESULT):
                dataset.store.remove_graph(_SCRATCH_RESULT)
    else:
        asserted = {q.triple for q in dataset.quads(dataset.graphs(ROLE_ONTOLOGY, ROLE_DATA))}
        with offline():
            closure = [t for t in _owlrl(asserted) if t not in asserted and informative(t)]
    # the kinds a query over every graph would find: the shapes graphs are part of that union too
    found = kinds.most_specific_kinds([*dataset.quads(dataset.asserted), *closure])
    return _sorted({*closure, *found})


def _run_rules(dataset: Dataset, target: ox.NamedNode, check: Callable[[], None] | None = None) -> int:
    return materialise_into(dataset.store, dataset.graphs(ROLE_ONTOLOGY, ROLE_DATA), target, check=check)


def _extend(dataset: Dataset, graph: ox.NamedNode, triples: list[ox.Triple]) -> int:
    dataset.store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return len(triples)


def _limit_check(what: str) -> Callable[[], None]:
    """A check that raises ``LimitError`` (exit 5) once the step has run past --timeout, or the
    process holds more memory than --memory (resident memory here, not address space)."""
    limits, started = current(), time.monotonic()

    def check() -> None:
        if limits.seconds and time.monotonic() - started > limits.seconds:
            raise LimitError(
                f"{what} was stopped after {limits.seconds:g} s (the time limit); raise it with --timeout SECONDS, or --timeout 0 for none"
            )
        resident = _resident_mb()
        if limits.memory and resident is not None and resident > limits.memory:
            raise LimitError(f"{what} ran out of memory at the {limits.memory} MB limit; raise it with --memory MB, or --memory 0 for none")

    return check


def _resident_mb() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20
    except (OSError, ValueError, IndexError):
        return None


def _check(engine: str) -> None:
    if engine not in ENGINES:
        raise UsageError(f"unknown reasoning engine {engine!r}; use --reasoner {' or --reasoner '.join(ENGINES)}")


def _sorted(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


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


def _owlrl(triples: set[ox.Triple]) -> set[ox.Triple]:
    import owlrl
    import rdflib

    graph = rdflib.Graph()
    for t in triples:
        graph.add(tuple(to_rdflib(term) for term in (t.subject, t.predicate, t.object)))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    # owlrl reports an inconsistency as triples about a fresh blank node (err:ErrorMessage); they
    # are not inferences, and inconsistency is the HermiT check's job (``aizones.validation.consistency``)
    errors = {s for s, _p, _o in graph.triples((None, rdflib.RDF.type, owlrl.Namespaces.ERRNS.ErrorMessage))}
    return {_from_rdflib_triple(t) for t in graph if _has_resource_subject(t) and t[0] not in errors}


def _from_rdflib_triple(triple: Iterable) -> ox.Triple:
    return ox.Triple(*(from_rdflib(term) for term in triple))


def _has_resource_subject(triple) -> bool:
    import rdflib

    return not isinstance(triple[0], rdflib.Literal)
