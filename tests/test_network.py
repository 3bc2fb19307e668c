"""Nothing reaches the network: a listener on 127.0.0.1 counts every connection attempt."""

from __future__ import annotations

import json
import socket
import threading

import pytest

from aizones.errors import PolicyError
from aizones.network import offline
from conftest import run_cli


class Listener:
    """A TCP server on 127.0.0.1 that accepts and counts connections, answering nothing useful."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.server.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def test_the_listener_does_count_connections(listener):
    # proves the fixture can see a connection, so a zero below means something
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    threading.Event().wait(0.5)
    assert listener.connections == 1


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <{url}/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <{url}/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_queries_naming_the_listener_never_connect(mini, listener, query):
    result = run_cli("query", "-e", query.replace("{url}", listener.url), cwd=mini)
    assert result.code == 3
    assert listener.connections == 0


def test_remote_jsonld_context_is_not_fetched(mini, listener):
    document = {"@context": f"{listener.url}/context.jsonld", "@id": "http://example.org/x", "name": "x"}
    (mini / "graph" / "remote.jsonld").write_text(json.dumps(document))
    result = run_cli("build", "-q", cwd=mini)
    assert result.code == 2 and "graph/remote.jsonld" in result.err
    assert listener.connections == 0


def test_owl_imports_are_not_followed_by_any_step(mini, listener):
    (mini / "ontology" / "imports.ttl").write_text(
        f"<http://example.org/mini> <http://www.w3.org/2002/07/owl#imports> <{listener.url}/other.ttl> .\n"
    )
    result = run_cli("build", "-q", cwd=mini)
    assert result.code == 0, result.err
    assert run_cli("build", "-q", "--reasoner", "owlrl", cwd=mini).code == 0
    assert listener.connections == 0


def test_shacl_sparql_constraints_cannot_reach_outside(mini, listener):
    (mini / "ontology" / "shapes-remote.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<http://example.org/mini#RemoteShape> a sh:NodeShape ; sh:targetClass <http://example.org/mini#City> ;\n"
        f'  sh:sparql [ sh:select "SELECT $this WHERE {{ SERVICE <{listener.url}/sparql> {{ $this ?p ?o }} }}" ] .\n'
    )
    result = run_cli("validate", cwd=mini)
    assert result.code == 3 and "SERVICE is refused" in result.err
    assert listener.connections == 0


def test_python_level_connections_are_refused_while_offline(listener):
    with offline(), pytest.raises(PolicyError):
        socket.create_connection(("127.0.0.1", listener.port), timeout=2)
    assert listener.connections == 0
