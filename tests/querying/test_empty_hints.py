"""An empty answer says what the parameter named and what answers instead (issue 19's second
stumble), on the real graph, in the library and on the command line."""

from __future__ import annotations

import pytest

from aizones.core.namespaces import ID
from aizones.pipeline import open_dataset
from aizones.querying import saved
from aizones.querying.empty_hints import MAX_SUGGESTED, EmptyHint, hint
from tests.support.cli import run_cli
from tests.support.paths import REPO


@pytest.fixture(scope="module")
def dataset():
    return open_dataset(REPO)


def _query(name: str) -> saved.SavedQuery:
    return saved.find(REPO / "queries", name)


def test_a_city_given_for_a_province_is_named_as_a_city_and_its_province_offered(dataset):
    (found,) = hint(dataset, _query("zones-in-province"), {"province": "Changsha"})
    assert found.param == "province" and found.entity == ID.changsha
    assert found.kind == "prefecture-level city"
    assert [s.entity for s in found.suggestions] == [ID.hunan]
    assert found.suggestions[0].as_option() == "--param province=id:hunan"
    # and what is offered does answer
    assert list(saved.run(dataset, _query("zones-in-province"), {"province": "id:hunan"}))


def test_a_province_whose_figures_sit_on_places_inside_it_is_pointed_at_them(dataset):
    # Chengdu had this role until its own figures came in (source 008); Sichuan has none of its own.
    query = _query("figures-over-time")
    assert not list(saved.run(dataset, query, {"subject": "Sichuan Province"}))
    (found,) = hint(dataset, query, {"subject": "Sichuan Province"})
    offered = [s.entity for s in found.suggestions]
    assert {ID["chengdu"], ID["tianfu-new-area"]} <= set(offered) and len(offered) <= MAX_SUGGESTED
    for suggestion in found.suggestions:  # each one offered has rows
        assert list(saved.run(dataset, query, {"subject": suggestion.entity}))
    assert "Tianfu New Area" in found.line() and "--param subject=id:tianfu-new-area" in found.line()


def test_with_nothing_near_that_answers_the_hint_says_so():
    line = EmptyHint("region", ID.changsha, "Changsha", None, ()).line()
    assert line == "no rows for region=Changsha (id:changsha), nor for any entity next to it"


def test_the_command_line_prints_the_table_then_the_hint_on_standard_error():
    assert run_cli("build", "-q", cwd=REPO).code == 0
    result = run_cli("query", "zones-in-province", "--param", "province=Changsha", "--format", "csv", cwd=REPO)
    assert result.code == 0, result.err
    assert result.out.splitlines()[0].startswith("province,") and len(result.out.splitlines()) == 1
    assert result.err == (
        "aizones: hint: no rows for province=Changsha (id:changsha, a prefecture-level city); "
        "rows for what lies next to it: Hunan Province: --param province=id:hunan\n"
    )


def test_an_answer_with_rows_gets_no_hint():
    result = run_cli("query", "zones-in-province", "--param", "province=Hunan", cwd=REPO)
    assert result.code == 0 and result.err == "" and "(0 rows)" not in result.out
