"""The completeness view: the saved query ``zone-completeness`` and the chart the build draws of it.

A zone planted with nothing but its programme shows as all-empty, and one fact about its region
fills exactly the facets it should; the chart draws what the query answers, the same bytes each time.
"""

from __future__ import annotations

import shutil

import pytest

from aizones.drawing import completeness
from aizones.reading.loader import load_dataset
from tests.support.paths import REPO

PLANTED = """@prefix aiz: <https://w3id.org/aizones/ontology#> .
@prefix aizc: <https://w3id.org/aizones/concept/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/aizones/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:most-zone-planted a aiz:MostPilotZone ;
    rdfs:label "Planted pilot zone (MOST)"@en ;
    aiz:programme id:most-pilot-zone-programme .
"""
FACT = """
id:most-zone-planted aiz:coversRegion id:planted-city .
id:planted-city a aiz:PrefectureLevelCity ; rdfs:label "Planted City"@en .
id:doc-999-planted a aiz:SourceDocument ;
    rdfs:label "Planted document"@en ;
    aiz:publisherName "Planted publisher" ;
    aiz:publicationDate "2024-01-01"^^xsd:date ;
    dcterms:language "en"^^xsd:language ;
    aiz:noUrlReason "planted for a test"@en .
id:fig-999-planted a aiz:ReportedFigure ;
    aiz:subject id:planted-city ;
    aiz:indicator aizc:ai-enterprises ;
    aiz:period "2024"^^xsd:gYear ;
    aiz:value 5.0 ;
    aiz:unit aizc:count ;
    aiz:qualifier aizc:exact ;
    aiz:figureKind aizc:actual ;
    aiz:reportedIn id:doc-999-planted .
"""


def test_the_saved_query_is_the_one_the_chart_runs():
    saved = (REPO / "queries" / "zone-completeness.rq").read_text(encoding="utf-8")
    body = "".join(line + "\n" for line in saved.splitlines() if not line.startswith("#"))
    assert body == completeness.ZONE_COMPLETENESS


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("completeness")
    for folder in ("ontology", "graph"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def _row(project, text: str) -> completeness.ZoneFacets:
    (project / "graph" / "sources" / "999-planted.ttl").write_text(text, encoding="utf-8")
    rows = completeness.zone_facets(load_dataset(project))
    return next(row for row in rows if row.zone.endswith("/most-zone-planted"))


def test_a_zone_with_no_facts_shows_every_facet_empty_and_comes_first(project):
    row = _row(project, PLANTED)
    assert row.label == "Planted pilot zone (MOST)"
    assert row.counts == (0,) * len(completeness.FACETS)
    rows = completeness.zone_facets(load_dataset(project))
    assert rows[0] == row, "the thinnest zone is listed first"
    svg = completeness.completeness_chart(rows, "svg").decode()
    assert "Planted pilot zone (MOST)" in svg and "1 zone with nothing" in svg


def test_one_sourced_figure_of_the_zones_region_fills_its_facets(project):
    row = _row(project, PLANTED + FACT)
    counts = dict(zip((name for name, _head in completeness.FACETS), row.counts, strict=True))
    assert counts == {
        "designations": 0,
        "regions": 1,
        "focus": 0,
        "targets": 0,
        "actuals": 1,
        "areas": 0,
        "organisations": 0,
        "documents": 1,
    }


def test_the_real_graph_gives_every_zone_a_designation_and_a_region():
    rows = completeness.zone_facets(load_dataset(REPO))
    assert len(rows) == 29
    assert all(row.counts[0] >= 1 and row.counts[1] >= 1 for row in rows)
    assert [row.counts[-1] for row in rows] == sorted(row.counts[-1] for row in rows), "thinnest first"


def test_the_chart_is_the_same_bytes_each_time_and_the_build_draws_it():
    from aizones.drawing import pictures

    rows = completeness.zone_facets(load_dataset(REPO))
    assert completeness.completeness_chart(rows, ("svg", "png")) == completeness.completeness_chart(rows, ("svg", "png"))
    names = [name for name, _draw in pictures._plan(pictures._lean_choice(load_dataset(REPO)))]
    assert {"zones-completeness.svg", "zones-completeness.png"} <= set(names)
