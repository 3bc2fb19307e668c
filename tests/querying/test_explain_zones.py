"""Explaining a pilot zone says when it was designated, by whom and how surely, with every source's
date and a flag where they disagree (issue 19's fifth stumble); and a zone is found by the words of
its name ("Changsha pilot zone"), not by its full label alone."""

from __future__ import annotations

import pytest

from aizones.core.errors import UsageError
from aizones.core.names import resolve
from aizones.core.namespaces import AIZ, ID
from aizones.pipeline import open_dataset
from aizones.querying.explain import explain, render_text
from tests.support.paths import REPO


@pytest.fixture(scope="module")
def dataset():
    return open_dataset(REPO)


def test_a_disputed_designation_date_shows_each_sources_date_and_says_disputed(dataset):
    e = explain(dataset, "id:most-zone-changsha")
    (d,) = e.designations
    assert d["designation"] == ID["designation-most-changsha"] and d["by"] == "Ministry of Science and Technology"
    assert d["disputed"] is True
    assert [(c["date"], c["file"]) for c in d["claims"]] == [
        ("2021-03-24", "graph/reference/most-zones.ttl"),
        ("2021-03-25", "graph/sources/001-atf-changsha-zone-2021.ttl"),
    ]
    assert d["claims"][0]["confidence"] == "high" and d["claims"][0]["precision"] == "day"
    text = render_text(e)
    assert "DISPUTED" in text and text.index("Designated by") < text.index("According to")


def test_a_settled_designation_is_not_flagged(dataset):
    (d,) = explain(dataset, "id:miit-zone-changsha").designations
    assert d["disputed"] is False and [c["date"] for c in d["claims"]] == ["2022-09"]
    assert "DISPUTED" not in render_text(explain(dataset, "id:miit-zone-changsha"))


def test_every_zone_of_the_graph_has_its_designation_explained(dataset):
    zones = {q.subject.value for q in dataset.store.quads_for_pattern(None, None, None, None) if q.predicate.value == AIZ.coversRegion}
    assert len(zones) >= 29
    for zone in sorted(zones):
        designations = explain(dataset, zone).designations
        assert designations and all(d["claims"] for d in designations), zone


def test_a_non_zone_has_no_designation_section(dataset):
    assert explain(dataset, "Changsha").designations == []


def test_the_words_of_a_zones_name_find_the_zones_not_the_documents_about_them(dataset):
    with pytest.raises(UsageError) as raised:
        resolve(dataset, "Changsha pilot zone")
    assert str(raised.value).endswith("it names id:miit-zone-changsha, id:most-zone-changsha; pass one of these instead")
    assert resolve(dataset, "Changsha MIIT pilot zone") == resolve(dataset, "id:miit-zone-changsha")
    assert resolve(dataset, "Hefei pilot zone").value == ID["most-zone-hefei"]
    with pytest.raises(UsageError, match="id:designation-miit-changsha, id:designation-most-changsha"):
        resolve(dataset, "Changsha designation")
