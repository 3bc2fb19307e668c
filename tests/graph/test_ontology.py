"""The ontology, its vocabularies and its shapes: they parse, are documented, self-contained, match
the namespace module, and are consistent for HermiT."""

from __future__ import annotations

import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from aizones.core import namespaces
from tests.support.paths import REPO

ROOT = REPO
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILES = ("aizones.ttl", "vocabularies.ttl")
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
AIZ = Namespace("https://w3id.org/aizones/ontology#")
AIZC = Namespace("https://w3id.org/aizones/concept/")
SH = Namespace("http://www.w3.org/ns/shacl#")
ONTOLOGY_IRI = URIRef("https://w3id.org/aizones/ontology")
OWN = (str(AIZ), str(AIZC))
BUILTIN = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")


@cache
def ontology() -> Graph:
    graph = Graph()
    for name in ONTOLOGY_FILES:
        graph.parse(ONTOLOGY_DIR / name)
    return graph


def local_names(graph: Graph, base: str) -> set[str]:
    return {str(s)[len(base) :] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(base)}


def aiz_terms() -> list[URIRef]:
    return sorted(AIZ[name] for name in local_names(ontology(), str(AIZ)))


def aizc_terms() -> list[URIRef]:
    return sorted(AIZC[name] for name in local_names(ontology(), str(AIZC)))


def languages(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return sorted(o.language or "" for o in graph.objects(subject, predicate) if isinstance(o, Literal))


@pytest.mark.parametrize("name", [*ONTOLOGY_FILES, "shapes.ttl"])
def test_parses_with_rdflib_and_pyoxigraph_alike(name):
    path = ONTOLOGY_DIR / name
    graph = Graph().parse(path)
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    assert len(graph) == len(store) > 0


def test_header():
    graph = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef("https://w3id.org/aizones/ontology/0.1.0")
    assert graph.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license")) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(graph.value(ONTOLOGY_IRI, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"))) == "aiz"
    assert str(graph.value(ONTOLOGY_IRI, URIRef("http://purl.org/vocab/vann/preferredNamespaceUri"))) == str(AIZ)
    for predicate in ("title", "description", "created"):
        assert graph.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/" + predicate)) is not None


def test_vocabularies_have_an_ontology_header_of_their_own():
    graph = Graph().parse(ONTOLOGY_DIR / "vocabularies.ttl")
    headers = list(graph.subjects(RDF.type, OWL.Ontology))
    assert headers == [URIRef("https://w3id.org/aizones/vocabularies")]
    header = headers[0]
    assert graph.value(header, OWL.versionIRI) == URIRef("https://w3id.org/aizones/vocabularies/0.1.0")
    assert str(graph.value(header, OWL.versionInfo)) == str(ontology().value(ONTOLOGY_IRI, OWL.versionInfo)), "released together"
    assert languages(graph, header, RDFS.label) == ["en", "zh"] and languages(graph, header, RDFS.comment) == ["en"]
    assert graph.value(header, URIRef("http://purl.org/dc/terms/license")) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(header, RDFS.seeAlso) == ONTOLOGY_IRI, "names the ontology it relies on (nothing is imported)"


def test_the_status_under_construction_is_defined_in_words():
    definition = str(ontology().value(AIZC["status-under-construction"], SKOS.definition))
    assert len(definition.split()) >= 8, definition


def test_nothing_is_imported():
    for name in (*ONTOLOGY_FILES, "shapes.ttl"):
        assert not list(Graph().parse(ONTOLOGY_DIR / name).triples((None, OWL.imports, None))), name


@pytest.mark.parametrize("term", aiz_terms(), ids=lambda t: t.fragment)
def test_every_aiz_term_has_labels_and_a_definition(term):
    graph = ontology()
    assert languages(graph, term, RDFS.label) == ["en", "zh"], "one rdfs:label @en and one @zh"
    assert "en" in languages(graph, term, SKOS.definition), "an English skos:definition"


@pytest.mark.parametrize("term", aizc_terms(), ids=lambda t: str(t)[len(AIZC) :])
def test_every_aizc_term_has_labels_and_a_definition(term):
    graph = ontology()
    assert languages(graph, term, SKOS.prefLabel) == ["en", "zh"], "one skos:prefLabel @en and one @zh"
    assert "en" in languages(graph, term, SKOS.definition), "an English skos:definition"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(term)[len(AIZC) :]), "a lowercase, hyphenated slug"


