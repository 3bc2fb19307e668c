"""``/connections`` on the real graph, on a real server: what ``aizones path`` answers, as a page read back with an HTML parser."""

from __future__ import annotations

from urllib.parse import urlencode

import lxml.html
import networkx as nx
import pytest

from aizones.connections.paths import find_paths
from aizones.core.names import compact
from aizones.core.namespaces import AIZ, ID
from aizones.drawing.projection import project
from aizones.serving.app import create_app
from aizones.serving.context import Limits, Served
from tests.connections.test_path_answers import ARTICLE_000, _companies_of_000_in_a_city
from tests.serving.hostile import HOSTILE_ENTITY, HOSTILE_LABEL, HOSTILE_URL
from tests.support.server import request, running


def asked(base_url: str, expected: int = 200, **params):
    status, headers, body = request(f"{base_url}/connections?" + urlencode(params), timeout=60)
    assert status == expected, body[:800]
    assert headers["Content-Type"].startswith("text/html")
    return lxml.html.fromstring(body), body


def words(element) -> str:
    return " ".join(element.text_content().split())


def hop_nodes(path) -> list[str]:
    """The entities of one path on the page, by the pages their links name."""
    hops = path.xpath(".//li[contains(@class, 'hop')]")
    nodes = [hops[0].xpath("./p[@class='step'][1]/a[@title]/@href")[0]]
    return nodes + [hop.xpath("./p[@class='step'][1]/a[@title]/@href")[-1] for hop in hops]


def page_of(iri: str) -> str:
    return "/id/" + iri.removeprefix(str(ID[""]))


def test_a_company_of_article_000_reaches_its_province_through_its_city_sourced_by_000(served, base_url):
    found = _companies_of_000_in_a_city(served.dataset)
    assert found
    for company, city, province in found[:3]:
        tree, _ = asked(base_url, **{"from": compact(company), "to": compact(province)})
        (path,) = tree.xpath("//section[@class='path']")
        assert hop_nodes(path) == [page_of(company), page_of(city), page_of(province)]
        first = path.xpath(".//li[contains(@class, 'hop')]")[0]
        assert "located in" in words(first.xpath("./p[@class='step']")[0]) and first.get("class") == "hop"
        assert ARTICLE_000 in first.xpath(".//ul[@class='sources']/li/a[@class='file']/text()")
        titles = [words(t) for t in first.xpath(".//div[@class='document']/a[@class='title']")]
        assert any("Hunan AI industry output 2021" in t for t in titles)
        # the card: publisher, date and address, as the document states them
        card = first.xpath(".//div[@class='document']")[0]
        assert "2022-01-21" in words(card) and card.xpath(".//a[@class='outside']/@href")
        # the same answer as the library's, hop for hop
        (expected,) = find_paths(served.dataset, company, province).paths
        assert len(path.xpath(".//li[contains(@class, 'hop')]")) == len(expected)
        assert tree.xpath("//figure[@class='path-diagram']/img/@src")[0].startswith("data:image/svg+xml;base64,")


def test_a_disputed_designation_date_is_flagged_on_its_hop(base_url):
    tree, _ = asked(base_url, **{"from": "id:most-zone-changsha", "to": "id:most"})
    hops = tree.xpath("//li[contains(@class, 'hop')]")
    assert hops[0].get("class").split() == ["hop", "hop-disputed"] and hops[1].get("class") == "hop"
    (dispute,) = hops[0].xpath("./div[@class='dispute']")
    text = words(dispute)
    assert text.startswith("DISPUTED: MOST designation of the Changsha pilot zone's designation date:")
    assert "2021-03-24 graph/reference/most-zones.ttl" in text and "2021-03-25 graph/sources/001-atf-changsha-zone-2021.ttl" in text
    assert dispute.xpath(".//a/@href")[0] == page_of(ID["designation-most-changsha"])
    settled, _ = asked(base_url, **{"from": "id:miit-zone-changsha", "to": "id:miit"})
    assert settled.xpath("//li[contains(@class, 'hop')]") and not settled.xpath("//div[@class='dispute']")


