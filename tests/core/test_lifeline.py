"""Forked children die with their parent: SIGKILL the real parent, and nothing it forked survives.

Each test runs a real parent (a small script, or the real command line) in a subprocess, learns
the pids of what it forked (from a file the forked work writes, or from ``/proc``), kills the
parent with SIGKILL, which runs no cleanup of any kind, and then reads ``/proc`` until nothing
of those processes, nor of their process groups, is alive.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.core.test_limits import ENDLESS_QUERY
from tests.support.paths import REPO

ENV = {**os.environ, "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}"}

LIMITED = """
import os, subprocess, sys, time
from pathlib import Path
from aizones.core import limits

def slow(told):  # a step that starts a program of its own, as owlready2 starts HermiT's JVM
    helper = subprocess.Popen(["sleep", "120"])
    Path(told).write_text(f"{os.getpid()} {helper.pid}")
    time.sleep(120)

with limits.applied(seconds=60):
    limits.run("the slow step", slow, sys.argv[1])
"""

POOLED = """
import os, sys, time
from pathlib import Path
from aizones.core.forkpool import ForkPool

def work(told, index):
    Path(f"{told}.{index}").write_text(str(os.getpid()))
    time.sleep(120)

pool = ForkPool(2)
for index in range(2):
    pool.submit(lambda index=index: work(sys.argv[1], index))
pool.results()
"""


def _processes() -> dict[int, tuple[int, int, str]]:
    """Every live process: pid → (parent pid, process group, state); zombies count as dead."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # it ended while we looked
            state, ppid, pgid = stat[stat.rindex(")") + 2 :].split()[:3]
            if state not in "ZX":
                found[int(entry.name)] = (int(ppid), int(pgid), state)
    return found


def _descendants(root: int) -> set[int]:
    processes, found, grew = _processes(), {root}, True
    while grew:
        more = {pid for pid, (ppid, _pgid, _state) in processes.items() if ppid in found} - found
        found |= more
        grew = bool(more)
    return found - {root}


def _wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def _survivors(pids: set[int]) -> set[int]:
    """Those of ``pids`` still alive, and anything alive in their process groups."""
    processes = _processes()
    return {pid for pid, (_ppid, pgid, _state) in processes.items() if pid in pids or pgid in pids}


def _kill_and_check(parent: subprocess.Popen, forked: set[int]) -> None:
    assert _survivors(forked), "the forked processes run before the parent is killed"
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 5
    while _survivors(forked) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = _survivors(forked)
    for pid in left:  # do not leave them running on the machine, whatever the test says
        os.kill(pid, signal.SIGKILL)
    assert not left, f"still running 5 s after the parent was killed: {left}"


def _started(tmp_path: Path, script: str) -> tuple[subprocess.Popen, Path]:
    path = tmp_path / "parent.py"
    path.write_text(script)
    told = tmp_path / "pids"
    return subprocess.Popen([sys.executable, str(path), str(told)], env=ENV, cwd=tmp_path), told


def test_a_limited_child_and_what_it_started_die_with_the_parent(tmp_path):
    parent, told = _started(tmp_path, LIMITED)
    try:
        _wait_for(lambda: told.exists() and len(told.read_text().split()) == 2, 20, "the child's pids")
        child, helper = (int(pid) for pid in told.read_text().split())
        _kill_and_check(parent, {child, helper})
    finally:
        parent.kill()


def test_the_fork_pools_workers_die_with_the_parent(tmp_path):
    parent, told = _started(tmp_path, POOLED)
    try:
        files = [Path(f"{told}.{index}") for index in range(2)]
        _wait_for(lambda: all(f.exists() and f.read_text() for f in files), 20, "the workers' pids")
        _kill_and_check(parent, {int(f.read_text()) for f in files})
    finally:
        parent.kill()


@pytest.mark.slow
def test_a_killed_query_leaves_no_process_behind(mini):
    """The reported case: ``aizones query … --timeout 20`` killed with SIGKILL; its child ran on."""
    command = [sys.executable, "-m", "aizones", "query", "--timeout", "20", "-e", ENDLESS_QUERY]
    parent = subprocess.Popen(command, cwd=mini, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        forked = _wait_for(lambda: _descendants(parent.pid), 30, "the query's child")
        time.sleep(0.5)  # the query is running in the child now (and the watchdog beside it)
        _kill_and_check(parent, forked | _descendants(parent.pid))
    finally:
        parent.kill()
