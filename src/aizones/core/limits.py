"""Time and memory limits for the heavy steps: the reasoner, SHACL validation, queries, canonicalisation.

Neither Oxigraph, pySHACL nor the reasoners can be interrupted from Python, and a thread cannot be
killed, so a limited step runs in a forked child process. The fork shares the already loaded
store copy-on-write (no copy, a few milliseconds), the child caps its address space with
``RLIMIT_AS`` and sends its result back over a pipe; the parent waits until the deadline and then
kills the child's whole process group (a JVM started by owlready2 included). What the child
raised is raised again in the parent, so errors read exactly as they would without the limit.

The child dies with its parent (``aizones.core.lifeline``): it asks the kernel for SIGKILL when the
parent dies, and a watchdog in the child's process group kills the group once the parent's end of
a pipe closes. So a SIGKILL of the command leaves no child and no JVM behind, and neither does a
step that ends normally.

The command line sets the limits with ``--timeout`` and ``--memory`` (``limits.applied``); library
code that does not set any gets ``DEFAULT``, which is far above what a normal build needs.
"""

from __future__ import annotations

import contextlib
import errno
import faulthandler
import os
import pickle
import resource
import select
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

import pyoxigraph as ox

from aizones.core.errors import AizonesError, LimitError, UsageError
from aizones.core.lifeline import die_with_parent, forked, hold, prepare, release, start_watchdog
from aizones.core.netns import leave_unless_allowed

T = TypeVar("T")

_NO_EXCEPTION_SET = ("without exception set", "without setting an exception")
DEFAULT_SECONDS = 1800.0  # half an hour: the slowest step at a million triples takes minutes


