"""Work in forked children: results in submitted order, failures reported where they belong."""

from __future__ import annotations

import os

import pytest

from aizones.core.errors import UsageError
from aizones.core.forkpool import ForkError, ForkPool

BIG = b"x" * (1 << 20)  # larger than a pipe's buffer: the parent must read before it waits


def test_results_come_back_in_submitted_order_and_see_the_parents_memory():
    pool = ForkPool(2)
    for index in range(5):
        pool.submit(lambda index=index: (index, os.getpid(), len(BIG)))
    found = pool.results()
    assert [index for index, _pid, _size in found] == list(range(5))
    assert all(pid != os.getpid() and size == len(BIG) for _index, pid, size in found)


def test_a_result_larger_than_the_pipe_arrives_whole():
    pool = ForkPool(2)
    pool.submit(lambda: BIG + b"!")
    assert pool.results() == [BIG + b"!"]


def test_an_error_raised_by_the_work_is_raised_again_in_the_parent():
    pool = ForkPool(2)
    pool.submit(lambda: 1)
    pool.submit(lambda: (_ for _ in ()).throw(UsageError("bad value")))
    with pytest.raises(UsageError, match="bad value"):
        pool.results()


def test_a_child_that_dies_is_a_fork_error_in_its_place():
    pool = ForkPool(2)
    pool.submit(lambda: "fine")
    pool.submit(lambda: os._exit(3))
    fine, died = pool.results(raising=False)
    assert fine == "fine" and isinstance(died, ForkError)
    pool.submit(lambda: os._exit(3))
    with pytest.raises(ForkError, match="exit status 3"):
        pool.results()


def test_one_worker_runs_the_work_here():
    pool = ForkPool(1)
    pool.submit(os.getpid)
    assert pool.results() == [os.getpid()]


def test_ctrl_c_while_a_result_is_read_leaves_the_child_for_abandon_to_kill(tmp_path):
    """Ctrl-C (here an alarm raising KeyboardInterrupt) while the pool waits on a child's result:
    the child is still the pool's, so ``abandon`` kills it before it writes anything more (it used to
    be forgotten, and went on writing into a staging folder the build was removing)."""
    import signal
    import time

    marker = tmp_path / "written-after-abandon"

    def slow() -> None:
        time.sleep(1.0)
        marker.write_text("too late")

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    pool = ForkPool(2)
    pool.submit(slow)
    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        with pytest.raises(KeyboardInterrupt):
            pool.results()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    pool.abandon()
    time.sleep(1.5)
    assert not marker.exists()
