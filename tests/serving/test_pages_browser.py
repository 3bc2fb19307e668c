"""The pages in a real browser (Debian's Chromium through Playwright): search, an entity page with its
sources and a conflict, the graph page served from the release, hostile labels shown as text; every
request stays on 127.0.0.1 and the Content-Security-Policy is never violated."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.serving.hostile import HOSTILE_ENTITY, HOSTILE_LABEL
from tests.support.browser import READS_LEFT_TO_RIGHT, chromium

pytestmark = pytest.mark.browser
WATCH = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@pytest.fixture
def tab(browser):
    """A page whose every request, console error, page error and dialog is recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.seen = {"requests": [], "errors": [], "dialogs": []}
    page.on("request", lambda request: page.seen["requests"].append(request.url))
    page.on("console", lambda message: page.seen["errors"].append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.seen["errors"].append(str(error)))
    page.on("dialog", lambda dialog: (page.seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)
    yield page
    context.close()


def assert_clean(page) -> None:
    """Nothing left 127.0.0.1, nothing broke the policy, nothing ran that should not have."""
    outside = [url for url in page.seen["requests"] if urlsplit(url).hostname != "127.0.0.1" and not url.startswith("data:")]
    assert outside == []
    assert page.evaluate("window.__violations") == []
    assert page.seen["errors"] == [] and page.seen["dialogs"] == []
    assert page.evaluate("window.__xss") is None


def test_search_then_click_to_an_entity_page_with_its_sources_and_a_conflict(tab, base_url):
    tab.goto(base_url + "/")
    tab.fill("header .search input[name=q]", "MOST designation of the Changsha")
    tab.press("header .search input[name=q]", "Enter")
    tab.wait_for_url("**/search?q=*")
    tab.click("ol.hits a:has-text('MOST designation of the Changsha pilot zone')")
    tab.wait_for_url("**/id/designation-most-changsha")
    assert tab.locator("h1").inner_text() == "MOST designation of the Changsha pilot zone"
    documents = tab.locator("section.source div.document a.title").all_inner_texts()
    assert "ATF on the Changsha national AI innovation pilot zone (2021)" in documents and len(documents) >= 4
    conflict = tab.locator("section.conflicts table.conflict")
    assert conflict.locator("caption").inner_text() == "designation date"
    assert conflict.locator("td.disputed").all_inner_texts() == ["2021-03-24", "2021-03-25"]
    # side by side: the two claims on one row, the first to the left of the second
    first, second = (conflict.locator("td.disputed").nth(i).bounding_box() for i in (0, 1))
    assert abs(first["y"] - second["y"]) < 2 and first["x"] < second["x"]
    assert tab.evaluate("getComputedStyle(document.querySelector('td.disputed')).color") != "rgb(0, 0, 0)"  # the stylesheet loaded
    assert_clean(tab)


def test_an_entity_page_in_chinese_search_and_its_drawing(tab, base_url):
    tab.goto(base_url + "/search?q=%E9%95%BF%E6%B2%99")
    tab.click("ol.hits li:first-child a")
    tab.wait_for_url("**/id/changsha")
    assert tab.locator("figure.neighbourhood svg circle").count() >= 5
    tab.click("figure.neighbourhood svg a[href='/id/hunan']")
    tab.wait_for_url("**/id/hunan")
    assert "Hunan" in tab.locator("h1").inner_text()
    assert_clean(tab)


def test_hostile_labels_are_shown_as_text_and_a_javascript_address_is_no_link(tab, hostile_url):
    tab.goto(hostile_url + "/search?q=Evil")
    hit = tab.locator("ol.hits a[href='/id/hostile-company']")
    assert hit.inner_text() == HOSTILE_LABEL
    assert hit.locator("bdi").inner_text() == HOSTILE_LABEL  # isolated: its override cannot reach the page around it
    # the label's override stays inside it: the kind written after it is still drawn to its right
    kind = tab.locator("ol.hits li:has(a[href='/id/hostile-company']) span.kind")
    assert hit.bounding_box()["x"] < kind.bounding_box()["x"]
    assert tab.evaluate(READS_LEFT_TO_RIGHT, ["ol.hits li", "company"])
    hit.click()
    tab.wait_for_url("**/id/hostile-company")
    assert tab.locator("h1").inner_text() == HOSTILE_LABEL
    assert tab.locator("img").count() == 0
    assert tab.evaluate(READS_LEFT_TO_RIGHT, ["dl.summary", "Kind"])  # the page's own words after the label
    assert tab.evaluate(READS_LEFT_TO_RIGHT, ["section.sources", "stated"])
    tab.click("section.source a.title")
    assert tab.locator("a[href^='javascript']").count() == 0
    assert "javascript:window.__xss=2" in tab.locator("div.document").first.inner_text()
    tab.goto(hostile_url + "/id/changsha")  # the neighbour's label, in the list and in the drawing
    assert HOSTILE_LABEL in tab.locator("ul.links.in").inner_text()
    assert tab.locator("img").count() == 0
    assert tab.evaluate(READS_LEFT_TO_RIGHT, ["ul.links.in", "located"])
    assert_clean(tab)
    assert HOSTILE_ENTITY.endswith("/hostile-company")


def test_the_home_page_and_the_graph_page_served_from_the_release(tab, hostile_url):
    tab.goto(hostile_url + "/")
    assert tab.locator("section.programme").count() == 2
    loaded = tab.evaluate(
        "Promise.all([...document.images].map(i => { i.loading = 'eager'; return i.decode().then(() => i.naturalWidth > 0); }))"
    )
    assert len(loaded) > 10 and all(loaded)
    tab.click("nav.ways a[href='/downloads/viz/graph.html']")
    tab.wait_for_selector("body[data-ready=true]", timeout=20000)  # its inline scripts ran under its own policy
    assert tab.evaluate("document.querySelectorAll('#side').length") == 1
    assert_clean(tab)
