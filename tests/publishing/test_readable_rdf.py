"""Turtle, TriG and JSON-LD written for people: the same quads as the N-Quads, read by independent
parsers (rdflib, Oxigraph, PyLD), and in the shape a reader expects (lists as lists, ``a`` first,
used prefixes only, a JSON-LD frame by type that finds every pilot zone)."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
import rdflib
from pyld import jsonld

from aizones.core.formats import RDF_FORMATS
from aizones.core.namespaces import AIZ, RDF
from aizones.pipeline import build, open_dataset
from aizones.publishing.writers import export_dataset
from tests.support.paths import REPO

NQ = ox.RdfFormat.N_QUADS


def rdfc(quads) -> set[str]:
    """The quads' RDFC-1.0 canonical N-Quads lines (Oxigraph's canonicalisation)."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(ox.serialize(dataset, format=NQ).decode().splitlines())


def union(quads) -> list[ox.Quad]:
    return [ox.Quad(q.subject, q.predicate, q.object) for q in quads]


@pytest.fixture(scope="module")
def project_files() -> dict[str, bytes]:
    """The real project's dataset (inferred graph included) in every format, as the build writes them."""
    dataset = open_dataset(REPO)
    return {name: export_dataset(dataset, RDF_FORMATS[name]) for name in ("nq", "turtle", "trig", "jsonld")}


@pytest.fixture(scope="module")
def expected(project_files) -> list[ox.Quad]:
    return list(ox.parse(project_files["nq"], NQ))


# --- JSON-LD --------------------------------------------------------------------------------------


def test_jsonld_framed_by_type_finds_every_pilot_zone(project_files, expected):
    document = json.loads(project_files["jsonld"])
    zones = {q.subject.value for q in expected if q.predicate.value == RDF.type and q.object.value == AIZ.PilotZone}
    assert len(zones) > 10
    by_iri = jsonld.frame(document, {"@type": AIZ.PilotZone})
    assert {node["@id"] for node in by_iri["@graph"]} == zones
    by_term = jsonld.frame(document, {"@context": document["@context"], "@type": "PilotZone"})
    prefixed = [node["@id"].partition(":") for node in by_term["@graph"]]
    assert {document["@context"][prefix] + local for prefix, _, local in prefixed} == zones
    assert all(node["@type"] == "PilotZone" or "PilotZone" in node["@type"] for node in by_term["@graph"])


def test_jsonld_canonicalises_with_pyld_to_exactly_the_quads_of_the_nquads(project_files, expected):
    document = json.loads(project_files["jsonld"])
    normalised = jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads"})
    assert set(normalised.splitlines()) == rdfc(expected)


def test_jsonld_reads_in_oxigraph_and_rdflib_as_the_nquads(project_files, expected):
    assert rdfc(ox.parse(project_files["jsonld"], ox.RdfFormat.JSON_LD)) == rdfc(expected)
    back = rdflib.Dataset()
    back.parse(data=project_files["jsonld"].decode(), format="json-ld")
    assert rdfc(ox.parse(back.serialize(format="nquads").encode(), NQ)) == rdfc(expected)


def test_jsonld_is_compacted_for_web_developers(project_files):
    text = project_files["jsonld"].decode()
    document = json.loads(text)
    context = document["@context"]
    assert context["PilotZone"] == "aiz:PilotZone" and context["aiz"] == AIZ.base
    assert context["prefLabel"] == {"@id": "skos:prefLabel", "@container": "@language"}
    assert context["locatedIn"] == {"@id": "aiz:locatedIn", "@type": "@id"}
    nodes = [node for graph in document["@graph"] for node in graph.get("@graph", [graph])]
    keys = {key for node in nodes for key in node}
    assert not [key for key in keys if "/" in key], "every key is a term or a prefixed name"
    zone = next(node for node in nodes if node["@id"] == "id:miit-zone-beijing" and "label" in node)
    assert zone["label"] == {"en": "Beijing AI innovation and application pilot zone (MIIT)"}, "a language map"
    assert any(set(node.get("prefLabel", ())) == {"en", "zh"} for node in nodes)
    assert any(isinstance(node.get("value"), str) for node in nodes) and context["value"]["@type"] == "xsd:decimal"
    assert "@type" in next(node for node in nodes if node["@id"] == "id:miit-zone-beijing" and "@type" in node)
    assert len(text.splitlines()) > len(nodes), "pretty-printed"


