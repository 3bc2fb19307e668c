"""The home page and the release's files: what the graph holds, the zones, the pictures, and downloads that stay inside ``dist/``."""

from __future__ import annotations

import hashlib
import json

import lxml.html
import pytest
from starlette.applications import Starlette

from aizones.serving import downloads
from aizones.serving.context import Served
from tests.support.server import request, running


def test_the_home_page_counts_kinds_and_lists_the_zones_by_programme(served, base_url):
    status, _headers, body = request(base_url + "/")
    assert status == 200
    tree = lxml.html.fromstring(body)
    programmes = tree.xpath("//section[@class='programme']")
    assert [p.xpath("h3/a/@href")[0] for p in programmes] == ["/id/miit-pilot-zone-programme", "/id/most-pilot-zone-programme"]
    zones = {p.xpath("h3/a/@href")[0]: p.xpath(".//ol/li/a/@href") for p in programmes}
    assert "/id/most-zone-changsha" in zones["/id/most-pilot-zone-programme"]
    assert "/id/miit-zone-changsha" in zones["/id/miit-pilot-zone-programme"]
    expected = {
        row["kind"].value: int(row["n"].value)
        for row in served.dataset.store.query(
            "SELECT ?kind (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e <https://w3id.org/aizones/ontology#mostSpecificKind> ?kind } GROUP BY ?kind"
        )
    }
    counted = [int(n) for n in tree.xpath("//table[@class='kinds']//td[@class='number']/text()")]
    assert sorted(counted) == sorted(expected.values())


@pytest.mark.slow  # a whole build, pictures included
def test_the_home_page_of_a_whole_build_shows_its_pictures_and_links_the_graph_and_ontology_pages(hostile_url):
    _status, _headers, body = request(hostile_url + "/")
    tree = lxml.html.fromstring(body)
    links = tree.xpath("//nav[@class='ways']/a/@href")
    assert "/downloads/viz/graph.html" in links and "/downloads/ontology/index.html" in links
    images = tree.xpath("//div[@class='gallery']//img/@src")
    assert "/downloads/viz/zones-overview.svg" in images
    for src in images[:3]:
        status, headers, _body = request(hostile_url + src)
        assert status == 200 and headers["Content-Type"] == "image/svg+xml"


@pytest.mark.slow  # a whole build, pictures included
def test_the_graph_page_is_served_with_its_own_policy(hostile, hostile_url):
    status, headers, body = request(hostile_url + "/downloads/viz/graph.html")
    assert status == 200 and body == (hostile.out / "viz" / "graph.html").read_bytes()
    policy = headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'; script-src 'sha256-") and f'content="{policy}"'.encode() in body


@pytest.mark.slow  # a whole build, pictures included
def test_downloads_list_every_file_of_the_manifest_with_its_size_and_serve_it_unchanged(hostile, hostile_url):
    manifest = json.loads((hostile.out / "manifest.json").read_text())
    _status, _headers, body = request(hostile_url + "/downloads")
    tree = lxml.html.fromstring(body)
    listed = tree.xpath("//table[@class='downloads']//td[1]/a/text()")
    assert set(listed) == set(manifest["files"]) | {"manifest.json"}
    for name, media in [("aizones.ttl", "text/turtle"), ("aizones.nq", "application/n-quads"), ("viz/zones-overview.png", "image/png")]:
        status, headers, data = request(f"{hostile_url}/downloads/{name}")
        assert status == 200 and headers["Content-Type"].split(";")[0] == media
        assert hashlib.sha256(data).hexdigest() == manifest["files"][name]["sha256"]


@pytest.mark.parametrize(
    "path",
    [
        "/downloads/../pyproject.toml",
        "/downloads/%2e%2e/graph/reference/regions.ttl",
        "/downloads/..%2fgraph%2freference%2fregions.ttl",
        "/downloads//etc/passwd",
        "/downloads/%2fetc%2fpasswd",
        "/downloads/viz/../../graph/reference/regions.ttl",
        "/downloads/planted.txt",
    ],
)
def test_nothing_outside_the_release_can_be_downloaded(served, base_url, path):
    planted = served.out / "planted.txt"
    planted.write_text("not part of the release")  # dropped in after the build: not listed
    try:
        assert request(base_url + path)[0] == 404
    finally:
        planted.unlink()


def test_a_listed_file_that_leads_out_of_the_release_is_refused(served, tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (out / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (out / "manifest.json").write_text(json.dumps({"files": {"leak.txt": {"bytes": 6}, "../secret.txt": {"bytes": 6}}}))
    other = Served(root=served.root, out=out, dataset=served.dataset, queries=served.queries)
    with running(Starlette(routes=downloads.routes(other))) as url:  # the downloads alone: no release to query here
        assert request(url + "/downloads/leak.txt")[0] == 404
        assert request(url + "/downloads/../secret.txt")[0] == 404
        _status, _headers, body = request(url + "/downloads")
        assert b"secret" not in body
