"""The filters people reached for (issue 19's fourth item): facilities and pilot zones by region,
the facts several sources share by entity; each checked against the unfiltered answer."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from aizones.core.namespaces import AIZ, ID
from aizones.pipeline import open_dataset
from aizones.querying import saved
from tests.support.paths import REPO


@pytest.fixture(scope="module")
def dataset():
    return open_dataset(REPO)


def _rows(dataset, name: str, values: dict[str, str]) -> list[dict]:
    result = saved.run(dataset, saved.find(REPO / "queries", name), values)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def _lies_in(dataset, entity: str, region: str) -> bool:
    located = ox.NamedNode(AIZ.locatedIn)
    return (
        entity == region
        or next(dataset.store.quads_for_pattern(ox.NamedNode(entity), located, ox.NamedNode(region), None), None) is not None
    )


def test_facilities_by_region_are_the_facilities_that_lie_in_it(dataset):
    every = _rows(dataset, "facilities", {})
    chengdu = _rows(dataset, "facilities", {"region": "Chengdu"})
    expected = {r["facility"] for r in every if _lies_in(dataset, r["facility"], ID.chengdu)}
    assert {r["facility"] for r in chengdu} == expected and len(expected) >= 5
    assert {r["region"] for r in chengdu} == {ID.chengdu}
    # without the filter, the region column is each facility's province
    assert {r["region"] for r in every if r["facility"] in expected} == {ID.sichuan}


def test_pilot_zones_within_a_province(dataset):
    every = _rows(dataset, "pilot-zones", {})
    guangdong = _rows(dataset, "pilot-zones", {"within": "Guangdong"})
    expected = {r["zone"] for r in every if _lies_in(dataset, r["region"], ID.guangdong)}
    assert {r["zone"] for r in guangdong} == expected and len(expected) == 4
    assert all(r["within"] is None for r in every)


def test_multi_source_facts_of_one_entity(dataset):
    every = _rows(dataset, "multi-source-facts", {})
    changsha = _rows(dataset, "multi-source-facts", {"entity": "Changsha"})
    assert changsha == [r for r in every if r["entity"] == ID.changsha] and changsha
