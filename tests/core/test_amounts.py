"""One number-to-words: the query table, ``explain``, the graph page and the charts say an amount alike.

A figure of 12,345,678,901 yuan is planted in a copy of the real graph; each of the four outputs
must say "12.345678901 billion" (the chart as its axis reads it: "12.345678901" on an axis in
billions), never a rounded "12.35 billion" in one place and the exact digits in another.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from aizones.core.amounts import amount, number_words
from aizones.core.labels import Labeller
from aizones.core.namespaces import AIZ, AIZC, ID
from aizones.core.sparql import execute
from aizones.drawing.charts import _point_label, _scale
from aizones.drawing.figure_rows import figure_rows, figure_text
from aizones.drawing.projection import project
from aizones.querying.explain import explain, render_text
from aizones.querying.results import render_result
from aizones.reading.loader import load_dataset
from tests.support.paths import REPO

SAID = "12.345678901 billion"

FIGURE = f"""
@prefix aiz: <{AIZ.base}> . @prefix aizc: <{AIZC.base}> . @prefix id: <{ID.base}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
id:planted-figure a aiz:ReportedFigure ; rdfs:label "A planted figure"@en ;
    aiz:subject id:hunan ; aiz:indicator aizc:core-ai-output ; aiz:period "2030"^^xsd:gYear ;
    aiz:value 12345678901.0 ; aiz:unit aizc:cny ; aiz:qualifier aizc:more-than ; aiz:figureKind aizc:target ;
    aiz:reportedIn id:doc-hunan-ai-industry-statistics-2021 .
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    planted = tmp_path_factory.mktemp("amounts") / "planted.ttl"
    planted.write_text(FIGURE, encoding="utf-8")
    return load_dataset(REPO, extra=[planted])


def test_number_words_keeps_every_digit_and_scales_from_a_million():
    assert number_words("12345678901") == SAID
    assert number_words(Decimal("12500000000.0")) == "12.5 billion"
    assert number_words("1520000") == "1.52 million"
    assert number_words("999999") == "999,999"
    assert number_words("1234.50") == "1,234.5"
    assert number_words("not a number") == "not a number"
    assert amount("12345678901", AIZC.cny, AIZC["more-than"]) == f"more than {SAID} CNY"


def test_the_table_explain_the_page_and_the_charts_say_the_amount_alike(dataset):
    query = (
        f"SELECT ?value ?unit ?qualifier WHERE {{ <{ID['planted-figure']}> aiz:value ?value ; aiz:unit ?unit ; aiz:qualifier ?qualifier }}"
    )
    table = render_result(execute(dataset, query, inference=False), "table", Labeller(dataset)).decode()
    assert f"more than {SAID} CNY" in table

    explained = render_text(explain(dataset, "id:hunan"))
    assert f"more than {SAID} CNY" in explained

    node = project(dataset).nodes[ID.hunan]
    planted = next(f for f in node["figures"] if f["iri"] == ID["planted-figure"])
    assert f"more than {SAID} yuan" in figure_text(planted)

    row = next(r for r in figure_rows(project(dataset)) if r.iri == ID["planted-figure"])
    divisor, word = _scale([row.value])
    assert (word, _point_label(row, divisor)) == ("billion", ">12.345678901")
    for place in (table, explained, figure_text(planted)):
        assert "12.35 billion" not in place
