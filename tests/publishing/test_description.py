"""The dataset description of a real build of this project: VoID and DCAT that rdflib and Oxigraph
read, listing every named graph with the counts ``aizones stats`` prints, in ``description.ttl`` and
as its own graph of the N-Quads and TriG, and left out of the release's store and every query.
"""

from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest
import rdflib

from aizones.core.namespaces import DATASET_IRI, DCTERMS, DESCRIPTION_GRAPH, OWL, RDFS, VOID
from aizones.pipeline import build, open_dataset
from aizones.publishing.push import plan
from aizones.querying.stats import render_stats, stats
from tests.support.cli import run_cli
from tests.support.paths import REPO
from tests.support.release import built_copy

pytestmark = pytest.mark.slow  # a build of the project

VOID_NS = rdflib.Namespace(VOID.base)
# The version graph/release.ttl states, read by rdflib: what stats, the description and the manifest must say.
VERSION = str(rdflib.Graph().parse(REPO / "graph" / "release.ttl").value(rdflib.URIRef(DATASET_IRI), rdflib.URIRef(OWL.versionInfo)))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return built_copy(tmp_path_factory.mktemp("described"))


def _subsets_rdflib(graph: rdflib.Graph) -> dict[str, tuple[str, int, int]]:
    me = rdflib.URIRef(DATASET_IRI)
    return {
        str(subset): (
            str(graph.value(subset, rdflib.RDFS.label)),
            int(graph.value(subset, VOID_NS.triples)),
            int(graph.value(subset, VOID_NS.entities)),
        )
        for subset in graph.objects(me, VOID_NS.subset)
    }


def test_the_description_lists_every_graph_with_the_counts_stats_prints(project):
    graph = rdflib.Graph().parse(project / "dist" / "description.ttl", format="turtle")
    counted = stats(open_dataset(project, project / "dist"))
    assert _subsets_rdflib(graph) == {g.graph: (g.file or "inferred", g.triples, g.entities) for g in counted.graphs}
    assert int(graph.value(rdflib.URIRef(DATASET_IRI), VOID_NS.triples)) == counted.total
    # and the numbers are those the command prints, row by row
    printed = run_cli("stats", cwd=project)
    assert printed.code == 0, printed.err
    for g in counted.graphs:
        assert any(line.split()[:1] == [g.file or g.graph] and f" {g.triples} " in line for line in printed.out.splitlines())
    assert printed.out.startswith(f"dataset version {VERSION}, released ")


def test_the_description_says_what_a_catalogue_needs(project):
    graph = rdflib.Graph().parse(project / "dist" / "description.ttl", format="turtle")
    me = rdflib.URIRef(DATASET_IRI)
    titles = {t.language for t in graph.objects(me, rdflib.URIRef(DCTERMS.title))}
    descriptions = {t.language for t in graph.objects(me, rdflib.URIRef(DCTERMS.description))}
    assert titles == descriptions == {"en", "zh"}
    assert str(graph.value(me, rdflib.URIRef(OWL.versionInfo))) == VERSION
    assert graph.value(me, rdflib.URIRef(DCTERMS.issued)).datatype == rdflib.XSD.date
    assert str(graph.value(me, rdflib.URIRef(DCTERMS.license))) == "https://creativecommons.org/licenses/by/4.0/"
    assert graph.value(me, rdflib.URIRef(DCTERMS.publisher)) is not None
    assert str(graph.value(me, VOID_NS.sparqlEndpoint)).endswith("/sparql")
    assert len(list(graph.objects(me, VOID_NS.exampleResource))) >= 3
    assert rdflib.URIRef("https://w3id.org/aizones/ontology#") in set(graph.objects(me, VOID_NS.vocabulary))
    sources = {str(s) for s in graph.subjects(VOID_NS.triples, None)}
    article = next(s for s in sources if s.endswith("/graph/sources/002-jinan-ai-industry-2020"))
    assert [str(d) for d in graph.objects(rdflib.URIRef(article), rdflib.URIRef(DCTERMS.source))] == [
        "https://w3id.org/aizones/id/doc-002-jinan-ai-industry-2020"
    ]
    ontology = next(s for s in sources if s.endswith("/graph/ontology/aizones"))
    assert graph.value(rdflib.URIRef(ontology), rdflib.URIRef(DCTERMS.license)) is not None
    assert "T" not in "".join(str(o) for o in graph.objects(None, rdflib.URIRef(DCTERMS.issued)))  # a date, no build time


def test_the_dataset_files_carry_the_description_as_its_own_graph(project):
    dist = project / "dist"
    alone = {q.triple for q in ox.parse(path=str(dist / "description.ttl"), format=ox.RdfFormat.TURTLE)}
    for name, fmt in (("aizones.nq", ox.RdfFormat.N_QUADS), ("aizones.trig", ox.RdfFormat.TRIG)):
        inside = {q.triple for q in ox.parse(path=str(dist / name), format=fmt) if q.graph_name == ox.NamedNode(DESCRIPTION_GRAPH)}
        assert inside and len(inside) == len(alone), name  # the same triples (blank nodes aside)
        assert {t for t in inside if not isinstance(t.object, ox.BlankNode) and not isinstance(t.subject, ox.BlankNode)} == {
            t for t in alone if not isinstance(t.object, ox.BlankNode) and not isinstance(t.subject, ox.BlankNode)
        }
    manifest = json.loads((dist / "manifest.json").read_text())
    assert manifest["release"]["version"] == VERSION and "description.ttl" in manifest["files"]


def test_no_query_sees_the_description(project):
    dataset = open_dataset(project, project / "dist")
    assert ox.NamedNode(DESCRIPTION_GRAPH) not in set(dataset.store.named_graphs())
    assert not list(dataset.store.quads_for_pattern(None, ox.NamedNode(VOID.subset), None, None))
    asked = run_cli("query", "-e", f"SELECT * WHERE {{ GRAPH ?g {{ ?s <{VOID.triples}> ?n }} }}", "--format", "csv", cwd=project)
    assert asked.code == 0, asked.err
    assert asked.out.strip().splitlines()[1:] == []
    sent = plan(project / "dist")  # nor a store that aizones push fills
    assert DESCRIPTION_GRAPH not in {part.graph for part in sent}
    assert not any(VOID.subset.encode() in line for part in sent for line in part.lines)


def test_a_project_without_a_version_builds_and_says_none(tmp_path):
    project = tmp_path
    for folder in ("graph", "ontology", "queries"):
        shutil.copytree(REPO / folder, project / folder)
    (project / "graph" / "release.ttl").unlink()
    build(project, project / "dist")
    assert "release" not in json.loads((project / "dist" / "manifest.json").read_text())
    assert not render_stats(stats(open_dataset(project, project / "dist"))).startswith("dataset version")
    graph = rdflib.Graph().parse(project / "dist" / "description.ttl", format="turtle")
    assert graph.value(rdflib.URIRef(DATASET_IRI), rdflib.URIRef(RDFS.label)) is None
    assert _subsets_rdflib(graph)  # the counts are there all the same