def test_no_path_between_components_says_so_in_one_line_with_the_ends_linked(served, base_url):
    network = nx.Graph(project(served.dataset).to_undirected())
    components = sorted(nx.connected_components(network), key=lambda c: (-len(c), min(c)))
    start, end = min(components[1]), min(components[0])
    expected = find_paths(served.dataset, start, end, max_length=12)
    assert expected.paths == []
    tree, _ = asked(base_url, **{"from": compact(start), "to": compact(end), "max-length": "12"})
    (line,) = tree.xpath("//p[@class='no-path']")
    assert words(line) == " ".join(expected.answer.split()) and "different connected components" in words(line)
    assert not tree.xpath("//section[@class='path']")
    links = tree.xpath("//p[@class='ends']/a/@href")
    assert links[:2] == [page_of(start), page_of(end)]
    assert links[2:] == [page_of(n["iri"]) for n in expected.nearest]


def test_too_short_a_length_names_the_nearest_of_the_ends_kind_each_linked(served, base_url):
    tree, _ = asked(base_url, **{"from": "id:changsha-xingshen-intelligent-technology", "to": "id:sichuan", "max-length": "1"})
    assert words(tree.xpath("//p[@class='no-path']")[0]).startswith("No path from Changsha Xingshen Intelligent Technology")
    assert tree.xpath("//p[@class='ends']/a/@href")[2:] == [page_of(ID["hunan"])]


def test_an_ambiguous_name_lists_its_candidates_each_a_link_to_the_question_asked_again(base_url):
    tree, _ = asked(base_url, 400, **{"from": "Changsha pilot zone", "to": "MIIT"})
    (section,) = tree.xpath("//section[@class='unresolved']")
    assert section.get("data-end") == "from" and "names 2 entities" in words(section)
    again = section.xpath(".//a[@class='again']/@href")
    assert [a.split("from=")[1].split("&")[0] for a in again] == ["id%3Amiit-zone-changsha", "id%3Amost-zone-changsha"]
    pages = section.xpath(".//a[not(@class)]/@href")
    assert pages == ["/id/miit-zone-changsha", "/id/most-zone-changsha"]
    for link in again + pages:
        assert request(base_url + link)[0] == 200, link
    tree, _ = asked(base_url, **{"from": "id:most-zone-changsha", "to": "MIIT"})
    assert tree.xpath("//section[@class='path']")


def test_an_unknown_name_offers_the_closest_names(base_url):
    tree, _ = asked(base_url, 400, **{"from": "SenseTime", "to": "Chengdux"})
    (section,) = tree.xpath("//section[@class='unresolved']")
    assert section.get("data-end") == "to" and "No entity is called “Chengdux”" in words(section)
    assert "/id/chengdu" in section.xpath(".//a/@href")


def test_a_bad_length_and_a_non_entity_are_the_commands_one_line_refusals(base_url):
    tree, _ = asked(base_url, 400, **{"from": "SenseTime", "to": "Chengdu", "max-length": "0"})
    assert "max-length must be a whole number from 1 to 12" in words(tree.xpath("//p[@class='error']")[0])
    tree, _ = asked(base_url, 400, **{"from": "id:doc-000-hunan-ai-output-2021", "to": "Hunan"})
    assert "source document" in words(tree.xpath("//p[@class='error']")[0])
    tree, _ = asked(base_url, 400, **{"from": "SenseTime", "to": "Chengdu", "via": "Nothing"})
    assert "--via 'Nothing' is not one class" in words(tree.xpath("//p[@class='error']")[0])
    tree, _ = asked(base_url)  # nothing asked: the form alone
    assert tree.xpath("//form[contains(@class, 'connections-form')]") and not tree.xpath("//p[@class='error']")


