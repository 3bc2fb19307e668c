"""Tables in the real project: document 010's figures, entered as a table, are the triples they
were in Turtle; a table with planted errors stops ``aizones`` with one line per problem and
publishes nothing; a whole document entered as tables passes every shape."""

from __future__ import annotations

import csv
import shutil

import pyoxigraph as ox
import pytest

from aizones.core.errors import EXIT_BAD_INPUT
from aizones.core.namespaces import AIZ, AIZC, ID, RDF
from aizones.reading.loader import load_dataset
from tests.support.cli import run_cli
from tests.support.paths import DATA, REPO

TABLES = "graph/tables/010-suzhou-commerce-ai-2024"
# Each table of document 010 and the Turtle its rows replaced (kept in tests/data/tables/), with its triple count.
MOVED = {"figures": ("010-figures-as-turtle.ttl", 54), "organisations": ("010-organisations-as-turtle.ttl", 22)}
PLANTED = DATA / "tables" / "planted" / "010-suzhou-commerce-ai-2024.figures.csv"
DOCUMENT = sorted((DATA / "tables" / "document").glob("*.csv"))


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO)


def _graph(dataset, path: str) -> ox.NamedNode:
    return ox.NamedNode(next(f.graph for f in dataset.files if f.path == path))


@pytest.mark.parametrize("kind", sorted(MOVED))
def test_the_tables_of_document_010_hold_the_triples_its_turtle_held(dataset, kind):
    """The figures and organisations moved from graph/sources/010-….ttl into tables: the same
    triples, compared as a graph, besides each node's row."""
    turtle_file, count = MOVED[kind]
    graph = _graph(dataset, f"{TABLES}.{kind}.csv")
    table = {
        (q.subject, q.predicate, q.object)
        for q in dataset.store.quads_for_pattern(None, None, None, graph)
        if q.predicate.value != AIZ.tableRow
    }
    turtle = ox.Store()
    turtle.load(path=str(DATA / "tables" / turtle_file), format=ox.RdfFormat.TURTLE)
    assert table == {(q.subject, q.predicate, q.object) for q in turtle}
    assert len(table) == count


@pytest.mark.parametrize("kind", sorted(MOVED))
def test_each_node_of_the_tables_of_document_010_names_its_row(dataset, kind):
    path = f"{TABLES}.{kind}.csv"
    with open(REPO / path, encoding="utf-8") as handle:
        ids = {row["id"]: number for number, row in enumerate(csv.DictReader(handle), start=2)}
    rows = {
        q.subject.value: q.object.value
        for q in dataset.store.quads_for_pattern(None, ox.NamedNode(AIZ.tableRow), None, _graph(dataset, path))
    }
    assert rows == {ID[slug]: f"{path}#row={number}" for slug, number in ids.items()}


def test_the_turtle_of_document_010_no_longer_holds_what_its_tables_hold(dataset):
    graph = _graph(dataset, "graph/sources/010-suzhou-commerce-ai-2024.ttl")
    moved = [ID["suzhou-bureau-of-commerce"], ID["soochow-university"], ID["suzhou-big-data-exchange"]]
    assert not list(dataset.store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(AIZ.ReportedFigure), graph))
    assert not any(list(dataset.store.quads_for_pattern(ox.NamedNode(node), None, None, graph)) for node in moved)


def test_the_command_line_prints_each_planted_error_on_its_own_line():
    run = run_cli("validate", "--add", str(PLANTED.relative_to(REPO)), cwd=REPO)
    assert run.code == EXIT_BAD_INPUT
    lines = run.err.splitlines()
    shown = "aizones: tests/data/tables/planted/010-suzhou-commerce-ai-2024.figures.csv:"
    assert [line[len(shown) :].split(": ")[0] for line in lines] == ["3:5", "4:3", "5:1", "6:1", "7:1", "8:8", "9:8", "10:4"]
    assert all(line.startswith(shown) and "; " in line for line in lines)


@pytest.mark.slow
def test_a_build_with_the_planted_table_publishes_nothing(tmp_path):
    project = tmp_path / "project"
    for part in ("ontology", "graph", "queries"):
        shutil.copytree(REPO / part, project / part)
    shutil.copy(PLANTED, project / "graph" / "tables" / "010-suzhou-commerce-ai-2024.figures.csv")
    run = run_cli("--root", str(project), "build", "--out", str(tmp_path / "dist"), cwd=tmp_path)
    assert run.code == EXIT_BAD_INPUT, run.err
    assert len(run.err.splitlines()) == 8 and ":10:4: the cell starts with '@'" in run.err
    assert not (tmp_path / "dist").exists()
    assert not any(p.name.startswith("dist") for p in tmp_path.iterdir())


@pytest.mark.slow
def test_a_document_entered_as_tables_of_every_kind_conforms_to_the_shapes():
    args = [arg for path in DOCUMENT for arg in ("--add", str(path.relative_to(REPO)))]
    run = run_cli("validate", *args, cwd=REPO)
    assert run.code == 0, run.err + run.out
    assert "0 errors, 0 warnings" in run.out + run.err


def test_a_document_entered_as_tables_of_every_kind_gives_its_nodes():
    found = load_dataset(REPO, extra=DOCUMENT)
    graphs = {
        f.path.rsplit(".", 2)[1]: ox.NamedNode(f.graph) for f in found.files if f.path in {str(p.relative_to(REPO)) for p in DOCUMENT}
    }
    assert sorted(graphs) == ["designations", "events", "facilities", "figures", "organisations", "source"]
    kinds = {
        kind: {
            (q.subject.value[len(ID.base) :], q.object.value.rsplit("#", 1)[1])
            for q in found.store.quads_for_pattern(None, ox.NamedNode(RDF.type), None, graph)
        }
        for kind, graph in graphs.items()
    }
    assert kinds["source"] == {("doc-099-example-suzhou-report-2025", "SourceDocument")}
    assert kinds["organisations"] == {("example-suzhou-computing-company", "Company"), ("soochow-university", "University")}
    assert kinds["facilities"] == {("example-suzhou-ai-computing-centre", "AIComputingCentre")}
    assert kinds["events"] == {("example-suzhou-ai-computing-forum-2025", "Summit")}
    assert kinds["designations"] == {("designation-most-suzhou", "Designation")}
    converted = next(
        found.store.quads_for_pattern(
            ox.NamedNode(ID["fig-099-suzhou-ai-industry-scale-2024-usd"]), ox.NamedNode(AIZ.convertedFrom), None, graphs["figures"]
        )
    )
    assert converted.object == ox.NamedNode(ID["fig-099-suzhou-ai-industry-scale-2024-cny"])
    precision = {q.object for q in found.store.quads_for_pattern(None, ox.NamedNode(AIZ.datePrecision), None, graphs["designations"])}
    assert precision == {ox.NamedNode(AIZC["precision-month"])}
