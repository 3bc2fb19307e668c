"""The whole command line connects nowhere: every ``connect`` system call of each command, and of
every process it starts (the limits' children, HermiT's JVM), seen by ``strace -f``.

What counts: a ``connect`` on any address family but ``AF_UNIX``. An ``AF_UNIX`` socket is a file on
this machine (glibc asking nscd for a user name, a log socket) and cannot reach another host, so it
is listed in the failure message but allowed. ``AF_INET``/``AF_INET6`` to any address, loopback
included, fails the test: nothing the commands do needs a socket, so any such call is a leak.
This is below every guard of ours (Python's audit hook, the query policy), so it also sees the
Rust HTTP client of Oxigraph and the JVM.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.support.listener import Listener

STRACE = shutil.which("strace") or ("/usr/bin/strace" if os.path.exists("/usr/bin/strace") else None)
COMMANDS = [
    ["build", "-q"],
    ["validate"],
    ["query", "--all"],
    ["explain", "Changsha"],
    ["viz", "-o", "graph.html"],
    ["export", "-o", "all.trig"],
]
_CONNECT = re.compile(r"connect\(\d+, \{sa_family=(AF_\w+)[^}]*\}")


def _traceable() -> str | None:
    """Why strace cannot be used here, or None."""
    if STRACE is None:
        return "strace is not installed (Debian: apt-get install strace)"
    probe = subprocess.run([STRACE, "-f", "-e", "trace=connect", "-o", os.devnull, "true"], capture_output=True, text=True)
    return None if probe.returncode == 0 else f"strace cannot trace here (ptrace not permitted?): {probe.stderr.strip()[:120]}"


def _connects(command: list[str], cwd, log) -> tuple[int, list[str], list[str]]:
    """Run ``aizones COMMAND`` under strace: its exit code, its network connects, its local ones."""
    env = {**os.environ, "PYTHONUTF8": "1"}
    env.pop("CI", None)
    done = subprocess.run(
        [STRACE, "-f", "-qq", "-e", "trace=connect", "-o", str(log), sys.executable, "-m", "aizones", *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    calls = [line for line in log.read_text().splitlines() if "connect(" in line]
    network = [line for line in calls if (m := _CONNECT.search(line)) and m.group(1) != "AF_UNIX"]
    return done.returncode, network, [line for line in calls if line not in network]


@pytest.fixture
def traceable():
    reason = _traceable()
    if reason:
        pytest.skip(reason)


@pytest.mark.slow
def test_no_command_opens_a_network_connection(traceable, mini, tmp_path):
    for command in COMMANDS:
        code, network, local = _connects(command, mini, tmp_path / f"{command[0]}.strace")
        assert code in (0, 1), command  # 1: validate's findings, not a failure to run
        assert not network, (command, network, "local sockets:", local)


@pytest.mark.slow
def test_strace_sees_oxigraphs_connection_from_the_limited_child(traceable, mini, tmp_path):
    """The positive control: asked to, Oxigraph's Rust client connects from the forked child, and strace -f sees it."""
    server = Listener()
    try:
        query = f"SELECT * WHERE {{ SERVICE <{server.url}/sparql> {{ ?s ?p ?o }} }}"
        _code, network, _local = _connects(["query", "--allow-network", "--timeout", "20", "-e", query], mini, tmp_path / "control.strace")
    finally:
        server.close()
    assert any(f"htons({server.port})" in line for line in network), network


def test_the_connect_pattern_reads_strace_lines():
    """The parser of the log finds the families strace writes (so an empty list above means something)."""
    inet = '123 connect(5, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED'
    unix = '124 connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT'
    assert [_CONNECT.search(line).group(1) for line in (inet, unix)] == ["AF_INET", "AF_UNIX"]


@pytest.mark.slow
def test_a_planted_hidden_service_connects_nowhere_either(traceable, mini, tmp_path):
    """A saved query and a shape with the SERVICE the old guard missed (after ``ex:a\\#`` on its line):
    refused, and strace sees no connection (the old code connected from ``query --all`` and ``build``)."""
    server = Listener()
    try:
        hidden = f"{{ ?s ?p ex:a\\# }} UNION {{ SERVICE <{server.url}/sparql> {{ ?s ?p ?o }} }}"
        (mini / "queries" / "hidden.rq").write_text(f"# title: hidden\nPREFIX ex: <http://example.org/x/>\nSELECT * WHERE {{ {hidden} }}\n")
        (mini / "ontology" / "shapes-hidden.ttl").write_text(
            "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
            "<http://example.org/mini#Hidden> a sh:NodeShape ; sh:targetClass <http://example.org/mini#City> ;\n"
            f'  sh:sparql [ sh:prefixes <http://example.org/mini#decl> ; sh:select "SELECT $this WHERE {{ $this ?q ?r . {hidden.replace(chr(92), chr(92) * 2)} }}" ] .\n'
            '<http://example.org/mini#decl> sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/x/" ] .\n'
        )
        for command in (["query", "--all"], ["build", "-q"]):
            code, network, _local = _connects(command, mini, tmp_path / f"{command[0]}.strace")
            assert code == 3 and not network, (command, code, network)
    finally:
        server.close()
