"""The projection from RDF to networkx, and the selections made on it, on fixtures whose every node is known."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from aizones.core.errors import UsageError
from aizones.core.namespaces import AIZ, ID, XSD, graph_iri_for
from aizones.drawing.asserted_index import key_language, key_value, term_key
from aizones.drawing.projection import project
from aizones.drawing.selection import resolve_entity, select
from aizones.reading.loader import load_dataset
from tests.support.paths import DATA, REPO

ARTICLE_A = graph_iri_for("graph/sources/article-a.ttl")
PLACES = graph_iri_for("graph/reference/places.ttl")


@pytest.fixture(scope="module")
def viz():
    return project(load_dataset(DATA / "viz"))


def short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def test_nodes_are_typed_entities_but_not_figures_documents_or_concepts(viz):
    assert {short(n) for n in viz} == {
        "beijing", "changsha", "changsha-supercomputing", "china", "evil-co", "hubei", "hunan", "miit", "miit-programme",
        "miit-zone-wuhan", "most", "most-programme", "most-zone-changsha", "script-co", "untitled-thing", "wuhan", "wuhan-ai-company",
    }  # fmt: skip
    assert list(viz) == sorted(viz), "nodes come in IRI order, so every picture is the same from run to run"


def test_edges_are_object_relations_between_nodes_with_their_direction_and_sources(viz):
    edges = {(short(u), short(k), short(v)) for u, v, k in viz.edges(keys=True)}
    assert len(edges) == viz.number_of_edges() == 17
    assert ("changsha", "locatedIn", "hunan") in edges and ("hunan", "locatedIn", "changsha") not in edges
    assert ("changsha-supercomputing", "operatedBy", "evil-co") in edges
    assert not any("fig-" in u or "fig-" in v or "doc-" in v for u, _, v in edges), "figures and documents are panel details, not nodes"
    stated_twice = viz.edges[ID.changsha, ID.hunan, AIZ.locatedIn]
    assert stated_twice["sources"] == sorted([ARTICLE_A, PLACES])
    assert stated_twice["label"] == "located in"
    assert viz.graph["relations"][AIZ.locatedIn] == {"label": "located in", "label_zh": "位于"}


def test_node_attributes_labels_kind_province_programme_sources(viz):
    hunan = viz.nodes[ID.hunan]
    assert (hunan["label"], hunan["label_zh"]) == ("Hunan", "湖南省")
    assert hunan["kind"] == AIZ.Province, "typed Province and Region: the most specific class wins"
    assert hunan["family"] == AIZ.Region
    assert viz.nodes[ID["untitled-thing"]]["label"] == "untitled-thing", "no label: the slug"
    # province through locatedIn, transitively, and through the place links for the rest
    assert viz.nodes[ID["changsha-supercomputing"]]["province"] == ID.hunan
    assert viz.nodes[ID["most-zone-changsha"]]["province"] == ID.hunan, "a zone through the region it covers"
    assert viz.nodes[ID["evil-co"]]["province"] == ID.beijing, "a municipality is its own province-level division"
    assert viz.nodes[ID["wuhan-ai-company"]]["province_label"] == "Hubei"
    assert viz.nodes[ID.china]["province"] == ""
    assert viz.nodes[ID["most-zone-changsha"]]["programme"] == ID["most-programme"]
    assert viz.nodes[ID["most-zone-changsha"]]["programme_label"] == "MOST pilot zones"
    changsha = viz.nodes[ID.changsha]
    article_b = graph_iri_for("graph/sources/article-b.ttl")
    assert changsha["sources"] == sorted([ARTICLE_A, article_b, PLACES]), "article B only points at it: that counts too"
    assert changsha["source_count"] == 3
    assert viz.graph["sources"][ARTICLE_A]["title"] == "Article A on Hunan's AI industry"
    assert viz.graph["sources"][PLACES]["title"] == "graph/reference/places.ttl", "a file with many or no documents: its path"


def test_facts_and_figures_carry_the_named_graphs_that_state_them(viz):
    facts = viz.nodes[ID.changsha]["facts"]
    located = next(f for f in facts if f["property"] == AIZ.locatedIn)
    assert located["value"] == "Hunan" and located["node"] == ID.hunan and located["sources"] == sorted([ARTICLE_A, PLACES])
    chinese = next(f for f in facts if f.get("language") == "zh")
    assert chinese["value"] == "长沙市" and chinese["sources"] == [PLACES]
    figures = {f["period"]: f for f in viz.nodes[ID.hunan]["figures"] if f["indicator_label"] == "core AI industry output"}
    assert set(figures) == {"2020", "2021", "2025"}
    assert len(viz.nodes[ID.hunan]["figures"]) == 4
    assert figures["2021"]["qualifier_label"] == "more than" and figures["2021"]["unit_code"] == "CNY"
    assert figures["2021"]["reportedIn"] == ID["doc-a"]
    assert figures["2021"]["document_label"] == "Article A on Hunan's AI industry", "a document without a label goes by its title"
    assert figures["2021"]["sources"] == [ARTICLE_A]


def test_projection_is_the_same_every_time(viz):
    again = project(load_dataset(DATA / "viz"))
    assert list(again.nodes(data=True)) == list(viz.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(viz.edges(keys=True, data=True))


def test_the_mini_fixture_in_another_vocabulary_projects_too():
    graph = project(load_dataset(DATA / "mini"))
    assert {short(n) for n in graph} == {"changsha", "hubei", "hunan", "wuhan", "yuelu"}
    assert graph.number_of_edges() == 3, "the three locatedIn triples; blank nodes are never nodes"
    assert graph.nodes["http://example.org/mini#yuelu"]["kind_label"] == "place"


@pytest.mark.parametrize("name", ["id:changsha", "https://w3id.org/aizones/id/changsha", "Changsha", "changsha", "长沙市", " CHANGSHA "])
def test_an_entity_is_named_by_iri_prefixed_name_slug_or_label(viz, name):
    assert resolve_entity(viz, name) == ID.changsha


def test_unknown_or_ambiguous_names_are_usage_errors_that_help(viz):
    with pytest.raises(UsageError, match="did you mean 'Changsha'"):
        resolve_entity(viz, "Changsah")
    graph = viz.copy()
    graph.nodes[ID.wuhan]["label"] = "Changsha"
    with pytest.raises(UsageError, match="names 2 entities"):
        resolve_entity(graph, "Changsha")


def test_select_focus_depth_kind_and_province(viz):
    one = select(viz, focus="Changsha", depth=1)
    assert {short(n) for n in one} == {"changsha", "hunan", "changsha-supercomputing", "most-zone-changsha", "script-co"}
    assert one.graph["focus"] == ID.changsha
    two = select(viz, focus="Changsha", depth=2)
    assert {"china", "evil-co", "most-programme"} <= {short(n) for n in two}
    facilities = select(viz, kinds=["aiz:Facility"])
    assert {short(n) for n in facilities} == {"changsha-supercomputing", "untitled-thing"}, "subclasses count"
    assert {short(n) for n in select(viz, kinds=["company", "Ministry"])} == {"evil-co", "script-co", "wuhan-ai-company", "miit", "most"}
    hubei = select(viz, province="湖北省")
    assert {short(n) for n in hubei} == {"hubei", "wuhan", "miit-zone-wuhan", "wuhan-ai-company"}
    assert hubei.number_of_edges() == 3
    with pytest.raises(UsageError, match="--kind 'Spaceport'"):
        select(viz, kinds=["Spaceport"])
    with pytest.raises(UsageError, match="--depth"):
        select(viz, focus="Changsha", depth=-1)


def test_the_real_graph_places_every_pilot_zone_in_a_province_and_a_programme():
    if not any((REPO / "graph").rglob("*.ttl")):
        pytest.skip("the project's graph/ holds no data yet")
    graph = project(load_dataset(REPO))
    classes = graph.graph["classes"]
    zones = [n for n, d in graph.nodes(data=True) if AIZ.PilotZone in classes[d["kind"]]["ancestors"]]
    if not zones:
        pytest.skip("the project's graph/ holds no pilot zones yet")
    assert [z for z in zones if not graph.nodes[z]["programme"]] == []
    assert [z for z in zones if not graph.nodes[z]["province"]] == []


PREFIXES = """
@prefix aiz:  <https://w3id.org/aizones/ontology#> .
@prefix id:   <https://w3id.org/aizones/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def project_files(root: Path, files: dict[str, str]):
    """The projection of a project with the picture fixture's ontology and the given data files."""
    shutil.copytree(DATA / "viz" / "ontology", root / "ontology")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(PREFIXES + text, encoding="utf-8")
    return project(load_dataset(root))


