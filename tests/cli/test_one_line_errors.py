"""Errors a user can cause are one line and a documented exit code; a bug is one line, a crash log and 70.

These run the real command line. ``tests.support.cli.run_cli`` also checks, for every CLI test in
the suite, that stderr holds no traceback and that the exit code is not 70.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading

import pytest

from aizones.core.errors import EXIT_BAD_INPUT, EXIT_BUG
from tests.support.cli import run_cli
from tests.support.paths import REPO

OPTIONS = [
    ["--timeout", "nan"],
    ["--timeout", "inf"],
    ["--timeout", "-inf"],
    ["--timeout", "-1"],  # read "stopped after -1 s"
    ["--timeout", "soon"],
    ["--memory", "-5"],
    ["--memory", "1.5"],
]


@pytest.mark.parametrize(
    ("command", "option"), [("query", option) for option in OPTIONS] + [("validate", OPTIONS[0]), ("build", OPTIONS[5])]
)
def test_limits_that_are_not_numbers_of_seconds_or_mb_are_usage_errors(mini, command, option):
    args = [command, "=".join(option)] + (["-e", "ASK {}"] if command == "query" else [])  # "=": argparse takes -inf for an option
    result = run_cli(*args, cwd=mini)
    assert result.code == EXIT_BAD_INPUT, result.err
    last = result.err.splitlines()[-1]
    assert f"argument {option[0]}: {option[1]!r} is not a number of" in last and "0 or more" in last
    assert not (mini / "dist").exists()


@pytest.mark.parametrize("option", ["--timeout=1e300", "--memory=99999999999999999"])
def test_limits_too_large_to_reach_are_no_limit(mini, option):
    """select() cannot wait 1e300 s and RLIMIT_AS cannot hold 1e17 MB: both crashed or failed."""
    result = run_cli("query", option, "-e", "ASK {}", cwd=mini)
    assert (result.code, result.out) == (0, "true\n"), result.err


@pytest.mark.parametrize("value", ["<http://example.org/a b>", "<>", "<http://example.org/a\nb>", ">", "http://x/a b", "id:a>b"])
def test_iri_parameters_that_are_not_iris_are_one_line(value):
    result = run_cli("query", "facilities", "--param", f"kind={value}", cwd=REPO)
    assert result.code == EXIT_BAD_INPUT, result.err
    assert len(result.err.splitlines()) == 1, result.err
    assert result.err.startswith("aizones: parameter kind takes an IRI")


@pytest.fixture
def rubbish_endpoint():
    """A SPARQL endpoint on 127.0.0.1 that answers every request with something that is not SPARQL."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.recv(65536)
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql"
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_oxigraphs_errors_while_a_query_runs_are_one_line(mini, rubbish_endpoint, fmt):
    for endpoint in (rubbish_endpoint, "http://127.0.0.1:1/sparql"):  # rubbish back; a port Oxigraph will not use
        query = f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"
        result = run_cli("query", "--allow-network", "--format", fmt, "-e", query, cwd=mini)
        assert result.code == EXIT_BAD_INPUT, result.err
        assert len(result.err.splitlines()) == 1, result.err
        assert result.err.startswith("aizones: the query failed while it ran: ")


PLANTED = """
import sys
from aizones.cli import arguments
from aizones.core import limits

def broken(args):  # a bug planted in place of a command's handler
    return {}["missing"]

def broken_in_the_child(args):  # the same bug inside a limited step, in the forked child
    return limits.run("the step", broken, args)

arguments.cmd_stats = broken if sys.argv[1] == "here" else broken_in_the_child
sys.exit(arguments.main(["stats"]))
"""


@pytest.mark.parametrize("where", ["here", "child"])
def test_a_bug_is_one_line_naming_a_crash_log_with_the_traceback_and_exit_70(tmp_path, where):
    state = tmp_path / "state"
    (tmp_path / "ontology").mkdir()  # a project folder, as the command line asks for one
    env = {**os.environ, "XDG_STATE_HOME": str(state), "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}"}
    done = subprocess.run([sys.executable, "-c", PLANTED, where], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == EXIT_BUG == 70
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith("aizones: internal error (KeyError: 'missing'); this is a bug: the traceback is in ")
    logs = list((state / "aizones").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in done.stderr
    log = logs[0].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "in broken" in log and "KeyError: 'missing'" in log
    if where == "child":
        assert "in _child" in log, "the child's own traceback, where the bug happened, is kept"


def test_a_query_that_is_not_utf8_is_one_line_naming_where(mini):
    (mini / "latin1.rq").write_bytes(b'SELECT * WHERE { ?s ?p "caf\xe9" }')
    result = run_cli("query", "latin1.rq", cwd=mini)
    assert (result.code, result.err) == (EXIT_BAD_INPUT, "aizones: latin1.rq:1:28: byte 0xe9 is not UTF-8; save the query as UTF-8\n")
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}"}
    piped = subprocess.run([sys.executable, "-m", "aizones", "query", "-"], input=b"\xff\xfe", capture_output=True, env=env, cwd=mini)
    assert (piped.returncode, piped.stderr) == (EXIT_BAD_INPUT, b"aizones: <stdin>:1:1: byte 0xff is not UTF-8; save the query as UTF-8\n")


INTERRUPTED_WHILE_LOADING = """
import runpy, sys

class Interrupt:  # Ctrl-C arriving while the command line's modules load
    def find_spec(self, name, path=None, target=None):
        if name == "aizones.cli.arguments":
            raise KeyboardInterrupt

sys.meta_path.insert(0, Interrupt())
sys.argv = ["aizones", "stats"]
runpy.run_module("aizones", run_name="__main__")
"""


def test_ctrl_c_while_the_command_line_loads_is_one_line_and_exit_130(tmp_path):
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}"}
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_WHILE_LOADING], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert (done.returncode, done.stderr) == (130, "aizones: interrupted; outputs were left as they were\n")
