"""``aizones path`` on the real graph: the steps, their sources, disputes, and the answer when there is none.

The search's paths are held against networkx's on the projection the pictures draw
(``drawing.projection.project``), read as an undirected graph: the same lengths, the same set of
shortest paths, and no path exactly between entities of different components.
"""

from __future__ import annotations

import json
import random

import networkx as nx
import pyoxigraph as ox
import pytest

from aizones.connections.path_output import diagram, render_json, render_text
from aizones.connections.paths import find_paths
from aizones.core.errors import UsageError
from aizones.core.namespaces import AIZ, ID, RDF
from aizones.drawing.projection import project
from aizones.pipeline import open_dataset
from tests.support.cli import run_cli
from tests.support.paths import REPO

ARTICLE_000 = "graph/sources/000-hunan-ai-output-2021.ttl"


@pytest.fixture(scope="module")
def dataset():
    return open_dataset(REPO)


@pytest.fixture(scope="module")
def network(dataset):
    return nx.Graph(project(dataset).to_undirected())


def _nodes(path):
    return [path[0].start, *(hop.end for hop in path)]


def _companies_of_000_in_a_city(dataset):
    """(company, city, province) for each company article 000 places in a prefecture-level city."""
    graph = next(ox.NamedNode(f.graph) for f in dataset.files if f.path == ARTICLE_000)
    store, located = dataset.store, ox.NamedNode(AIZ.locatedIn)
    found = []
    for q in store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(AIZ.Company), graph):
        for place in store.quads_for_pattern(q.subject, located, None, graph):
            city = place.object
            if next(store.quads_for_pattern(city, ox.NamedNode(RDF.type), ox.NamedNode(AIZ.PrefectureLevelCity), None), None):
                (province,) = {p.object.value for p in store.quads_for_pattern(city, located, None, graph)}
                found.append((q.subject.value, city.value, province))
    return sorted(found)


def test_a_company_of_article_000_reaches_its_province_through_its_city_sourced_by_000(dataset):
    found = _companies_of_000_in_a_city(dataset)
    assert found, "article 000 places companies in Changsha"
    for company, city, province in found:
        (path,) = find_paths(dataset, company, province).paths
        assert _nodes(path) == [company, city, province]
        first = path[0].steps
        assert [s.relation for s in first] == [AIZ.locatedIn] and first[0].forward and not first[0].inferred
        assert ARTICLE_000 in [s["file"] for s in first[0].sources]
        assert "Hunan AI industry output 2021" in first[0].sources[0]["document"]


def test_a_disputed_designation_date_appears_on_its_hop(dataset):
    (path,) = find_paths(dataset, "id:most-zone-changsha", "id:most").paths
    assert _nodes(path) == [ID["most-zone-changsha"], ID["designation-most-changsha"], ID["most"]]
    (dispute,) = path[0].disputed
    assert dispute["entity"] == ID["designation-most-changsha"] and dispute["property"] == AIZ.designationDate
    assert [(c["value"], c["file"]) for c in dispute["claims"]] == [
        ("2021-03-24", "graph/reference/most-zones.ttl"),
        ("2021-03-25", "graph/sources/001-atf-changsha-zone-2021.ttl"),
    ]
    assert path[1].disputed == []
    text = render_text(find_paths(dataset, "id:most-zone-changsha", "id:most"))
    assert "DISPUTED: MOST designation of the Changsha pilot zone's designation date: 2021-03-24" in text


def test_a_settled_designation_is_not_flagged(dataset):
    answer = find_paths(dataset, "id:miit-zone-changsha", "id:miit")
    assert answer.paths and all(not hop.disputed for hop in answer.paths[0])
    assert "DISPUTED" not in render_text(answer)


def test_entities_in_different_components_have_no_path_and_the_answer_says_so(dataset, network):
    components = sorted(nx.connected_components(network), key=lambda c: (-len(c), min(c)))
    assert len(components) > 1
    start, end = min(components[1]), min(components[0])
    answer = find_paths(dataset, start, end, max_length=20)
    assert answer.paths == []
    assert "different connected components" in answer.answer and "\n" not in answer.answer
    assert render_text(answer) == answer.answer + "\n"