def test_facts_that_sort_alike_keep_the_order_of_the_files_stating_them(tmp_path):
    graph = project_files(
        tmp_path,
        {
            "graph/sources/a.ttl": "id:hunan a aiz:Province ; aiz:partOf [ rdfs:label 'first' ] .",
            "graph/sources/b.ttl": "id:hunan aiz:partOf [ rdfs:label 'second' ] .",
        },
    )
    nested = [f for f in graph.nodes[ID.hunan]["facts"] if f["value"] == "(a nested description)"]
    a, b = graph_iri_for("graph/sources/a.ttl"), graph_iri_for("graph/sources/b.ttl")
    assert [f["sources"] for f in nested] == [[a], [b]], "equal as the panel sorts them: the files decide, in project order"


def test_a_figure_about_two_nodes_is_in_both_panels_as_a_dict_of_its_own(tmp_path):
    graph = project_files(
        tmp_path,
        {
            "graph/sources/a.ttl": """
                id:hunan a aiz:Province . id:hubei a aiz:Province .
                id:fig a aiz:ReportedFigure ; aiz:subject id:hunan , id:hubei , id:nowhere ; aiz:value 12.5 .
            """,
        },
    )
    hunan, hubei = graph.nodes[ID.hunan]["figures"], graph.nodes[ID.hubei]["figures"]
    assert hunan == hubei and [f["value"] for f in hunan] == ["12.5"]
    assert hunan[0] is not hubei[0] and hunan[0]["sources"] is not hubei[0]["sources"], "a caller may change one panel's"
    assert ID.nowhere not in graph, "an untyped subject is no node, and gets no figure"


def test_projection_leaves_the_cycle_collector_as_it_found_it():
    dataset = load_dataset(DATA / "viz")
    assert gc.isenabled()
    project(dataset)
    assert gc.isenabled(), "paused while the graph is built, on again after"
    gc.disable()
    try:
        project(dataset)
        assert not gc.isenabled(), "a caller that turned it off keeps it off"
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "term",
    [
        ox.NamedNode("https://w3id.org/aizones/id/changsha"),
        ox.BlankNode("b1"),
        ox.Literal("长沙市", language="zh"),
        ox.Literal("Changsha", language="en-gb"),
        ox.Literal("12.5", datatype=ox.NamedNode(XSD.decimal)),
        ox.Literal('a "quoted" value: with a colon\nand a newline'),
        ox.Literal(""),
    ],
)
def test_a_term_key_gives_its_value_and_language_back(term):
    key = term_key(term)
    assert key_value(key) == term.value
    if isinstance(term, ox.Literal):
        assert key_language(key) == (term.language or "")
    assert term_key(ox.Literal(term.value)) != term_key(ox.Literal(term.value, language="en")), "keys tell the terms apart"
