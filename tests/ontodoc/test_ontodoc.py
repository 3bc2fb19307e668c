"""The ontology documentation: written by the build, complete, escaped, offline and deterministic.

The page is read back with Python's own HTML parser (a real one, not string matching) and the
ontology with rdflib, a second parser independent of the pyoxigraph store the page is made from.
"""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SH, SKOS

from aizones.core.namespaces import AIZ, AIZ_TERMS, AIZC, AIZC_TERMS
from aizones.ontodoc.page import add_to_build, ontology_page
from aizones.pipeline import build
from aizones.reading.loader import load_dataset
from tests.support.cli import run_cli
from tests.support.paths import REPO

ONTOLOGY_FILES = sorted((REPO / "ontology").glob("*.ttl"))
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """The parts of a page the tests look at: tags, ids with their text, and the class tree."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.text: dict[str, str] = {}  # id -> the text inside that element
        self.styles: list[str] = []
        self.tree_parent: dict[str, str | None] = {}  # a class's link in the tree -> its parent's
        self._open: list[tuple[str, str | None]] = []  # (tag, id) of open elements
        self._tree_items: list[str | None] = []  # the first link of each open <li> in the tree
        self._in_tree = 0
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._in_style = tag == "style"
        if attributes.get("class") == "tree":
            self._in_tree = 1
        elif self._in_tree and tag == "li":
            self._tree_items.append(None)
        elif self._in_tree and tag == "a" and self._tree_items and self._tree_items[-1] is None:
            self._tree_items[-1] = attributes["href"]
            parents = [item for item in self._tree_items[:-1] if item]
            self.tree_parent.setdefault(attributes["href"], parents[-1] if parents else None)
        if tag in VOID:
            return
        if self._in_tree:
            self._in_tree += 1
        if "id" in attributes:
            self.ids.append(attributes["id"])
            self.text[attributes["id"]] = ""
        self._open.append((tag, attributes.get("id")))

    def handle_endtag(self, tag):
        self._in_style = False
        if tag in VOID:
            return
        if self._in_tree:
            self._in_tree -= 1
            if tag == "li":
                self._tree_items.pop()
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)
        for _tag, element_id in self._open:
            if element_id:
                self.text[element_id] += data


@pytest.fixture(scope="module")
def real() -> tuple[bytes, Page]:
    data = ontology_page(load_dataset(REPO, ONTOLOGY_FILES))
    return data, Page(data.decode("utf-8"))


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in ONTOLOGY_FILES:
        graph.parse(path, format="turtle")
    return graph


def test_the_build_writes_the_page_into_dist_and_its_manifest(mini):
    done = run_cli("build", "--no-pictures", "-q", cwd=mini)
    assert done.code == 0, done.err
    page = mini / "dist" / "ontology" / "index.html"
    manifest = json.loads((mini / "dist" / "manifest.json").read_text())
    assert manifest["files"]["ontology/index.html"]["sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
    parsed = Page(page.read_text(encoding="utf-8"))
    # the mini ontology has no prefix of ours: its namespace gets one, and the tree nests City under Place
    assert parsed.tree_parent["#ns1-City"] == "#ns1-Place"
    assert "Give the population as one whole number (xsd:integer)." in parsed.text["ns1-Place"]


def test_output_writers_compose_and_land_in_the_manifest(mini):
    def notes(_dataset, staging):
        staging.add_tree("notes", lambda folder: (folder / "a.txt").write_text("a"))

    build(mini, mini / "dist", extra_outputs=[add_to_build, notes])
    manifest = json.loads((mini / "dist" / "manifest.json").read_text())
    assert {"ontology/index.html", "notes/a.txt"} <= set(manifest["files"])


def test_every_class_property_and_concept_has_its_entry_with_both_labels(real, ontology):
    _data, page = real
    missing = [t for t in sorted(AIZ_TERMS) if f"aiz-{t}" not in page.text]
    missing += [t for t in sorted(AIZC_TERMS) if f"aizc-{t}" not in page.text]
    assert missing == []
    for iri, prefix, local in [(AIZ[t], "aiz", t) for t in AIZ_TERMS] + [(AIZC[t], "aizc", t) for t in AIZC_TERMS]:
        text = page.text[f"{prefix}-{local}"]
        labels = {str(o) for p in (RDFS.label, SKOS.prefLabel) for o in ontology.objects(rdflib.URIRef(iri), p)}
        definitions = {str(o) for o in ontology.objects(rdflib.URIRef(iri), SKOS.definition)}
        assert len(labels) >= 2 and definitions, iri
        for words in labels | definitions:
            assert words in text, (iri, words)


def test_the_hierarchy_is_a_nested_tree(real):
    parent = real[1].tree_parent
    assert parent["#aiz-Province"] == "#aiz-ProvinceLevelDivision"
    assert parent["#aiz-ProvinceLevelDivision"] == "#aiz-Region"
    assert parent["#aiz-Region"] is None
    assert parent["#aiz-HighTechZone"] == "#aiz-DevelopmentZone"
    assert parent["#aiz-DevelopmentZone"] == "#aiz-DesignatedArea"
    assert parent["#aiz-Plan"] == "#aiz-PolicyDocument"
    assert len(parent) == len([t for t in AIZ_TERMS if t[0].isupper()])  # every class, each once (no class has two parents)


def test_property_entries_show_kind_domain_range_inverse_and_characteristics(real):
    text = real[1].text
    assert "transitive" in text["aiz-locatedIn"] and "aiz:Region" in text["aiz-locatedIn"]
    assert "symmetric" in text["aiz-adjacentTo"]
    operated = text["aiz-operatedBy"]
    assert "Inverse of" in operated and "aiz:operates" in operated and "aiz:Facility" in operated
    assert "datatype property" in text["aiz-divisionCode"] and "xsd:string" in text["aiz-divisionCode"]
    assert "annotation property" in text["aiz-designationDate"]
    assert "aizsh:Designation-date" in text["aiz-designationDate"]  # the rule that checks it


def test_each_class_shows_the_rules_that_check_it(real):
    text = real[1].text
    designation = text["aiz-Designation"]
    assert "Write the batch as a whole number from 1 to 3, e.g. aiz:batch 2." in designation
    assert "at least 1" in designation and "at most 3" in designation and "DesignatorRunsProgramme" in designation
    assert "aizsh:LabelledShape" in text["aiz-Province"] and "aizsh:RegionShape" in text["aiz-Province"]  # through Region
    assert "aizsh:ProvinceLevelDivisionShape" in text["aiz-Province"]


def test_every_shape_message_is_on_the_page(real):
    shapes = rdflib.Graph().parse(REPO / "ontology" / "shapes.ttl", format="turtle")
    messages = {str(m) for m in shapes.objects(None, SH.message)}
    page_text = " ".join(real[1].text.values())
    assert messages and [m for m in sorted(messages) if m not in page_text] == []


def test_concept_schemes_list_their_concepts_and_alignments_their_targets(real, ontology):
    text = real[1].text
    for scheme in ontology.subjects(RDF.type, SKOS.ConceptScheme):
        local = str(scheme).removeprefix(AIZC.base)
        for concept in ontology.subjects(SKOS.inScheme, scheme):
            assert f"aizc:{str(concept).removeprefix(AIZC.base)}" in text[f"aizc-{local}"]
    assert "CNY" in text["aizc-cny"]  # the ISO 4217 code, as skos:notation
    rows = text["alignments"]
    assert "schema:Place" in rows and "prov:Entity" in rows and "org:Organization" in rows and "qb:Observation" in rows


def test_links_resolve_and_nothing_is_loaded_from_elsewhere(real):
    page = real[1]
    assert len(page.ids) == len(set(page.ids))
    targets = {attrs["href"][1:] for tag, attrs in page.tags if tag == "a" and (attrs.get("href") or "").startswith("#")}
    assert targets and targets <= set(page.ids)
    loaded = [(tag, attrs) for tag, attrs in page.tags if tag in ("script", "link", "img", "iframe", "source", "object", "embed")]
    assert [(t, a) for t, a in loaded if any(v and ("//" in v or ":" in v) for k, v in a.items() if k in ("src", "href", "data"))] == []
    assert not any(tag == "script" for tag, _attrs in page.tags)
    assert "@import" not in "".join(page.styles) and "url(" not in "".join(page.styles)


def test_labels_and_messages_are_escaped(tmp_path: Path):
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "evil.ttl").write_text(
        """@prefix ex: <http://example.org/evil#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ex:Thing a owl:Class ; rdfs:label "<script>alert('label')</script>"@en , "东西 & <b>"@zh ;
            skos:definition "a < b & \\"c\\" > d"@en ; rdfs:subClassOf <javascript:alert(1)> .
        """,
        encoding="utf-8",
    )
    (tmp_path / "ontology" / "shapes.ttl").write_text(
        """@prefix ex: <http://example.org/evil#> . @prefix sh: <http://www.w3.org/ns/shacl#> .
        ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:property [ sh:path ex:p ; sh:pattern "^<img src=x onerror=alert(2)>$" ;
                          sh:message "<img src=x onerror=alert(3)> fix it" ] .
        """,
        encoding="utf-8",
    )
    html = ontology_page(load_dataset(tmp_path)).decode("utf-8")
    page = Page(html)
    assert not any(tag in ("script", "img", "b") for tag, _attrs in page.tags)
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;label&#x27;)&lt;/script&gt;" in html
    assert not any((attrs.get("href") or "").startswith("javascript:") for _tag, attrs in page.tags)
    thing = page.text["ns1-Thing"]  # the parser unescapes: the words come back exactly as written
    for words in ("<script>alert('label')</script>", "东西 & <b>", 'a < b & "c" > d', "<img src=x onerror=alert(3)> fix it"):
        assert words in thing


def test_the_page_is_deterministic(real, tmp_path: Path):
    again = ontology_page(load_dataset(REPO, list(reversed(ONTOLOGY_FILES))))  # new blank nodes, other graph order
    assert again == real[0]
    # unnamed property shapes are ordered by what they say, never by their blank node labels
    (tmp_path / "ontology").mkdir()
    properties = " ".join(f'sh:property [ sh:path ex:p{n} ; sh:minCount {n} ; sh:message "m{n}" ] ;' for n in range(8))
    (tmp_path / "ontology" / "shapes.ttl").write_text(
        "@prefix ex: <http://example.org/b#> . @prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        f"ex:S a sh:NodeShape ; sh:targetClass ex:C ; {properties} sh:or ( [ sh:class ex:A ] [ sh:class ex:B ] ) .\n",
        encoding="utf-8",
    )
    pages = {ontology_page(load_dataset(tmp_path)) for _ in range(3)}
    assert len(pages) == 1
    text = pages.pop().decode()
    positions = [text.find(f">m{n}<") for n in range(8)]
    assert -1 not in positions and positions == sorted(positions)  # by path: ex:p0 … ex:p7
