"""Processes as ``/proc`` shows them: what a process forked, and whether any of it outlived a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path


def processes() -> dict[int, tuple[int, int, str]]:
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


def descendants(root: int) -> set[int]:
    """The live processes ``root`` forked, and what they forked, and so on."""
    table, found, grew = processes(), {root}, True
    while grew:
        more = {pid for pid, (ppid, _pgid, _state) in table.items() if ppid in found} - found
        found |= more
        grew = bool(more)
    return found - {root}


def wait_for(condition, seconds: float, what: str):
    """The first true value of ``condition()``, tried every 50 ms for ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def survivors(pids: set[int]) -> set[int]:
    """Those of ``pids`` still alive, and anything alive in their process groups."""
    return {pid for pid, (_ppid, pgid, _state) in processes().items() if pid in pids or pgid in pids}


def command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def kill_and_check(parent: subprocess.Popen, forked: set[int], *, running: bool = True, grace: float = 5) -> None:
    """SIGKILL ``parent``; within ``grace`` seconds nothing of ``forked`` (which must be ``running``
    now) is alive."""
    assert survivors(forked) or not running, "the forked processes run before the parent is killed"
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)
    deadline = time.monotonic() + grace
    while survivors(forked) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = survivors(forked)
    described = [command_of(pid)[:80] for pid in left]
    for pid in left:  # do not leave them running on the machine, whatever the test says
        os.kill(pid, signal.SIGKILL)
    assert not left, f"still running {grace:g} s after the parent was killed: {described}"
