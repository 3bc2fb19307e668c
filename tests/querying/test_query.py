"""Queries: the union of asserted and inferred graphs by default, every result format, the policy."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from aizones.core.errors import PolicyError
from aizones.core.policy import check_query
from aizones.core.sparql import select
from aizones.pipeline import open_dataset
from tests.support.cli import run_cli
from tests.support.paths import REPO

LOCATED = "PREFIX ex: <http://example.org/mini#> SELECT ?place ?region WHERE { ?place ex:locatedIn ?region } ORDER BY ?place ?region"


def test_queries_see_inferred_triples_unless_told_not_to(mini):
    dataset = open_dataset(mini)
    _, with_inference = select(dataset, LOCATED)
    _, without = select(dataset, LOCATED, inference=False)
    assert len(with_inference) == 4 and len(without) == 3
    assert ("http://example.org/mini#yuelu", "http://example.org/mini#hunan") in {(a.value, b.value) for a, b in with_inference}


def test_graph_clause_tells_which_file_states_a_fact(mini):
    dataset = open_dataset(mini)
    _, rows = select(dataset, "SELECT ?g WHERE { GRAPH ?g { <http://example.org/mini#wuhan> ?p ?o } } GROUP BY ?g ORDER BY ?g")
    # the file that states it, and the inferred graph that adds its type ex:Place
    assert [r[0].value for r in rows] == ["https://w3id.org/aizones/graph/graph/sources/hubei", "https://w3id.org/aizones/graph/inferred"]
    _, asserted_only = select(
        dataset, "SELECT DISTINCT ?g WHERE { GRAPH ?g { <http://example.org/mini#wuhan> ?p ?o } } ORDER BY ?g", inference=False
    )
    assert [r[0].value for r in asserted_only] == ["https://w3id.org/aizones/graph/graph/sources/hubei"]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "sparql-json", "sparql-xml", "sparql-csv", "sparql-tsv"])
def test_every_result_format(mini, fmt):
    result = run_cli("query", "-e", LOCATED, "--format", fmt, cwd=mini)
    assert result.code == 0, result.err
    out = result.out
    if fmt == "table":
        assert "Yuelu" in out and "(4 rows)" in out, "labels instead of IRIs"
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == ["place", "region", "place_label", "region_label"] and len(rows) == 5
        assert ["http://example.org/mini#yuelu", "http://example.org/mini#hunan", "Yuelu", "Hunan"] in rows
    elif fmt == "sparql-csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == ["place", "region"] and len(rows) == 5
    elif fmt == "tsv":
        assert out.splitlines()[0] == "?place\t?region\tplace_label\tregion_label" and len(out.splitlines()) == 5
    elif fmt == "sparql-tsv":
        assert out.splitlines()[0] == "?place\t?region" and len(out.splitlines()) == 5
    elif fmt == "json":
        assert len(json.loads(out)["rows"]) == 4
    elif fmt == "sparql-json":
        assert len(json.loads(out)["results"]["bindings"]) == 4
    else:
        ns = {"s": "http://www.w3.org/2005/sparql-results#"}
        assert len(ET.fromstring(out).findall(".//s:result", ns)) == 4


def test_query_from_file_and_from_stdin(mini):
    (mini / "q.rq").write_text(LOCATED)
    assert "(4 rows)" in run_cli("query", "q.rq", cwd=mini).out
    assert "(4 rows)" in run_cli("query", "-", cwd=mini, stdin=LOCATED).out
    assert "(3 rows)" in run_cli("query", "--no-inference", cwd=mini, stdin=LOCATED).out


def test_construct_gives_rdf(mini):
    result = run_cli("query", "-e", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3", "--format", "nt", cwd=mini)
    assert result.code == 0 and len(result.out.splitlines()) == 3


def test_csv_cells_that_look_like_formulas_are_neutralised(mini):
    result = run_cli("query", "-e", 'SELECT ?x WHERE { VALUES ?x { "=1+1" "+x" "-y" "@z" "ok" } } ORDER BY ?x', "--format", "csv", cwd=mini)
    cells = [row[0] for row in csv.reader(io.StringIO(result.out))][1:]
    assert cells == ["'+x", "'-y", "'=1+1", "'@z", "ok"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "select * where { service silent <http://x/> { ?s ?p ?o } }",
        "LOAD <http://127.0.0.1:9/x>",
    ],
)
def test_queries_that_reach_outside_are_refused_with_exit_3(mini, text):
    with pytest.raises(PolicyError):
        check_query(text)
    result = run_cli("query", "-e", text, cwd=mini)
    assert result.code == 3 and "refused" in result.err


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?s WHERE { ?s ?p "FROM the SERVICE" } ORDER BY ?s',
        "SELECT ?s WHERE { ?s <http://example.org/from> ?o } ORDER BY ?s",
        "PREFIX service: <http://example.org/> SELECT ?s WHERE { ?s service:load ?o } ORDER BY ?s",
        "SELECT ?from WHERE { ?from ?p ?o } ORDER BY ?from  # SERVICE in a comment",
    ],
)
def test_the_words_in_strings_iris_names_and_comments_are_not_refused(text):
    check_query(text)


def test_bad_sparql_is_one_line_exit_2(mini):
    result = run_cli("query", "-e", "SELECT ?x WHERE { ?x nope:p ?y }", cwd=mini)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and "not valid SPARQL" in result.err


def test_query_uses_a_current_build_and_ignores_a_stale_one(mini):
    assert run_cli("build", "-q", cwd=mini).code == 0
    from aizones.publishing.reopen import load_built

    assert load_built(mini, mini / "dist") is not None
    (mini / "graph" / "sources" / "hubei.ttl").write_text(
        (mini / "graph" / "sources" / "hubei.ttl").read_text()
        + "<http://example.org/mini#x> <http://example.org/mini#locatedIn> <http://example.org/mini#wuhan> .\n"
    )
    assert load_built(mini, mini / "dist") is None
    assert "(6 rows)" in run_cli("query", "-e", LOCATED, cwd=mini).out


def test_table_columns_line_up_with_chinese_characters_two_columns_wide():
    """``--lang zh`` put every column after a Chinese label out of line: widths counted characters."""
    import pyoxigraph as ox

    from aizones.querying.results import columns, table

    rows = [
        [ox.Literal("湖南省"), ox.Literal("长沙市")],
        [ox.Literal("Hubei"), ox.Literal("Wuhan")],
        [ox.Literal("e\u0301"), ox.Literal("x")],
    ]
    lines = table(["province", "city"], rows).splitlines()
    starts = {
        line_no: columns(line[: line.index(cell)])
        for line_no, (line, cell) in enumerate(zip(lines[2:5], ["长沙市", "Wuhan", "x"], strict=True))
    }
    assert set(starts.values()) == {columns("province  ")}, lines
    assert columns("湖南省") == 6 and columns("e\u0301") == 1 and columns("\u200b") == 0


def test_a_table_fits_the_width_asked_for_with_long_cells_shortened():
    """Tables ran to 380 characters a line (issue 19's sixth item)."""
    import pyoxigraph as ox

    from aizones.querying.results import NARROWEST, columns, table

    rows = [
        [ox.Literal("Changsha national AI innovation pilot zone (MOST)"), ox.Literal("长沙市人工智能创新应用先导区"), ox.Literal("2021")]
    ]
    for width in (40, 50, 80):
        lines = table(["zone", "name", "year"], rows, width=width).splitlines()
        assert all(columns(line) <= width for line in lines), (width, lines)
        assert lines[2].split("  ")[0].endswith("…") and lines[2].rstrip().endswith("2021"), "short cells stay whole"
    wide = table(["zone", "name", "year"], rows).splitlines()
    assert "Changsha national AI innovation pilot zone (MOST)" in wide[2] and "…" not in wide[2]
    floor = table(["zone", "name", "year"], rows, width=5).splitlines()
    assert all(len(cell) >= min(NARROWEST, 4) for cell in floor[2].split("  ") if cell), "never narrower than the floor"


def test_query_width_on_the_command_line():
    result = run_cli("query", "zones-in-province", "--param", "province=Hunan", "--width", "80", cwd=REPO)
    assert result.code == 0 and max(len(line) for line in result.out.splitlines()) <= 80 and "…" in result.out
    piped = run_cli("query", "zones-in-province", "--param", "province=Hunan", cwd=REPO)
    assert "…" not in piped.out, "a pipe gets whole cells"
    bad = run_cli("query", "zones-in-province", "--width", "-3", cwd=REPO)
    assert bad.code == 2 and "--width takes a number of columns" in bad.err
