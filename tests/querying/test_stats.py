"""Unit tests of ``aizones.querying.stats`` on a hand-built ``Dataset``.

``stats`` counts the triples, typed subjects and reported figures of every file's graph, adds the
inferred graph only when it holds triples, and counts the instances of each ``aiz:`` class
asserted and with the inferred ones (English label, other namespaces left out, most instances
first). ``render_stats`` prints both tables with a total.
"""

from __future__ import annotations

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.namespaces import INFERRED_GRAPH, graph_iri_for
from aizones.querying.stats import ClassCount, GraphCount, render_stats, stats
from tests.support.stores import AIZ, HEADER, dataset_of

FILES = {
    "ontology/ontology.ttl": ("ontology", 'aiz:Zone rdfs:label "Zone"@en, "Zone (fr)"@fr . aiz:Region rdfs:label "Region"@en .'),
    "graph/zones.ttl": (
        "data",
        "ex:z1 a aiz:Zone ; rdfs:label 'One' . ex:z2 a aiz:Zone, ex:Other . ex:f1 a aiz:ReportedFigure . ex:f2 a aiz:ReportedFigure .",
    ),
}


def _dataset(inferred: str = "") -> Dataset:
    dataset = dataset_of(FILES)  # records 0 triples per file: stats must count the store
    if inferred:
        dataset.store.load((HEADER + inferred).encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(INFERRED_GRAPH))
    return dataset


def test_stats_counts_each_graph_and_leaves_out_an_empty_inferred_graph():
    result = stats(_dataset())
    ontology, zones = graph_iri_for("ontology/ontology.ttl"), graph_iri_for("graph/zones.ttl")
    assert result.graphs == [
        GraphCount(ontology, "ontology/ontology.ttl", "ontology", 3, 0, 0),
        GraphCount(zones, "graph/zones.ttl", "data", 6, 4, 2),
    ]
    assert result.total == 9
    assert result.classes == [ClassCount(AIZ + "ReportedFigure", "", 2, 2), ClassCount(AIZ + "Zone", "Zone", 2, 2)]


def test_stats_adds_the_inferred_graph_and_counts_inferred_instances():
    result = stats(_dataset(inferred="ex:z1 a aiz:Region . ex:r9 a aiz:Region . ex:z2 a aiz:Zone ."))
    assert result.graphs[-1] == GraphCount(INFERRED_GRAPH, "", "inferred", 3)
    assert result.total == 12
    by_class = {c.cls: c for c in result.classes}
    assert by_class[AIZ + "Region"] == ClassCount(AIZ + "Region", "Region", 0, 2)
    assert by_class[AIZ + "Zone"] == ClassCount(AIZ + "Zone", "Zone", 2, 2)  # z2 again: counted once
    assert [c.cls for c in result.classes] == [AIZ + "Region", AIZ + "ReportedFigure", AIZ + "Zone"]
    assert "http://example.org/Other" not in by_class


def test_stats_of_an_empty_dataset():
    result = stats(Dataset(ox.Store(), []))
    assert result.graphs == [] and result.classes == [] and result.total == 0
    assert render_stats(result).splitlines()[-1].split() == ["total", "0"]


def test_render_stats_prints_both_tables_with_a_total():
    text = render_stats(stats(_dataset(inferred="ex:r9 a aiz:Region .")))
    lines = text.splitlines()
    assert lines[0].split() == ["named", "graph", "(file)", "role", "triples", "entities", "figures"]
    assert lines[1].split() == ["ontology/ontology.ttl", "ontology", "3", "0", "0"]
    assert lines[2].split() == ["graph/zones.ttl", "data", "6", "4", "2"]
    assert lines[3].split() == [INFERRED_GRAPH, "inferred", "1", "0", "0"]
    assert lines[4].split() == ["total", "10"]
    assert lines[5] == ""
    assert lines[6].split() == ["class", "asserted", "with", "inferred"]
    # a class without an English label is shown by its IRI
    assert [line.split() for line in lines[7:]] == [[AIZ + "ReportedFigure", "2", "2"], ["Zone", "2", "2"], ["Region", "0", "1"]]
    assert text.endswith("\n")
