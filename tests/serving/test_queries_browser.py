"""The saved-query pages and the editor in a real browser (Debian's Chromium, driven by Playwright)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from aizones.core.labels import Labeller
from aizones.core.sparql import execute, solution_rows
from aizones.querying import saved
from aizones.serving.saved_pages import INPUTS
from tests.support.browser import chromium
from tests.support.server import request

WATCH = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


class Watched:
    """A page with every request, failed response, console error and policy violation recorded."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1300, "height": 900})
        self.page = self.context.new_page()
        self.requests, self.errors = [], []
        self.page.on("request", lambda sent: self.requests.append(sent.url))
        self.page.on("response", lambda answer: self.errors.append(f"{answer.status} {answer.url}") if answer.status >= 400 else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.add_init_script(WATCH)

    def check_stayed_home(self) -> None:
        away = [url for url in self.requests if urlsplit(url).hostname != "127.0.0.1" and not url.startswith("data:")]
        assert away == [], "no request may leave 127.0.0.1"
        assert self.page.evaluate("window.__violations") == []
        assert self.errors == []
        self.context.close()


@pytest.mark.browser
def test_a_saved_query_form_filled_with_autocomplete_and_run(browser, base_url, served):
    watched = Watched(browser)
    page = watched.page
    page.goto(f"{base_url}/queries/zones-in-province")
    page.wait_for_selector("body[data-ready=true]")
    field = page.locator("#param-province")
    assert field.get_attribute("type") == "search" and field.get_attribute("data-search") == "region"
    field.fill("")
    field.press_sequentially("湖南", delay=30)  # by its Chinese label
    option = page.locator("#options-province button").first
    option.wait_for(timeout=5000)
    assert "Hunan" in option.text_content() and "湖南省" in option.text_content()
    option.click()
    assert field.input_value() == "id:hunan", "the picked entity, named exactly"
    page.click(".query-form button[type=submit]")
    page.wait_for_url("**/queries/zones-in-province?province=id%3Ahunan")
    query = saved.find(served.queries, "zones-in-province")
    names, rows = solution_rows(saved.run(served.dataset, query, {"province": "id:hunan"}))
    cells = page.locator("table.answer tbody tr")
    assert cells.count() == len(rows) > 0
    labeller = Labeller(served.dataset)
    first = names.index("zone")
    link = page.locator("table.answer tbody tr").first.locator("td").nth(first).locator("a")
    assert link.text_content() == labeller.label(rows[0][first].value)
    assert link.get_attribute("href").startswith("/id/")
    page.goto(f"{base_url}/queries/figures-over-time?subject=Jinan")  # a series: the chart is drawn and loaded
    page.wait_for_selector("body[data-ready=true]")
    chart = page.locator("figure.chart img").first
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('figure.chart img'); return i && i.complete && i.naturalWidth > 0; }", timeout=180_000
    )  # the first chart starts the chart worker
    watched.check_stayed_home()


@pytest.mark.browser
def test_a_hostile_value_typed_into_a_form_is_shown_as_text(browser, base_url):
    watched = Watched(browser)
    page = watched.page
    page.goto(f"{base_url}/queries/figures-over-time")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#param-subject", "<img src=x onerror=window.__xss=1>")
    page.click(".query-form button[type=submit]")
    page.wait_for_selector("p.error")
    assert page.locator("p.error").text_content().startswith("no entity called '<img src=x onerror=window.__xss=1>'")
    assert page.evaluate("window.__xss === undefined && document.querySelectorAll('main img').length === 0")
    watched.errors.remove(f"400 {page.url}")  # the page itself: a bad value is a 400, as it should be
    watched.errors[:] = [e for e in watched.errors if "400 (Bad Request)" not in e]  # and the console's note of it
    watched.check_stayed_home()


def _has_endpoint(base_url: str) -> bool:
    status, _headers, body = request(base_url + "/sparql?query=" + "ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
    return status == 200 and json.loads(body).get("boolean") is True  # ASK {} holds: the empty pattern matches


@pytest.mark.browser
def test_a_query_typed_into_the_editor_runs_against_sparql(browser, base_url, served):
    if not _has_endpoint(base_url):
        pytest.skip("the server has no /sparql yet (serve-core's endpoint)")
    watched = Watched(browser)
    page = watched.page
    page.goto(f"{base_url}/editor#figures-over-time")  # a saved query's ready tab, as its page links to it
    page.wait_for_selector("body[data-ready=true]", timeout=15000)
    assert int(page.evaluate("document.body.dataset.tabs")) == len(saved.catalogue(served.queries)) + 1
    editor = page.locator(".yasqe .CodeMirror:visible").first
    assert "VALUES (?subject) { (<https://w3id.org/aizones/id/jinan>) }" in editor.text_content(), "its default bound"
    page.locator(".tab", has_text="Pilot zones per province").first.click()
    assert "?province" in page.locator(".yasqe .CodeMirror:visible").first.text_content()
    page.locator(".tab", has_text="New query").first.click()
    editor = page.locator(".yasqe .CodeMirror:visible").first
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type(
        "PREFIX aiz: <https://w3id.org/aizones/ontology#>\nSELECT ?zone WHERE { ?zone a aiz:PilotZone } ORDER BY ?zone\n", delay=2
    )
    page.keyboard.press("Control+Enter")
    results = page.locator(".yasr:visible")
    results.locator("table tbody tr").first.wait_for(timeout=15000)
    zones = solution_rows(execute(served.dataset, "SELECT ?z WHERE { ?z a <https://w3id.org/aizones/ontology#PilotZone> }"))[1]
    shown = results.locator("table tbody tr").count()
    assert shown == min(len(zones), 50) and len(zones) > 20, "one row per zone, a page of 50 at most"
    assert "miit-zone-beijing" in results.text_content()
    assert any(urlsplit(url).path == "/sparql" for url in watched.requests)
    watched.check_stayed_home()


@pytest.mark.browser
def test_the_typed_inputs_patterns_are_valid_in_the_browser(browser, base_url):
    """Chromium compiles an input's pattern with the ``v`` flag and ignores one that does not compile."""
    page = browser.new_page()
    page.goto(base_url + "/queries")
    for kind, spec in INPUTS.items():
        if spec["pattern"]:
            takes = page.evaluate(
                """([pattern, values]) => values.map(v => { const i = document.createElement('input');
                   i.pattern = pattern; i.value = v; return !i.validity.patternMismatch; })""",
                [spec["pattern"], ["2021", "20x1", "-12", "3.5"]],
            )
            compiled = page.evaluate("(p) => { try { new RegExp(p, 'v'); return true; } catch (e) { return false; } }", spec["pattern"])
            assert compiled, kind
            assert takes == [re.fullmatch(spec["pattern"], v) is not None for v in ["2021", "20x1", "-12", "3.5"]], kind
    page.close()
