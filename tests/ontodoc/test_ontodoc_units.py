"""Unit tests of ``aizones.ontodoc.terms``, ``.links``, ``.concepts`` and ``.shapes`` on a tiny dataset.

``read_terms`` documents only declared terms with a label or definition, with labels in two
languages; ``class_tree`` nests subclasses; ``disjoint_with`` reads both ``owl:disjointWith`` and
``owl:AllDisjointClasses``. ``Names`` writes prefixed names (a foreign namespace by its preferred
prefix, else ``ns1``), readable unique anchors, and external links only for http(s). A concept
scheme is a table with narrower concepts indented; a shape's rule is put into words.
"""

from __future__ import annotations

import re

import pytest

from aizones.ontodoc.concepts import concept_schemes, members
from aizones.ontodoc.links import Names
from aizones.ontodoc.shapes import read_shapes
from aizones.ontodoc.terms import class_tree, disjoint_with, read_terms
from tests.support.stores import AIZ, dataset_of

AIZC, AIZSH, OTHER = "https://w3id.org/aizones/concept/", "https://w3id.org/aizones/shapes#", "http://other.org/ns#"
ONTOLOGY = f"""
@prefix vann: <http://purl.org/vocab/vann/> . @prefix aizc: <{AIZC}> . @prefix oth: <{OTHER}> .
ex:onto a owl:Ontology ; vann:preferredNamespaceUri "{OTHER}" ; vann:preferredNamespacePrefix "oth" .
aiz:Zone a owl:Class ; rdfs:label "Zone"@en, "园区"@zh ; skos:definition "An area."@en .
aiz:PilotZone a owl:Class ; rdfs:subClassOf aiz:Zone, oth:Place ; rdfs:label "Pilot zone"@en .
aiz:Region a owl:Class ; rdfs:label "Region"@en ; owl:disjointWith aiz:Zone .
aiz:Person a owl:Class ; rdfs:label "Person"@en .
aiz:Bare a owl:Class .
[] a owl:AllDisjointClasses ; owl:members ( aiz:Region aiz:Person ) .
aiz:locatedIn a owl:TransitiveProperty ; rdfs:label "located in"@en .
aizc:statuses a skos:ConceptScheme ; skos:prefLabel "Statuses"@en .
aizc:planned a skos:Concept ; skos:inScheme aizc:statuses ; skos:prefLabel "Planned"@en, "规划"@zh ; skos:definition "Not built." .
aizc:built a skos:Concept ; skos:inScheme aizc:statuses ; skos:broader aizc:planned ; skos:prefLabel "Built"@en ; skos:notation "B" .
aizc:loose a skos:Concept ; skos:prefLabel "Loose"@en .
"""
SHAPES = f"""
@prefix aizsh: <{AIZSH}> .
aizsh:ZoneShape a sh:NodeShape ; sh:targetClass aiz:Zone ; rdfs:comment "What a zone needs." ; sh:nodeKind sh:IRI ;
  sh:property [ sh:path aiz:locatedIn ; sh:minCount 1 ; sh:maxCount 1 ; sh:class aiz:Region ; sh:name "where" ; sh:message "needs a region" ] ;
  sh:property aizsh:Names ;
  sh:sparql aizsh:NoLoop .
aizsh:Names sh:path ( aiz:a [ sh:inversePath aiz:b ] ) ; sh:datatype xsd:string ; sh:in ( "x" 2 ) ; sh:severity sh:Warning .
aizsh:NoLoop sh:select "\\n    SELECT $this\\n    WHERE {{ }}\\n" ; sh:message "a loop" .
"""


@pytest.fixture(scope="module")
def dataset():
    return dataset_of({"ontology/aizones.ttl": ("ontology", ONTOLOGY), "ontology/shapes.ttl": ("shapes", SHAPES)})


@pytest.fixture(scope="module")
def ontology(dataset):
    return read_terms(dataset)


def test_read_terms_documents_labelled_declared_terms_by_kind(ontology):
    assert ontology.headers == ["http://example.org/onto"]
    assert {t.iri for t in ontology.of_kind("class")} == {AIZ + n for n in ("Zone", "PilotZone", "Region", "Person")}
    assert not ontology.documented(AIZ + "Bare") and not ontology.documented(OTHER + "Place")
    assert [t.iri for t in ontology.of_kind("object")] == [AIZ + "locatedIn"]
    assert [t.iri for t in ontology.of_kind("scheme")] == [AIZC + "statuses"]
    assert [t.label() for t in ontology.of_kind("concept")] == ["Built", "Loose", "Planned"]
    zone = ontology.terms[AIZ + "Zone"]
    assert zone.labels == [("en", "Zone"), ("zh", "园区")]
    assert (zone.label(), zone.label("zh"), zone.label("fr")) == ("Zone", "园区", "")
    assert zone.definitions == [("en", "An area.")]
    assert ontology.ancestors(AIZ + "PilotZone") == [OTHER + "Place", AIZ + "Zone"]  # both direct: by IRI


