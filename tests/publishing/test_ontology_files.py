"""The ontology's own files in ``dist/ontology/``: the ontology with its vocabularies, and the shapes,
each in Turtle and RDF/XML, listed in the manifest, the same graphs as the files in ``ontology/``,
and read by owlready2 (which reads no Turtle); HermiT finds the ontology consistent (``java``)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import to_isomorphic

from aizones.core.namespaces import AIZ, ONTOLOGY_IRI, RDF, SHAPES
from aizones.ontodoc.page import add_to_build
from aizones.pipeline import build
from aizones.publishing.layout import ONTOLOGY_FILES
from tests.support.paths import REPO

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
SOURCES = {"ontology": ("aizones.ttl", "vocabularies.ttl"), "shapes": ("shapes.ttl",)}
ONTOLOGY_RDF = "ontology/aizones-ontology.rdf"
# OWL 2 RL's datatypes (OWL 2 Profiles, 4.2), as the profile lists them: rdf:langString, from RDF 1.1,
# is not one of them.
RL_XSD = """decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int
short byte unsignedLong unsignedInt unsignedShort unsignedByte float double string normalizedString token
language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp"""
OWL2_RL_DATATYPES = {RDF.PlainLiteral, RDF.XMLLiteral, "http://www.w3.org/2000/01/rdf-schema#Literal"} | {
    "http://www.w3.org/2001/XMLSchema#" + name for name in RL_XSD.split()
}


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ontofiles") / "dist"
    build(REPO, out, extra_outputs=add_to_build)  # the documentation page shares the folder
    return out


def _graph(path: Path, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format=fmt)


def test_every_ontology_file_is_in_the_manifest_with_its_triples(dist):
    files = json.loads((dist / "manifest.json").read_text())["files"]
    for name in ONTOLOGY_FILES:
        data = (dist / name).read_bytes()
        assert files[name]["sha256"] == hashlib.sha256(data).hexdigest() and files[name]["bytes"] == len(data)
        assert files[name]["triples"] == len(list(ox.parse(data, format=ox.RdfFormat.from_extension(name.rsplit(".", 1)[1]))))
    assert "ontology/index.html" in files, "the documentation page stays beside them"


@pytest.mark.parametrize("name", sorted(ONTOLOGY_FILES))
def test_each_file_is_the_graph_of_its_source_files(dist, name):
    role, fmt = ONTOLOGY_FILES[name]
    expected = rdflib.Graph()
    for source in SOURCES[role]:
        expected.parse(REPO / "ontology" / source, format="turtle")
    written = _graph(dist / name, {"turtle": "turtle", "xml": "xml"}[fmt])
    assert len(written) == len(expected) > 500
    assert to_isomorphic(written) == to_isomorphic(expected)


def test_owlready2_loads_the_rdf_xml_with_its_header_and_vocabularies(dist):
    import owlready2

    world = owlready2.World()
    ontology = world.get_ontology((dist / ONTOLOGY_RDF).as_uri()).load()
    assert ontology.base_iri == ONTOLOGY_IRI + "#"
    assert ontology.metadata.versionInfo == ["0.1.0"]
    concept = world["https://w3id.org/aizones/concept/status-under-construction"]
    assert concept is not None and [c.iri for c in concept.is_a] == ["http://www.w3.org/2004/02/skos/core#Concept"]
    assert world[AIZ.Designation] is not None and world[AIZ.designation].inverse_property is world[AIZ.designates]
    assert len(world.graph) >= len(_graph(dist / ONTOLOGY_RDF, "xml"))


@pytest.mark.java
@needs_java
def test_hermit_finds_the_ontology_file_consistent_and_a_planted_clash_not(dist):
    import owlready2

    world = owlready2.World()
    ontology = world.get_ontology((dist / ONTOLOGY_RDF).as_uri()).load()
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
    # the check can fail: a thing both a region and a pilot zone (disjoint classes) is refused
    with ontology:
        world[AIZ.Region]("planted", namespace=ontology).is_a.append(world[AIZ.PilotZone])
        with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)


def test_data_property_ranges_are_owl2_rl_datatypes(dist):
    graph = _graph(dist / "ontology/aizones-ontology.ttl", "turtle")
    owl = rdflib.Namespace("http://www.w3.org/2002/07/owl#")
    ranges = {(str(p), str(r)) for p in graph.subjects(rdflib.RDF.type, owl.DatatypeProperty) for r in graph.objects(p, rdflib.RDFS.range)}
    assert {r for _p, r in ranges} <= OWL2_RL_DATATYPES, "a data property range outside OWL 2 RL"
    assert (AIZ.recognitionTitle, RDF.PlainLiteral) in ranges and (AIZ.theme, RDF.PlainLiteral) in ranges
    assert not [t for t in graph if rdflib.URIRef(RDF.langString) in t], "rdf:langString is not an OWL 2 datatype"


@pytest.mark.parametrize(
    ("klass", "prop", "shape"), [("Event", "theme", "Event-theme"), ("Recognition", "recognitionTitle", "Recognition-title")]
)
def test_the_shapes_still_require_a_language_tag(dist, klass, prop, shape):
    import pyshacl

    shapes = _graph(dist / "ontology/aizones-shapes.rdf", "xml")
    ontology = _graph(dist / "ontology/aizones-ontology.rdf", "xml")

    def results(value: rdflib.Literal) -> set:
        data = rdflib.Graph()
        for triple in ontology:
            data.add(triple)
        thing = rdflib.URIRef("https://w3id.org/aizones/id/planted")
        data.add((thing, rdflib.RDF.type, rdflib.URIRef(AIZ[klass])))
        data.add((thing, rdflib.URIRef(AIZ[prop]), value))
        _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes)
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        return {r for r in report.subjects(sh.focusNode, thing) if report.value(r, sh.sourceShape) == rdflib.URIRef(SHAPES[shape])}

    assert results(rdflib.Literal("AI for good"))
    assert not results(rdflib.Literal("AI for good", lang="en"))
