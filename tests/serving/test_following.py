"""The server follows the rebuilds: a new release in ``dist/`` is served within seconds, whole, and a
broken or half-written one never is (``serving.following``).

A real server on 127.0.0.1 over a scratch copy of the project; the copy is rebuilt with the
library's build function while the server runs, as a user's ``aizones build`` would rebuild it.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
import urllib.parse

import pytest

from aizones.core.errors import InputError
from aizones.pipeline import build
from aizones.querying.portable_queries import build_writer
from aizones.serving.following import Following
from aizones.serving.server import release
from tests.support.release import built_copy
from tests.support.server import request, running

pytestmark = pytest.mark.slow  # two builds of the real graph, and one failing

REGIONS = "graph/reference/regions.ttl"
WIKIDATA = "http://www.wikidata.org/entity/"
OLD, NEW = WIKIDATA + "Q174091", WIKIDATA + "Q174099"  # Changsha's Wikidata item, as the copy is built, and as it is rebuilt
CODE = "SELECT ?code WHERE { <https://w3id.org/aizones/id/changsha> <https://w3id.org/aizones/ontology#wikidata> ?code }"


@pytest.fixture(scope="module")
def following(tmp_path_factory):
    root = built_copy(tmp_path_factory.mktemp("following"))
    said: list[str] = []
    app = Following(release(root, root / "dist"), say=said.append)
    with running(app) as url:
        yield root, url, app, said


def rebuild(root, old: str, new: str) -> None:
    path = root / REGIONS
    path.write_text(path.read_text(encoding="utf-8").replace(f"<{old}>", f"<{new}>", 1), encoding="utf-8")
    build(root, root / "dist", extra_outputs=[build_writer(root / "queries")])


def sparql(url: str, text: str = CODE, **headers):
    return request(
        f"{url}/sparql?{urllib.parse.urlencode({'query': text})}", headers={"Accept": "application/sparql-results+json", **headers}
    )


def shown(item: str) -> bytes:
    """How an entity page shows the item: its Q-number (``wd:Q174091``)."""
    return item.rsplit("/", 1)[1].encode()


def code_of(body: bytes) -> str:
    return json.loads(body)["results"]["bindings"][0]["code"]["value"]


def wait_for(condition, seconds: float = 30.0) -> float:
    """Seconds until ``condition()`` held; fails past ``seconds``."""
    begun = time.monotonic()
    while not condition():
        assert time.monotonic() - begun < seconds, "the server did not switch to the new release in time"
        time.sleep(0.1)
    return time.monotonic() - begun


def test_a_rebuild_is_served_whole_within_seconds_and_old_etags_are_not_304(following):
    root, url, app, said = following
    status, headers, body = sparql(url)
    assert status == 200 and code_of(body) == OLD
    old_tag = headers["ETag"]
    assert sparql(url, **{"If-None-Match": old_tag})[0] == 304
    assert shown(OLD) in request(url + "/id/changsha")[2]
    switches, seen, stop = app.switches, [], threading.Event()

    def client():  # asks for the code and the page while the rebuild runs and the server switches
        while not stop.is_set():
            status, _headers, body = sparql(url)
            page = request(url + "/id/changsha")
            seen.append((status, code_of(body) if status == 200 else body, page[0], page[2]))

    thread = threading.Thread(target=client)
    thread.start()
    try:
        rebuild(root, OLD, NEW)
        wait_for(lambda: app.switches > switches)  # within its bound; how soon is measured, not asserted
        time.sleep(1.0)  # a few more answers from the new release
    finally:
        stop.set()
        thread.join(30)
    assert any(line.startswith("now serving release ") for line in said), said

    status, headers, body = sparql(url)
    assert status == 200 and code_of(body) == NEW
    page = request(url + "/id/changsha")[2]
    assert shown(NEW) in page and shown(OLD) not in page
    listing = request(url + "/downloads")[2].decode()
    assert "aizones.nq" in listing
    dump = request(url + "/downloads/aizones.nq")
    stated = "<https://w3id.org/aizones/id/changsha> <https://w3id.org/aizones/ontology#wikidata> <{}>".format
    assert dump[0] == 200 and stated(NEW).encode() in dump[2] and stated(OLD).encode() not in dump[2]
    manifest = json.loads(request(url + "/downloads/manifest.json")[2])
    assert manifest == json.loads((root / "dist" / "manifest.json").read_bytes())

    again = sparql(url, **{"If-None-Match": old_tag})  # the old release's tag: the new answer, not 304
    assert again[0] == 200 and again[1]["ETag"] != old_tag and code_of(again[2]) == NEW

    # every answer the concurrent client got was whole: one release's code, its page with that code alone
    assert seen and all(status == 200 and page_status == 200 for status, _code, page_status, _page in seen), seen[:3]
    codes = [code for _status, code, _page_status, _page in seen]
    assert set(codes) == {OLD, NEW} and codes[-1] == NEW  # the client asked before and after the switch
    assert codes == sorted(codes, key=lambda c: c == NEW), "an old answer came after a new one"
    for _status, _code, _page_status, page in seen:  # one release's page: its code, never both
        assert (shown(OLD) in page) != (shown(NEW) in page)


def test_a_broken_rebuild_publishes_nothing_and_the_release_stays_served(following):
    root, url, app, said = following
    before, lines = sparql(url), len(said)
    switches = app.switches
    path = root / REGIONS
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nid:broken a aiz:PrefectureLevelCity ;;; rdfs:label \n", encoding="utf-8")
    try:
        with pytest.raises(InputError):
            build(root, root / "dist", extra_outputs=[build_writer(root / "queries")])
        time.sleep(2.5)  # two looks at dist/manifest.json
    finally:
        path.write_text(text, encoding="utf-8")
    assert app.switches == switches and len(said) == lines
    after = sparql(url)
    assert after[0] == 200 and after[2] == before[2] and after[1]["ETag"] == before[1]["ETag"]


def test_a_release_not_whole_is_never_switched_to_and_said_once(following, tmp_path):
    root, url, app, said = following
    before, switches = sparql(url), app.switches
    other = tmp_path / "project"
    for folder in ("graph", "ontology", "queries"):
        shutil.copytree(root / folder, other / folder)
    path = other / REGIONS
    path.write_text(path.read_text(encoding="utf-8").replace("/Q1740", "/Q1741", 1), encoding="utf-8")
    build(other, other / "dist")
    with (other / "dist" / "aizones.nq").open("r+b") as handle:  # cut short, as a copy stopped half-way leaves it
        handle.truncate(1000)
    dist = root / "dist"
    dist.rename(root / "dist.kept")
    (other / "dist").rename(dist)
    try:
        time.sleep(3.5)  # three looks
        refusals = [line for line in said if "cannot be served" in line]
        assert len(refusals) == 1 and "aizones.nq" in refusals[0] and "still serving release" in refusals[0], said
        assert app.switches == switches
        after = sparql(url)
        assert after[0] == 200 and after[2] == before[2]
    finally:
        shutil.rmtree(dist)
        (root / "dist.kept").rename(dist)
