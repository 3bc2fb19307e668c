"""The build's re-read check: every RDF file it writes is parsed back and compared with what was meant.

The comparison is done in N-Quads: the file is parsed by Oxigraph and written again as N-Quads,
which must equal the canonical lines it was written from (``aizones.canonical``), byte for byte
or, where a writer changed the order, line for line. The writers keep blank node labels and the
parsers read them as they are, so no second canonicalisation is needed.

At a million triples parsing a file back takes seconds, so each check runs in a forked child
while the build goes on writing the next file; at most ``WORKERS`` children run at once, and the
build waits for all of them before it publishes anything.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from aizones.errors import OutputError
from aizones.export import ExportFormat

WORKERS = 2  # the benchmark machine's cores; more children would only wait for a core


@dataclass(frozen=True)
class Reread:
    """One written file and the N-Quads lines it must parse back to."""

    name: str
    path: Path
    fmt: ExportFormat
    expected: bytes


def problem(job: Reread) -> str | None:
    """What is wrong with the written file, or None when it parses back to ``job.expected``."""
    try:
        back = ox.serialize(ox.parse(path=str(job.path), format=job.fmt.format), format=ox.RdfFormat.N_QUADS)
    except SyntaxError as error:
        return f"{job.name}: the {job.fmt.name} writer produced a file that does not parse back ({error}); please report this"
    except OSError as error:
        return f"{job.name}: cannot read the file back ({error.strerror or error}); check the disk"
    if back != job.expected and sorted(back.split(b"\n")) != sorted(job.expected.split(b"\n")):
        return f"{job.name}: the {job.fmt.name} file does not parse back to the graph that was written; please report this"
    return None


class RereadPool:
    """Runs re-read checks in forked children, at most ``workers`` at a time."""

    def __init__(self, workers: int = WORKERS) -> None:
        self.workers = workers
        self._running: dict[int, tuple[Reread, int, int]] = {}  # pid → (job, read end of its pipe, order)
        self._problems: list[tuple[int, str]] = []
        self._submitted = 0

    def submit(self, job: Reread) -> None:
        order = self._submitted
        self._submitted += 1
        if not hasattr(os, "fork"):
            self._record(order, problem(job))
            return
        while len(self._running) >= self.workers:
            self._wait_one()
        read_end, write_end = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: report and leave without running the parent's exit handlers
            os.close(read_end)
            code = 0
            try:
                os.write(write_end, (problem(job) or "").encode())
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(write_end)
        self._running[pid] = (job, read_end, order)

    def finish(self) -> None:
        """Wait for every check; raise ``OutputError`` naming the first file (in written order) that failed."""
        while self._running:
            self._wait_one()
        if self._problems:
            raise OutputError(min(self._problems)[1])

    def abandon(self) -> None:
        """Stop every running check (the build failed for another reason)."""
        for pid, (_job, read_end, _order) in list(self._running.items()):
            with contextlib.suppress(OSError):
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            os.close(read_end)
        self._running.clear()

    def _wait_one(self) -> None:
        pid = next(iter(self._running))  # the oldest: checks take about as long as each other
        _, status = os.waitpid(pid, 0)
        job, read_end, order = self._running.pop(pid)
        with os.fdopen(read_end, "rb") as pipe:
            message = pipe.read().decode("utf-8", "replace")
        if os.waitstatus_to_exitcode(status) != 0:
            message = f"{job.name}: the re-read check of the {job.fmt.name} file stopped unexpectedly; please report this"
        self._record(order, message or None)

    def _record(self, order: int, message: str | None) -> None:
        if message:
            self._problems.append((order, message))
