"""``aizones push`` and ``query --endpoint`` against Virtuoso 7.2 (Debian's ``virtuoso-opensource``)
on a scratch database on 127.0.0.1: the same saved-query rows as locally, a second push changes
nothing, a push stopped by the server's death is completed by the next, and wrong credentials are
one line and exit 6.

Virtuoso differs from the standard in two ways these tests pin, so that a change shows here:
its default graph is the union of all its graphs (so the push sends no merge, and a triple stated
by several files counts once per file in it), and two of its bugs touch the saved queries: an
empty ``GRAPH ?g {}`` enumerates no graph (``multi-source-facts`` lists files that way, a hundred
times faster on Oxigraph than any pattern that reads the graphs' triples, so it answers nothing on
Virtuoso), and ``DISTINCT`` keeps equal rows twice in ``facilities`` and ``events`` (a row whose
OPTIONAL parts come from facts that several files state).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from aizones.api import push, query_endpoint
from aizones.core.errors import EXIT_REMOTE, RemoteError
from aizones.core.remote import Client
from aizones.publishing import push as pushing
from aizones.publishing.reopen import load_built
from aizones.querying import saved
from tests.support.cli import run_cli
from tests.support.release import built_copy
from tests.support.virtuoso import PASSWORD, USER, Virtuoso, virtuoso_binary

pytestmark = pytest.mark.slow
ROWS_DIFFER = {"facilities", "events"}  # Virtuoso's DISTINCT keeps duplicates: the distinct rows are compared
ANSWERS_NOTHING = {"multi-source-facts"}  # Virtuoso's GRAPH ?g {} enumerates no graph
# Refused before it runs when Virtuoso's optimiser estimates the per-zone count of documents (a
# GRAPH ?g pattern joined on every entity in a zone's scope) above its 400 s limit: it said 3,000 s
# after the other saved queries had run, and answered with the local rows when run alone. Either is
# accepted; any other answer fails.
REFUSED_AS_TOO_SLOW = {"zone-completeness"}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    virtuoso_binary()  # skip before building when there is no Virtuoso
    return built_copy(tmp_path_factory.mktemp("push-virtuoso"))


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso-db")).start()
    yield server
    server.stop()


@pytest.fixture
def credentials(monkeypatch):
    monkeypatch.setenv("AIZONES_STORE_USER", USER)
    monkeypatch.setenv("AIZONES_STORE_PASSWORD", PASSWORD)


def named_quads(endpoint: str) -> int:
    answer = query_endpoint(
        None, endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/aizones/')) }"
    )
    return int(next(iter(answer))["n"].value)


def test_every_saved_query_gives_the_local_rows_and_a_second_push_changes_nothing(project, virtuoso, credentials):
    said = []
    parts = push(project / "dist", virtuoso.endpoint, graph_store=virtuoso.graph_store, step=said.append)
    assert all(part.graph for part in parts), "the merge is not sent to a store whose default graph is the union"
    assert any("the merge is not sent" in line for line in said)
    first = named_quads(virtuoso.endpoint)
    assert first == sum(len(part.lines) for part in parts)
    dataset = load_built(project, project / "dist")
    answered = 0
    for query in saved.catalogue(project / "queries"):
        local = Counter(tuple(map(str, row)) for row in saved.run(dataset, query, {}))
        if query.name in REFUSED_AS_TOO_SLOW:
            try:
                remote = Counter(tuple(map(str, row)) for row in query_endpoint(dataset, virtuoso.endpoint, query))
            except RemoteError as error:
                assert "estimated execution time" in str(error), query.name
                continue
            assert remote == local, query.name
            continue
        remote = Counter(tuple(map(str, row)) for row in query_endpoint(dataset, virtuoso.endpoint, query))
        if query.name in ANSWERS_NOTHING:
            assert local and not remote, f"{query.name}: Virtuoso answers it now; compare it like the others"
        elif query.name in ROWS_DIFFER:
            assert set(remote) == set(local), query.name
        else:
            assert remote == local, query.name
        answered += bool(local)
    assert answered > 10  # most saved queries have rows: the comparison is not of empty answers
    push(project / "dist", virtuoso.endpoint, graph_store=virtuoso.graph_store)
    assert named_quads(virtuoso.endpoint) == first


def test_a_push_stopped_by_the_server_dying_is_completed_by_the_next(project, virtuoso, credentials):
    def stop_after_three(line: str) -> None:
        if line.startswith("[3/"):
            virtuoso.stop()

    quick = Client((virtuoso.endpoint, virtuoso.graph_store), attempts=2, backoff=0.1)
    with pytest.raises(RemoteError, match=r"after 3 of \d+ graphs replaced; run aizones push again"):
        pushing.push(project / "dist", virtuoso.endpoint, graph_store=virtuoso.graph_store, step=stop_after_three, client=quick)
    virtuoso.start()
    parts = push(project / "dist", virtuoso.endpoint, graph_store=virtuoso.graph_store)
    assert named_quads(virtuoso.endpoint) == sum(len(part.lines) for part in parts)


def test_a_wrong_password_is_one_line_and_exit_6(project, virtuoso, monkeypatch):
    monkeypatch.setenv("AIZONES_STORE_USER", USER)
    monkeypatch.setenv("AIZONES_STORE_PASSWORD", "not-the-password")
    done = run_cli("push", "--endpoint", virtuoso.endpoint, "--graph-store", virtuoso.graph_store, "-q", cwd=project)
    assert done.code == EXIT_REMOTE
    assert "refused the credentials" in done.err and len(done.err.strip().splitlines()) == 1, done.err
    assert "not-the-password" not in done.err + done.out


def test_an_atomic_push_is_refused_where_staging_graphs_would_be_seen(project, virtuoso, credentials):
    from aizones.core.errors import UsageError

    with pytest.raises(UsageError, match="readers would see the staging graphs"):
        push(project / "dist", virtuoso.endpoint, graph_store=virtuoso.graph_store, atomic=True, update=virtuoso.endpoint)