def test_too_short_a_length_says_within_and_names_the_nearest_of_the_ends_kind(dataset):
    # within one step, even the closure's shortcuts (company locatedIn province) do not reach Sichuan
    answer = find_paths(dataset, "id:changsha-xingshen-intelligent-technology", "id:sichuan", max_length=1)
    assert answer.paths == []
    assert answer.answer.startswith("No path from Changsha Xingshen Intelligent Technology to Sichuan Province within 1 step ")
    assert [n["iri"] for n in answer.nearest] == [ID["hunan"]]
    assert "Hunan Province (id:hunan)" in answer.answer


def test_the_paths_are_networkx_shortest_paths(dataset, network):
    chooser = random.Random(20)
    main = sorted(max(nx.connected_components(network), key=len))
    for _ in range(12):
        start, end = chooser.sample(main, 2)
        expected = {tuple(p) for p in nx.all_shortest_paths(network, start, end)}
        answer = find_paths(dataset, start, end, max_length=30, all_paths=True)
        got = {tuple(_nodes(p)) for p in answer.paths}
        assert not answer.inferred_used
        if len(expected) <= 50:
            assert got == expected, (start, end)
        else:
            assert len(got) == 50 and got <= expected


def test_via_passes_through_an_entity_of_that_kind(dataset):
    answer = find_paths(dataset, "id:changsha-xingshen-intelligent-technology", "Hunan", via_kind="University", max_length=8)
    assert answer.paths
    for path in answer.paths:
        inner = _nodes(path)[1:-1]
        assert any(
            next(dataset.store.quads_for_pattern(ox.NamedNode(n), ox.NamedNode(RDF.type), ox.NamedNode(AIZ.University), None), None)
            for n in inner
        )


def test_bad_names_and_lengths_are_one_line_errors(dataset):
    with pytest.raises(UsageError, match="no entity called 'Chengdux' in the graph; closest: Chengdu"):
        find_paths(dataset, "SenseTime", "Chengdux")
    with pytest.raises(UsageError, match="source document"):
        find_paths(dataset, "id:doc-000-hunan-ai-output-2021", "Hunan")
    with pytest.raises(UsageError, match="--via 'Nothing' is not one class"):
        find_paths(dataset, "SenseTime", "Chengdu", via_kind="Nothing")
    with pytest.raises(UsageError, match="--max-length must be 1 or more"):
        find_paths(dataset, "SenseTime", "Chengdu", max_length=0)


def test_json_and_diagram(dataset):
    answer = find_paths(dataset, "id:most-zone-changsha", "id:most", all_paths=True)
    data = json.loads(render_json(answer))
    assert data["start"] == ID["most-zone-changsha"] and len(data["paths"]) == len(answer.paths) >= 2
    assert data["paths"][0][0]["steps"][0]["sources"][0]["file"] == "graph/reference/most-zones.ttl"
    svg = diagram(answer, "svg")
    assert svg.startswith(b"<?xml") and svg == diagram(answer, "svg")


def test_the_command_prints_the_hops_and_refuses_a_text_diagram(tmp_path):
    done = run_cli("path", "id:changsha-xingshen-intelligent-technology", "Hunan", cwd=REPO)
    assert done.code == 0, done.err
    assert "Changsha Xingshen Intelligent Technology —located in→ Changsha" in done.out
    refused = run_cli("path", "SenseTime", "Chengdu", "-o", str(tmp_path / "path.txt"), cwd=REPO)
    assert refused.code == 2 and refused.err.count("\n") == 1 and ".svg or .png" in refused.err


def test_a_path_only_the_closure_makes_is_marked_inferred(dataset):
    # two steps: no stated path (company, city, province, country, province is four), but the
    # closure's transitive locatedIn takes the company to the country in one
    answer = find_paths(dataset, "id:changsha-xingshen-intelligent-technology", "id:sichuan", max_length=2)
    (path,) = answer.paths
    assert answer.inferred_used and len(path) == 2
    inferred = [step for hop in path for step in hop.steps if step.inferred]
    assert inferred and all(step.sources == [] for step in inferred)
    assert "[inferred]" in render_text(answer) and "inferred by OWL 2 RL reasoning" in render_text(answer)