def test_the_build_publishes_the_context_the_jsonld_carries(mini):
    build(mini, mini / "dist")
    published = json.loads((mini / "dist" / "context.jsonld").read_bytes())
    document = json.loads((mini / "dist" / "aizones.jsonld").read_bytes())
    assert set(published) == {"@context"} and published["@context"] == document["@context"]
    back = ox.parse(path=str(mini / "dist" / "aizones.jsonld"), format=ox.RdfFormat.JSON_LD)
    assert rdfc(back) == rdfc(ox.parse(path=str(mini / "dist" / "aizones.nq"), format=NQ))


# --- Turtle and TriG ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["turtle", "trig"])
def test_turtle_and_trig_read_in_oxigraph_and_rdflib_as_the_nquads(project_files, expected, name):
    fmt = RDF_FORMATS[name]
    meant = rdfc(expected if fmt.carries_graphs else union(expected))
    assert rdfc(ox.parse(project_files[name], fmt.oxigraph)) == meant
    back = rdflib.Dataset() if fmt.carries_graphs else rdflib.Graph()
    back.parse(data=project_files[name].decode(), format=name)
    assert rdfc(ox.parse(back.serialize(format="nquads" if fmt.carries_graphs else "nt").encode(), NQ)) == meant


@pytest.mark.parametrize("name", ["turtle", "trig"])
def test_lists_are_written_as_lists(project_files, name):
    text = project_files[name].decode()
    assert "owl:members ( aiz:Summit aiz:SigningCeremony aiz:LaunchCeremony )" in text
    assert "rdf:first" not in text and "rdf:rest" not in text


@pytest.mark.parametrize("name", ["turtle", "trig"])
def test_only_used_prefixes_are_declared(project_files, name):
    text = project_files[name].decode()
    head, _, body = text.partition("\n\n")
    declared = re.findall(r"^@prefix (\w*): ", head, re.M)
    assert declared and len(declared) == len(head.splitlines())
    for prefix in declared:
        assert re.search(rf"(^|[\s(]){prefix}:", body, re.M), f"{prefix}: is declared but not used"
    assert "@prefix" not in body


def blocks(text: str) -> list[list[str]]:
    """The subjects' blocks of a Turtle or TriG text (graph braces left out), each dedented."""
    found = []
    for chunk in text.partition("\n\n")[2].split("\n\n"):
        lines = [line for line in chunk.splitlines() if not line.endswith(" {") and line != "}"]
        indent = len(lines[0]) - len(lines[0].lstrip())
        found.append([line[indent:] for line in lines])
    return found


@pytest.mark.parametrize("name", ["turtle", "trig"])
def test_each_subject_is_one_block_with_a_first(project_files, expected, name):
    found = blocks(project_files[name].decode())
    subjects = [block[0] for block in found]
    if name == "turtle":
        assert len(subjects) == len(set(subjects)), "a subject's statements are together"
        typed = {q.subject for q in expected if q.predicate.value == RDF.type}
        assert len([block for block in found if block[1].startswith("    a ")]) == len(typed)
    for block in found:
        assert not block[0].startswith(" ") and all(line.startswith("    ") for line in block[1:]), block
        predicates = [line for line in block[1:] if re.match(r" {4}[^ )]", line)]
        if any(line.startswith("    a ") for line in predicates):
            assert predicates[0].startswith("    a "), block


@pytest.mark.parametrize("name", ["turtle", "trig"])
def test_one_statement_a_line_and_long_lines_only_for_long_literals(project_files, name):
    # one name alone on its line (a graph's name opening its block, a subject) cannot be wrapped: the
    # table files' names, and the figures named from their rows, run past 100 characters
    lines = [line for line in project_files[name].decode().splitlines() if not re.fullmatch(r"\s*[^\s\"]+( [{;.,])?", line)]
    assert all(line.count(" ;") <= 1 for line in lines if '"' not in line)
    assert [line for line in lines if len(line) > 100 and '"' not in line] == []
    assert [line for line in lines if len(line) > 100 and not line.lstrip().startswith('"')] == [], "a long literal on its own line"


@pytest.mark.parametrize("name", ["turtle", "trig", "jsonld"])
def test_readable_files_are_the_same_bytes_every_time(project_files, name):
    assert export_dataset(open_dataset(REPO), RDF_FORMATS[name]) == project_files[name]
