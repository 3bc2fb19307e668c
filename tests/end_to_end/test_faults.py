"""Publishing under faults: a full disk, a read-only output, a stale leftover, a signal.

Each case starts from a good build, changes the data, makes the next build fail in a real way,
and then requires: exit 4 with one line saying what to do, ``dist/`` byte for byte as before, no
half-written file under a final name, and no staging folder left behind (or, for one a killed
build left, removed by the next run). Kills at random moments are in ``test_build.py``.
"""

from __future__ import annotations

import contextlib
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.cli import Run
from tests.support.folders import snapshot
from tests.support.paths import REPO
from tests.support.processes import command_of, descendants, kill_and_check

pytestmark = pytest.mark.slow  # each case builds twice for real and breaks the second build
MOTTO = '<http://example.org/mini#hubei> <http://example.org/mini#motto> "new" .\n'


def cli(*args: str, cwd: Path, file_size: int | None = None) -> Run:
    """The real command line, optionally with ``ulimit -f`` (writes past it fail with EFBIG)."""
    limit = None if file_size is None else (lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size)))
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("CI", None)
    done = subprocess.run(
        [sys.executable, "-m", "aizones", *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env, preexec_fn=limit
    )
    assert "Traceback" not in done.stderr, done.stderr  # as run_cli checks for every other CLI test
    return Run(done.returncode, done.stdout, done.stderr)


def change_the_data(project: Path) -> None:
    with open(project / "graph" / "sources" / "hubei.ttl", "a", encoding="utf-8") as handle:
        handle.write(MOTTO)


def assert_failed_cleanly(result: Run, out: Path, before: dict[str, bytes], says: str) -> None:
    assert result.code == 4, result.err
    assert result.err.startswith("aizones: ") and says in result.err, result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert snapshot(out) == before
    assert not list(out.parent.glob(f".{out.name}.staging-*")), "no staging folder is left behind"


@contextlib.contextmanager
def small_disk(where: Path, size: str):
    """A real tmpfs of ``size``; skips where this process may not mount (not root, or a container)."""
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()}); the ulimit -f test covers a full disk")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_file_size_limit_mid_build_leaves_dist_as_it_was(mini):
    assert cli("build", "-q", cwd=mini).code == 0
    before = snapshot(mini / "dist")
    change_the_data(mini)
    result = cli("build", "-q", cwd=mini, file_size=4096)  # the N-Quads file alone is larger
    assert_failed_cleanly(result, mini / "dist", before, "cannot write the build output (File too large); nothing was changed there")
    assert cli("build", "-q", cwd=mini).code == 0
    assert snapshot(mini / "dist")["aizones.nt"] != before["aizones.nt"]


def test_a_full_disk_leaves_dist_as_it_was(mini, tmp_path):
    with small_disk(tmp_path / "disk", "4m") as disk:
        out = disk / "dist"
        assert cli("build", "-q", "--out", str(out), cwd=mini).code == 0
        before = snapshot(out)
        filler = disk / "filler"
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        filler.write_bytes(b"\0" * max(free - 8192, 0))  # leave room for one small file only
        change_the_data(mini)
        result = cli("build", "-q", "--out", str(out), cwd=mini)
        assert_failed_cleanly(result, out, before, "No space left on device")
        filler.unlink()
        assert cli("build", "-q", "--out", str(out), cwd=mini).code == 0


def test_a_read_only_output_filesystem_leaves_dist_as_it_was(mini, tmp_path):
    with small_disk(tmp_path / "disk", "16m") as disk:
        out = disk / "dist"
        assert cli("build", "-q", "--out", str(out), cwd=mini).code == 0
        before = snapshot(out)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        change_the_data(mini)
        result = cli("build", "-q", "--out", str(out), cwd=mini)
        assert_failed_cleanly(result, out, before, "Read-only file system")
        assert "check the folder is writable" in result.err


