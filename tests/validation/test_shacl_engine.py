"""Unit tests of the fast SHACL engine: ``shacl.compiler``, ``shacl.fast`` and ``shacl.sparql``.

A ``Compiler`` turns a minCount, datatype or class constraint into a ``Check`` whose SPARQL, run
the way ``fast.py`` runs it, selects exactly the violating focus nodes. ``validate_fast`` on a tiny
data and shapes store finds exactly the expected results (``sh:sparql`` constraints included) and
leaves the store's other graphs as they were, even when a shape is refused. ``prebind`` writes
pre-bound IRIs into a query and passes blank nodes as substitutions.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from aizones.core.namespaces import RDFS, SH
from aizones.validation.shacl.compiler import Check, Compiler
from aizones.validation.shacl.fast import validate_fast
from aizones.validation.shacl.shapes import ShapesError, ShapesGraph
from aizones.validation.shacl.sparql import prebind
from tests.support.stores import EX, ex, graph, store_of, triples_in

DATA = """
ex:Town rdfs:subClassOf ex:City .
ex:z1 a ex:Zone ; ex:name "One" ; ex:city ex:c1 ; ex:partOf ex:z2 .
ex:z2 a ex:Zone ; ex:name 2 ; ex:city ex:t1 ; ex:partOf ex:z2 .
ex:z3 a ex:Zone ; ex:city ex:nowhere .
ex:c1 a ex:City . ex:t1 a ex:Town .
"""
SHAPES = """
ex:ZoneShape a sh:NodeShape ; sh:targetClass ex:Zone ;
  sh:property ex:NameShape , ex:CityShape ;
  sh:sparql ex:NoSelf .
ex:NameShape sh:path ex:name ; sh:minCount 1 ; sh:datatype xsd:string .
ex:CityShape sh:path ex:city ; sh:class ex:City ; sh:severity sh:Warning .
ex:NoSelf sh:message "part of itself" ; sh:prefixes ex:decl ;
  sh:select "SELECT $this ?value WHERE { $this ex:partOf ?value . FILTER(sameTerm($this, ?value)) }" .
