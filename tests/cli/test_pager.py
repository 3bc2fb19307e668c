"""Long answers on a terminal go through a pager (issue 19); pipes and files never do.

The terminal is a real pseudo-terminal (``pty``), and the pager a small program that records what
it was given, named by ``AIZONES_PAGER``, so the test sees exactly what a user's ``less`` would get.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

import pytest

from aizones.cli.pager import pager_command, wants_pager
from tests.support.cli import run_cli
from tests.support.paths import REPO

pytestmark = pytest.mark.slow


def test_only_a_long_answer_on_a_terminal_is_paged():
    assert wants_pager(b"x\n" * 50, enabled=True, is_terminal=True, height=24)
    assert not wants_pager(b"x\n" * 5, enabled=True, is_terminal=True, height=24)
    assert not wants_pager(b"x\n" * 50, enabled=True, is_terminal=False, height=24)
    assert not wants_pager(b"x\n" * 50, enabled=False, is_terminal=True, height=24)


def test_the_pager_is_chosen_as_git_chooses_it():
    assert pager_command({"AIZONES_PAGER": "cat"}) is None
    assert pager_command({"PAGER": ""}) is None
    assert pager_command({"PAGER": "no-such-pager-anywhere"}) is None
    assert pager_command({"AIZONES_PAGER": f"{sys.executable} -u", "PAGER": "cat"}) == [sys.executable, "-u"]


def _on_a_terminal(args: list[str], env: dict, tmp_path) -> bytes:
    """Run the CLI with a pseudo-terminal as its standard output; what it printed there."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, False)
    process = subprocess.Popen([sys.executable, "-m", "aizones", *args], cwd=REPO, stdout=follower, stderr=subprocess.PIPE, env=env)
    os.close(follower)
    shown, deadline = b"", time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if select.select([leader], [], [], 0.2)[0]:
            try:
                shown += os.read(leader, 65536)
            except OSError:
                break
    process.wait(10)
    os.close(leader)
    return shown


def test_a_long_table_on_a_terminal_goes_to_the_pager_and_a_pipe_gets_it_whole(tmp_path):
    record = tmp_path / "paged.txt"
    pager = tmp_path / "pager.py"
    pager.write_text(f"import sys\nopen({str(record)!r}, 'wb').write(sys.stdin.buffer.read())\n")
    env = {**os.environ, "AIZONES_PAGER": f"{sys.executable} {pager}", "COLUMNS": "120", "LINES": "20"}
    _on_a_terminal(["query", "pilot-zones"], env, tmp_path)
    assert record.exists(), "the long answer did not go through the pager"
    assert b"Changsha" in record.read_bytes()
    record.unlink()
    _on_a_terminal(["query", "pilot-zones", "--no-pager"], env, tmp_path)
    assert not record.exists()
    piped = subprocess.run([sys.executable, "-m", "aizones", "query", "pilot-zones"], cwd=REPO, env=env, capture_output=True, timeout=120)
    assert piped.returncode == 0 and b"Changsha" in piped.stdout and not record.exists()


def test_wide_never_shortens_a_cell():
    narrow = run_cli("query", "pilot-zones", "--width", "60", cwd=REPO)
    wide = run_cli("query", "pilot-zones", "--width", "60", "--wide", cwd=REPO)
    assert "…" in narrow.out and "…" not in wide.out