@pytest.mark.skipif(shutil.which("chattr") is None, reason="needs chattr (e2fsprogs) to make a folder immutable")
@pytest.mark.parametrize("frozen", ["parent", "dist"])
def test_an_unwritable_output_folder_leaves_dist_as_it_was(mini, tmp_path, frozen):
    """``chattr +i``: not even root may add, remove or rename entries (a permission fault, not a full disk)."""
    out = tmp_path / "site" / "dist"
    assert cli("build", "-q", "--out", str(out), cwd=mini).code == 0
    before = snapshot(out)
    target = out.parent if frozen == "parent" else out
    if subprocess.run(["chattr", "+i", str(target)], capture_output=True).returncode != 0:
        pytest.skip("this filesystem has no immutable flag")
    try:
        change_the_data(mini)
        result = cli("build", "-q", "--out", str(out), cwd=mini)
        assert_failed_cleanly(result, out, before, "Operation not permitted")
    finally:
        subprocess.run(["chattr", "-i", str(target)], check=True)


def test_leftovers_of_a_dead_build_are_removed_by_the_next_run(mini):
    assert cli("build", "-q", cwd=mini).code == 0
    dead = mini / ".dist.staging-999999999"  # no such process: a build that was killed
    (dead / "aizones.nt").parent.mkdir()
    (dead / "aizones.nt").write_text("half a file")
    assert cli("build", "-q", cwd=mini).code == 0
    assert not dead.exists()


def test_a_single_output_file_is_never_half_written(mini):
    """``-o FILE`` writes through a temporary name: a failed write leaves the old file whole."""
    target = mini / "out.nq"
    target.write_bytes(b"the previous export\n")
    result = cli("export", "-o", str(target), cwd=mini, file_size=1024)
    assert result.code == 4 and "cannot write" in result.err and len(result.err.strip().splitlines()) == 1, result.err
    assert target.read_bytes() == b"the previous export\n"
    assert [p.name for p in mini.iterdir() if p.name.startswith(".out.nq")] == []