def _default_memory_mb() -> int:
    """Three quarters of the machine's memory: a runaway step stops before the machine swaps."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") * 3 / 4 / 2**20)
    except (ValueError, OSError):
        return 16 * 1024


@dataclass(frozen=True)
class Limits:
    """How long (seconds) and how much address space (MB) one limited step may use; None is no limit."""

    seconds: float | None = DEFAULT_SECONDS
    memory_mb: int | None = None  # None here means the machine default; see ``memory``

    @property
    def memory(self) -> int | None:
        return _default_memory_mb() if self.memory_mb is None else (self.memory_mb or None)

    @property
    def off(self) -> bool:
        return not self.seconds and self.memory is None


DEFAULT = Limits()
NONE = Limits(seconds=None, memory_mb=0)
_current: ContextVar[Limits] = ContextVar("aizones_limits", default=DEFAULT)
_in_child = False  # a limited step that starts another runs it inline, under the outer limit


@contextlib.contextmanager
def applied(seconds: float | None = DEFAULT_SECONDS, memory_mb: int | None = None) -> Iterator[Limits]:
    """Use these limits for every limited step inside the block (0 or None seconds: no time limit)."""
    if seconds is not None and not 0 <= seconds < float("inf"):  # nan fails both comparisons
        raise UsageError(f"a time limit is a number of seconds, 0 or more, not {seconds!r}")
    if memory_mb is not None and memory_mb < 0:
        raise UsageError(f"a memory limit is a number of MB, 0 or more, not {memory_mb!r}")
    limits = Limits(seconds or None, memory_mb)
    token = _current.set(limits)
    try:
        yield limits
    finally:
        _current.reset(token)


def current() -> Limits:
    return _current.get()


def run(what: str, function: Callable[..., T], *args, **kwargs) -> T:
    """``function(*args, **kwargs)`` under the current limits; raise ``LimitError`` (exit 5) past one.

    ``what`` names the step in the message ("the reasoner", "the query"). The result travels back
    pickled, so return plain data (strings, bytes, dataclasses), not Oxigraph terms (slow to pickle).
    """
    limits = current()
    if _in_child or limits.off or not hasattr(os, "fork"):
        return function(*args, **kwargs)
    return _run_forked(what, limits, function, args, kwargs)


def fill_graph(what: str, store, graph, fill: Callable[[], T]) -> T:
    """Run ``fill()``, which writes into ``graph`` of ``store`` (every graph if None), under the
    limits; return what it returned.

    In a child the writes land in the child's copy of the store, so the child sends the quads back
    as N-Quads (fast to write and read, unlike pickled terms) and they are added here, blank-node
    labels unchanged. The reasoner fills its inferred graph this way, and the loader a new store.
    """
    limits = current()
    if _in_child or limits.off or not hasattr(os, "fork"):
        return fill()

    def in_child() -> tuple[T, bytes]:
        result = fill()
        if graph is None:
            return result, store.dump(format=ox.RdfFormat.N_QUADS)
        return result, ox.serialize(store.quads_for_pattern(None, None, None, graph), format=ox.RdfFormat.N_QUADS)

    result, quads = _run_forked(what, limits, in_child, (), {})
    # Lenient: Oxigraph's own N-Quads of terms already checked; checking every IRI again costs a third more.
    store.load(quads, ox.RdfFormat.N_QUADS, lenient=True)
    return result


def _run_forked(what: str, limits: Limits, function: Callable[..., T], args, kwargs) -> T:
    with Pending(what, limits, function, args, kwargs) as pending:
        return pending.result()


class Pending:
    """A limited step running in a forked child while this process goes on (``started``): the
    child sees the memory as it was when it was forked. ``result()`` waits for it; leaving the
    ``with`` block without asking kills it and what it started."""

    def __init__(self, what: str, limits: Limits, function: Callable[..., T], args, kwargs) -> None:
        self.what, self.limits = what, limits
        # The child's stderr goes to a file read after it ends: Rust's "memory allocation failed".
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by result() or on leaving the with block)
        self._read_end, write_end = os.pipe()
        lifeline, self._held = os.pipe()  # ``held`` stays here: the child's group dies when it closes
        sys.stdout.flush()
        sys.stderr.flush()
        self._started = time.monotonic()
        parent = os.getpid()
        prepare()
        with forked() as pid:  # Ctrl-C waits until the child and its watchdog are recorded
            if pid == 0:  # the child: never returns
                die_with_parent(parent)
                os.close(self._read_end)
                os.close(self._held)
                os.close(lifeline)
                _child(limits, function, args, kwargs, write_end, self._stderr.fileno())
            self.pid = pid
            hold(self._read_end, self._held)  # a child forked while this one runs lets go of them (lifeline.die_with_parent)
            with contextlib.suppress(OSError):  # here too, so the group exists before the watchdog joins it
                os.setpgid(pid, pid)
            self._watchdog = start_watchdog(lifeline, pid)
            os.close(write_end)
            os.close(lifeline)
            self._done = False

    def __enter__(self) -> Pending:
        return self

    def __exit__(self, *_exc) -> None:
        self._close(None)
        self._stderr.close()

    def result(self):
        """What the step returned (or its error raised here), once it ends or its limit passes."""
        status = None
        try:
            deadline = self._started + self.limits.seconds if self.limits.seconds else None
            data = _read_until(self._read_end, deadline, self.pid, self.what, self.limits)
            _, status = os.waitpid(self.pid, 0)
        finally:
            self._close(status)
        self._stderr.seek(0)
        errors = self._stderr.read(64 * 1024).decode("utf-8", "replace")
        self._stderr.close()
        return _outcome(self.what, self.limits, data, status, errors)

    def _close(self, status: int | None) -> None:
        if self._done:
            return
        self._done = True
        release(self._read_end, self._held)
        os.close(self._read_end)
        if status is None:
            _kill(self.pid)
        os.close(self._held)  # the watchdog kills whatever the step left running (a JVM), then itself
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._watchdog, 0)


def started(what: str, function: Callable[..., T], *args, **kwargs) -> Pending | None:
    """``function`` under the current limits in a child that runs while the caller goes on; None
    where no child is forked (no limits, already in a child, no fork): the caller runs it itself."""
    limits = current()
    if _in_child or limits.off or not hasattr(os, "fork"):
        return None
    return Pending(what, limits, function, args, kwargs)


def _read_until(read_end: int, deadline: float | None, pid: int, what: str, limits: Limits) -> bytes:
    """Everything the child writes, or a ``LimitError`` once the deadline passes (the child is killed)."""
    chunks: list[bytes] = []
    while True:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            _kill(pid)
            raise LimitError(
                f"{what} was stopped after {limits.seconds:g} s (the time limit); raise it with --timeout SECONDS, or --timeout 0 for none"
            )
        # waited in slices: select() cannot wait 1e18 s ("timestamp out of range"), a deadline can be that far
        ready, _, _ = select.select([read_end], [], [], None if remaining is None else min(remaining, 3600.0))
        if ready:
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _child(limits: Limits, function, args, kwargs, write_end: int, stderr_fd: int) -> None:
    global _in_child
    code = 0
    try:
        _in_child = True
        os.setpgid(0, 0)  # its own process group, so a timeout also ends what it started (Java)
        leave_unless_allowed()  # no network in the child, unless --allow-network (core.netns)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.dup2(stderr_fd, 2)
        faulthandler.disable()  # an abort here is expected (memory limit) and reported by the parent
        out_of_memory = pickle.dumps(("memory", None))  # made before the cap: after it, there may be no memory to make it
        if limits.memory and limits.memory * 2**20 < 2**63:  # beyond what RLIMIT_AS can hold is no limit at all
            # never above a hard limit the shell already set (ulimit -v): raising it is not allowed
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            cap = limits.memory * 2**20 if hard == resource.RLIM_INFINITY else min(limits.memory * 2**20, hard)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        try:
            message = pickle.dumps(("ok", function(*args, **kwargs)), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            message = out_of_memory
        except SystemError as error:
            # CPython reports some failed allocations (inside an import, say) as this SystemError, in
            # either wording ("error return without exception set", "returned NULL without setting an exception")
            failed_allocation = limits.memory and any(words in str(error) for words in _NO_EXCEPTION_SET)
            message = out_of_memory if failed_allocation else _pickled_error(error, out_of_memory)
        except OSError as error:
            # the kernel's own refusal under the cap: an import's stat or mmap fails with ENOMEM (seen:
            # ``validate --engine pyshacl --memory 60``, while importing unittest), the same limit reached
            failed_allocation = limits.memory and error.errno == errno.ENOMEM
            message = out_of_memory if failed_allocation else _pickled_error(error, out_of_memory)
        except BaseException as error:  # sent to the parent, which raises it again
            message = _pickled_error(error, out_of_memory)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(message)
        sys.stderr.flush()
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def _pickled_error(error: BaseException, out_of_memory: bytes) -> bytes:
    """``error`` ready to send; near the memory limit even that can fail, and then the memory is the news."""
    try:
        with contextlib.suppress(Exception):
            if not isinstance(error, AizonesError):  # a bug: keep where it happened for the report
                error.add_note("".join(traceback.format_exception(error)).rstrip())
            return pickle.dumps(("error", error))
        return pickle.dumps(("error", RuntimeError("".join(traceback.format_exception(error)))))
    except MemoryError:
        return out_of_memory


def _outcome(what: str, limits: Limits, data: bytes, status: int | None, errors: str):
    memory_hint = "raise it with --memory MB, or --memory 0 for none"
    if data:
        kind, value = pickle.loads(data)
        if kind == "ok":
            sys.stderr.write(errors)  # the warnings the step printed
            return value
        if kind == "memory":
            raise LimitError(f"{what} ran out of memory at the {limits.memory} MB limit; {memory_hint}")
        raise value
    if "memory allocation of" in errors or "MemoryError" in errors:
        raise LimitError(f"{what} ran out of memory at the {limits.memory} MB limit; {memory_hint}")
    if "overflowed its stack" in errors:
        raise LimitError(f"{what} overflowed its stack: the data nests too deeply (long chains of blank nodes?); simplify it")
    signal_number = -os.waitstatus_to_exitcode(status) if status is not None else 0
    if signal_number > 0:
        name = signal.Signals(signal_number).name
        hint = f"probably the {limits.memory} MB memory limit ({memory_hint})" if limits.memory else "please report this"
        sys.stderr.write(errors)
        raise LimitError(f"{what} crashed ({name}), {hint}")
    sys.stderr.write(errors)
    raise LimitError(f"{what} ended without a result (exit status {status}); please report this")


def _kill(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
