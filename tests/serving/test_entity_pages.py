"""Entity pages on the real graph: what ``aizones explain`` says, as a page, read back with an HTML parser."""

from __future__ import annotations

import lxml.html
import pytest

from aizones.core.labels import Labeller
from aizones.querying.explain import explain
from tests.support.server import request


def page(base_url: str, path: str):
    status, headers, body = request(base_url + path)
    assert status == 200, body[:500]
    assert headers["Content-Type"].startswith("text/html") and headers["Vary"] == "Accept"
    return lxml.html.fromstring(body)


def texts(tree, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]


def test_an_entity_with_several_sources_shows_each_document_with_its_publisher_date_and_address(served, base_url):
    tree = page(base_url, "/id/changsha")
    expected = explain(served.dataset, "id:changsha")
    groups = tree.xpath("//section[@class='source']")
    assert len(groups) == len(expected.sources) >= 3
    for group, source in zip(groups, expected.sources, strict=True):
        titles = texts(group, ".//div[@class='document']/a[@class='title']")
        assert titles == [d["label"] for d in source.documents]
        assert group.xpath(".//p[@class='file']/a/text()") == [source.file]
    atf = tree.xpath("//div[@class='document'][a[@class='title'][contains(., 'ATF on the Changsha')]]")[0]
    assert "2021-03-26" in atf.text_content() and "ATF (Asia Times Financial)" in atf.text_content()
    assert atf.xpath(".//a[@class='outside']/@href") == [
        "https://www.asiatimesfinancial.com/national-ai-innovation-zone-to-be-built-in-changsha"
    ]
    assert texts(tree, "//h1") == ["Changsha 长沙市"]


def test_a_conflict_of_the_real_graph_shows_both_claims_side_by_side_with_their_sources(base_url):
    tree = page(base_url, "/id/designation-most-changsha")
    (table,) = tree.xpath("//section[@class='conflicts']/table")
    assert texts(table, "caption") == ["designation date"]
    assert texts(table, ".//td[@class='disputed']") == ["2021-03-24", "2021-03-25"]
    heads = texts(table, ".//th")
    assert "graph/reference/most-zones.ttl" in heads[0] and "163.com report" in heads[0]
    assert "ATF on the Changsha national AI innovation pilot zone (2021)" in heads[1] and "001-atf-changsha-zone-2021.ttl" in heads[1]
    # and the zone's page says its designation date is disputed, each source's date beside the other
    zone = page(base_url, "/id/most-zone-changsha")
    (designation,) = zone.xpath("//section[@class='designation']")
    assert "disputed" in designation.text_content()
    assert texts(designation, ".//td") == ["2021-03-24 (day), confidence high", "2021-03-25 (day)"]


def test_inferred_kinds_and_facts_are_marked(served, base_url):
    tree = page(base_url, "/id/changsha")
    assert texts(tree, "//span[@class='kind inferred']/bdi") == explain(served.dataset, "id:changsha").inferred_kinds
    inferred = texts(tree, "//section[@class='inferred-facts']//tr[@class='inferred']")
    assert any("People's Republic of China" in row and row.endswith("inferred") for row in inferred)
    stated = texts(tree, "//section[@class='sources']//tr")
    assert not any("People's Republic of China" in row for row in stated)  # no source says it


def test_neighbours_are_linked_both_ways_and_drawn(served, base_url):
    tree = page(base_url, "/id/changsha")
    outgoing = tree.xpath("//ul[@class='links out']//a/@href")
    incoming = tree.xpath("//ul[@class='links in']//a/@href")
    assert "/id/hunan" in outgoing
    assert "/id/most-zone-changsha" in incoming and "/id/hunan-university" in incoming
    drawn = set(tree.xpath("//figure[@class='neighbourhood']//*[local-name()='a']/@href"))
    assert {"/id/changsha", "/id/hunan", "/id/most-zone-changsha"} <= drawn
    for href in sorted(set(outgoing + incoming) - {h for h in outgoing if h.startswith("/resource")})[:8]:
        assert request(base_url + href)[0] == 200, href


def test_figures_show_amount_unit_qualifier_period_and_their_document(base_url):
    tree = page(base_url, "/id/changsha")
    rows = [" | ".join(texts(row, "td")) for row in tree.xpath("//table[@class='figures']//tr[td]")]
    assert any(r.startswith("2020 | core AI industry output | 10 billion CNY | actual | ATF on the Changsha") for r in rows)
    assert any("more than 2,400" in r for r in rows)  # the qualifier
    assert tree.xpath("//table[@class='figures']//td/a[contains(@href, '/id/doc-001-atf-changsha-zone-2021')]")


def test_labels_are_isolated_and_no_page_has_inline_script_or_style(base_url):
    status, _headers, body = request(base_url + "/id/changsha")
    assert status == 200
    text = body.decode()
    assert "<script" not in text and "<style" not in text and " style=" not in text
    tree = lxml.html.fromstring(body)
    assert all(a.xpath("bdi") for a in tree.xpath("//ul[@class='links in']//a"))


@pytest.mark.parametrize("path", ["/id/no-such-entity-anywhere", "/id/changsah"])
def test_an_unknown_entity_is_a_404_with_the_closest_names(base_url, path):
    status, headers, body = request(base_url + path)
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    if path.endswith("changsah"):
        tree = lxml.html.fromstring(body)
        assert "/id/changsha" in tree.xpath("//ul[@class='suggestions']//a/@href")


def test_graph_and_resource_pages(served, base_url):
    labeller = Labeller(served.dataset)
    tree = page(base_url, "/graph/graph/sources/001-atf-changsha-zone-2021")
    assert texts(tree, "//div[@class='document']/a[@class='title']") == ["ATF on the Changsha national AI innovation pilot zone (2021)"]
    assert "/id/most-zone-changsha" in tree.xpath("//table[@class='entities']//a/@href")
    wikidata = page(base_url, "/resource?iri=http%3A%2F%2Fwww.wikidata.org%2Fentity%2FQ174091")
    assert "/id/changsha" in wikidata.xpath("//section[@class='in']//a/@href")
    term = page(base_url, "/resource?iri=https%3A%2F%2Fw3id.org%2Faizones%2Fontology%23PilotZone")
    assert texts(term, "//h1")[0].startswith(labeller.label("https://w3id.org/aizones/ontology#PilotZone"))
    assert request(base_url + "/resource?iri=urn%3Anothing")[0] == 404
    assert request(base_url + "/graph/graph/sources/none")[0] == 404
