"""Pages past the time limit: a saved-query page and the pages of the graph's IRIs whose work takes
longer than ``--timeout`` are answered 503 with a page saying why and what to do, at once, and the
server goes on answering.

Slow on purpose through the data, never through a sleep in the server: a synthetic graph of 100k
triples, where a saved query counting every pair of statements runs for hours, the country's
entity page (every province, city and company points at it) takes about 0.17 s the first time (its
7,000 neighbours' labels read; less once they were read) and a source file's page (a third of the
graph) over a second, against a limit of 0.07 s. A company's page and a small query take a few
milliseconds.
"""

from __future__ import annotations

import time

import pytest

from aizones.pipeline import build
from aizones.serving.app import create_app
from aizones.serving.context import Limits
from aizones.serving.server import release
from tests.support.projects import synthetic_project
from tests.support.server import request, running

pytestmark = pytest.mark.slow  # a build of 100k triples, about 30 s

LIMIT = 0.07  # seconds, the server's --timeout here
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
SLOW_QUERY = """# title: Every pair of statements
# description: Counts the pairs of any two statements of the graph: a cross product, slow on purpose
#   (the time-limit tests of the pages).
SELECT (COUNT(*) AS ?pairs) WHERE { ?a ?p ?b . ?c ?q ?d }
"""


@pytest.fixture(scope="module")
def tight(tmp_path_factory):
    root = synthetic_project(tmp_path_factory.mktemp("timeouts"), triples=100_000, seed=1)
    (root / "queries" / "every-pair.rq").write_text(SLOW_QUERY, encoding="utf-8")
    build(root, root / "dist")
    served = release(root, root / "dist")
    served.limits = Limits(timeout=LIMIT, concurrency=2)
    with running(create_app(served)) as url:
        # the first entity page reads the ontology's classes once (StoreLinks), longer than the limit
        # here: read before the tests, so that a light page is light
        deadline = time.monotonic() + 30
        while request(url + "/id/synth-p003-company-00001")[0] != 200:
            assert time.monotonic() < deadline, "no entity page was answered within the limit"
            time.sleep(0.5)
        yield url, served


def timed(url: str, headers=BROWSER):
    begun = time.monotonic()
    answer = request(url, headers=headers, timeout=30)
    return (*answer, time.monotonic() - begun)


def assert_unavailable_page(answer, what: bytes) -> None:
    status, headers, body, took = answer
    assert status == 503 and headers["Content-Type"].startswith("text/html"), (status, body[:300])
    assert took < LIMIT + 3, f"answered after {took:.1f} s"
    reasons = [line for line in body.decode().splitlines() if 'class="error"' in line]
    assert len(reasons) == 1 and what in reasons[0].encode() and "--timeout" in reasons[0], reasons


def test_a_saved_query_page_past_the_limit_is_a_503_page_and_its_worker_is_replaced(tight):
    url, served = tight
    assert timed(f"{url}/queries/every-pair")[0] == 503  # the first one starts the pool too
    full(served.runner.pool)  # its worker replaced
    started = served.runner.pool.started
    answer = timed(f"{url}/queries/every-pair")
    assert_unavailable_page(answer, f"stopped after {LIMIT:g} s".encode())
    assert b"narrow it" in answer[2]  # what to do
    status, _headers, body, _took = timed(f"{url}/sparql?query=ASK%7B%7D", {"Accept": "application/sparql-results+json"})
    assert status == 200 and b"true" in body  # the next request is answered
    full(served.runner.pool)
    assert served.runner.pool.started == started + 1  # the stopped worker was killed and replaced


def full(pool, seconds: float = 20.0) -> None:
    """Wait until every worker of the pool is up again (a replacement takes about half a second)."""
    deadline = time.monotonic() + seconds
    while pool._starting or len(pool._all) < pool.size:
        assert time.monotonic() < deadline, "the stopped worker was not replaced"
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("page", "light"),
    [("/id/synth-country", "/id/synth-p001-company-00551"), ("/graph/graph/synth/province-001", "/id/synth-p002-company-00328")],
)
def test_an_iri_page_past_the_limit_is_a_503_page_and_the_next_page_is_served(tight, page, light):
    url, _served = tight
    assert_unavailable_page(timed(url + page), f"took more than {LIMIT:g} s".encode())
    time.sleep(1.5)  # the abandoned page's thread finishes meanwhile (a thread cannot be stopped: docs/serving.md)
    status, headers, body, _took = timed(url + light)
    assert status == 200 and headers["Content-Type"].startswith("text/html"), body[:300]


def test_a_client_that_does_not_ask_for_html_gets_the_one_line_as_text(tight):
    url, _served = tight
    status, headers, body, took = timed(url + "/graph/graph/synth/province-002", {})  # as curl asks
    assert status == 503 and headers["Content-Type"].startswith("text/plain") and body.count(b"\n") == 1, body[:300]
    assert b"--timeout" in body and took < LIMIT + 3
