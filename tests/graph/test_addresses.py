"""Every source document has its address, and the Jinan article's dates are those of April 2021.

Both are read from the real graph: the addresses through the saved query
``documents-without-address`` run with the project's own query API, the dates with SPARQL over the
dataset the build reads. A planted document without an address shows that the query can fail.
"""

from __future__ import annotations

import shutil

import pytest

from aizones.core.namespaces import AIZ, ID
from aizones.core.sparql import select
from aizones.pipeline import open_dataset
from aizones.querying import saved
from tests.support.paths import REPO

QUERY = "documents-without-address"


@pytest.fixture(scope="module")
def dataset():
    return open_dataset(REPO)


def _rows(dataset) -> list[dict[str, str]]:
    result = saved.run(dataset, saved.find(REPO / "queries", QUERY), {})
    names = [v.value for v in result.variables]
    return [{n: ("" if row[n] is None else row[n].value) for n in names} for row in result]


def test_every_source_document_has_an_address(dataset):
    assert _rows(dataset) == []


def test_the_documents_without_an_address_say_why(dataset):
    query = f"""
        SELECT ?document WHERE {{
            ?document a <{AIZ.SourceDocument}> ; <{AIZ.noUrlReason}> ?why .
        }} ORDER BY ?document"""
    _, rows = select(dataset, query)
    explained = [document.value for (document,) in rows]
    assert explained == [
        ID["doc-ref-aizones-reference-notes"],
        ID["doc-ref-nbs-2023"],
        ID["doc-ref-peoples-daily-jiangsu-2022-10-08"],
    ]


def test_a_document_without_an_address_is_listed(tmp_path):
    for part in ("graph", "ontology", "queries"):
        shutil.copytree(REPO / part, tmp_path / part)
    article = tmp_path / "graph" / "sources" / "002-jinan-ai-industry-2020.ttl"
    text = article.read_text(encoding="utf-8")
    address = '    aiz:url "http://english.jinan.gov.cn/art/2021/4/20/art_29562_4762642.html"^^xsd:anyURI ;\n'
    assert address in text
    article.write_text(text.replace(address, ""), encoding="utf-8")
    rows = _rows(open_dataset(tmp_path))
    assert [(row["document"], row["graph"].rsplit("/", 1)[-1]) for row in rows] == [
        (ID["doc-002-jinan-ai-industry-2020"], "002-jinan-ai-industry-2020")
    ]


def _values(dataset, subject: str, prop: str) -> list[tuple[str, str]]:
    query = f"SELECT ?value WHERE {{ <{subject}> <{prop}> ?value }} ORDER BY ?value"
    _, rows = select(dataset, query)
    return [(value.value, value.datatype.value) for (value,) in rows]


XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


def test_the_jinan_article_is_of_20_april_2021_and_its_summit_of_the_19th(dataset):
    assert _values(dataset, ID["doc-002-jinan-ai-industry-2020"], AIZ.publicationDate) == [("2021-04-20", XSD_DATE)]
    assert _values(dataset, ID["jinan-ai-pilot-zone-first-summit"], AIZ.eventDate) == [("2021-04-19", XSD_DATE)]
    assert _values(dataset, ID["doc-2020-global-ai-industrial-map"], AIZ.publicationDate) == [("2021-04-19", XSD_DATE)]
    assert _values(dataset, ID["fig-002-jinan-ai-pilot-zone-first-summit-attendees"], AIZ.period) == [("2021-04-19", XSD_DATE)]


def test_no_date_of_the_jinan_article_is_left_in_april_2020(dataset):
    graph = "https://w3id.org/aizones/graph/graph/sources/002-jinan-ai-industry-2020"
    query = f"""
        SELECT ?s ?p ?value WHERE {{
            GRAPH <{graph}> {{ ?s ?p ?value }}
            FILTER (isLiteral(?value) && STRSTARTS(STR(?value), "2020-04"))
        }}"""
    _, rows = select(dataset, query)
    assert [(s.value, p.value) for s, p, _ in rows] == []