def interrupted_while_publishing(project: Path, number: int, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Start a build, send it ``number`` while its staging folder exists; its outcome (tried up to
    five times, as the build may finish between seeing the folder and the signal)."""
    for _ in range(5):
        process = subprocess.Popen(
            [sys.executable, "-m", "aizones", "build", "-q"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        deadline = time.monotonic() + 60
        while not list(project.glob(".dist.staging-*")) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(0.05)
        process.send_signal(number)
        out, err = process.communicate(timeout=60)
        if process.returncode != 0:
            return subprocess.CompletedProcess(process.args, process.returncode, out, err)
    pytest.fail("the build always finished before the signal")


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda n: signal.Signals(n).name)
def test_a_build_stopped_by_a_signal_removes_its_staging_folder_and_exits_130(mini, number):
    assert cli("build", "-q", cwd=mini).code == 0
    before = snapshot(mini / "dist")
    change_the_data(mini)
    result = interrupted_while_publishing(mini, number)
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip() == "aizones: interrupted; outputs were left as they were"
    assert snapshot(mini / "dist") == before
    assert not list(mini.glob(".dist.staging-*"))


def test_a_build_killed_by_sigkill_leaves_only_its_staging_folder(mini, tmp_path):
    """What is left where after SIGKILL: the staging folder beside dist/, nothing in the project
    or the temporary folder; the next build removes it."""
    assert cli("build", "-q", cwd=mini).code == 0
    change_the_data(mini)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    before = {p.name for p in mini.iterdir()}
    result = interrupted_while_publishing(mini, signal.SIGKILL, env={"TMPDIR": str(temporary)})
    assert result.returncode == -signal.SIGKILL
    time.sleep(0.5)  # the re-read children end on their own (they are forked for seconds at most)
    left = {p.name for p in mini.iterdir()} - before
    assert len(left) == 1 and next(iter(left)).startswith(".dist.staging-"), left
    assert list(temporary.iterdir()) == []
    assert cli("build", "-q", cwd=mini).code == 0
    assert {p.name for p in mini.iterdir()} == before


def test_the_temporary_file_of_a_dead_dash_o_is_removed_by_the_next_write(mini):
    dead = mini / ".out.nq.staging-999999999"  # what SIGKILL leaves during an -o write
    dead.write_bytes(b"half an export")
    assert cli("export", "-o", "out.nq", cwd=mini).code == 0
    assert not dead.exists() and (mini / "out.nq").stat().st_size > 0


def test_a_build_stopped_by_sigterm_before_publishing_exits_130(mini):
    """While it validates (the first limited step has forked its child), not only while it publishes."""
    assert cli("build", "-q", cwd=mini).code == 0
    before = snapshot(mini / "dist")
    change_the_data(mini)
    process = subprocess.Popen([sys.executable, "-m", "aizones", "build", "-q"], cwd=mini, stderr=subprocess.PIPE, text=True)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60
    while process.poll() is None and not children.read_text().strip() and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.strip() == "aizones: interrupted; outputs were left as they were"
    assert snapshot(mini / "dist") == before and not list(mini.glob(".dist.staging-*"))


def test_a_killed_build_leaves_no_process_behind(tmp_path):
    """SIGKILL of the real project's build while HermiT's JVM runs (a grandchild, in a limited
    child), and at random moments (validation, re-reads and pictures in fork pool workers): every
    process it forked is gone within 2 s (``aizones.core.lifeline``). Before, the JVM and the
    limited child ran on to the end of their work."""
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}"}
    chance = random.Random(13)
    for attempt in range(3):
        shutil.rmtree(tmp_path / "dist", ignore_errors=True)
        build = subprocess.Popen([sys.executable, "-m", "aizones", "build", "-q"], cwd=tmp_path, env=env, stderr=subprocess.DEVNULL)
        try:
            forked: set[int] = set()
            deadline = time.monotonic() + (60 if attempt == 0 else chance.uniform(1, 8))
            while time.monotonic() < deadline and build.poll() is None:
                forked |= descendants(build.pid)
                if attempt == 0 and any("java" in command_of(pid) for pid in forked):
                    break  # HermiT is running: kill now
                time.sleep(0.01)
            if attempt == 0:
                assert any("java" in command_of(pid) for pid in forked), "the build started HermiT"
            kill_and_check(build, forked, running=attempt == 0, grace=2)
        finally:
            build.kill()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=lambda n: signal.Signals(n).name)
def test_query_all_stopped_while_it_publishes_leaves_nothing(mini, number):
    """The answers are published by the command itself, not by the limited child that runs the
    queries: a child killed with its parent could not remove its staging folder (seen in the soak)."""
    assert cli("build", "-q", "--no-pictures", cwd=mini).code == 0
    for _ in range(20):  # the answers take a fraction of a second: catch the staging folder while it exists
        process = subprocess.Popen([sys.executable, "-m", "aizones", "query", "--all"], cwd=mini, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while not list((mini / "dist").glob(".queries.staging-*")) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.0005)
        process.send_signal(number)
        _, err = process.communicate(timeout=60)
        if process.returncode != 0:
            break
    assert process.returncode == 130, err
    assert err == "aizones: interrupted; outputs were left as they were\n"
    assert not list((mini / "dist").glob(".queries.staging-*"))


def test_sigterm_ends_every_command_as_ctrl_c_does(mini):
    assert cli("build", "-q", "--no-pictures", cwd=mini).code == 0
    process = subprocess.Popen([sys.executable, "-m", "aizones", "validate"], cwd=mini, stderr=subprocess.PIPE, text=True)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60
    while process.poll() is None and not children.read_text().strip() and time.monotonic() < deadline:
        time.sleep(0.002)  # until the first limited step has forked: the command is running
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (130, "aizones: interrupted; outputs were left as they were\n")