def test_class_tree_and_disjoint_classes(ontology):
    assert class_tree(ontology) == [(0, AIZ + "Person"), (0, AIZ + "Region"), (0, AIZ + "Zone"), (1, AIZ + "PilotZone")]
    assert disjoint_with(ontology, AIZ + "Region") == [AIZ + "Person", AIZ + "Zone"]
    assert disjoint_with(ontology, AIZ + "Zone") == [AIZ + "Region"]  # stated the other way round
    assert disjoint_with(ontology, AIZ + "Person") == [AIZ + "Region"]
    assert disjoint_with(ontology, AIZ + "PilotZone") == []


def test_names_prefixes_and_unique_anchors(ontology):
    names = Names(ontology, [AIZ + "Zone", OTHER + "Place", "http://third.org/x/Y", AIZ + "a.b", AIZ + "a-b"])
    assert names.compact(AIZ + "Zone") == "aiz:Zone"
    assert names.compact(OTHER + "Place") == "oth:Place"  # the ontology's preferred prefix
    assert names.compact("http://third.org/x/Y") == "ns1:Y"
    assert names.compact("http://fourth.org/x/Z") == "<http://fourth.org/x/Z>"
    assert names.compact(AIZ + "bad local") == f"<{AIZ}bad local>"
    assert names.anchors[AIZ + "Zone"] == "aiz-Zone" and names.anchors[OTHER + "Place"] == "oth-Place"
    assert (names.anchors[AIZ + "a.b"], names.anchors[AIZ + "a-b"]) == ("aiz-a-b", "aiz-a-b-2")
    assert names.id_attr(AIZ + "Zone") == ' id="aiz-Zone"' and names.id_attr(AIZ + "Zone") == ""  # only once
    assert names.id_attr(AIZ + "Region") == ""  # not anchored


def test_names_link_inside_outside_and_never_unsafe(ontology):
    names = Names(ontology, [AIZ + "Zone"])
    assert names.link(AIZ + "Zone") == '<a href="#aiz-Zone" title="Zone"><code>aiz:Zone</code></a>'
    assert names.link("https://schema.org/Place") == '<a class="ext" href="https://schema.org/Place"><code>schema:Place</code></a>'
    for unsafe in ("javascript:alert(1)", "urn:x:y", "file:///etc/passwd"):
        assert "href" not in names.link(unsafe) and names.link(unsafe).startswith("<code>")
    assert names.link("javascript:alert('<b>')") == "<code>&lt;javascript:alert(&#x27;&lt;b&gt;&#x27;)&gt;</code>"
    assert names.used == {"aiz", "schema"}
    assert "<code>aiz:</code>" in names.prefix_rows() and "oth:" not in names.prefix_rows()


def test_concept_scheme_table_indents_narrower_concepts(ontology):
    names = Names(ontology, [t.iri for t in ontology.terms.values()])
    (scheme,) = ontology.of_kind("scheme")
    assert members(names, scheme) == [AIZC + "built", AIZC + "planned"]
    html = concept_schemes(names)
    rows = re.findall(r'<tr id="([^"]+)"><td class="depth-([0-9]+)">', html)
    assert rows == [("aizc-planned", "0"), ("aizc-built", "1"), ("aizc-loose", "0")]
    assert html.index("Concepts in no scheme") < html.index("aizc-loose")
    assert '<td lang="zh"><bdi>规划</bdi></td><td><bdi>Not built.</bdi></td>' in html
    assert "notation: <bdi>B</bdi>" in html


def test_shape_rules_in_words(dataset):
    shapes = read_shapes(dataset, lambda iri: f"[{iri}]")
    assert list(shapes) == [AIZSH + "ZoneShape"]
    shape = shapes[AIZSH + "ZoneShape"]
    assert shape.target_classes() == [AIZ + "Zone"] and shape.comment == "What a zone needs."
    own, first, second, sparql = shape.rules
    assert (own.path, own.requirement) == ("<em>the entity itself</em>", "an IRI")
    assert first.path == f"[{AIZ}a] / ^[{AIZ}b]" and first.iri == AIZSH + "Names" and first.severity == "Warning"
    assert first.requirement == f"typed [{XSD_STRING}]; one of <code>&quot;x&quot;</code>, <code>2</code>"
    assert sorted(first.about) == [AIZ + "a", AIZ + "b"]
    assert (second.path, second.name, second.iri, second.message) == (f"[{AIZ}locatedIn]", "where", None, "needs a region")
    assert second.requirement == f"required, exactly one; each value a [{AIZ}Region]"
    assert (sparql.name, sparql.iri, sparql.message, sparql.severity) == ("NoLoop", AIZSH + "NoLoop", "a loop", "Violation")
    assert sparql.query == "SELECT $this\nWHERE { }"


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
