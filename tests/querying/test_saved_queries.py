"""Every saved query: documented, ordered, and answering the real graph with the expected rows.

The expected rows of each query (with its default parameters) are in ``tests/snapshots/queries/``,
one row per line as N-Triples terms, compared as a set; they change only with
``pytest --update-snapshots`` after the new rows have been read and found right.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from aizones.core.errors import UsageError
from aizones.core.namespaces import ID
from aizones.pipeline import open_dataset
from aizones.querying import saved
from tests.support.cli import run_cli
from tests.support.paths import REPO

QUERIES = saved.catalogue(REPO / "queries")
SNAPSHOTS = REPO / "tests" / "snapshots" / "queries"
# To-do lists that the data keeps empty; each has a test that plants a row and sees it listed.
EMPTY_ON_THE_REAL_GRAPH = {"documents-without-address": "tests/graph/test_addresses.py"}


@pytest.fixture(scope="module")
def dataset():
    return open_dataset(REPO)


def _rows(dataset, query, values=None) -> set[str]:
    result = saved.run(dataset, query, values or {})
    names = [v.value for v in result.variables]
    return {"\t".join("" if row[n] is None else str(row[n]) for n in names) for row in result}


def test_there_are_at_least_fifteen_documented_saved_queries():
    assert len(QUERIES) >= 15
    for query in QUERIES:
        assert query.title != query.name and len(query.description) > 60, query.name
        assert re.search(r"ORDER BY[^}]*$", query.file.text), f"{query.name} must end in ORDER BY"
        for param in query.params:
            assert param.description and param.example, f"{query.name}: parameter {param.name} needs a description and an example"
            assert f"?{param.name}" in query.file.text.split("WHERE")[0], f"{query.name}: {param.name} must be selected to be bound"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_saved_query_gives_the_expected_rows(dataset, query, update_snapshots):
    rows = _rows(dataset, query)
    path = SNAPSHOTS / f"{query.name}.tsv"
    if update_snapshots:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{row}\n" for row in sorted(rows)), encoding="utf-8")
    expected = set(path.read_text(encoding="utf-8").splitlines())
    assert rows or query.name in EMPTY_ON_THE_REAL_GRAPH, f"{query.name} answers nothing on the real graph"
    assert rows == expected


def _column(dataset, name: str, values: dict[str, str], column: str) -> set[str]:
    result = saved.run(dataset, saved.find(REPO / "queries", name), values)
    return {row[column].value for row in result if row[column] is not None}


def test_a_region_parameter_takes_english_chinese_prefixed_and_iri_forms(dataset):
    hunan = {ID["most-zone-changsha"], ID["miit-zone-changsha"]}
    for value in ("Hunan", "Hunan Province", "湖南省", "湖南", "id:hunan", ID["hunan"], f"<{ID['hunan']}>", "hunan"):
        assert _column(dataset, "zones-in-province", {"province": value}, "zone") == hunan, value


def test_an_unknown_label_is_a_one_line_error_with_the_closest_matches(dataset):
    with pytest.raises(UsageError) as caught:
        saved.run(dataset, saved.find(REPO / "queries", "zones-in-province"), {"province": "Hunna"})
    assert "no region called 'Hunna'" in str(caught.value) and "Hunan Province" in str(caught.value)
    result = run_cli("query", "zones-in-province", "--param", "province=Hunna", cwd=REPO)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1 and "closest" in result.err


def test_a_label_of_the_wrong_kind_is_not_accepted(dataset):
    with pytest.raises(UsageError):
        saved.run(dataset, saved.find(REPO / "queries", "zones-in-province"), {"province": "Huawei"})


def test_an_ambiguous_label_lists_the_candidates(mini):
    from aizones.core.names import resolve

    (mini / "graph" / "twins.ttl").write_text(
        '<http://example.org/mini#t1> <http://www.w3.org/2000/01/rdf-schema#label> "Twin"@en .\n'
        '<http://example.org/mini#t2> <http://www.w3.org/2000/01/rdf-schema#label> "Twin"@en .\n'
    )
    with pytest.raises(UsageError) as caught:
        resolve(open_dataset(mini), "twin")
    assert "ambiguous" in str(caught.value) and "mini#t1" in str(caught.value) and "mini#t2" in str(caught.value)


def test_a_label_written_exactly_wins_over_looser_matches(mini):
    from aizones.core.names import resolve

    (mini / "graph" / "near.ttl").write_text(
        '<http://example.org/mini#exact> <http://www.w3.org/2000/01/rdf-schema#label> "Delta"@en .\n'
        '<http://example.org/mini#lower> <http://www.w3.org/2000/01/rdf-schema#label> "delta"@en .\n'
        '<http://example.org/mini#province> <http://www.w3.org/2000/01/rdf-schema#label> "Gamma Province"@en .\n'
        '<http://example.org/mini#bracket> <http://www.w3.org/2000/01/rdf-schema#label> "Gamma Office (Gamma)"@en .\n'
    )
    dataset = open_dataset(mini)
    assert resolve(dataset, "Delta").value == "http://example.org/mini#exact"  # written so: first step
    with pytest.raises(UsageError, match="ambiguous"):
        resolve(dataset, "DELTA")  # only the last step, ignoring case, finds it: both match
    assert resolve(dataset, "Gamma").value == "http://example.org/mini#province"  # a generic word added
    assert resolve(dataset, "gamma office").value == "http://example.org/mini#bracket"


def test_a_chinese_label_resolves_an_entity_parameter(dataset):
    assert _column(dataset, "sources-of-entity", {"entity": "长沙市"}, "entity") == {ID["changsha"]}


def test_typed_parameters_refuse_values_of_another_type(dataset):
    query = saved.find(REPO / "queries", "indicator-across-regions")
    assert _column(dataset, "indicator-across-regions", {"indicator": "ai-enterprises"}, "indicator") == {
        "https://w3id.org/aizones/concept/ai-enterprises"
    }
    assert _column(dataset, "indicator-across-regions", {"indicator": "R&D investment"}, "indicator") == {
        "https://w3id.org/aizones/concept/rd-investment"
    }
    with pytest.raises(UsageError):
        saved.bind(dataset, query, {"indicator": "no such indicator"})
    with pytest.raises(UsageError):
        saved.bind(dataset, query, {"nonsense": "x"})
    year = saved.Param("year", "year", "", "2021", "a year")
    assert saved.term_for(dataset, year, "2021") == ox.Literal("2021", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))
    with pytest.raises(UsageError):
        saved.term_for(dataset, year, "twenty")


def test_parameters_are_bound_not_pasted(dataset):
    # a value that would break out of a pasted query is just an unknown name
    with pytest.raises(UsageError):
        saved.run(dataset, saved.find(REPO / "queries", "zones-in-province"), {"province": '"} } SELECT * WHERE { ?s ?p ?o } #'})


def test_kind_parameter_narrows_facilities(dataset):
    everything = _column(dataset, "facilities", {}, "facility")
    supercomputers = _column(dataset, "facilities", {"kind": "aiz:SupercomputingCentre"}, "facility")
    # Tianhe-1 came with the Binhai source (graph/sources/025), placed in Binhai New Area; the Xi'an
    # centre with the Xi'an Daily item's facilities table (graph/tables/050-…).
    assert supercomputers == {
        ID["national-supercomputing-center-changsha"],
        ID["chengdu-supercomputing-center"],
        ID["tianhe-1"],
        ID["national-supercomputing-xian-center"],
    }
    assert supercomputers < everything


def test_list_and_describe_commands():
    listing = run_cli("query", "--list", cwd=REPO)
    assert listing.code == 0 and all(q.name in listing.out for q in QUERIES)
    assert "province:region" in listing.out
    described = run_cli("query", "--describe", "zones-in-province", cwd=REPO)
    assert described.code == 0 and "parameters:" in described.out and "--param province=Hunan" in described.out
    assert run_cli("query", "--describe", "zones-in-provinc", cwd=REPO).err.count("did you mean") == 1


def test_table_shows_labels_amounts_and_csv_keeps_iris():
    table = run_cli("query", "figures-over-time", "--param", "subject=Hunan", cwd=REPO)
    assert table.code == 0 and "more than 12.5 billion CNY" in table.out and "Hunan Province" in table.out
    chinese = run_cli("query", "zones-in-province", "--param", "province=湖南省", "--lang", "zh", cwd=REPO)
    assert "湖南省" in chinese.out
    csv_out = run_cli("query", "figures-over-time", "--param", "subject=Hunan", "--format", "csv", cwd=REPO)
    header = csv_out.out.splitlines()[0].split(",")
    assert "subject" in header and "subject_label" in header
    assert ID["hunan"] in csv_out.out
