"""``aizones diff`` in words on small datasets (no build): a target figure whose value and document
changed, a name only in Chinese, a new English name, single values (dates, amounts, tagged
strings); the Markdown says them in words and the JSON keeps each value exactly (lexical form,
datatype, language)."""

from __future__ import annotations

import json

import pytest

from aizones.core.labels import Labeller
from aizones.core.namespaces import XSD
from aizones.querying.diff import Side, diff
from aizones.querying.diff_text import render_markdown
from aizones.querying.diff_words import date_words, words
from tests.support.stores import dataset_of

ZONE = """
@prefix aizc: <https://w3id.org/aizones/concept/> .
@prefix id: <https://w3id.org/aizones/id/> .
id:wuhan a aiz:PrefectureLevelCity ; rdfs:label "Wuhan"@en , "武汉市"@zh .
id:hongshan a aiz:District ; rdfs:label "洪山区"@zh .
aizc:ai-enterprises skos:prefLabel "AI enterprises"@en .
aizc:target skos:prefLabel "target"@en .
"""
FIGURE = """
@prefix aizc: <https://w3id.org/aizones/concept/> .
@prefix id: <https://w3id.org/aizones/id/> .
id:fig-wuhan-ai-enterprises-2025 a aiz:ReportedFigure ;
    rdfs:label "Wuhan's AI enterprises in 2025 (target)"@en ;
    aiz:subject id:wuhan ; aiz:indicator aizc:ai-enterprises ; aiz:period "2025"^^xsd:gYear ;
    aiz:value "{value}"^^xsd:decimal ; aiz:unit aizc:count ; aiz:qualifier aizc:more-than ; aiz:figureKind aizc:target ;
    aiz:reportedIn id:doc-{doc}-wuhan-plan .
id:doc-{doc}-wuhan-plan a aiz:SourceDocument ; aiz:publicationDate "{date}"^^xsd:date .
id:hongshan aiz:divisionCode "{code}" .
"""


def _side(name: str, value: str, doc: str, date: str, code: str, extra: str = "") -> Side:
    dataset = dataset_of(
        {
            "graph/reference/zones.ttl": ("data", ZONE + extra),
            "graph/sources/013-wuhan.ttl": ("data", FIGURE.format(value=value, doc=doc, date=date, code=code)),
        }
    )
    return Side(name, dataset, Labeller(dataset), "")


@pytest.fixture(scope="module")
def changed():
    old = _side("old", "1000", "013", "2023-05-01", "420111")
    new = _side("new", "1326", "014", "2024-06-30", "420112", extra='id:wuhan rdfs:label "Wuhan City"@en .\n')
    return diff(old, new)


def test_a_target_figure_reads_with_its_subject_indicator_period_amount_and_documents(changed):
    text = render_markdown(changed)
    line = "- Wuhan: AI enterprises (2025, target) more than 1,000 → more than 1,326 (document 013 → 014), in `graph/sources/013-wuhan.ttl`"
    assert line in text.splitlines(), text


def test_names_read_in_english_or_else_in_chinese(changed):
    text = render_markdown(changed)
    assert "**洪山区**, aiz:divisionCode: “420111” → “420112”" in text, "a name only in Chinese: the Chinese"
    assert "**Wuhan**, name added: “Wuhan City”" in text, "an English name: no language said"
    assert "^^" not in text and "@en" not in text


def test_the_json_keeps_lexical_form_datatype_and_language(changed):
    body = json.loads(changed.as_json())
    value = next(f for f in body["facts"] if f["property"].endswith("#value"))
    assert (value["before"], value["after"]) == ([{"value": "1000", "datatype": XSD.decimal}], [{"value": "1326", "datatype": XSD.decimal}])
    label = next(f for f in body["facts"] if f["property"].endswith("#label"))
    assert label["after"] == [
        {"value": "Wuhan City", "datatype": "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", "language": "en"}
    ]
    moved = body["figures_changed"][0]
    assert (moved["figure_before"]["document"], moved["figure_after"]["document"], moved["figure_after"]["target"]) == (
        "document 013",
        "document 014",
        True,
    )


def test_words_of_single_values():
    assert (
        words({"value": "武汉市", "datatype": "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", "language": "zh"})
        == "“武汉市” (in Chinese)"
    )
    assert words({"value": "2021-04", "datatype": XSD.gYearMonth}) == "April 2021"
    assert words({"value": "12500000000", "datatype": XSD.decimal}) == "12.5 billion"
    assert words({"value": "370900", "datatype": XSD.string}) == "“370900”"
    assert words({"value": "https://example.org/a", "datatype": XSD.anyURI}) == "<https://example.org/a>"
    assert words({"iri": "https://w3id.org/aizones/id/x", "label": "id:x"}) == "`id:x`"
    assert words({"iri": "https://w3id.org/aizones/id/hongshan", "label": "洪山区"}) == "洪山区"
    assert date_words("2021-04-20T08:00:00Z") == "20 April 2021" and date_words("not a date") == "not a date"