ex:decl sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
"""


def _store() -> ox.Store:
    store = store_of(data=DATA, shapes=SHAPES, other="ex:kept ex:p ex:o .")
    store.add(ox.Quad(ex("default"), ex("p"), ex("o"), ox.DefaultGraph()))
    return store


def _subclasses(store: ox.Store):
    """``cls`` and its direct subclasses in the data graph (deep enough for these shapes)."""

    def subclasses(cls):
        below = store.quads_for_pattern(None, ox.NamedNode(RDFS.subClassOf), cls, graph("data"))
        return sorted({cls} | {q.subject for q in below}, key=str)

    return subclasses


def _violators(store: ox.Store, compiler: Compiler, check: Check) -> set:
    """The focus nodes the check selects, queried as ``fast._Run._check`` does (without the scan shortcut)."""
    shape = compiler.shapes.shape(ex("ZoneShape"))
    body = compiler.focus_pattern(shape, "?this") + " "
    body += f"FILTER({check.expression})" if check.expression else check.pattern
    if check.having:
        text = f"SELECT ?this WHERE {{ {body} }} GROUP BY ?this HAVING ({check.having})"
    else:
        text = f"SELECT DISTINCT ?this WHERE {{ {body} }}"
    return {row["this"] for row in store.query(text, default_graph=[graph("data")])}


@pytest.mark.parametrize(
    ("shape", "component", "violators"),
    [
        ("NameShape", SH.MinCountConstraintComponent, {"z3"}),
        ("NameShape", SH.DatatypeConstraintComponent, {"z2"}),
        ("CityShape", SH.ClassConstraintComponent, {"z3"}),
    ],
)
def test_compiler_check_selects_exactly_the_violating_focus_nodes(shape, component, violators):
    store = _store()
    shapes = ShapesGraph(store, [graph("shapes")])
    compiler = Compiler(shapes, _subclasses(store))
    checks = compiler.checks(shapes.shape(ex(shape)), "?this")
    (check,) = [c for c in checks if c.component == component]
    assert check.focus == "?this" and check.shape.node == ex(shape)
    assert bool(check.expression) != bool(check.pattern)
    assert _violators(store, compiler, check) == {ex(v) for v in violators}


def test_compiler_numbers_its_variables_and_refuses_blank_constants():
    compiler = Compiler(ShapesGraph(ox.Store(), []), lambda cls: [cls])
    assert [compiler.var(), compiler.var()] == ["?_v1", "?_v2"]
    assert compiler.const(ex("a")) == f"<{EX}a>"
    with pytest.raises(ShapesError, match="blank node"):
        compiler.const(ox.BlankNode("b"))


def test_validate_fast_finds_exactly_the_expected_results():
    store = _store()
    results = validate_fast(store, [graph("data")], [graph("shapes")])
    found = {(r.focus, r.path, r.value, r.severity, r.component, r.shape, r.constraint) for r in results}
    name, city = ("p", EX + "name"), ("p", EX + "city")
    assert found == {
        (ex("z3"), name, None, SH.Violation, SH.MinCountConstraintComponent, ex("NameShape"), None),
        (ex("z2"), name, ox.Literal(2), SH.Violation, SH.DatatypeConstraintComponent, ex("NameShape"), None),
        (ex("z3"), city, ex("nowhere"), SH.Warning, SH.ClassConstraintComponent, ex("CityShape"), None),
        (ex("z2"), None, ex("z2"), SH.Violation, SH.SPARQLConstraintComponent, ex("ZoneShape"), ex("NoSelf")),
    }
    assert len(results) == 4
    (sparql,) = [r for r in results if r.constraint is not None]
    assert sparql.message == "part of itself"


def test_validate_fast_puts_the_other_graphs_back():
    store = _store()
    before = {name: triples_in(store, name) for name in (graph("shapes"), graph("other"), ox.DefaultGraph())}
    validate_fast(store, [graph("data")], [graph("shapes")])
    assert {name: triples_in(store, name) for name in before} == before


def test_validate_fast_on_conforming_data_is_empty():
    store = store_of(data='ex:z1 a ex:Zone ; ex:name "One" ; ex:city ex:c1 . ex:c1 a ex:City .', shapes=SHAPES)
    assert validate_fast(store, [graph("data")], [graph("shapes")]) == []


def test_refused_sparql_raises_and_still_restores_the_store():
    shapes = SHAPES.replace("FILTER(sameTerm($this, ?value))", "MINUS { ?value a ex:Zone }")
    store = store_of(data=DATA, shapes=shapes)
    with pytest.raises(ShapesError, match="MINUS"):
        validate_fast(store, [graph("data")], [graph("shapes")])
    assert len(triples_in(store, graph("shapes"))) == len(triples_in(store_of(shapes=shapes), graph("shapes")))


def test_prebind_writes_iris_into_the_text():
    query = "SELECT $this ?x WHERE { $this <http://example.org/p> ?x . FILTER(bound($this)) }"
    text, substitutions = prebind(query, {"this": ex("s")})
    assert substitutions == {}
    assert "$this" not in text and "bound(" not in text.lower()
    assert f"BIND(<{EX}s> AS ?this)" in text and f"<{EX}s> <{EX}p> ?x" in text
    store = ox.Store()
    store.add(ox.Quad(ex("s"), ex("p"), ex("o")))
    store.add(ox.Quad(ex("t"), ex("p"), ex("u")))
    assert [(row["this"], row["x"]) for row in store.query(text)] == [(ex("s"), ex("o"))]


def test_prebind_passes_blank_nodes_as_substitutions_and_turns_ask_into_select():
    blank = ox.BlankNode("b1")
    text, substitutions = prebind("ASK { $this <http://example.org/p> ?x }", {"this": blank})
    assert substitutions == {ox.Variable("this"): blank}
    assert text.lstrip().startswith("SELECT ?this WHERE")
    store = ox.Store()
    store.add(ox.Quad(blank, ex("p"), ex("o")))
    assert len(list(store.query(text, substitutions=substitutions))) == 1
    assert list(store.query(text, substitutions={ox.Variable("this"): ox.BlankNode("other")})) == []