def test_every_aiz_term_is_declared_once_as_one_kind():
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    for term in aiz_terms():
        assert len(set(ontology().objects(term, RDF.type)) & kinds) == 1, term


def test_every_concept_is_in_a_declared_scheme():
    graph = ontology()
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        assert set(graph.objects(concept, SKOS.inScheme)) & schemes, concept
    assert set(aizc_terms()) == set(graph.subjects(RDF.type, SKOS.Concept)) | schemes


def test_external_terms_are_declared_so_no_reasoner_fetches_them():
    graph = ontology()
    used = set(graph.predicates())
    for predicate in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.equivalentClass, OWL.inverseOf):
        used |= {o for o in graph.objects(None, predicate) if isinstance(o, URIRef)}
    undeclared = sorted(t for t in used if not str(t).startswith(BUILTIN) and (t, RDF.type, None) not in graph)
    assert undeclared == []


def test_top_classes_are_disjoint():
    graph = ontology()
    members = set()
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members.add(frozenset(graph.items(graph.value(axiom, OWL.members))))
    names = "Region PilotZone Programme Designation Organisation Facility Product Event Document ReportedFigure SourceDocument"
    tops = {AIZ[name] for name in names.split()}
    assert any(tops <= m for m in members)


def test_single_valued_per_source_properties_are_never_functional_nor_capped():
    graph = ontology()
    shapes = Graph().parse(SHAPES_FILE)
    marked = set(graph.subjects(AIZ.singleValuedPerSource, Literal(True)))
    assert AIZ.designationDate in marked
    for prop in marked:
        assert (prop, RDF.type, OWL.FunctionalProperty) not in graph
        for shape in shapes.subjects(SH.path, prop):
            cap = shapes.value(shape, SH.maxCount)
            assert cap is None or cap.toPython() == 0, f"{shape} caps {prop}, which sources may disagree on"


def test_locatedin_is_transitive():
    assert (AIZ.locatedIn, RDF.type, OWL.TransitiveProperty) in ontology()


def test_every_class_has_a_shape():
    shapes = Graph().parse(SHAPES_FILE)
    targeted = set(shapes.objects(None, SH.targetClass))
    classes = {t for t in aiz_terms() if (t, RDF.type, OWL.Class) in ontology()}
    assert classes - targeted == set()
    assert {t for t in targeted if str(t).startswith(str(AIZ))} <= classes, "shapes target classes the ontology lacks"


def test_shapes_use_only_terms_of_the_ontology():
    shapes = Graph().parse(SHAPES_FILE)
    own = {t for triple in shapes for t in triple if isinstance(t, URIRef) and str(t).startswith(OWN)}
    assert own - set(aiz_terms()) - set(aizc_terms()) == set()


def test_namespace_module_lists_exactly_the_ontology_terms():
    assert namespaces.AIZ.base == str(AIZ)
    assert namespaces.AIZC.base == str(AIZC)
    assert local_names(ontology(), str(AIZ)) == namespaces.AIZ_TERMS
    assert local_names(ontology(), str(AIZC)) == namespaces.AIZC_TERMS


# --- OWL consistency with HermiT (through owlready2; needs Java) ---------------------------------


def hermit(*extra: Path) -> tuple[bool, list[str]]:
    """Run HermiT on the ontology plus ``extra`` files: (consistent, unsatisfiable class IRIs).

    owlready2 cannot read Turtle, so the graph is written as N-Triples to a temporary file first.
    """
    import owlready2

    graph = Graph()
    for triple in ontology():
        graph.add(triple)
    for path in extra:
        graph.parse(path)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "aizones.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return False, []
        return True, sorted(c.iri for c in world.inconsistent_classes())


needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


@pytest.mark.java
@needs_java
def test_hermit_finds_the_ontology_and_the_valid_examples_consistent_with_every_class_satisfiable():
    examples = sorted((ROOT / "tests" / "data" / "shapes").glob("*.valid.ttl"))
    assert hermit(*examples) == (True, [])


@pytest.mark.java
@needs_java
def test_hermit_catches_an_entity_in_two_disjoint_classes(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix aiz: <https://w3id.org/aizones/ontology#> .\n"
        "@prefix id: <https://w3id.org/aizones/id/> .\n"
        "id:example-park a aiz:IndustrialPark .\n"
        "id:example-company aiz:headquarteredIn id:example-park .\n",
        encoding="utf-8",
    )
    consistent, _ = hermit(bad)
    assert not consistent
