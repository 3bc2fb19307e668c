"""The Turtle report of a planted violation is a well-formed SHACL validation report (SHACL 3.6).

A copy of the project gets one file with a region inside itself (a SHACL-SPARQL constraint), a
Wikidata link as a string (core constraints), a missing province (a qualified count) and no
division code (a SPARQL check of ``queries/checks/``). The report, parsed with rdflib, is checked
property by property and validated with pySHACL against shapes written here from SHACL 3.6; every
constraint component it names is one of the SHACL vocabulary's (pySHACL's copy of it) or is
described in the report itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from aizones.core.namespaces import SHAPES
from aizones.reading.loader import load_dataset
from aizones.validation.coordinator import validate
from aizones.validation.report import render
from tests.support.paths import REPO

PLANTED = """\
@prefix aiz: <https://w3id.org/aizones/ontology#> .
@prefix id: <https://w3id.org/aizones/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

id:planted-town a aiz:PrefectureLevelCity ;
    rdfs:label "Planted Town"@en ;
    aiz:locatedIn id:planted-town ;
    aiz:wikidata "Q1" .
"""
TOWN = rdflib.URIRef("https://w3id.org/aizones/id/planted-town")

# SHACL 3.6 as shapes: what a report and each of its results must and may carry.
REPORT_SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix t: <urn:report-shapes:> .

t:Report a sh:NodeShape ; sh:targetClass sh:ValidationReport ;
    sh:property [ sh:path sh:conforms ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:boolean ] ;
    sh:property [ sh:path sh:result ; sh:class sh:ValidationResult ] .
t:Result a sh:NodeShape ; sh:targetClass sh:ValidationResult ; sh:targetObjectsOf sh:result ;
    sh:property [ sh:path sh:focusNode ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path sh:resultSeverity ; sh:minCount 1 ; sh:maxCount 1 ; sh:in ( sh:Violation sh:Warning sh:Info ) ] ;
    sh:property [ sh:path sh:sourceShape ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] ;
    sh:property [ sh:path sh:sourceConstraintComponent ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] ;
    sh:property [ sh:path sh:resultMessage ; sh:minCount 1 ;
                  sh:or ( [ sh:datatype xsd:string ] [ sh:datatype rdf:langString ] ) ] ;
    sh:property [ sh:path sh:resultPath ; sh:maxCount 1 ] ;
    sh:property [ sh:path sh:sourceConstraint ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] .
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> rdflib.Graph:
    root = tmp_path_factory.mktemp("planted")
    for name in ("ontology", "graph", "queries"):
        shutil.copytree(REPO / name, root / name)
    (root / "graph" / "reference" / "planted.ttl").write_text(PLANTED, encoding="utf-8")
    findings = validate(load_dataset(root), checks=root / "queries" / "checks").findings
    graph = rdflib.Graph()
    graph.parse(data=render(findings, "turtle"), format="turtle")
    return graph


def _results_about(report: rdflib.Graph, focus) -> dict[rdflib.URIRef, rdflib.Node]:
    """Each result about ``focus``, by its constraint component."""
    return {report.value(r, SH.sourceConstraintComponent): r for r in report.subjects(SH.focusNode, focus)}


def test_the_report_conforms_to_the_shapes_of_a_shacl_report(report):
    conforms, _graph, text = pyshacl.validate(report, shacl_graph=rdflib.Graph().parse(data=REPORT_SHAPES, format="turtle"))
    assert conforms, text


def test_the_shapes_of_a_report_refuse_the_old_form(report):
    """The check can fail: a source shape as a string, and no constraint component, are refused."""
    broken = rdflib.Graph()
    for triple in report:
        broken.add(triple)
    result = next(iter(report.subjects(RDF.type, SH.ValidationResult)))
    broken.remove((result, SH.sourceConstraintComponent, None))
    broken.set((result, SH.sourceShape, rdflib.Literal("division-without-code")))
    conforms, _graph, text = pyshacl.validate(broken, shacl_graph=rdflib.Graph().parse(data=REPORT_SHAPES, format="turtle"))
    assert not conforms
    assert "sourceConstraintComponent" in text and "sourceShape" in text


def test_every_result_has_the_required_properties(report):
    reports = list(report.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    assert report.value(reports[0], SH.conforms) == rdflib.Literal(False)
    results = set(report.objects(reports[0], SH.result))
    assert results == set(report.subjects(RDF.type, SH.ValidationResult)) and len(results) >= 5
    for result in results:
        assert report.value(result, SH.focusNode) is not None
        assert report.value(result, SH.resultSeverity) in (SH.Violation, SH.Warning, SH.Info)
        assert isinstance(report.value(result, SH.sourceShape), rdflib.URIRef)
        assert isinstance(report.value(result, SH.sourceConstraintComponent), rdflib.URIRef)
        assert isinstance(report.value(result, SH.resultMessage), rdflib.Literal)


def test_each_planted_violation_names_its_shape_component_and_path(report):
    found = _results_about(report, TOWN)
    aiz = "https://w3id.org/aizones/ontology#"
    sparql = found[SH.SPARQLConstraintComponent]
    assert report.value(sparql, SH.sourceShape) == rdflib.URIRef(SHAPES.RegionShape)
    assert report.value(sparql, SH.sourceConstraint) == rdflib.URIRef(SHAPES.RegionNotInItself)
    assert report.value(sparql, SH.resultPath) == rdflib.URIRef(aiz + "locatedIn")
    assert report.value(sparql, SH.value) == TOWN, "an IRI value is an IRI"
    for component in (SH.NodeKindConstraintComponent, SH.PatternConstraintComponent):
        assert report.value(found[component], SH.sourceShape) == rdflib.URIRef(SHAPES["Wikidata-item"])
        assert report.value(found[component], SH.resultPath) == rdflib.URIRef(aiz + "wikidata")
        assert report.value(found[component], SH.sourceConstraint) is None
        assert report.value(found[component], SH.value) == rdflib.Literal("Q1")
    assert report.value(found[SH.QualifiedMinCountConstraintComponent], SH.resultPath) == rdflib.URIRef(aiz + "locatedIn")
    check = found[rdflib.URIRef(SHAPES.SPARQLCheckComponent)]
    assert report.value(check, SH.sourceShape) == rdflib.URIRef(SHAPES["check-division-without-code"])
    assert report.value(check, SH.resultSeverity) == SH.Info


def test_every_component_is_shacls_own_or_described_in_the_report(report):
    vocabulary = rdflib.Graph().parse(Path(pyshacl.__file__).parent / "assets" / "shacl.ttl", format="turtle")
    components = set(report.objects(None, SH.sourceConstraintComponent))
    ours = {c for c in components if (c, RDF.type, SH.ConstraintComponent) not in vocabulary}
    assert ours == {rdflib.URIRef(SHAPES.SPARQLCheckComponent)}
    for component in ours:
        assert (component, RDF.type, SH.ConstraintComponent) in report
        assert report.value(component, RDFS.label) is not None and report.value(component, RDFS.comment) is not None
    assert (
        rdflib.URIRef("http://www.w3.org/2001/XMLSchema#boolean")
        == report.value(next(iter(report.subjects(RDF.type, SH.ValidationReport))), SH.conforms).datatype
    )
