"""Search by name: the page of hits and ``/search.json`` for the forms, against the real graph."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from aizones.querying.saved import ENTITY_TYPES
from aizones.serving import label_search
from tests.support.server import request


def hits(base_url: str, query: str, kind: str | None = None, limit: int | None = None) -> list[dict]:
    url = f"{base_url}/search.json?q={quote(query)}" + (f"&kind={kind}" if kind else "") + (f"&limit={limit}" if limit else "")
    status, headers, body = request(url)
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    return json.loads(body)


def test_search_json_gives_each_hit_with_its_labels_kind_and_page(base_url):
    first = hits(base_url, "Changsha")[0]
    assert first == {
        "iri": "https://w3id.org/aizones/id/changsha",
        "label": "Changsha",
        "label_zh": "长沙市",
        "kind": "https://w3id.org/aizones/ontology#PrefectureLevelCity",
        "kind_label": "prefecture-level city",
        "page": "/id/changsha",
    }


def test_a_chinese_name_finds_the_entity_without_its_generic_word(base_url):
    assert hits(base_url, "长沙")[0]["iri"] == "https://w3id.org/aizones/id/changsha"
    assert hits(base_url, "长沙市")[0]["iri"] == "https://w3id.org/aizones/id/changsha"


def test_an_abbreviation_finds_the_ministry_first_and_the_zones_it_ends_after(base_url):
    found = hits(base_url, "MIIT")
    assert found[0]["iri"] == "https://w3id.org/aizones/id/miit"  # skos:altLabel "MIIT", the whole name
    assert any(h["label"].endswith("(MIIT)") for h in found[1:])
    assert hits(base_url, "PRC")[0]["label"] == "People's Republic of China"


def test_the_kind_filter_keeps_only_entities_of_that_parameter_type(base_url):
    zones = hits(base_url, "Changsha", kind="zone")
    assert {h["iri"] for h in zones} == {"https://w3id.org/aizones/id/most-zone-changsha", "https://w3id.org/aizones/id/miit-zone-changsha"}
    regions = hits(base_url, "Changsha", kind="region")
    assert regions[0]["iri"] == "https://w3id.org/aizones/id/changsha"
    assert len(regions) < len(hits(base_url, "Changsha")) and not {h["iri"] for h in zones} & {h["iri"] for h in regions}


def test_exact_names_come_before_longer_ones(base_url):
    found = [h["label"] for h in hits(base_url, "hubei")]
    assert found[0] == "Hubei Province"
    assert len(found) > 2


def test_limits_unknown_kinds_and_blank_queries(base_url):
    assert len(hits(base_url, "a", limit=3)) == 3
    assert hits(base_url, "   ") == []
    assert hits(base_url, "no such name anywhere xyzzy") == []
    status, _headers, body = request(f"{base_url}/search.json?q=x&kind=planet")
    assert status == 400 and "region" in json.loads(body)["error"]


def test_the_search_page_links_each_hit_with_its_kind(base_url):
    status, _headers, body = request(f"{base_url}/search?q={quote('长沙')}")
    page = body.decode()
    assert status == 200
    assert '<a href="/id/changsha"><bdi>Changsha</bdi></a>' in page
    assert "prefecture-level city" in page


def test_a_hostile_query_is_shown_as_text(base_url):
    status, _headers, body = request(f"{base_url}/search?q={quote('<img src=x onerror=alert(1)>')}")
    assert status == 200
    assert b"<img src=x" not in body and b"&lt;img src=x onerror=alert(1)&gt;" in body


@pytest.mark.parametrize("text", ["chang", "长沙", "pilot zone", "hu", "ai pilot", "miit", "university"])
def test_a_search_of_one_kind_keeps_the_order_of_the_whole_search(served, text):
    names = label_search.read(served.dataset)
    for kind, classes in ENTITY_TYPES.items():
        whole = [
            h
            for h in names.find(text, limit=label_search.MAX_LIMIT)
            if not classes or set(classes) & names.classes[names.entities.index(h)]
        ]
        assert names.find(text, kind=kind, limit=10) == whole[:10], kind
