"""``aizones serve`` as a user runs it: a process of its own that builds a missing release first,
prints its address, answers, and exits 0 when stopped by SIGTERM, SIGINT or SIGHUP."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.paths import REPO
from tests.support.processes import descendants, survivors, wait_for
from tests.support.server import request

pytestmark = pytest.mark.slow


def started(root: Path, *extra: str, wait: float = 180) -> tuple[subprocess.Popen, str]:
    """``aizones serve --port 0`` in ``root``, and the address it printed."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    process = subprocess.Popen(
        [sys.executable, "-m", "aizones", "--root", str(root), "serve", "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + wait
    line = process.stdout.readline()  # blocks until the server says where it is (or ends)
    if time.monotonic() > deadline or not line:
        process.kill()
        raise AssertionError(f"no address printed: {process.stderr.read()}")
    found = re.fullmatch(r"aizones: serving (http://127\.0\.0\.1:\d+/) \(Ctrl-C stops\)\n", line)
    assert found, line
    return process, found.group(1)


def stopped(process: subprocess.Popen, number: int) -> int:
    process.send_signal(number)
    try:
        return process.wait(30)
    finally:
        process.kill()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("serve-command")
    for folder in ("graph", "ontology", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def test_serve_builds_a_missing_release_then_answers_and_exits_0_on_sigterm(project):
    assert not (project / "dist").exists()
    process, url = started(project)
    assert (project / "dist" / "manifest.json").is_file() and (project / "dist" / "queries").is_dir()  # what aizones build writes
    status, _headers, body = request(f"{url}sparql?query={quote('ASK { ?z a aiz:PilotZone }')}")
    assert status == 200 and json.loads(body)["boolean"] is True
    assert stopped(process, signal.SIGTERM) == 0
    assert "building it first" in process.stderr.read()


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGHUP])
def test_serve_exits_0_on_sigint_and_sighup_and_leaves_no_worker(project, number):
    process, url = started(project)
    assert request(url)[0] == 200
    workers = descendants(process.pid)
    assert workers, "the query workers run beside the server"
    assert stopped(process, number) == 0
    assert process.stderr.read() == ""  # a current release is not built again; nothing to say
    wait_for(lambda: not survivors(workers), 5, "the query workers to stop with the server")


def test_a_port_in_use_is_one_line_and_exit_4(project):
    process, url = started(project)
    try:
        port = url.rsplit(":", 1)[1].strip("/")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
        done = subprocess.run(
            [sys.executable, "-m", "aizones", "--root", str(project), "serve", "--port", port],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 4 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and "already in use" in done.stderr
    finally:
        assert stopped(process, signal.SIGTERM) == 0
