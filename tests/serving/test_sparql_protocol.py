"""The SPARQL 1.1 Protocol at /sparql, case by case, against a real server on 127.0.0.1 (named
like the specification's cases, as Oxigraph's server tests are)."""

from __future__ import annotations

import csv
import io
import json
import time
from urllib.parse import quote, urlencode

import pytest
import rdflib
from lxml import etree

from aizones.core.namespaces import AIZ, INFERRED_GRAPH, SD
from aizones.serving.app import create_app
from aizones.serving.context import Limits, Served
from tests.support.server import request, running

ZONES = "SELECT ?zone WHERE { ?zone a aiz:PilotZone } ORDER BY ?zone"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # a cross product: never ends


def get(base_url, query, **headers):
    return request(f"{base_url}/sparql?query={quote(query)}", headers=headers)


def post_form(base_url, fields: dict, **headers):
    return request(
        f"{base_url}/sparql",
        data=urlencode(fields, doseq=True).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
    )


def post_query(base_url, query: str, **headers):
    return request(f"{base_url}/sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query", **headers})


def zones_of(body: bytes) -> list[str]:
    return [b["zone"]["value"] for b in json.loads(body)["results"]["bindings"]]


@pytest.fixture(scope="module")
def tight(served):
    """A second server over the same release with small limits: 1 s, 3 rows, 2,000-byte bodies."""
    limits = Limits(timeout=1.0, max_rows=3, max_body=2000, concurrency=1, queue=4)
    small = Served(root=served.root, out=served.out, dataset=served.dataset, queries=served.queries, limits=limits)
    with running(create_app(small)) as url:
        yield url, small


def test_get_query_answers_sparql_json_by_default(base_url):
    status, headers, body = get(base_url, ZONES)
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+json"
    assert len(zones_of(body)) >= 29 and zones_of(body) == sorted(zones_of(body))


def test_post_urlencoded_and_post_sparql_query_give_the_same_answer(base_url):
    by_get = get(base_url, ZONES)[2]
    assert post_form(base_url, {"query": ZONES})[2] == by_get
    assert post_query(base_url, ZONES)[2] == by_get


@pytest.mark.parametrize("accept", ["application/sparql-results+xml", "application/xml"])
def test_get_query_accept_xml_parses_with_lxml(base_url, accept):
    status, headers, body = get(base_url, ZONES, Accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)  # the type asked for
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    uris = etree.fromstring(body).xpath("//r:result/r:binding[@name='zone']/r:uri/text()", namespaces=ns)
    assert uris == zones_of(get(base_url, ZONES)[2])


def test_get_query_accept_csv_and_tsv(base_url):
    expected = zones_of(get(base_url, ZONES)[2])
    status, headers, body = get(base_url, ZONES, Accept="text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == ["zone"] and [r[0] for r in rows[1:]] == expected
    status, headers, body = get(base_url, ZONES, Accept="text/tab-separated-values")
    lines = body.decode().splitlines()
    assert status == 200 and lines[0] == "?zone" and lines[1:] == [f"<{z}>" for z in expected]


def test_q_values_choose_the_preferred_type(base_url):
    accept = "text/csv;q=0.5, application/sparql-results+xml;q=0.9, */*;q=0.1"
    assert get(base_url, ZONES, Accept=accept)[1]["Content-Type"].startswith("application/sparql-results+xml")
    assert get(base_url, ZONES, Accept="text/html,application/xhtml+xml,*/*;q=0.8")[1]["Content-Type"] == "application/sparql-results+json"
    assert get(base_url, ZONES, Accept="text/*")[1]["Content-Type"].startswith("text/csv")


def test_format_parameter_overrides_accept(base_url):
    status, headers, _body = request(f"{base_url}/sparql?query={quote(ZONES)}&format=tsv", headers={"Accept": "application/json"})
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")


def test_an_unknown_accept_is_406_listing_the_types(base_url):
    status, headers, body = get(base_url, ZONES, Accept="image/png")
    assert status == 406 and headers["Content-Type"].startswith("text/plain")
    assert body.count(b"\n") == 1 and b"application/sparql-results+json" in body and b"text/csv" in body


def test_ask_answers_a_boolean(base_url):
    body = get(base_url, "ASK { ?zone a aiz:PilotZone }")[2]
    assert json.loads(body) == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("accept", "syntax"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-quads", "nquads"),
        ("application/trig", "trig"),
    ],
)
def test_construct_in_each_rdf_format_parses_with_rdflib(base_url, accept, syntax):
    query = "CONSTRUCT { ?zone a aiz:PilotZone } WHERE { ?zone a aiz:PilotZone }"
    status, headers, body = get(base_url, query, Accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    graph = rdflib.Dataset() if syntax in ("nquads", "trig") else rdflib.Graph()
    graph.parse(data=body, format=syntax)
    expected = set(zones_of(get(base_url, ZONES)[2]))
    assert {str(s) for s, _p, _o in graph.triples((None, None, None))} == expected


def test_describe_answers_turtle_by_default(base_url):
    status, headers, body = get(base_url, "DESCRIBE <https://w3id.org/aizones/id/changsha>")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=body, format="turtle")) > 5


