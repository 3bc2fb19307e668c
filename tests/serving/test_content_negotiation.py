"""``/id/NAME`` for RDF clients: the entity's description with its named graphs, read back with real parsers."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
import rdflib

from aizones.core.namespaces import AIZ
from tests.support.server import request

ENTITY = "https://w3id.org/aizones/id/changsha"


def stored(served, iri: str) -> set[ox.Quad]:
    """What the store holds about ``iri`` in its named graphs: its own quads, and those of the figures about it."""
    store, node = served.dataset.store, ox.NamedNode(iri)
    graphs = [*served.dataset.asserted, served.dataset.inferred]
    subjects = {node} | {q.subject for g in graphs for q in store.quads_for_pattern(None, ox.NamedNode(AIZ.subject), node, g)}
    return {q for s in subjects for g in graphs for q in store.quads_for_pattern(s, None, None, g)}


def fetch(base_url: str, accept: str | None = None, query: str = "") -> tuple[str, bytes]:
    status, headers, body = request(base_url + "/id/changsha" + query, headers={"Accept": accept} if accept else {})
    assert status == 200, body[:300]
    assert headers["Vary"] == "Accept"
    return headers["Content-Type"], body


@pytest.mark.parametrize(
    ("accept", "query", "fmt"),
    [
        ("application/trig", "", ox.RdfFormat.TRIG),
        ("application/n-quads", "", ox.RdfFormat.N_QUADS),
        ("application/ld+json", "", ox.RdfFormat.JSON_LD),
        (None, "?format=trig", ox.RdfFormat.TRIG),
        (None, "?format=jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_dataset_syntaxes_give_every_quad_about_the_entity_in_its_graph(served, base_url, accept, query, fmt):
    media, body = fetch(base_url, accept, query)
    assert media.startswith(fmt.media_type)
    parsed = set(ox.parse(body, format=fmt))
    expected = stored(served, ENTITY)
    assert parsed == expected
    assert len({q.graph_name for q in parsed}) >= 4  # three source files and the inferred graph
    assert any(q.predicate.value == AIZ.value for q in parsed)  # the figures come with it


def test_json_ld_is_read_by_rdflib_as_named_graphs(served, base_url):
    _media, body = fetch(base_url, "application/ld+json")
    dataset = rdflib.Dataset()
    dataset.parse(data=body.decode(), format="json-ld")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {g.value for g in {q.graph_name for q in stored(served, ENTITY)}} <= graphs
    assert isinstance(json.loads(body), list | dict)


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES)])
def test_triple_syntaxes_give_the_same_triples(served, base_url, accept, fmt):
    media, body = fetch(base_url, accept)
    assert media.startswith(fmt.media_type)
    assert {q.triple for q in ox.parse(body, format=fmt)} == {q.triple for q in stored(served, ENTITY)}
    graph = rdflib.Graph().parse(data=body.decode(), format="turtle" if fmt == ox.RdfFormat.TURTLE else "nt")
    assert len(graph) == len({q.triple for q in stored(served, ENTITY)})


def test_turtle_names_the_graph_of_each_block_in_a_comment(served, base_url):
    _media, body = fetch(base_url, "text/turtle")
    text = body.decode()
    for graph in {q.graph_name.value for q in stored(served, ENTITY)}:
        assert f"# graph <{graph}>" in text
    assert "# graph <https://w3id.org/aizones/graph/graph/reference/regions> (file graph/reference/regions.ttl)" in text


def test_browsers_get_html_and_an_unknown_type_gets_406(base_url):
    media, _body = fetch(base_url, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert media.startswith("text/html")
    media, _body = fetch(base_url, "text/turtle;q=0.5, application/ld+json;q=0.9")
    assert media.startswith("application/ld+json")
    status, headers, _body = request(base_url + "/id/changsha", headers={"Accept": "image/png"})
    assert status == 406 and headers["Vary"] == "Accept"
    assert request(base_url + "/id/changsha?format=pdf")[0] == 406


def test_a_graph_page_gives_its_whole_graph(served, base_url):
    status, _headers, body = request(base_url + "/graph/graph/sources/001-atf-changsha-zone-2021?format=nq")
    assert status == 200
    graph = ox.NamedNode("https://w3id.org/aizones/graph/graph/sources/001-atf-changsha-zone-2021")
    assert set(ox.parse(io.BytesIO(body), format=ox.RdfFormat.N_QUADS)) == set(
        served.dataset.store.quads_for_pattern(None, None, None, graph)
    )