def test_hostile_input_is_shown_as_text(base_url):
    attack = '<script>window.__xss=1</script>"><img src=x onerror=alert(1)>'
    tree, body = asked(base_url, 400, **{"from": attack, "to": "Hunan"})
    assert b"<script>window.__xss" not in body and b"<img src=x" not in body
    assert tree.xpath("//input[@id='param-from']/@value") == [attack]
    assert not tree.xpath("//main//script") and not tree.xpath("//img[@onerror]")


def test_a_hostile_label_and_address_on_a_path_stay_text(hostile_url):
    tree, body = asked(hostile_url, **{"from": compact(HOSTILE_ENTITY), "to": "Hunan"})
    assert HOSTILE_LABEL.encode() not in body and not tree.xpath("//img[@onerror]")
    first = tree.xpath("//li[contains(@class, 'hop')]")[0]
    assert first.xpath("./p[@class='step']/a/bdi")[0].text == HOSTILE_LABEL
    assert HOSTILE_URL not in "".join(tree.xpath("//a/@href"))
    assert HOSTILE_URL in words(first)  # the address shown, as text


def test_a_path_search_past_the_time_limit_is_503_and_the_server_goes_on(served):
    tight = Served(root=served.root, out=served.out, dataset=served.dataset, queries=served.queries, limits=Limits(timeout=0.005))
    with running(create_app(tight)) as url:
        params = {"from": "id:changsha-xingshen-intelligent-technology", "to": "id:sichuan", "max-length": "12", "via": "University"}
        status, _headers, body = request(f"{url}/connections?" + urlencode(params), timeout=60)
        assert status == 503 and b"the path search was stopped after 0.005 s" in body, body[:300]
        assert request(f"{url}/connections")[0] == 200


@pytest.mark.parametrize("name", ["/", "/id/changsha"])
def test_the_home_and_entity_pages_link_here(base_url, name):
    tree = lxml.html.fromstring(request(base_url + name)[2])
    assert "/connections" in tree.xpath("//a/@href") and "/network" in tree.xpath("//a/@href")
    if name.startswith("/id/"):
        (link,) = tree.xpath("//a[@class='connect']/@href")
        assert link == "/connections?from=id%3Achangsha"
        form, _ = asked(base_url, **{"from": "id:changsha"})
        assert form.xpath("//input[@id='param-from']/@value") == ["id:changsha"]


def test_the_first_hops_relation_is_the_stated_one(served, base_url):
    tree, _ = asked(base_url, **{"from": "id:changsha-xingshen-intelligent-technology", "to": "Hunan"})
    relation = tree.xpath("//li[contains(@class, 'hop')][1]//span[@class='relation']/a/@href")[0]
    assert relation == "/resource?" + urlencode({"iri": AIZ.locatedIn})


def test_a_path_only_the_closure_makes_is_marked_inferred_with_no_sources(served, base_url):
    params = {"from": "id:changsha-xingshen-intelligent-technology", "to": "id:sichuan", "max-length": "2"}
    expected = find_paths(served.dataset, params["from"], params["to"], max_length=2)
    assert expected.inferred_used
    tree, _ = asked(base_url, **params)
    assert "no stated path is 2 steps or shorter" in words(tree.xpath("//p[@class='inferred-note']")[0])
    hops = tree.xpath("//li[contains(@class, 'hop')]")
    assert len(hops) == len(expected.paths[0])
    inferred = [hop for hop in hops if "hop-inferred" in hop.get("class").split()]
    assert inferred and all(hop.xpath(".//span[@class='mark inferred']") for hop in inferred)
    marked = [step for hop in expected.paths[0] for step in hop.steps if step.inferred]
    assert len(tree.xpath("//span[@class='mark inferred']")) == len(marked)
    for step in tree.xpath("//p[@class='step'][span[@class='mark inferred']]"):  # no file states it: no sources listed
        assert not step.xpath("following-sibling::*[1][self::ul]")
