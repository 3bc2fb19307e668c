"""Only regular files are read, within the size limit and under --timeout and --memory.

Each case ran without bound before: a link to /dev/zero read until the kernel killed the process,
a FIFO blocked for ever, a large file was read outside the limits. Every CLI run here has a short
subprocess timeout, so a regression fails in seconds instead of hanging the suite.
"""

from __future__ import annotations

import collections
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from aizones.core.errors import InputError
from aizones.core.files import read_regular
from aizones.reading import parser
from aizones.reading.loader import load_dataset
from tests.support.cli import run_cli

QUICK = 60  # seconds a refused special file may take at most, start-up included


def refused_quickly(*args: str, cwd: Path, code: int) -> str:
    started = time.monotonic()
    result = run_cli(*args, cwd=cwd, timeout=QUICK)
    assert time.monotonic() - started < QUICK
    assert result.code == code, result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err, result.err
    return result.err


def test_validate_add_dev_zero_is_refused_at_once(mini):
    err = refused_quickly("validate", "--add", "/dev/zero", "--timeout", "10", "--memory", "500", cwd=mini, code=2)
    assert err.startswith("aizones: /dev/zero: is a character device, not a regular file"), err


def test_a_link_to_dev_zero_given_to_add_is_refused_as_a_device(mini, tmp_path):
    (tmp_path / "zero.ttl").symlink_to("/dev/zero")
    err = refused_quickly("validate", "--add", str(tmp_path / "zero.ttl"), "--timeout", "10", cwd=mini, code=2)
    assert "is a character device" in err


def test_a_fifo_in_graph_is_refused_by_name_instead_of_blocking(mini):
    os.mkfifo(mini / "graph" / "pipe.ttl")
    err = refused_quickly("build", "-q", "--no-pictures", "--timeout", "10", cwd=mini, code=2)
    assert err.startswith("aizones: graph/pipe.ttl: is a named pipe (FIFO), not a regular file"), err
    assert not (mini / "dist").exists()


def test_a_fifo_given_to_add_is_refused(mini, tmp_path):
    os.mkfifo(tmp_path / "pipe.ttl")
    err = refused_quickly("validate", "--add", str(tmp_path / "pipe.ttl"), "--timeout", "10", cwd=mini, code=2)
    assert "is a named pipe (FIFO)" in err


def test_a_fifo_among_the_checks_or_as_a_query_file_is_refused(mini):
    (mini / "queries" / "checks").mkdir(parents=True, exist_ok=True)
    os.mkfifo(mini / "queries" / "checks" / "pipe.rq")
    err = refused_quickly("validate", "--timeout", "10", cwd=mini, code=2)
    assert "pipe.rq: is a named pipe (FIFO), not a regular file" in err
    (mini / "queries" / "checks" / "pipe.rq").unlink()
    os.mkfifo(mini / "mine.rq")
    err = refused_quickly("query", "mine.rq", cwd=mini, code=2)
    assert err.startswith("aizones: mine.rq: is a named pipe (FIFO), not a regular file"), err


def test_a_query_on_stdin_is_bounded(mini):
    started = time.monotonic()
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run([sys.executable, "-m", "aizones", "query", "-"], cwd=mini, stdin=zero, capture_output=True, timeout=QUICK)
    assert time.monotonic() - started < QUICK
    assert done.returncode == 2 and done.stderr.decode().startswith("aizones: <stdin>: the query is over"), done.stderr


def test_a_built_input_replaced_by_a_fifo_is_refused_by_readers(mini):
    """A reader checks that the build is current by reading the inputs again: as the build reads them."""
    assert run_cli("build", "-q", "--no-pictures", cwd=mini).code == 0
    source = sorted((mini / "graph" / "sources").glob("*.ttl"))[0]
    source.unlink()
    os.mkfifo(source)
    err = refused_quickly("stats", cwd=mini, code=2)
    assert "is a named pipe (FIFO), not a regular file" in err


def test_a_socket_and_a_folder_are_refused_by_what_they_are(mini, tmp_path):
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(mini / "graph" / "listening.ttl"))
    try:
        with pytest.raises(InputError, match=r"graph/listening.ttl: is a socket, not a regular file"):
            load_dataset(mini)
    finally:
        server.close()
    (mini / "graph" / "listening.ttl").unlink()
    (tmp_path / "folder.ttl").mkdir()
    with pytest.raises(InputError, match=r"folder.ttl: is a folder, not a regular file"):
        load_dataset(mini, extra=[tmp_path / "folder.ttl"])


def test_the_size_limit_counts_the_bytes_read_not_what_stat_says(mini, monkeypatch):
    """Files in /proc say they are 0 bytes long and hold more; the limit holds on what is read."""
    monkeypatch.setattr(parser, "MAX_FILE_BYTES", 10)
    with pytest.raises(InputError, match=r"/proc/self/status: file is more than 10 bytes, over the 10-byte limit"):
        load_dataset(mini, files=[], extra=[Path("/proc/self/status")])


def _sparse(path: Path, megabytes: int) -> None:
    """A file of ``megabytes`` of zero bytes that takes no room on the disk."""
    with open(path, "wb") as file:
        file.truncate(megabytes * 2**20)


@pytest.mark.slow
def test_the_memory_limit_applies_to_reading(mini):
    _sparse(mini / "graph" / "large.nt", 400)
    err = refused_quickly("validate", "--memory", "200", "--timeout", "30", cwd=mini, code=5)
    assert err.startswith("aizones: reading ontology/ and graph/ ran out of memory at the 200 MB limit"), err


def test_the_time_limit_applies_to_reading(mini):
    _sparse(mini / "graph" / "large.nt", 400)
    err = refused_quickly("validate", "--timeout", "0.01", "--memory", "0", cwd=mini, code=5)
    assert err.startswith("aizones: reading ontology/ and graph/ was stopped after 0.01 s (the time limit)"), err


# Runs in its own process, so that it swaps while the reader is between its check and its open.
_SWAPPER = """import os, sys
from pathlib import Path
folder = Path(sys.argv[1])
while True:
    (folder / "file.tmp").write_bytes(b"data")
    os.replace(folder / "file.tmp", folder / "x.ttl")
    os.mkfifo(folder / "fifo.tmp")
    os.replace(folder / "fifo.tmp", folder / "x.ttl")
"""


def test_a_fifo_swapped_in_between_the_check_and_the_open_is_refused_never_waited_on(tmp_path):
    """A file and a FIFO take turns at one path (an atomic rename each time) while it is read 20,000
    times: each read gives the file's bytes or refuses the FIFO; none reads the FIFO as an empty file
    (without the check of the opened descriptor, about 1 in 3,000 does) or waits for a writer."""
    target = tmp_path / "x.ttl"
    target.write_bytes(b"data")
    outcomes: collections.Counter[str] = collections.Counter()

    def read_many() -> None:
        for _ in range(20_000):
            try:
                outcomes[bytes(read_regular(target, "x.ttl", limit=100)).decode() or "(empty)"] += 1
            except InputError as error:
                outcomes["refused" if "is a named pipe (FIFO)" in str(error) else str(error)] += 1

    swapper = subprocess.Popen([sys.executable, "-c", _SWAPPER, str(tmp_path)])
    try:
        reader = threading.Thread(target=read_many, daemon=True)
        reader.start()
        reader.join(timeout=QUICK)
    finally:
        swapper.kill()
        swapper.wait()
    assert not reader.is_alive(), "a read waited on a FIFO"
    assert set(outcomes) <= {"data", "refused"} and sum(outcomes.values()) == 20_000, outcomes
