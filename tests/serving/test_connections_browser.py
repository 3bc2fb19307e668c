"""The connections and network pages in a real browser (Debian's Chromium, driven by Playwright)."""

from __future__ import annotations

import pytest

from aizones.core.names import compact
from tests.serving.hostile import HOSTILE_ENTITY, HOSTILE_LABEL
from tests.serving.test_queries_browser import Watched
from tests.support.browser import chromium


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def pick(page, field: str, typed: str, shown: str) -> None:
    """Type into an entity field and click the suggestion that shows ``shown``."""
    box = page.locator(f"#param-{field}")
    assert box.get_attribute("data-search") == "entity"
    box.fill("")
    box.press_sequentially(typed, delay=30)
    option = page.locator(f"#options-{field} button", has_text=shown).first
    option.wait_for(timeout=5000)
    option.click()


def shown(page, selector: str) -> None:
    """Wait until the image ``selector`` finds is loaded and drawn."""
    page.wait_for_function("(s) => { const i = document.querySelector(s); return i && i.complete && i.naturalWidth > 0; }", arg=selector)


@pytest.mark.browser
def test_the_form_filled_through_autocomplete_gives_the_path(browser, base_url):
    watched = Watched(browser)
    page = watched.page
    page.goto(f"{base_url}/id/changsha-xingshen-intelligent-technology")
    page.click("a.connect")  # "how is this connected to…", started from the entity
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#param-from").input_value() == "id:changsha-xingshen-intelligent-technology"
    pick(page, "from", "Xingshen", "Changsha Xingshen Intelligent Technology")
    pick(page, "to", "湖南", "湖南省")  # by its Chinese label
    assert page.locator("#param-to").input_value() == "id:hunan", "the picked entity, named exactly"
    page.click(".connections-form button[type=submit]")
    page.wait_for_url("**/connections?from=id%3Achangsha-xingshen-intelligent-technology&to=id%3Ahunan**")
    hops = page.locator("li.hop")
    assert hops.count() == 2
    assert "Changsha Xingshen Intelligent Technology —located in→ Changsha" in " ".join(hops.first.locator("p.step").text_content().split())
    assert "000-hunan-ai-output-2021.ttl" in hops.first.locator("a.file").first.text_content()
    shown(page, "figure.path-diagram img")  # the diagram, drawn by the chart worker, shown under the page's own policy
    page.locator("li.hop").last.locator("p.step a[title]").last.click()
    page.wait_for_url("**/id/hunan")
    watched.check_stayed_home()


@pytest.mark.browser
def test_a_hostile_label_on_a_path_is_text_and_the_network_page_shows_its_picture(browser, hostile_url):
    watched = Watched(browser)
    page = watched.page
    page.goto(f"{hostile_url}/connections?from={compact(HOSTILE_ENTITY)}&to=id%3Ahunan")
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("li.hop").first.locator("p.step bdi").first.text_content() == HOSTILE_LABEL
    assert page.evaluate("window.__xss === undefined")
    page.goto(f"{hostile_url}/network")
    picture = page.locator("figure.network-picture img")
    picture.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('figure.network-picture img'); return i.complete && i.naturalWidth > 0; }"
    )
    assert page.locator("table.report tbody tr").count() > 20
    watched.check_stayed_home()
