"""The build draws from the graph's outline and the nodes it draws (``outline``, ``full_nodes``), and
gets the same nodes, rows and bytes as from the whole projection (``projection.project``)."""

from __future__ import annotations

import pytest

from aizones.drawing import completeness, pictures
from aizones.drawing.figure_rows import figure_rows
from aizones.drawing.full_nodes import outline_rows, project_part
from aizones.drawing.outline import Outline
from aizones.drawing.projection import project
from aizones.reading.loader import load_dataset
from aizones.synth import synthesise
from tests.support.paths import DATA, REPO


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A generated graph of 10,000 triples: 904 entities, a hub of 67 neighbours, 4 zones a side."""
    root = tmp_path_factory.mktemp("synth")
    synthesise(triples=10_000, seed=1, out=root, ontology=REPO / "ontology")
    return load_dataset(root)


@pytest.mark.parametrize("where", ["viz", "repo"])
def test_the_outline_has_the_projections_nodes_degrees_and_rows_and_builds_any_part_of_it_alike(where):
    dataset = load_dataset(DATA / "viz" if where == "viz" else REPO)
    whole, outline = project(dataset), Outline(dataset)
    assert list(outline.kinds) == list(whole.nodes)
    assert outline.degree == dict(whole.degree())
    assert len(outline.edges) == whole.number_of_edges()
    assert outline.public == whole.graph["classes"]
    assert outline_rows(outline) == figure_rows(whole)
    for step in (1, 3):  # every node, then every third: edges to nodes left out are left out, their graphs still count
        nodes = set(list(whole)[::step])
        part = project_part(outline, nodes)
        assert list(part) == sorted(nodes)
        assert {n: part.nodes[n] for n in part} == {n: whole.nodes[n] for n in part}
        assert list(part.edges(keys=True, data=True)) == [e for e in whole.edges(keys=True, data=True) if {e[0], e[1]} <= nodes]
        assert part.graph["sources"] == whole.graph["sources"] and part.graph["classes"] == whole.graph["classes"]
    assert any(whole.nodes[n]["figures"] for n in whole) and any(whole.nodes[n]["province"] for n in whole), "the test shows nothing"


@pytest.mark.slow
def test_the_builds_pictures_from_the_outline_are_the_bytes_of_those_from_the_whole_projection(synthetic, monkeypatch):
    # a page of part of the graph, a zone overview of part of the zones, hubs with more neighbours than a diagram draws
    monkeypatch.setattr(pictures, "PAGE_NODES", 300)
    monkeypatch.setattr(pictures, "OVERVIEW_ZONES", 2)
    graph = project(synthetic)
    assert outline_rows(Outline(synthetic)) == figure_rows(graph)
    whole = pictures.picture_plan(graph, facets=tuple(completeness.zone_facets(synthetic)))
    lean = pictures._plan(pictures._lean_choice(synthetic))
    assert [name for name, _draw in lean] == [name for name, _draw in whole]
    drawings = [name for name, _draw in whole if not name.endswith(".png")]
    assert any(name.startswith("neighbourhood-") for name in drawings) and "zones-overview.svg" in drawings
    for (name, draw), (_, again) in zip(whole, lean, strict=True):
        if name in drawings and not name.startswith(("over-time-", "indicator-", "targets-")):  # the charts draw the rows compared above
            assert draw() == again(), name
    page = dict(lean)["graph.html"]().decode()
    assert "300 of 904 entities" in page
    assert "MOST pilot zones (the 2 with most relations of 4)" in dict(lean)["zones-overview.svg"]().decode()
