"""Work done in forked children, a few at a time, its results back in the order it was given.

A child is forked when its work is submitted, so it sees the parent's memory as it is then: the
work's inputs (a file's expected N-Quads lines, the projected graph a picture is drawn from) are
never pickled; only the result travels back, pickled through a pipe. The build's re-read check
(``aizones.publishing.reread``) and its pictures (``aizones.drawing.pictures``) use it. Limited steps use
``aizones.core.limits`` instead, which also caps a child's time and memory.

Each child dies with its parent (``aizones.core.lifeline.die_with_parent``), so a SIGKILL of the
build leaves no worker drawing or re-reading on its own. The workers start no programs of their
own, so they need no watchdog for grandchildren (the limited steps do).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from aizones.core.lifeline import die_with_parent, forked, prepare

WORKERS = 2  # children at once: the benchmark machine's cores; more would only wait for a core


class ForkError(Exception):
    """A child stopped without a result (killed, out of memory) or its work raised."""


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def affordable(workers: int) -> int:
    """How many of ``workers`` children the memory allows at once: a forked child shares this
    process's pages only until it touches them, and Python touches every object it reads (its
    reference counts), so each child is counted as a whole copy of this process. At ten million
    triples two such copies beside the build do not fit in 24 GB: the work then goes one at a time."""
    try:
        rss = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        available = next(int(line.split()[1]) * 1024 for line in meminfo if line.startswith("MemAvailable:"))
    except (OSError, ValueError, StopIteration):
        return workers
    return max(1, min(workers, int(available * 0.8 // max(rss, 1))))


class ForkPool:
    """Runs submitted work in forked children, at most ``workers`` at once; with fewer than two
    (one core, or no fork on this system) the work runs in this process as it is submitted."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = affordable(min(WORKERS, cores())) if workers is None else workers
        if not hasattr(os, "fork"):
            self.workers = 1
        self._running: dict[int, tuple[int, int]] = {}  # pid → (order, read end of its pipe)
        self._outcomes: dict[int, tuple[str, object]] = {}
        self._submitted = 0

    def idle(self) -> bool:
        """Whether work submitted now would start at once rather than wait for a worker."""
        return self.workers < 2 or len(self._running) < self.workers

    def submit(self, work: Callable[[], object]) -> None:
        order = self._submitted
        self._submitted += 1
        if self.workers < 2:
            self._outcomes[order] = ("ok", work())  # raises here, as the work would without a pool
            return
        while len(self._running) >= self.workers:
            self._collect_oldest()
        read_end, write_end = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        prepare()
        with forked() as pid:  # Ctrl-C waits until the child is recorded, so ``abandon`` can kill it
            if pid == 0:  # the child: send the outcome, leave without the parent's exit handlers
                die_with_parent(parent)
                os.close(read_end)
                try:
                    with os.fdopen(write_end, "wb") as pipe:
                        pipe.write(_outcome(work))
                finally:
                    os._exit(0)
            os.close(write_end)
            self._running[pid] = (order, read_end)

    def results(self, *, raising: bool = True) -> list[object]:
        """Every result in submitted order. The first work that raised raises the same here; one
        whose child stopped without a result raises ``ForkError``. With ``raising=False`` both come
        back in the list instead, as a ``ForkError`` in the work's place."""
        while self._running:
            self._collect_oldest()
        outcomes = [self._outcomes[order] for order in range(self._submitted)]
        self._outcomes, self._submitted = {}, 0  # the pool takes new work from here on
        found: list[object] = []
        for kind, value in outcomes:
            if kind == "ok":
                found.append(value)
                continue
            failure = value if kind == "raised" else ForkError(value)
            if raising:
                raise failure
            found.append(failure if isinstance(failure, ForkError) else ForkError(f"{type(failure).__name__}: {failure}"))
        return found

    def abandon(self) -> None:
        """Stop every running child (the caller failed for another reason)."""
        for pid, (_order, read_end) in list(self._running.items()):
            with contextlib.suppress(OSError):
                os.kill(pid, 9)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
            with contextlib.suppress(OSError):
                os.close(read_end)
        self._running.clear()

    def _collect_oldest(self) -> None:
        pid = next(iter(self._running))  # the oldest: the work items take about as long as each other
        # Kept in ``_running`` until it has ended: Ctrl-C while its result is read must leave it for
        # ``abandon`` to kill, or it would go on writing into a folder the caller is removing.
        order, read_end = self._running[pid]
        with os.fdopen(read_end, "rb", closefd=False) as pipe:
            data = pipe.read()  # before waiting: a result larger than the pipe's buffer blocks the child
        _, status = os.waitpid(pid, 0)
        del self._running[pid]
        os.close(read_end)
        try:
            outcome = pickle.loads(data) if data else None
        except (pickle.UnpicklingError, EOFError):
            outcome = None
        if outcome is None or os.waitstatus_to_exitcode(status) != 0:
            outcome = ("error", f"the child process stopped unexpectedly (exit status {os.waitstatus_to_exitcode(status)})")
        self._outcomes[order] = outcome


def _outcome(work: Callable[[], object]) -> bytes:
    """The pickled outcome of the work in a child: its result, or the exception it raised."""
    try:
        return pickle.dumps(("ok", work()), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # sent to the parent; a child must not unwind into its caller
        try:
            return pickle.dumps(("raised", error), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return pickle.dumps(("error", f"{type(error).__name__}: {error}"))
