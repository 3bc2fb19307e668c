"""The GEXF export is valid GEXF 1.2draft (the schema shipped in ``tests/data/gexf-1.2draft/``, checked
with lxml), and an inverse pair of properties is one edge in it, not two."""

from __future__ import annotations

import io

import networkx as nx
import pyoxigraph as ox
import pytest
from lxml import etree

from aizones.core.dataset import ROLE_DATA
from aizones.core.namespaces import AIZ
from aizones.drawing.graph_files import graph_bytes
from aizones.drawing.projection import project
from aizones.reading.loader import load_dataset
from tests.support.paths import DATA, REPO

SCHEMA = DATA / "gexf-1.2draft" / "gexf.xsd"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO)


@pytest.fixture(scope="module")
def gexf(dataset) -> bytes:
    return graph_bytes(project(dataset), "gexf")


def test_the_projects_gexf_validates_against_the_gexf_1_2_schema(schema, gexf):
    document = etree.parse(io.BytesIO(gexf))
    assert schema.validate(document), [str(e) for e in schema.error_log][:5]
    assert document.getroot().tag == "{http://www.gexf.net/1.2draft}gexf"


def test_the_schema_refuses_what_networkx_writes_on_graph(schema, gexf):
    """The check can fail: the ``name`` attribute networkx puts on ``<graph>`` is refused."""
    document = etree.parse(io.BytesIO(gexf))
    document.getroot().find("{http://www.gexf.net/1.2draft}graph").set("name", "")
    assert not schema.validate(document)
    assert "'name'" in str(schema.error_log.last_error)


def _stated(dataset, predicate: str) -> set[tuple[str, str]]:
    found = set()
    for graph in dataset.graphs(ROLE_DATA):
        for quad in dataset.store.quads_for_pattern(None, ox.NamedNode(AIZ[predicate]), None, graph):
            found.add((quad.subject.value, quad.object.value))
    return found


@pytest.mark.parametrize(("drawn", "inverse"), [("designation", "designates"), ("operatedBy", "operates"), ("madeBy", "makes")])
def test_an_inverse_pair_is_one_edge_drawn_by_the_declaring_side(dataset, gexf, drawn, inverse):
    back = nx.read_gexf(io.BytesIO(gexf))
    forward, backward = _stated(dataset, drawn), _stated(dataset, inverse)
    relations = forward | {(o, s) for s, o in backward}  # one relation, whichever side states it
    edges = {(u, v) for u, v, key in back.edges(keys=True) if key == AIZ[drawn]}
    assert not [e for e in back.edges(keys=True) if e[2] == AIZ[inverse]], f"no edge is drawn by aiz:{inverse}"
    nodes = set(back.nodes)
    assert edges == {(s, o) for s, o in relations if s in nodes and o in nodes}
    if drawn == "designation":
        assert forward & {(o, s) for s, o in backward}, "the project states some designations both ways"
        assert len(edges) < len(forward) + len(backward), "stated both ways, drawn once"


def test_a_pair_stated_both_ways_keeps_the_graphs_of_both(dataset):
    graph = project(dataset)
    both = _stated(dataset, "designation") & {(o, s) for s, o in _stated(dataset, "designates")}
    zone, designation = min(both)
    edge = graph.edges[zone, designation, AIZ.designation]
    assert not graph.has_edge(designation, zone)
    assert len(edge["sources"]) >= 1 and edge["sources"] == sorted(edge["sources"])
