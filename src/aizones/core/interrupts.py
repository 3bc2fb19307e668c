"""SIGTERM and SIGHUP stop a command the way Ctrl-C does: its cleanup runs, it exits 130.

Python turns SIGINT into ``KeyboardInterrupt``, so ``finally`` blocks and the staging swap's
cleanup run; SIGTERM (what ``kill``, systemd and CI send) and SIGHUP (a closed terminal) would
otherwise end the process at once, leaving a staging folder or a temporary file behind. The command
line runs every command inside ``interrupts_raised``; the build and publishing use it too, for
library callers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def interrupts_raised() -> Iterator[None]:
    """SIGTERM and SIGHUP raise ``KeyboardInterrupt`` in this process, as Ctrl-C does, so the
    caller's cleanup runs and the command exits 130; a signal the caller ignores (``nohup``) stays
    ignored. A forked child that inherits the handler dies of the signal as it would have."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can be set in the main thread only
        return
    owner = os.getpid()

    def interrupt(number: int, _frame) -> None:
        if os.getpid() != owner:
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)
            return
        raise KeyboardInterrupt(signal.Signals(number).name)

    caught = [number for number in (signal.SIGTERM, signal.SIGHUP) if signal.getsignal(number) is not signal.SIG_IGN]
    previous = {number: signal.signal(number, interrupt) for number in caught}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def interrupt_handled() -> None:
    """Call where a ``KeyboardInterrupt`` has been caught and the command will exit 130.

    CPython 3.11 notes "a Ctrl-C nobody caught" whenever one leaves code run by ``exec`` of a string
    (``dataclasses`` and ``namedtuple`` make their methods that way, so a signal during an import
    can land there), even when a caller further up catches it; at exit the interpreter then kills
    itself with SIGINT instead of exiting 130 (seen as exit -2 by ``subprocess``). Running a string
    resets that note, so the documented exit status is what the caller sees."""
    exec("None")  # a constant string; its only effect is the interpreter resetting the note


def wraps_an_interrupt(error: BaseException) -> bool:
    """Whether ``error`` was caused by a ``KeyboardInterrupt``: CPython reports one raised inside
    ``__set_name__`` while a class is made (an import in progress, networkx's graph classes) as a
    ``RuntimeError`` whose cause is the interrupt; it is a stop, not a bug."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, KeyboardInterrupt):
            return True
        seen.add(id(error))
        error = error.__cause__  # only a wrapped cause: a bug in cleanup after Ctrl-C is still a bug
    return False


@contextlib.contextmanager
def past_the_point_of_no_return() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP ignored for a moment: the new output is in place, and what is left
    is tidying (the old folder removed, old stores pruned). Stopping there would report "outputs were
    left as they were" about outputs just replaced, and leave the tidying half done; a signal that
    arrives meanwhile is dropped, and the command ends as it would have a moment later."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    with stopping_signals_handled_by(signal.SIG_IGN):
        yield


STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)  # what a user or a supervisor sends to stop a command


@contextlib.contextmanager
def stopping_signals_handled_by(handler) -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP handled by ``handler`` meanwhile, the previous handlers restored after."""
    previous = {number: signal.signal(number, handler) for number in STOPPING}
    try:
        yield
    finally:
        for number, before in previous.items():
            signal.signal(number, before)
