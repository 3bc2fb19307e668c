"""``/network`` on a real server: the build's ``dist/network/`` report as a page, its numbers the CSV files' numbers."""

from __future__ import annotations

import csv
import io
import json

import lxml.html
import pytest

from aizones.connections.report import PLURAL, TOP
from aizones.serving.network_page import blocks_of, report_view
from tests.support.server import request


@pytest.fixture(scope="module")
def tree(base_url):
    status, headers, body = request(base_url + "/network")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    return lxml.html.fromstring(body)


def csv_rows(served, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((served.out / "network" / name).read_text(encoding="utf-8"))))


def cells(row) -> list[str]:
    return [" ".join(c.text_content().split()) for c in row.xpath("./td")]


def table_after(tree, heading: str):
    (table,) = tree.xpath(f"//h2[normalize-space(.)='{heading}']/following-sibling::div[1]/table")
    return table


def test_the_variants_are_the_rows_of_variants_csv(served, tree):
    table = table_after(tree, "The numbers, and how they change with what is kept")
    head = [" ".join(th.text_content().split()) for th in table.xpath(".//th")]
    rows = csv_rows(served, "variants.csv")
    assert head == list(rows[0])
    assert [cells(r) for r in table.xpath("./tbody/tr")] == [list(r.values()) for r in rows]
    assert {r["variant"] for r in rows} >= {"all", "source:sources", "programme:most-pilot-zone-programme"}


def test_the_bridges_of_each_family_have_the_numbers_of_entities_csv(served, tree):
    by_name = {r["explain_name"]: r for r in csv_rows(served, "entities.csv")}
    variants = [r["variant"] for r in csv_rows(served, "variants.csv")]
    listed = 0
    for family, plural in PLURAL.items():
        table = table_after(tree, f"The {plural} that bridge most")
        rows = table.xpath("./tbody/tr")
        kept = [r for r in by_name.values() if r["family"] == family and r["degree[all]"]]
        assert len(rows) == min(TOP, len(kept))
        ranked = sorted(kept, key=lambda r: (-float(r["betweenness[all]"]), -int(r["degree[all]"]), r["iri"]))
        assert [cells(r)[1] for r in rows] == [r["explain_name"] for r in ranked[: len(rows)]]
        for row in rows:
            label, name, degree, betweenness, community, *elsewhere = cells(row)
            expected = by_name[name]
            assert (label, degree, betweenness, community) == (
                expected["label"], expected["degree[all]"], expected["betweenness[all]"], expected["community[all]"]
            )  # fmt: skip
            assert elsewhere == [expected[f"betweenness[{v}]"] or "–" for v in variants if v != "all"]
            page = "/id/" + name.removeprefix("id:")
            assert row.xpath("./td[1]/a/@href") == [page] and row.xpath("./td[2]/a/@href") == [page]
            listed += 1
    assert listed > 20


def test_every_link_resolves_and_the_files_are_the_builds(served, base_url, tree):
    links = sorted({h for h in tree.xpath("//a/@href | //img/@src") if h.startswith("/")})
    assert sum(link.startswith("/id/") for link in links) > 40
    for link in links:
        status, _headers, body = request(base_url + link)
        assert status == 200, link
        if link.startswith("/downloads/network/"):
            assert body == (served.out / link.removeprefix("/downloads/")).read_bytes()
    assert tree.xpath("//figure[@class='network-picture']/img/@src") == ["/downloads/network/bridges.svg"]
    assert sorted(tree.xpath("//a[@download]/@href")) == sorted(
        f"/downloads/network/{n}" for n in ("bridges.svg", "entities.csv", "network.md", "variants.csv")
    )
    communities = tree.xpath("//h2[normalize-space(.)='Communities']/following-sibling::ul[1]/li")
    assert len(communities) == 10 and all(li.xpath(".//a[starts-with(@href, '/id/')]") for li in communities)
    components = csv_rows(served, "variants.csv")[0]["components"]
    assert any(p.text_content().startswith(f"{components} components;") for p in tree.xpath("//p"))


def test_a_build_without_the_report_shows_its_note(tmp_path):
    note = "# The network\n\nThis build's store holds more than 100,000 quads, so the build leaves the network report out.\n"
    (tmp_path / "network").mkdir()
    (tmp_path / "network" / "network.md").write_text(note, encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"files": {"network/network.md": {"bytes": len(note)}}}), encoding="utf-8")
    view = report_view(tmp_path)
    assert list(view["files"]) == ["network.md"] and [r["text"] for r in view["title"]] == ["The network"]
    (paragraph,) = view["blocks"]
    assert paragraph["kind"] == "p" and "leaves the network report out" in paragraph["runs"][0]["text"]


def test_a_report_made_for_a_server_links_to_this_servers_pages():
    (row,) = [
        b
        for b in blocks_of("| entity | explain name |\n|---|---|\n| [A \\[x\\]](http://h:1/id/a-b) | `id:a-b` |\n")
        if b["kind"] == "table"
    ]
    (label, name) = row["rows"][0]
    assert (label[0]["text"], label[0]["page"]) == ("A [x]", "/id/a-b") and name[0]["page"] == "/id/a-b"
    (outside,) = blocks_of("see [the docs](javascript:alert.1)")[0]["runs"][1:]
    assert outside["href"] == "javascript:alert.1" and outside["page"] is None  # the template's safe_href makes it no link
