"""Forked children die with their parent, even when the parent is killed with SIGKILL.

A parent that is killed (``kill -9``, the OOM killer) runs no cleanup, so whatever it forked
would go on working past any deadline: a runaway query grew to 10 GB that way. Two mechanisms,
because each covers what the other cannot:

- ``die_with_parent`` (Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)``, through ctypes): the kernel
  kills the calling child the moment its parent dies. It is called first thing after ``fork``,
  and ``getppid()`` is checked after it, since the parent may have died between the fork and the
  call (the signal is then never sent). It covers the child itself, not what the child starts.
- ``start_watchdog`` for a child that leads its own process group and may start programs of its
  own (owlready2 starts HermiT's JVM, a grandchild that ``PR_SET_PDEATHSIG`` does not reach): the
  parent forks a tiny second process into that group, which blocks reading a pipe whose only
  write end the parent holds. The read returns (end of file) when the parent closes it or dies,
  however it dies; the watchdog then kills the whole group, the JVM included, and itself with
  it. The parent closes the pipe when the step is over and reaps the watchdog, so nothing the
  step started survives it either, and no zombie is left. The watchdog is the parent's child,
  not the step's, so that it outlives the step and the parent can reap it.

On other systems ``die_with_parent`` does nothing; the watchdog works wherever ``fork`` does.
``PR_SET_PDEATHSIG`` fires when the parent *thread* that forked ends; aizones forks from the
main thread only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator

from aizones.core.interrupts import STOPPING as _STOPPING  # one list of the signals that stop a command
from aizones.core.libc import function

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def prepare() -> None:
    """In the parent, before forking: load what the child will call (``core.libc``), so that each
    child does not load it again."""
    if sys.platform.startswith("linux"):
        function("prctl")
        function("unshare")


@contextlib.contextmanager
def forked() -> Iterator[int]:
    """``os.fork()`` with Ctrl-C, SIGTERM and SIGHUP held back in the parent until the ``with``
    block has recorded the child: a signal that lands during the fork (milliseconds for a large
    process) would otherwise stop the parent before it knows the child, which then goes on alone
    (writing into a staging folder being removed). The child starts with them let through again.

    From the main thread the signals are caught by a handler that only notes them, and raised again
    once the block is over: blocking them for this thread alone is not enough, since the kernel
    hands a process-wide signal to any thread that does not block it (RocksDB's background threads,
    once an on-disk store is open), and Python then raises it in the main thread all the same."""
    noted: list[int] = []
    replaced = _note_signals(noted)
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    pid = -1
    try:
        pid = os.fork()
        if pid == 0:
            _restore(replaced)
            noted.clear()
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        yield pid
    finally:
        if pid != 0:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
            _restore(replaced)
            for signum in dict.fromkeys(noted):  # each once, in the order they came
                signal.raise_signal(signum)


def _note_signals(noted: list[int]) -> dict[int, object]:
    """Replace the stopping signals' handlers by one that appends to ``noted`` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {signum: signal.signal(signum, lambda received, _frame: noted.append(received)) for signum in _STOPPING}


def _restore(replaced: dict[int, object]) -> None:
    for signum, handler in replaced.items():
        signal.signal(signum, handler)


def die_with_parent(parent: int) -> None:
    """In a child just forked from ``parent``: be killed when it dies; exit now if it already has.
    It also lets go of the pipes the parent holds for its other children (``hold``)."""
    prctl = function("prctl") if sys.platform.startswith("linux") else None
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was set up: nobody wants the result
        os._exit(1)
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


# The parent's ends of the pipes to children that run now (a limited step's result and lifeline).
# A child forked while another runs must not keep them: the other's watchdog would wait for the
# lifeline to close, and the parent for the watchdog, while the new child waits for the parent.
_HELD: set[int] = set()


def hold(*fds: int) -> None:
    """In the parent: these descriptors are its own ends of a running child's pipes."""
    _HELD.update(fds)


def release(*fds: int) -> None:
    """In the parent: that child has ended (call before closing the descriptors)."""
    _HELD.difference_update(fds)


def start_watchdog(lifeline: int, group: int) -> int:
    """In the parent: fork a watchdog into process ``group`` that kills the group once the write
    end of the ``lifeline`` pipe closes (the parent closes it, or dies); its pid, for ``os.waitpid``.

    ``lifeline`` is the pipe's read end; the parent keeps the write end, closes its copy of the
    read end after this call, and must never hand the write end to another process.
    """
    watchdog = os.fork()
    if watchdog != 0:
        return watchdog
    try:  # the watchdog: nothing but a blocking read, so it needs no memory and no care
        with contextlib.suppress(OSError):
            os.setpgid(0, group)
        # every other descriptor closed: holding the step's result pipe, or the write end of the
        # lifeline, open would keep the parent waiting, or the watchdog waiting for itself
        os.closerange(0, lifeline)
        os.closerange(lifeline + 1, _max_fd())
        while True:
            try:
                if not os.read(lifeline, 1):
                    break
            except InterruptedError:
                continue
            except OSError:
                break
        with contextlib.suppress(OSError):
            os.killpg(group, signal.SIGKILL)  # the step, the JVM it started, and this watchdog
    finally:
        os._exit(0)


def _max_fd() -> int:
    """One past the highest descriptor there can be: the soft limit on open files."""
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        return 1 << 16


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs: a leftover named by a live pid is not a leftover yet."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's, and running
        return True
    return True
