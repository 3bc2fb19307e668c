"""Real SPARQL clients against /sparql: every saved query, as ``dist/queries/NAME.rq`` holds it (its
defaults bound), gives the same rows as ``aizones query NAME`` (the library's answer)."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SELECT, XML, SPARQLWrapper

import aizones
from aizones.publishing.layout import ANSWERS_FOLDER
from aizones.querying import saved
from tests.support.paths import REPO

NAMES = [query.name for query in saved.catalogue(REPO / "queries")]


def library_rows(served, name: str) -> Counter:
    _names, rows = aizones.query(served.dataset, name, queries=served.queries)
    return Counter(tuple(_key(term) for term in row) for row in rows)


def _key(term) -> tuple | None:
    """A term as every client can say it: kind and value, a literal's datatype or language."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode | rdflib.URIRef):
        return ("iri", str(term.value) if isinstance(term, ox.NamedNode) else str(term))
    if isinstance(term, ox.BlankNode | rdflib.BNode):
        return ("blank",)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language or term.datatype.value)
    return ("literal", str(term), term.language or str(term.datatype or "http://www.w3.org/2001/XMLSchema#string"))


def _json_key(binding: dict | None) -> tuple | None:
    if binding is None:
        return None
    if binding["type"] == "uri":
        return ("iri", binding["value"])
    if binding["type"] == "bnode":
        return ("blank",)
    return ("literal", binding["value"], binding.get("xml:lang") or binding.get("datatype", "http://www.w3.org/2001/XMLSchema#string"))


def bound_text(served, name: str) -> str:
    return (served.out / ANSWERS_FOLDER / f"{name}.rq").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_sparqlwrapper_gets_the_rows_of_aizones_query(base_url, served, name):
    client = SPARQLWrapper(f"{base_url}/sparql")
    client.setQuery(bound_text(served, name))
    # SPARQLWrapper guesses the form by searching the text for a keyword, word boundaries not
    # required: ``?address`` reads as ADD, an update, which it sends as update= (refused, 403)
    client.queryType = SELECT
    client.setReturnFormat(JSON)
    answer = client.queryAndConvert()
    variables = answer["head"]["vars"]
    rows = Counter(tuple(_json_key(b.get(v)) for v in variables) for b in answer["results"]["bindings"])
    assert rows == library_rows(served, name)


def test_sparqlwrapper_posts_and_reads_xml(base_url):
    client = SPARQLWrapper(f"{base_url}/sparql")
    client.setMethod("POST")
    client.setQuery("SELECT ?zone WHERE { ?zone a aiz:PilotZone } ORDER BY ?zone")
    client.setReturnFormat(XML)
    document = client.queryAndConvert()  # an xml.dom document
    assert len(document.getElementsByTagName("result")) >= 29


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_sparqlstore_gets_the_rows_of_aizones_query(base_url, served, name):
    graph = rdflib.Graph(store=SPARQLStore(f"{base_url}/sparql", returnFormat="json"))
    rows = Counter(tuple(_key(term) for term in row) for row in graph.query(bound_text(served, name)))
    assert rows == library_rows(served, name)
