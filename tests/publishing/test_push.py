"""``aizones push`` and ``query --endpoint`` against a real Oxigraph server on 127.0.0.1: every saved
query gives the local rows, a second push changes nothing, a push stopped midway is completed by
the next, and a failing, refusing or silent store is one line and exit 6."""

from __future__ import annotations

import http.server
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from aizones.api import push, query_endpoint
from aizones.core.errors import EXIT_REMOTE, RemoteError
from aizones.core.remote import Client
from aizones.publishing import push as pushing
from aizones.publishing.reopen import load_built
from aizones.querying import saved
from tests.support.cli import run_cli
from tests.support.paths import REPO
from tests.support.release import built_copy

OXIGRAPH = Path(REPO / ".venv" / "bin" / "oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``oxigraph serve`` on a scratch database; ``stop`` and ``start`` again on the same data."""

    def __init__(self, location: Path) -> None:
        self.location, self.port, self.process = location, free_port(), None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def start(self) -> Server:
        self.process = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("oxigraph serve did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return built_copy(tmp_path_factory.mktemp("push"))


@pytest.fixture
def server(tmp_path):
    running = Server(tmp_path / "oxigraph").start()
    yield running
    running.stop()


def total(endpoint: str) -> tuple[int, int]:
    """(quads in named graphs, triples in the default graph) of the store."""
    named = query_endpoint(None, endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    default = query_endpoint(None, endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(next(iter(named))["n"].value), int(next(iter(default))["n"].value)


def test_every_saved_query_gives_the_local_rows_and_a_second_push_changes_nothing(project, server):
    parts = push(project / "dist", server.endpoint)
    first = total(server.endpoint)
    assert first == (sum(len(p.lines) for p in parts if p.graph), len(parts[-1].lines))
    dataset = load_built(project, project / "dist")
    answered = 0
    for query in saved.catalogue(project / "queries"):
        local = {tuple(map(str, row)) for row in saved.run(dataset, query, {})}
        remote = {tuple(map(str, row)) for row in query_endpoint(dataset, server.endpoint, query)}
        assert remote == local, query.name
        answered += bool(local)
    assert answered > 10  # most saved queries have rows: the comparison is not of empty answers
    push(project / "dist", server.endpoint)
    assert total(server.endpoint) == first


def test_a_push_stopped_midway_is_completed_by_the_next(project, server):
    def stop_after_three(line: str) -> None:
        if line.startswith("[3/"):
            server.stop()

    quick = Client((server.endpoint, server.endpoint.replace("/query", "/store")), attempts=2, backoff=0.1)
    with pytest.raises(RemoteError, match=r"after 3 of \d+ graphs replaced; run aizones push again"):
        pushing.push(project / "dist", server.endpoint, step=stop_after_three, client=quick)
    server.start()
    parts = push(project / "dist", server.endpoint)
    assert total(server.endpoint) == (sum(len(p.lines) for p in parts if p.graph), len(parts[-1].lines))


class _Answering(http.server.BaseHTTPRequestHandler):
    code = 500

    def _answer(self) -> None:
        self.send_response(self.code)
        self.end_headers()
        self.wfile.write(b"Internal Server Error: the disk is full")

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *_args) -> None:
        pass


@pytest.mark.parametrize(("code", "said"), [(500, "answered HTTP 500"), (401, "refused the credentials")])
def test_a_failing_or_refusing_store_is_one_line_and_exit_6(project, code, said, monkeypatch):
    handler = type("Handler", (_Answering,), {"code": code})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    monkeypatch.setenv("AIZONES_STORE_USER", "someone")
    monkeypatch.setenv("AIZONES_STORE_PASSWORD", "s3cret-word")
    try:
        done = run_cli("push", "--endpoint", f"http://127.0.0.1:{httpd.server_port}/query", "-q", cwd=project)
    finally:
        httpd.shutdown()
    assert done.code == EXIT_REMOTE
    assert said in done.err and len(done.err.strip().splitlines()) == 1, done.err
    assert "s3cret-word" not in done.err + done.out


def test_a_store_that_does_not_answer_is_one_line_and_exit_6(project):
    endpoint = f"http://127.0.0.1:{free_port()}/query"
    for args in (("push", "--endpoint", endpoint, "-q"), ("query", "pilot-zones", "--endpoint", endpoint)):
        done = run_cli(*args, cwd=project)
        assert done.code == EXIT_REMOTE and "no answer from the store" in done.err, done.err
        assert len(done.err.strip().splitlines()) == 1


def test_a_dry_run_sends_nothing_and_another_host_is_refused(project, server):
    done = run_cli("push", "--endpoint", server.endpoint, "--dry-run", cwd=project)
    assert done.code == 0 and "would PUT" in done.err
    assert total(server.endpoint) == (0, 0)
    with pytest.raises(RemoteError, match="not the store given"):
        Client((server.endpoint,)).request("GET", "http://127.0.0.2:9/elsewhere")


def test_an_atomic_push_shows_readers_the_old_release_or_the_new_never_a_mix(project, server, tmp_path):
    import shutil as files

    changed = tmp_path / "changed"
    for folder in ("graph", "ontology", "queries"):
        files.copytree(project / folder, changed / folder)
    first = changed / "graph" / "sources" / "000-hunan-ai-output-2021.ttl"  # among the first graphs pushed
    first.write_text(first.read_text() + '\n<https://w3id.org/aizones/id/changsha> rdfs:comment "a city of Hunan" .\n')
    from aizones.pipeline import build

    build(changed, changed / "dist")
    push(project / "dist", server.endpoint)

    def seen() -> tuple[int, int]:  # one query, so one snapshot of the store: both counts at one moment
        both = (
            "SELECT ?files ?merged WHERE { { SELECT (COUNT(*) AS ?files) WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/aizones/graph/graph/')) } } "
            "{ SELECT (COUNT(*) AS ?merged) WHERE { ?s ?p ?o } } }"
        )
        row = next(iter(query_endpoint(None, server.endpoint, both)))
        return int(row["files"].value), int(row["merged"].value)

    before = seen()
    observed, stop = set(), threading.Event()

    def reader() -> None:
        while not stop.is_set():
            observed.add(seen())

    watching = threading.Thread(target=reader)
    watching.start()
    try:
        said = []
        push(changed / "dist", server.endpoint, atomic=True, step=said.append)
    finally:
        stop.set()
        watching.join()
    after = seen()
    assert after != before and any("in one update" in line for line in said)
    assert observed <= {before, after}, observed - {before, after}
    assert total(server.endpoint)[1] == after[1]
    staging = query_endpoint(None, server.endpoint, "ASK { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), 'push-staging')) }")
    assert staging is False or not bool(staging), "no staging graph is left behind"