def test_update_is_refused_both_ways(base_url):
    for status, headers, body in (
        post_form(base_url, {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
        request(f"{base_url}/sparql", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}),
    ):
        assert status == 403 and headers["Content-Type"].startswith("text/plain")
        assert body.count(b"\n") == 1 and b"read-only" in body


@pytest.mark.parametrize(
    ("query", "keyword"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", b"SERVICE"),
        ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }", b"FROM"),
        ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", b"FROM NAMED"),
        ("LOAD <http://example.org/data.ttl>", b"LOAD"),
    ],
)
def test_queries_reaching_outside_are_refused_with_one_line(base_url, query, keyword):
    status, headers, body = post_form(base_url, {"query": query})
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert body.count(b"\n") == 1 and keyword + b" is refused" in body and b"--allow-network" not in body


def test_a_query_that_is_not_sparql_is_400(base_url):
    status, _headers, body = get(base_url, "SELECT ?x WHERE {")
    assert status == 400 and b"not valid SPARQL" in body and body.count(b"\n") == 1


def test_default_graph_uri_and_named_graph_uri_pick_the_dataset(base_url, served):
    jinan = next(f.graph for f in served.dataset.files if "002-jinan" in f.path)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    in_jinan = request(f"{base_url}/sparql?query={quote(count)}&default-graph-uri={quote(jinan)}")[2]
    expected = sum(1 for _ in served.dataset.store.quads_for_pattern(None, None, None, rdflib_node(jinan)))
    assert json.loads(in_jinan)["results"]["bindings"][0]["n"]["value"] == str(expected)
    nowhere = request(f"{base_url}/sparql?query={quote(count)}&default-graph-uri={quote('http://example.org/not-a-graph')}")[2]
    assert json.loads(nowhere)["results"]["bindings"][0]["n"]["value"] == "0"  # an empty graph, never a fetch
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    named = post_form(base_url, {"query": graphs, "named-graph-uri": [jinan, INFERRED_GRAPH]}, Accept="application/json")
    assert sorted(b["g"]["value"] for b in json.loads(named[2])["results"]["bindings"]) == sorted([jinan, INFERRED_GRAPH])


def rdflib_node(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def test_cors_on_get_and_the_preflight_of_post(base_url):
    headers = get(base_url, ZONES, Origin="http://example.org")[1]
    assert headers["Access-Control-Allow-Origin"] == "*"
    preflight = {"Origin": "http://example.org", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    status, headers, _body = request(f"{base_url}/sparql", method="OPTIONS", headers=preflight)
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"] and "Content-Type" in headers["Access-Control-Allow-Headers"]
    assert get(base_url, "SELECT", Origin="http://example.org")[1]["Access-Control-Allow-Origin"] == "*"  # errors too


def test_an_etag_answers_304_when_the_client_has_the_answer(base_url):
    status, headers, _body = get(base_url, ZONES)
    etag = headers["ETag"]
    assert status == 200 and etag.startswith('W/"')
    status, headers, body = get(base_url, ZONES, **{"If-None-Match": etag})
    assert status == 304 and body == b""
    assert get(base_url, ZONES, Accept="text/csv")[1]["ETag"] != etag  # the format is part of the request


def test_the_service_description_parses_as_turtle_and_names_the_endpoint(base_url, served):
    status, headers, body = request(f"{base_url}/sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    endpoint = rdflib.URIRef(f"{base_url}/sparql")
    sd = rdflib.Namespace(SD.base)
    assert (endpoint, sd.endpoint, endpoint) in graph
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (endpoint, sd.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph
    names = {str(o) for o in graph.objects(None, sd.name)}
    assert names == {g.value for g in served.dataset.store.named_graphs()} and INFERRED_GRAPH in names
    assert request(f"{base_url}/sparql", headers={"Accept": "application/ld+json"})[1]["Content-Type"].startswith("application/ld+json")


def test_an_oversize_body_is_413(tight):
    url, _served = tight
    status, headers, body = post_query(url, "SELECT * WHERE { ?s ?p ?o } # " + "x" * 3000)
    assert status == 413 and headers["Content-Type"].startswith("text/plain") and b"--max-body" in body
    assert post_query(url, "ASK {}")[0] == 200


def test_an_answer_over_the_row_cap_is_cut_and_says_so(tight):
    url, _served = tight
    status, headers, body = get(url, ZONES)
    assert status == 200 and headers["X-Aizones-Truncated"] == "3" and len(zones_of(body)) == 3
    assert "X-Aizones-Truncated" in headers["Access-Control-Expose-Headers"]
    status, headers, body = get(url, "CONSTRUCT WHERE { ?zone a aiz:PilotZone }", Accept="application/n-triples")
    assert status == 200 and headers["X-Aizones-Truncated"] == "3" and body.count(b"\n") == 3
    assert "X-Aizones-Truncated" not in get(url, "SELECT ?z WHERE { VALUES ?z { 1 2 3 } }")[1]


def test_a_query_past_the_timeout_is_stopped_and_the_server_goes_on(tight):
    url, small = tight
    started = small.runner.pool.started
    begun = time.monotonic()
    status, _headers, body = get(url, SLOW)
    took = time.monotonic() - begun
    assert status == 503 and b"stopped after 1 s" in body and body.count(b"\n") == 1
    assert took < 5, f"answered after {took:.1f} s"
    status, _headers, body = get(url, f"ASK {{ ?z a <{AIZ.PilotZone}> }}")  # the next query is answered at once
    assert status == 200 and json.loads(body)["boolean"] is True
    assert small.runner.pool.started == started + 1  # the stopped worker was replaced
