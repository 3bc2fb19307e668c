"""Answers that no longer mislead (issue 19's seventh item): a planned capacity reads as a target,
"more than" is carried into the gap a target leaves, and a disputed designation year is counted
as disputed. Each checked on the real graph against the data itself."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from aizones.core.namespaces import AIZ, AIZC, ID
from aizones.pipeline import open_dataset
from aizones.querying import saved
from tests.support.paths import REPO


@pytest.fixture(scope="module")
def dataset():
    return open_dataset(REPO)


def _rows(dataset, name: str) -> list[dict]:
    result = saved.run(dataset, saved.find(REPO / "queries", name), {})
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def test_a_planned_capacity_is_a_target(dataset):
    (tianyi,) = [r for r in _rows(dataset, "facilities") if r["facility"] == ID["tianyi-cloud-zhongnan-digital-industrial-park"]]
    assert tianyi["capacity"] == AIZC["server-capacity"] and tianyi["capacityKind"] == AIZC.target


def test_the_gap_keeps_how_sure_the_values_are(dataset):
    rows = {r["indicator"]: r for r in _rows(dataset, "targets-vs-actuals") if r["subject"] == ID.hubei}
    scale = rows[AIZC["related-industry-scale"]]  # 600 billion exactly, against more than 100 billion
    assert (scale["targetQualifier"], scale["actualQualifier"], scale["gapQualifier"]) == (AIZC.exact, AIZC["more-than"], AIZC["less-than"])
    output = rows[AIZC["core-ai-output"]]  # more than 60 billion against more than 10 billion: no bound
    assert (output["targetQualifier"], output["actualQualifier"], output["gapQualifier"]) == (
        AIZC["more-than"],
        AIZC["more-than"],
        AIZC.about,
    )
    lone = rows[AIZC["high-tech-enterprises"]]  # no actual: no gap, and no qualifier for it
    assert lone["gap"] is None and lone["gapQualifier"] is None


def test_zones_whose_sources_give_different_years_are_counted_as_disputed(dataset):
    years: dict[tuple[str, str], set[str]] = {}
    store = dataset.store
    for q in store.quads_for_pattern(None, ox.NamedNode(AIZ.designation), None, None):
        zone, designation = q.subject.value, q.object
        programme = next(store.quads_for_pattern(q.subject, ox.NamedNode(AIZ.programme), None, None)).object.value
        for d in store.quads_for_pattern(designation, ox.NamedNode(AIZ.designationDate), None, None):
            years.setdefault((programme, zone), set()).add(d.object.value[:4])
    expected: dict[tuple[str, str], list[int]] = {}
    for (programme, _zone), found in years.items():
        counted = expected.setdefault((programme, min(found)), [0, 0])
        counted[0] += 1
        counted[1] += len(found) > 1
    got = {(r["programme"], r["year"]): [int(r["zones"]), int(r["disputed"])] for r in _rows(dataset, "designations-timeline")}
    assert got == expected
    assert sum(d for _, d in got.values()) >= 1, "the graph holds disputed designation years"
