"""Each entity's most specific kind, ``?entity aiz:mostSpecificKind ?class``, derived from the OWL RL closure.

Many saved queries list entities "with their kind": the ``aiz:`` class of the entity that no
other ``aiz:`` class of the same entity lies below. Asked in SPARQL, that is a ``FILTER NOT EXISTS``
over ``rdf:type`` and ``rdfs:subClassOf`` for every candidate class of every entity, which took
seconds at a million triples. Written once here, right after the closure, it is one triple
pattern for every query and every engine (the same ``.rq`` text runs on Virtuoso or a plain
Oxigraph server loading ``dist/aizones.nq``).

The definition is exactly the pattern it replaces: over every graph of the dataset (asserted and
inferred), ``?class`` is an ``aiz:`` class with ``?entity a ?class``, and no other ``aiz:`` class
``?narrower`` has both ``?entity a ?narrower`` and ``?narrower rdfs:subClassOf ?class``. An entity
typed with two unrelated classes has two most specific kinds; two classes declared equivalent
hide each other, as they did in the queries.

This is not an OWL RL entailment: it is a closed-world reading of the closure (a new type could
make a kind less specific), so it is computed after the fixpoint, never fed back into it, and
declared in the ontology as an annotation property, which OWL 2 DL lets carry any IRI and which
no reasoner draws conclusions from. It lives in the inferred graph because it exists only
with the closure: ``--no-inference`` leaves it out with the types it summarises, and it travels
wherever the inferred graph goes (``inferred.ttl``, the whole-dataset files).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from aizones.core.namespaces import AIZ, RDF, RDFS

MOST_SPECIFIC_KIND = ox.NamedNode(AIZ.mostSpecificKind)
_TYPE, _SUBCLASS = ox.NamedNode(RDF.type), ox.NamedNode(RDFS.subClassOf)


def most_specific_kinds(triples: Iterable[ox.Triple | ox.Quad]) -> list[ox.Triple]:
    """The ``aiz:mostSpecificKind`` triples of every typed entity in ``triples``, sorted.

    ``triples`` are the dataset's triples (or quads: their graphs are ignored, as a query over
    the union ignores them); only the ``rdf:type`` and ``rdfs:subClassOf`` ones are read.
    """
    narrower: dict[ox.NamedNode, set[ox.NamedNode]] = defaultdict(set)
    kinds: dict[ox.NamedNode | ox.BlankNode, set[ox.NamedNode]] = defaultdict(set)
    for triple in triples:
        predicate, obj = triple.predicate, triple.object
        if not (isinstance(obj, ox.NamedNode) and obj.value.startswith(AIZ.base)):
            continue
        if predicate == _TYPE:
            kinds[triple.subject].add(obj)
        elif predicate == _SUBCLASS and _is_aiz(triple.subject) and triple.subject != obj:
            narrower[obj].add(triple.subject)
    found = [
        ox.Triple(entity, MOST_SPECIFIC_KIND, kind)
        for entity, classes in kinds.items()
        for kind in classes
        if not narrower.get(kind, set()) & classes
    ]
    return sorted(found, key=lambda t: (str(t.subject), str(t.object)))


def of_store(store: ox.Store) -> list[ox.Triple]:
    """The kinds of every entity in every graph of ``store``, read from its type and subclass quads."""
    return most_specific_kinds(quad for predicate in (_TYPE, _SUBCLASS) for quad in store.quads_for_pattern(None, predicate, None, None))


def _is_aiz(term) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(AIZ.base)
