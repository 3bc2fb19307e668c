"""Unit tests of ``aizones.drawing.node_panel`` on an ``Asserted`` index of a tiny dataset.

``node_facts`` turns a node's statements into panel rows: no ``rdf:type``, literals with their
language, IRIs by label (and marked as nodes when drawn), blank nodes as a nested description,
sorted by property label then value, with the graphs stating each. ``reported_figure`` names a
figure's parts (the least key when one is stated twice), their labels and unit code, its sources,
and what it is about.
"""

from __future__ import annotations

from aizones.core.namespaces import graph_iri_for
from aizones.drawing.asserted_index import Asserted
from aizones.drawing.node_panel import FIGURE_PARTS, node_facts, reported_figure
from tests.support.stores import AIZ, EX, dataset_of

ONTOLOGY = """
ex:population rdfs:label "population"@en, "人口"@zh .
ex:capital rdfs:label "capital"@en .
aiz:indicator rdfs:label "indicator"@en .
ex:gdp rdfs:label "GDP"@en .
ex:usd rdfs:label "US dollar"@en ; skos:notation "USD", "$" .
"""
DATA = """
ex:z1 a aiz:Zone ; ex:population 42 ; ex:capital ex:city1 ; ex:motto "Forward"@en, "前进"@zh ;
  ex:neighbour ex:z2 ; ex:extra [ ex:p 1 ] .
ex:city1 rdfs:label "Big City"@en .
ex:f1 a aiz:ReportedFigure ; aiz:subject ex:z1, ex:z2 ; aiz:indicator ex:gdp ; aiz:value 5, 3 ; aiz:unit ex:usd ;
  aiz:period "2023" .
"""
MORE = "ex:z1 ex:population 42 . ex:f1 aiz:reportedIn ex:doc ."
DATA_GRAPH, MORE_GRAPH = graph_iri_for("graph/zones.ttl"), graph_iri_for("graph/more.ttl")


def _index() -> Asserted:
    return Asserted(
        dataset_of({"ontology/ontology.ttl": ("ontology", ONTOLOGY), "graph/zones.ttl": ("data", DATA), "graph/more.ttl": ("data", MORE)})
    )


def _statements(index: Asserted, entity: str) -> dict[tuple[str, str], list[str]]:
    """``(predicate, key) -> graphs``, first seen first, as the projection groups a node's rows."""
    found: dict[tuple[str, str], list[str]] = {}
    for predicate, key, graph in index.rows[entity]:
        found.setdefault((predicate, key), []).append(graph)
    return found


def test_node_facts_rows_as_the_panel_shows_them():
    index = _index()
    facts = node_facts(_statements(index, EX + "z1"), index, {EX + "z2": AIZ + "Zone"})
    by_label = [(row["property_label"], row["value"]) for row in facts]
    assert by_label == [
        ("capital", "Big City"),
        ("extra", "(a nested description)"),
        ("motto", "Forward"),
        ("motto", "前进"),
        ("neighbour", "z2"),
        ("population", "42"),
    ]
    rows = {(row["property_label"], row["value"]): row for row in facts}
    assert rows["population", "42"] == {
        "property": EX + "population",
        "property_label": "population",
        "sources": sorted([DATA_GRAPH, MORE_GRAPH]),
        "value": "42",
        "language": "",
    }
    assert rows["motto", "前进"]["language"] == "zh"
    assert rows["capital", "Big City"] == {
        "property": EX + "capital",
        "property_label": "capital",
        "sources": [DATA_GRAPH],
        "value": "Big City",
        "iri": EX + "city1",
    }  # not drawn: no "node"
    assert rows["neighbour", "z2"]["node"] == EX + "z2"
    assert "iri" not in rows["extra", "(a nested description)"]


def test_node_facts_of_only_a_type_is_empty():
    index = _index()
    assert node_facts({("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", AIZ + "Zone"): [DATA_GRAPH]}, index, {}) == []


def test_reported_figure_names_its_parts_labels_and_subjects():
    index = _index()
    shown, about = reported_figure(EX + "f1", index.rows[EX + "f1"], index)
    assert sorted(about) == [EX + "z1", EX + "z2"]
    assert shown["iri"] == EX + "f1"
    assert shown["indicator"] == EX + "gdp" and shown["indicator_label"] == "GDP"
    assert shown["value"] == "3"  # stated twice: the least key
    assert shown["unit"] == EX + "usd" and shown["unit_label"] == "US dollar" and shown["unit_code"] == "$"
    assert shown["period"] == "2023"
    assert shown["reportedIn"] == EX + "doc" and shown["document_label"] == "doc"
    assert shown["qualifier"] == shown["qualifier_label"] == shown["figureKind"] == shown["kind_label"] == ""
    assert shown["sources"] == sorted([DATA_GRAPH, MORE_GRAPH])
    assert set(FIGURE_PARTS.values()) <= set(shown)


def test_reported_figure_without_rows_has_empty_parts():
    shown, about = reported_figure(EX + "none", [], _index())
    assert about == []
    assert all(shown[name] == "" for name in FIGURE_PARTS.values())
    assert shown["unit_code"] == shown["indicator_label"] == "" and shown["sources"] == []
