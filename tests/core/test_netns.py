"""The limited child has no network: Oxigraph's Rust client cannot connect even past the policy."""

from __future__ import annotations

import functools
import socket
import subprocess
import sys
import threading

import pyoxigraph as ox
import pytest

from aizones.core import limits
from aizones.core.netns import CLONE_NEWNET, CLONE_NEWUSER, allowed
from tests.support.listener import Listener


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def _oxigraph_service(url: str) -> str:
    """Run a SERVICE straight through Oxigraph (no policy, no audit hook): what the child's network lets through."""
    try:
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"))
    except OSError as error:
        return f"failed: {error}"
    return "answered"


@functools.cache
def _can_leave() -> bool:
    probe = [sys.executable, "-c", "from aizones.core.netns import leave_unless_allowed as l; raise SystemExit(l() is None)"]
    return subprocess.run(probe, capture_output=True).returncode == 0


@pytest.fixture
def namespaces():
    if not _can_leave():
        pytest.skip("this system permits no network namespace (unshare): the child keeps its network")


def test_a_limited_step_cannot_reach_the_listener(namespaces, listener):
    with limits.applied(seconds=20):
        outcome = limits.run("the probe", _oxigraph_service, listener.url)
    threading.Event().wait(0.3)
    assert outcome.startswith("failed") and listener.connections == 0, outcome


def test_with_the_network_allowed_the_child_connects(listener):
    """The positive control (and what --allow-network keeps): the same step, allowed, reaches the listener."""
    with limits.applied(seconds=20), allowed():
        limits.run("the probe", _oxigraph_service, listener.url)
    threading.Event().wait(0.3)
    assert listener.connections >= 1


@pytest.mark.slow
@pytest.mark.parametrize("flags", [CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET])
def test_each_way_of_leaving_keeps_the_user_and_the_files(namespaces, listener, tmp_path, flags):
    """In a new user namespace the child is still its own user: it reads and writes files as before."""
    script = (
        "import os, socket, sys\n"
        "from aizones.core.netns import leave\n"
        f"uid = os.getuid()\nassert leave({flags}), 'refused'\n"
        "assert os.getuid() == uid, os.getuid()\n"
        f"open({str(tmp_path / 'x')!r}, 'w').write('ok')\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {listener.port}), timeout=2)\n"
        "    sys.exit('connected')\n"
        "except OSError:\n"
        "    pass\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    if "refused" in done.stderr:
        pytest.skip("this way of leaving is not permitted here")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "x").read_text() == "ok"
    threading.Event().wait(0.3)
    assert listener.connections == 0


def test_the_parent_keeps_its_network(listener):
    with limits.applied(seconds=20):
        limits.run("the probe", len, "x")
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    threading.Event().wait(0.3)
    assert listener.connections == 1
