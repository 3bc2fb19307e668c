"""GraphML and GEXF exports of the projection: they load back into networkx as the same graph, byte-stable."""

from __future__ import annotations

import io
import shutil

import networkx as nx
import pytest

from aizones.core.namespaces import AIZ, ID
from aizones.drawing.graph_files import graph_bytes
from aizones.drawing.projection import project
from aizones.reading.loader import load_dataset
from tests.support.cli import run_cli
from tests.support.paths import DATA


@pytest.fixture(scope="module")
def graph():
    return project(load_dataset(DATA / "viz"))


def read_back(data: bytes, fmt: str) -> nx.MultiDiGraph:
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    return nx.read_gexf(io.BytesIO(data))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_loads_back_with_the_same_nodes_edges_and_attributes(graph, fmt):
    back = read_back(graph_bytes(graph, fmt), fmt)
    assert back.is_directed() and back.is_multigraph()
    assert sorted(back.nodes) == sorted(graph.nodes)
    assert sorted(back.edges(keys=True)) == sorted(graph.edges(keys=True)), "edges keep direction and their property as key"
    changsha = back.nodes[ID.changsha]
    assert (changsha["label"], changsha["label_zh"], changsha["kind"], changsha["province"]) == (
        "Changsha",
        "长沙市",
        AIZ.PrefectureLevelCity,
        ID.hunan,
    )
    assert int(changsha["source_count"]) == 3
    assert "Article A on Hunan's AI industry" in changsha["sources"]
    assert int(back.nodes[ID.hunan]["figure_count"]) == 4
    edge = back.edges[ID.changsha, ID.hunan, AIZ.locatedIn]
    assert edge["label"] == "located in" and int(edge["source_count"]) == 2
    parallel = back.get_edge_data(ID["script-co"], ID.changsha)
    assert sorted(parallel) == [AIZ.headquarteredIn, AIZ.locatedIn], "two relations between one pair stay two edges"
    assert back.nodes[ID["evil-co"]]["label"] == '<img src=x onerror="window.__xss=1;alert(1)">Evil & Co', "markup survives as text"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_is_byte_identical_across_processes(tmp_path, monkeypatch, fmt):
    project_copy = tmp_path / "viz"
    shutil.copytree(DATA / "viz", project_copy)
    outputs = []
    for seed in ("1", "2"):  # a different string hash order in each process
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        result = run_cli("export", "-o", f"out-{seed}.{fmt}", cwd=project_copy)
        assert result.code == 0, result.err
        outputs.append((project_copy / f"out-{seed}.{fmt}").read_bytes())
    assert outputs[0] == outputs[1]
    assert b"lastmodifieddate" not in outputs[0]


def test_export_format_flag_writes_to_stdout(tmp_path):
    project_copy = tmp_path / "viz"
    shutil.copytree(DATA / "viz", project_copy)
    result = run_cli("export", "--format", "gexf", cwd=project_copy)
    assert result.code == 0 and result.out.startswith("<?xml") and "<gexf" in result.out
