"""Each SHACL shape and SPARQL constraint against its conforming and its violating example.

The examples live in ``tests/data/shapes/<name>.valid.ttl`` and ``<name>.invalid.ttl``. An invalid
example states the one finding it must produce in a header line::

    # expect: <shape or constraint local name> <focus node> <result path or -> <severity>

Validation is set up as the pipeline does it: the ontology and its vocabularies merged into the data
graph (so ``sh:class`` follows ``rdfs:subClassOf``), ``ontology/shapes.ttl`` as the shapes graph,
no inference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, SKOS, Graph, Namespace, URIRef

from aizones.core.names import INVISIBLE
from tests.support.paths import REPO

ROOT = REPO
ONTOLOGY = ROOT / "ontology"
FIXTURES = ROOT / "tests" / "data" / "shapes"
SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_NS = "https://w3id.org/aizones/shapes#"
PREFIXES = {
    "aiz": "https://w3id.org/aizones/ontology#",
    "aizc": "https://w3id.org/aizones/concept/",
    "id": "https://w3id.org/aizones/id/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
}


@dataclass(frozen=True)
class Finding:
    shape: str  # local name of sh:sourceShape, or of sh:sourceConstraint for SPARQL constraints
    focus: str
    path: str  # the result path IRI, or "-" when there is none or it is a complex path
    severity: str  # Violation, Warning or Info


def expand(term: str) -> str:
    if term == "-":
        return term
    prefix, _, local = term.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else term.strip("<>")


@cache
def ontology_graph() -> Graph:
    graph = Graph()
    for name in ("aizones.ttl", "vocabularies.ttl"):
        graph.parse(ONTOLOGY / name)
    return graph


@cache
def shapes_graph() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl")


@pytest.fixture(autouse=True, scope="module")
def parse_each_sparql_constraint_once():
    """pySHACL hands rdflib the same query text for every focus node; parse it once per run.

    A prepared (parsed and translated) query is rdflib's reusable form of a query, so the answers
    are the same; the tests only get faster.
    """
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    prepared: dict[tuple, object] = {}

    def query(self, str_or_query, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(str_or_query, str):
            key = (str_or_query, base, frozenset((initNs or {}).items()))
            if key not in prepared:
                prepared[key] = processor.translateQuery(processor.parseQuery(str_or_query), base, initNs)
            str_or_query = prepared[key]
        return original(self, str_or_query, initBindings, initNs, base, DEBUG)

    patch = pytest.MonkeyPatch()
    patch.setattr(processor.SPARQLProcessor, "query", query)
    yield
    patch.undo()


def validate(fixture: Path | None) -> list[Finding]:
    """The top-level results of validating ``fixture`` (or the ontology alone when ``None``).

    For speed, the ontology's own concepts lose their ``rdf:type skos:Concept`` when a fixture is
    validated, so ``aizsh:ConceptShape`` does not check all of them again for every fixture;
    ``test_ontology_vocabularies_conform`` checks them once. (pySHACL's ``focus_nodes`` option is
    no help: it also skips the value nodes that ``sh:node`` and qualified shapes validate.)
    """
    data = Graph()
    for triple in ontology_graph():
        if fixture is None or triple[1:] != (RDF.type, SKOS.Concept):
            data.add(triple)
    if fixture is not None:
        data.parse(fixture, format="turtle")
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=True,
        allow_warnings=False,
        do_owl_imports=False,
        inplace=True,
    )
    findings = set()
    for result in report.objects(None, SH.result):
        source = (
            report.value(result, SH.sourceConstraint)
            if (report.value(result, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent)
            else None
        )
        shape = source if source is not None else report.value(result, SH.sourceShape)
        path = report.value(result, SH.resultPath)
        findings.add(
            Finding(
                shape=str(shape).removeprefix(SHAPES_NS) if isinstance(shape, URIRef) else "(blank node)",
                focus=str(report.value(result, SH.focusNode)),
                path=str(path) if isinstance(path, URIRef) else "-",
                severity=str(report.value(result, SH.resultSeverity)).removeprefix(str(SH)),
            )
        )
    return sorted(findings, key=str)


def expected(fixture: Path) -> Finding:
    for line in fixture.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            shape, focus, path, severity = line.removeprefix("# expect:").split()
            return Finding(shape, expand(focus), expand(path), severity)
    raise AssertionError(f"{fixture.name} has no '# expect:' line")


def names() -> list[str]:
    return sorted({p.name.split(".")[0] for p in FIXTURES.glob("*.ttl")})


def shape_names() -> set[str]:
    """Local names of the targeted node shapes and of the SPARQL constraints."""
    shapes = shapes_graph()
    targeted = {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf) for s in shapes.subjects(p, None)}
    sparql = set(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    return {str(s).removeprefix(SHAPES_NS) for s in targeted | sparql}


def test_every_shape_and_constraint_has_a_fixture_pair():
    have = {name for name in names() if (FIXTURES / f"{name}.valid.ttl").exists() and (FIXTURES / f"{name}.invalid.ttl").exists()}
    assert shape_names() - have == set(), "write a .valid.ttl and an .invalid.ttl for these"
    assert set(names()) - shape_names() == set(), "fixtures named after no shape"


@pytest.mark.slow
@pytest.mark.parametrize("name", names())
def test_valid_example_conforms(name):
    assert validate(FIXTURES / f"{name}.valid.ttl") == []


@pytest.mark.slow
@pytest.mark.parametrize("name", names())
def test_invalid_example_gives_exactly_the_expected_finding(name):
    fixture = FIXTURES / f"{name}.invalid.ttl"
    assert validate(fixture) == [expected(fixture)]


def test_ontology_vocabularies_conform():
    assert validate(None) == []


# Parameters that make a node shape check its focus node itself (rather than only holding property
# shapes and SPARQL constraints, which carry their own message and severity).
NODE_LEVEL = (SH["or"], SH["and"], SH["not"], SH.xone, SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.node)


def test_every_constraint_has_a_message_a_severity_and_a_name():
    shapes = shapes_graph()
    targeted = {s for p in (SH.targetClass, SH.targetSubjectsOf) for s in shapes.subjects(p, None)}
    constraints = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    constraints |= {s for s in targeted if any((s, p, None) in shapes for p in NODE_LEVEL)}
    assert constraints
    for shape in constraints:
        assert shapes.value(shape, SH.message) is not None, f"{shape} needs an sh:message"
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), f"{shape} needs an sh:severity"
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        assert shapes.value(shape, SH.name) is not None, f"{shape} needs an sh:name"


def test_the_invisible_character_shape_and_name_search_drop_the_same_characters():
    """aizsh:InvisibleCharacter warns about exactly the characters ``aizones.core.names`` ignores in search."""
    pattern = re.compile(str(shapes_graph().value(URIRef(SHAPES_NS + "InvisibleCharacter"), SH.pattern)))
    characters = (chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)  # every code point but surrogates
    differ = [hex(ord(c)) for c in characters if bool(pattern.search(c)) != bool(INVISIBLE.search(c))]
    assert differ == []
    assert all(pattern.search(c) for c in "\u200b\u202e\ufeff\u00ad\t\n\x85") and not pattern.search("Changsha 长沙市 ä")
