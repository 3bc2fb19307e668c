"""The ontology page under the graph page's Content-Security-Policy, and its labels isolated, in Chromium and in its bytes."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from aizones.core import safehtml
from aizones.drawing.page import render_page
from aizones.drawing.projection import project
from aizones.ontodoc.page import ontology_page
from aizones.ontodoc.style import STYLE
from aizones.reading.loader import load_dataset
from tests.support.browser import READS_LEFT_TO_RIGHT, chromium
from tests.support.paths import DATA

RLO = "\u202e"
ONTOLOGY = f"""@prefix ex: <http://example.org/bidi#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ex:Thing a owl:Class ; rdfs:label "Thing{RLO} one"@en , "东{RLO}西"@zh ; skos:definition "A thing{RLO}."@en .
ex:Other a owl:Class ; rdfs:subClassOf ex:Thing ; rdfs:label "other thing"@en .
"""
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


@pytest.fixture
def bidi_page(tmp_path: Path) -> Path:
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "bidi.ttl").write_text(ONTOLOGY, encoding="utf-8")
    written = tmp_path / "index.html"
    written.write_bytes(ontology_page(load_dataset(tmp_path)))
    return written


def _directives(policy: str) -> dict[str, str]:
    return dict(d.split(" ", 1) for d in policy.split("; "))


def test_the_ontology_page_has_the_graph_pages_policy_with_its_own_style_hash(bidi_page):
    text = bidi_page.read_text(encoding="utf-8")
    ours = _directives(POLICY.search(text).group(1))
    graph_page = _directives(POLICY.search(render_page(project(load_dataset(DATA / "viz"))).decode()).group(1))
    assert ours.keys() == graph_page.keys()
    assert {k: v for k, v in ours.items() if k not in ("script-src", "style-src")} == {
        k: v for k, v in graph_page.items() if k not in ("script-src", "style-src")
    }
    style_hash = "'sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode() + "'"
    assert ours["script-src"] == "'none'" and ours["style-src"] == style_hash == safehtml.source_hash(STYLE)
    assert f"<style>{STYLE}</style>" in text and ' style="' not in text, "one stylesheet, no style attribute the policy would block"
    assert '<meta name="referrer" content="no-referrer">' in text


def test_labels_on_the_ontology_page_are_isolated(bidi_page):
    text = bidi_page.read_text(encoding="utf-8")
    assert f"<bdi>Thing{RLO} one</bdi>" in text and f'<bdi class="zh" lang="zh">东{RLO}西</bdi>' in text


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@pytest.mark.browser
def test_the_ontology_page_in_chromium_keeps_its_words_in_order_and_breaks_no_policy(browser, bidi_page):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.add_init_script(
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));"
    )
    page.goto(bidi_page.as_uri())
    page.wait_for_load_state("load")
    # the class's heading: English label, Chinese label, then the page's own prefixed name
    assert page.evaluate(READS_LEFT_TO_RIGHT, ["article h3", "ns1:Thing"]) is True
    assert page.evaluate("getComputedStyle(document.querySelector('main h2')).borderBottomStyle") == "solid", "the stylesheet applies"
    assert page.evaluate("window.__violations") == []
    context.close()
