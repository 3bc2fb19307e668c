"""One source's facts alone: ``aizones export --graph NAME`` (issue 19's third stumble), by every
name the graph is shown under, with the number of triples written."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from aizones.core.errors import UsageError
from aizones.core.formats import RDF_FORMATS
from aizones.core.graph_names import graph_names, resolve_graph, resolve_graphs
from aizones.core.namespaces import GRAPH
from aizones.pipeline import open_dataset
from aizones.publishing.writers import export_graphs
from tests.support.cli import run_cli
from tests.support.paths import REPO

JINAN = "graph/sources/002-jinan-ai-industry-2020.ttl"


@pytest.fixture(scope="module")
def dataset():
    return open_dataset(REPO)


def _jinan_iri(dataset) -> str:
    return next(f.graph for f in dataset.files if f.path == JINAN)


@pytest.mark.parametrize(
    "name",
    [
        JINAN,
        "./" + JINAN,
        JINAN.removesuffix(".ttl"),
        "002",
        "jinan-ai-industry",
        "JINAN-AI-INDUSTRY",
        GRAPH.base + JINAN.removesuffix(".ttl"),
    ],
)
def test_every_name_the_graph_is_shown_under_finds_it(dataset, name):
    assert resolve_graph(dataset, name).value == _jinan_iri(dataset)


def test_the_inferred_graph_by_name(dataset):
    assert resolve_graph(dataset, "inferred") == dataset.inferred
    assert "inferred" in graph_names(dataset)


# Every source document is a file of its own, so the count grows with the data: it is read from the folder.
SOURCE_FILES = len(list((REPO / "graph" / "sources").glob("*.ttl")))


def test_a_part_that_fits_several_files_names_them_and_one_that_fits_none_the_closest(dataset):
    with pytest.raises(UsageError, match=rf"'sources' fits {SOURCE_FILES} graphs: graph/sources/000-"):
        resolve_graph(dataset, "sources")
    with pytest.raises(UsageError, match=r"no named graph called 'graph/sources/002-jinan-ai-industry-2002'; closest: graph/sources/002"):
        resolve_graph(dataset, "graph/sources/002-jinan-ai-industry-2002")


def test_each_graph_once_in_the_order_given(dataset):
    assert resolve_graphs(dataset, ["jinan-ai-industry", "inferred", JINAN]) == [ox.NamedNode(_jinan_iri(dataset)), dataset.inferred]


def test_the_export_holds_exactly_the_graphs_triples_and_counts_them(dataset):
    iri = ox.NamedNode(_jinan_iri(dataset))
    data, count = export_graphs(dataset, RDF_FORMATS["nt"], [iri])
    written = {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
    stated = {q.triple for q in dataset.store.quads_for_pattern(None, None, None, iri)}
    assert not any(isinstance(t.subject, ox.BlankNode) for t in stated), "compared as terms: no blank nodes expected here"
    assert written == stated and count == len(stated) == next(f.triples for f in dataset.files if f.graph == iri.value)
    turtle, same = export_graphs(dataset, RDF_FORMATS["turtle"], [iri])
    assert same == count and {q.triple for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)} == stated


def test_a_dataset_format_keeps_the_graphs_apart_and_counts_quads(dataset):
    graphs = resolve_graphs(dataset, ["jinan-ai-industry", "krasia-chengdu"])
    data, count = export_graphs(dataset, RDF_FORMATS["nq"], graphs)
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name for q in quads} == set(graphs) and len(quads) == count
    assert count == sum(f.triples for f in dataset.files if ox.NamedNode(f.graph) in graphs)


def test_the_command_line_writes_the_file_and_says_how_much(tmp_path):
    out = tmp_path / "jinan.ttl"
    result = run_cli("export", "--graph", "jinan-ai-industry", "-o", str(out), cwd=REPO)
    assert result.code == 0, result.err
    assert result.err == f"wrote 223 triples of 1 named graph to {out}\n"
    assert len(list(ox.parse(out.read_bytes(), format=ox.RdfFormat.TURTLE))) == 223
    again = run_cli("export", "--graph", "jinan-ai-industry", "--format", "turtle", cwd=REPO)
    assert again.out.encode() == out.read_bytes(), "the same bytes to a file and to standard output"


def test_an_unclear_name_or_a_projected_format_is_one_line_and_exit_2():
    ambiguous = run_cli("export", "--graph", "sources", "--format", "nt", cwd=REPO)
    assert (
        ambiguous.code == 2
        and ambiguous.err.startswith(f"aizones: 'sources' fits {SOURCE_FILES} graphs")
        and len(ambiguous.err.splitlines()) == 1
    )
    projected = run_cli("export", "--graph", "jinan-ai-industry", "-o", "x.graphml", cwd=REPO)
    assert projected.code == 2 and "--graph works with the RDF formats" in projected.err
