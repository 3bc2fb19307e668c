"""The graph page's map view in Chromium: the zones at their cities, over the outline, under the CSP.

The real graph's page is drawn with the zones' places; "Map" must lay every zone node at the point
``zone_map.page_map`` gives it, hide the rest, show the provinces' outline behind the canvas at the
same pan and zoom (a pixel of Tibet, far from any zone, is the outline's grey; a zone's own pixel is
the zone's colour), break no rule of the Content-Security-Policy, and "Graph" must put every node
back where it was; after a zoom the outline still lies under the zones. Screenshots are kept in
the test's folder (``map-view-fitted.png``, ``map-view-zoomed-in.png``).
"""

from __future__ import annotations

import pytest

from aizones.drawing.china_outline import project
from aizones.drawing.page import render_page
from aizones.drawing.projection import project as projection
from aizones.drawing.zone_map import PAGE_SCALE, zone_places
from aizones.pipeline import open_dataset
from tests.support.browser import chromium, watch
from tests.support.paths import REPO


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@pytest.mark.browser
def test_the_map_view_lays_the_zones_at_their_cities_over_the_outline(browser, tmp_path):
    from PIL import Image

    dataset = open_dataset(REPO)
    located = tuple(zone_places(dataset))
    page_file = tmp_path / "graph.html"
    page_file.write_bytes(render_page(projection(dataset), located=located))
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors = watch(page)
    page.goto(page_file.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=15000)
    before = page.evaluate("aizonesGraph.nodes().map(n => [n.id(), n.position()])")
    page.click("#map")
    assert page.get_attribute("body", "data-view") == "map"
    at = page.evaluate("JSON.parse(document.getElementById('graph-data').textContent).map.at")
    assert len(at) == 29, "every zone of the page on the map"
    shown = page.evaluate("aizonesGraph.nodes(':visible').map(n => [Number(n.id().slice(1)), n.position().x, n.position().y])")
    assert sorted(shown) == sorted([i, x, y] for i, x, y, _label, _side in at), "the zones, each at its point, and nothing else"
    assert "Harbin (MOST 2021)" in page.evaluate("aizonesGraph.nodes(':visible').map(n => n.data('label'))")
    assert page.evaluate("aizonesGraph.edges(':visible').length") == 0
    follows = (
        "(() => { const g = document.querySelector('#map-outline g'), p = aizonesGraph.pan(), z = aizonesGraph.zoom();"
        " return g.getAttribute('transform') === 'translate(' + p.x + ',' + p.y + ') scale(' + z + ')'; })()"
    )
    box = page.locator("#cy").bounding_box()
    harbin = next(z for z in located if z.name == "Harbin")
    for step in ("fitted", "zoomed in"):
        assert page.evaluate(follows), f"the outline keeps the canvas's pan and zoom ({step})"
        viewport = page.evaluate("[aizonesGraph.pan().x, aizonesGraph.pan().y, aizonesGraph.zoom()]")
        picture = tmp_path / f"map-view-{step.replace(' ', '-')}.png"
        page.screenshot(path=str(picture))
        image = Image.open(picture).convert("RGB")

        def pixel(x_km: float, y_km: float, image=image, viewport=viewport) -> tuple[int, int, int]:
            x, y = x_km / PAGE_SCALE, -y_km / PAGE_SCALE
            return image.getpixel((round(box["x"] + x * viewport[2] + viewport[0]), round(box["y"] + y * viewport[2] + viewport[1])))

        assert pixel(*project(harbin.latitude, harbin.longitude)) not in ((0xEC, 0xEF, 0xF1), (255, 255, 255)), "Harbin's zone is there"
        if step == "fitted":
            assert pixel(*project(31.5, 88.0)) == (0xEC, 0xEF, 0xF1), "Tibet is drawn in the outline's grey, behind the canvas"
            page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.3)
            page.mouse.wheel(0, -300)
            page.wait_for_timeout(300)
        else:
            assert pixel(*project(47.0, 123.0)) == (0xEC, 0xEF, 0xF1), "Heilongjiang, zoomed, still under the outline's grey"
    page.click("#map")
    assert page.evaluate("aizonesGraph.nodes().map(n => [n.id(), n.position()])") == before
    assert "Harbin (MOST 2021)" not in page.evaluate("aizonesGraph.nodes().map(n => n.data('label'))")
    assert page.get_attribute("#map-outline", "display") == "none"
    assert page.evaluate("window.__violations") == [] and errors == []
    context.close()


def test_a_page_without_places_has_no_map_view():
    from aizones.drawing.page import page_data
    from aizones.drawing.positions import positions
    from aizones.reading.loader import load_dataset
    from tests.support.paths import DATA

    graph = projection(load_dataset(DATA / "viz"))
    assert "map" not in page_data(graph, positions(graph), "t")
