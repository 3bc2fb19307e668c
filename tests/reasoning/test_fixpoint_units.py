"""Unit tests of ``aizones.reasoning.schema``, ``.rules`` and ``.fixpoint`` on a few triples.

``close`` runs the scm-* rules: subclass transitivity, domain and range tables closed over
superclasses and subproperties, inverses both ways, owlrl's ``owl:Thing`` quirk. ``rules_for``
picks exactly the rules a schema needs, by name. ``materialise_into`` adds exactly the expected
triples (a transitive chain, an inverse, a blank-node restriction) to the target graph, reads only
the asserted graphs, and leaves no scratch graph behind, even when stopped.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from aizones.reasoning.fixpoint import SCRATCH, materialise_into
from aizones.reasoning.rules import rules_for
from aizones.reasoning.schema import CLASS, DOMAIN, EQC, INVERSE, NOTHING, RANGE, SCO, SPO, THING, TRANSITIVE, TYPE, close
from tests.support.stores import EX, ex, graph, store_of, triples_in

A, B, C, P, Q = ex("A"), ex("B"), ex("C"), ex("p"), ex("q")


def test_close_makes_subclasses_transitive_and_closes_domain_and_range():
    schema = close({(A, SCO, B), (B, SCO, C), (P, DOMAIN, A), (P, RANGE, B), (Q, SPO, P)})
    assert schema.subclass == [(A, B), (A, C), (B, C)]
    assert (A, SCO, C) in schema.derived and (A, SCO, B) not in schema.derived
    assert schema.subproperty == [(Q, P)]
    assert schema.domain == [(P, A), (P, B), (P, C), (Q, A), (Q, B), (Q, C)]
    assert schema.range == [(P, B), (P, C), (Q, B), (Q, C)]
    assert schema.inverse == [] and schema.transitive == [] and not schema.equality


def test_close_lists_inverses_both_ways_and_meta_types():
    schema = close({(P, INVERSE, Q), (P, TYPE, TRANSITIVE)})
    assert schema.inverse == [(P, Q), (Q, P)]
    assert schema.transitive == [P]
    assert not schema.names_blank_nodes()


def test_a_declared_class_is_below_thing_but_thing_stays_out_of_the_tables():
    schema = close({(A, TYPE, CLASS)})
    assert {(A, SCO, A), (A, SCO, THING), (THING, TYPE, CLASS)} <= schema.triples
    assert schema.subclass == [(NOTHING, A)]  # owl:Thing is read by no rule here, so A below it is left out
    # once a schema triple is about owl:Thing, typing as owl:Thing is kept
    with_thing = close({(A, TYPE, CLASS), (THING, EQC, C)})
    assert (A, THING) in with_thing.subclass and (THING, C) in with_thing.subclass


def test_a_blank_node_in_a_table_is_noticed():
    restriction = ox.BlankNode()
    schema = close({(A, SCO, restriction)})
    assert schema.subclass == [(A, restriction)]
    assert schema.names_blank_nodes()


@pytest.mark.parametrize(
    ("triples", "names"),
    [
        (set(), []),
        ({(P, TYPE, TRANSITIVE), (P, INVERSE, Q)}, ["inv", "trp"]),
        ({(A, SCO, B)}, ["sco"]),
        ({(A, SCO, B), (P, DOMAIN, A)}, ["types"]),
        ({(Q, SPO, P), (P, TYPE, TRANSITIVE)}, ["spo", "trp"]),
        (
            {(P, TYPE, ox.NamedNode("http://www.w3.org/2002/07/owl#FunctionalProperty"))},
            ["eq-sym", "eq-trans", "eq-rep-s", "eq-rep-p", "eq-rep-o", "fp"],
        ),
    ],
    ids=["empty", "transitive-inverse", "subclass", "subclass-domain-merged", "subproperty", "functional"],
)
def test_rules_for_names_the_rules_the_schema_needs(triples, names):
    assert [rule.name for rule in rules_for(close(triples))] == names


ONTOLOGY = """
ex:partOf a owl:ObjectProperty, owl:TransitiveProperty ; owl:inverseOf ex:hasPart .
"""
DATA = "ex:z1 ex:partOf ex:z2 . ex:z2 ex:partOf ex:z3 ."
TARGET = ox.NamedNode(EX + "graph/inferred")


def _scratch(store: ox.Store) -> list:
    return [g for g in store.named_graphs() if g.value.startswith(SCRATCH)]


def test_materialise_a_transitive_chain_and_an_inverse():
    store = store_of(ontology=ONTOLOGY, data=DATA, shapes="ex:z3 ex:partOf ex:z4 .")
    before = {name: triples_in(store, graph(name)) for name in ("ontology", "data", "shapes")}
    count = materialise_into(store, [graph("ontology"), graph("data")], TARGET)
    part, has = EX + "partOf", EX + "hasPart"
    expected = {
        (EX + "z1", part, EX + "z3"),
        (EX + "z2", has, EX + "z1"),
        (EX + "z3", has, EX + "z2"),
        (EX + "z3", has, EX + "z1"),
    }  # nothing from the shapes graph (z4), and no owl:inverseOf the other way (owlrl has no such rule)
    assert triples_in(store, TARGET) == expected
    assert count == len(expected)
    assert _scratch(store) == []
    assert {name: triples_in(store, graph(name)) for name in before} == before  # asserted graphs only read


def test_materialise_with_a_blank_node_restriction_gets_its_value():
    ontology = "ex:Zone rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:inCountry ; owl:hasValue ex:china ] ."
    store = store_of(ontology=ontology, data="ex:z1 a ex:Zone .")
    materialise_into(store, [graph("ontology"), graph("data")], TARGET)
    found = triples_in(store, TARGET)
    assert (EX + "z1", EX + "inCountry", EX + "china") in found
    assert all(not s.startswith("urn:x-aizones:") and not o.startswith("urn:x-aizones:") for s, _p, o in found)
    assert _scratch(store) == []


def test_nothing_to_derive_leaves_the_target_empty():
    store = store_of(data=DATA)
    assert materialise_into(store, [graph("data")], TARGET) == 0
    assert triples_in(store, TARGET) == set()
    assert _scratch(store) == []


def test_a_check_that_stops_the_work_still_drops_the_scratch_graphs():
    store = store_of(ontology=ONTOLOGY, data=DATA)
    calls = []

    def check():
        calls.append(1)
        if len(calls) > 2:
            raise TimeoutError("stop")

    with pytest.raises(TimeoutError):
        materialise_into(store, [graph("ontology"), graph("data")], TARGET, check=check)
    assert _scratch(store) == []
