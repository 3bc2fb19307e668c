"""``aizones network`` on the real graph: its numbers are networkx's on the exported GraphML, computed
here independently, and the build writes the same bytes every time into ``dist/network/``."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest

from aizones.connections import report
from aizones.connections.report import report_files
from aizones.drawing.graph_files import export_graph
from aizones.pipeline import open_dataset
from tests.support.cli import run_cli
from tests.support.paths import REPO


@pytest.fixture(scope="module")
def dataset():
    return open_dataset(REPO, inference=False)


@pytest.fixture(scope="module")
def files(dataset):
    return report_files(dataset)


@pytest.fixture(scope="module")
def graphml(dataset, tmp_path_factory):
    path = tmp_path_factory.mktemp("graphml") / "graph.graphml"
    path.write_bytes(export_graph(dataset, "graphml"))
    return nx.read_graphml(path, force_multigraph=True)


def _simple(multi: nx.MultiDiGraph, keep=lambda data: True) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(sorted(multi))
    graph.add_edges_from(sorted({tuple(sorted((u, v))) for u, v, data in multi.edges(data=True) if u != v and keep(data)}))
    return graph


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def test_the_numbers_are_networkx_numbers_on_the_exported_graphml(files, graphml):
    graph = _simple(graphml)
    (everything,) = [r for r in _rows(files["variants.csv"]) if r["variant"] == "all"]
    assert int(everything["entities"]) == graph.number_of_nodes() and int(everything["relations"]) == graph.number_of_edges()
    components = list(nx.connected_components(graph))
    assert int(everything["components"]) == len(components)
    assert int(everything["largest_component"]) == max(len(c) for c in components)
    communities = nx.community.louvain_communities(graph, seed=1)
    assert int(everything["communities"]) == len(communities)
    assert everything["modularity"] == f"{nx.community.modularity(graph, communities):.4f}"
    betweenness = nx.betweenness_centrality(graph, normalized=True)  # exact: the real graph is small
    entities = _rows(files["entities.csv"])
    assert len(entities) > 100
    for row in entities:
        node = row["iri"]
        assert int(row["degree[all]"]) == graph.degree(node), node
        assert row["betweenness[all]"] == f"{betweenness[node]:.6f}", node


def test_a_source_kind_keeps_only_the_relations_its_files_state(files, graphml):
    # GraphML writes an edge's sources as titles; a reference file's title is its path
    reference = _simple(graphml, keep=lambda data: "graph/reference/" in data["sources"])
    reference.remove_nodes_from([n for n in list(reference) if reference.degree(n) == 0])
    (row,) = [r for r in _rows(files["variants.csv"]) if r["variant"] == "source:reference"]
    assert (int(row["entities"]), int(row["relations"])) == (reference.number_of_nodes(), reference.number_of_edges())
    assert int(row["components"]) == nx.number_connected_components(reference)


def test_the_markdown_names_each_entity_as_explain_takes_it(files):
    text = files["network.md"].decode()
    assert "| Ministry of Science and Technology | `id:most` |" in text
    for heading in (
        "## The organisations that bridge most",
        "## The regions that bridge most",
        "## Communities",
        "## Connected components",
    ):
        assert heading in text
    assert "| programme:most-pilot-zone-programme |" in text and "| source:sources |" in text


def test_given_a_server_each_label_links_to_its_page_there_and_the_explain_name_stays(dataset, files):
    linked = report_files(dataset, server="http://127.0.0.1:8000/").pop("network.md").decode()
    assert "| [Ministry of Science and Technology](http://127.0.0.1:8000/id/most) | `id:most` |" in linked
    assert "(`id:hunan`)" in linked and "[Hunan Province](http://127.0.0.1:8000/id/hunan) (`id:hunan`)" in linked
    assert "here: http://127.0.0.1:8000/network" in linked
    plain = files["network.md"].decode()
    assert "](" not in plain and "Under `aizones serve` this report is the page /network" in plain
    # only the labels change: the same rows, the same numbers
    assert [line.split("|")[2:] for line in linked.splitlines() if line.startswith("|")] == [
        line.split("|")[2:] for line in plain.splitlines() if line.startswith("|")
    ]


def test_the_command_takes_only_a_web_address_for_the_server():
    done = run_cli("network", "--server", "ftp://example.org", cwd=REPO)
    assert done.code == 2 and done.err.count("\n") == 1 and "--server 'ftp://example.org'" in done.err


def test_the_report_is_the_same_bytes_twice(dataset, files):
    assert report_files(dataset) == files


class _Staging:
    def __init__(self, path):
        self.path, self.written = path, []

    def add_tree(self, name, writer):
        folder = self.path / name
        folder.mkdir()
        writer(folder)
        self.written = sorted(p.name for p in folder.iterdir())


def test_a_large_build_gets_a_note_instead_of_the_report(dataset, tmp_path, monkeypatch):
    monkeypatch.setattr(report, "BUILD_QUADS", 1000)
    staging = _Staging(tmp_path)
    report.add_to_build(dataset, staging)
    assert staging.written == ["network.md"]
    assert "aizones network -o DIR" in (tmp_path / "network" / "network.md").read_text()


@pytest.mark.slow
def test_two_builds_write_the_same_report_into_dist_network(tmp_path):
    import aizones

    written = []
    for number in (1, 2):
        out = tmp_path / f"dist{number}"
        aizones.build(REPO, out, pictures_too=False)
        written.append({p.name: p.read_bytes() for p in sorted((out / "network").iterdir())})
    assert sorted(written[0]) == ["bridges.svg", "entities.csv", "network.md", "variants.csv"]
    assert written[0] == written[1]
