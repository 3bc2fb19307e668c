"""Time and memory limits: the work really stops, the command exits 5 and says which limit to raise."""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from aizones.core import limits
from aizones.core.errors import EXIT_LIMIT, InputError, LimitError
from aizones.reading.loader import load_dataset
from aizones.reasoning.materialise import materialise
from tests.support.cli import run_cli

# A query whose answer needs 53^5 (about 4e8) rows: no machine answers it within a second.
ENDLESS_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"


def _sleep_and_tell(where: Path) -> None:
    helper = subprocess.Popen(["sleep", "60"])
    where.write_text(f"{os.getpid()} {helper.pid}")
    time.sleep(60)


def test_a_result_and_an_error_come_back_from_the_child():
    assert limits.run("the test", lambda x: {"doubled": 2 * x}, 21) == {"doubled": 42}

    def fails():
        raise InputError("bad line", "graph/x.ttl", 3, 4)

    with pytest.raises(InputError, match=r"^graph/x.ttl:3:4: bad line$"):
        limits.run("the test", fails)


@pytest.mark.slow
def test_the_time_limit_kills_the_child_and_what_it_started(tmp_path):
    told = tmp_path / "pids"
    started = time.monotonic()
    with limits.applied(seconds=1), pytest.raises(LimitError) as raised:
        limits.run("the slow step", _sleep_and_tell, told)
    assert time.monotonic() - started < 5
    assert raised.value.exit_code == EXIT_LIMIT == 5
    assert (
        str(raised.value)
        == "the slow step was stopped after 1 s (the time limit); raise it with --timeout SECONDS, or --timeout 0 for none"
    )
    child, helper = (int(pid) for pid in told.read_text().split())
    time.sleep(0.2)
    assert _gone(child) and _gone(helper), "the child and the process it started are killed, not left running"


def test_the_memory_limit_stops_python_allocations():
    with (
        limits.applied(memory_mb=600),
        pytest.raises(LimitError, match=r"ran out of memory at the 600 MB limit; raise it with --memory MB"),
    ):
        limits.run("the hungry step", lambda: len(bytearray(3 * 2**30)))


@pytest.mark.slow
def test_the_memory_limit_stops_rust_allocations():
    """Oxigraph aborts the process when an allocation fails; the message still names the limit."""

    def fill_a_store():
        store = ox.Store()
        big = "x" * 100_000
        store.extend(ox.Quad(ox.NamedNode(f"urn:x:{i}"), ox.NamedNode("urn:x:p"), ox.Literal(f"{big}{i}")) for i in range(100_000))

    with limits.applied(memory_mb=700), pytest.raises(LimitError, match=r"the store ran out of memory at the 700 MB limit"):
        limits.run("the store", fill_a_store)


def test_no_limits_run_inline():
    with limits.applied(seconds=0, memory_mb=0):
        assert limits.run("inline", os.getpid) == os.getpid()
    assert limits.run("forked", os.getpid) != os.getpid()


def test_a_limited_step_inside_another_runs_inline_under_the_outer_limit():
    assert limits.run("outer", lambda: limits.run("inner", os.getpid) == os.getpid())


def test_reasoning_in_a_child_gives_the_same_inferred_graph(mini):
    """owlrl runs in a child (``limits.fill_graph``); its graph comes back as N-Quads, blank nodes and all."""
    inline, forked = load_dataset(mini), load_dataset(mini)
    with limits.applied(seconds=0, memory_mb=0):
        count_inline = materialise(inline, engine="owlrl")
    count_forked = materialise(forked, engine="owlrl")
    assert count_inline == count_forked > 0
    as_set = lambda d: {str(q) for q in d.store.quads_for_pattern(None, None, None, d.inferred)}  # noqa: E731
    assert as_set(inline) == as_set(forked)


def test_a_hard_address_space_limit_below_the_default_cap_is_kept_not_raised(mini):
    """Under ``ulimit -v`` lower than three quarters of the machine (the default cap), a limited step
    caps itself at the shell's limit instead of failing to raise it (it used to exit 70)."""
    hard = 6 * 2**30
    script = "from aizones.core import limits; print(limits.run('a step', lambda: 6 * 7))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (hard, hard)),
        timeout=60,
    )
    assert limits.DEFAULT.memory * 2**20 > hard, "the machine is too small for this test to mean anything"
    assert done.returncode == 0 and done.stdout.strip() == "42", done.stderr


@pytest.mark.slow
def test_query_over_the_time_limit_exits_5_quickly(mini):
    started = time.monotonic()
    result = run_cli("query", "--timeout", "1", "-e", ENDLESS_QUERY, cwd=mini)
    assert result.code == 5, result.err
    assert (
        result.err
        == "aizones: the query was stopped after 1 s (the time limit); raise it with --timeout SECONDS, or --timeout 0 for none\n"
    )
    assert time.monotonic() - started < 30


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["build", "--engine", "pyshacl"],  # importing pySHACL alone needs more than 60 MB more
        ["validate", "--engine", "pyshacl"],
        ["query", "-e", "SELECT * WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w } ORDER BY ?a ?b ?c ?d"],  # 8M rows sorted
    ],
)
def test_commands_over_the_memory_limit_exit_5(mini, command):
    result = run_cli(*command, "--memory", "60" if command[0] != "query" else "200", cwd=mini)
    assert result.code == 5, result.err
    assert "MB limit" in result.err and "--memory" in result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert not (mini / "dist").exists()


@pytest.mark.slow
def test_the_defaults_do_not_bite_on_normal_use(mini):
    assert run_cli("build", "-q", cwd=mini).code == 0
    assert run_cli("query", "-e", "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 1", cwd=mini).code == 0


@pytest.mark.slow
def test_canonicalising_a_blank_node_knot_is_stopped_by_the_time_limit():
    """Eight blank nodes all linked alike (56 quads) take RDFC-1.0 about 10 s: the limit stops it."""
    import itertools

    from aizones.publishing.writers import canonical

    nodes = [ox.BlankNode(f"b{i}") for i in range(8)]
    knot = [ox.Quad(a, ox.NamedNode("urn:x:p"), b) for a, b in itertools.permutations(nodes, 2)]
    started = time.monotonic()
    with limits.applied(seconds=1), pytest.raises(LimitError, match="canonicalising the blank nodes was stopped after 1 s"):
        canonical(knot)
    assert time.monotonic() - started < 5


def test_two_steps_started_at_once_end_whatever_order_they_are_awaited_in():
    """A child forked while another step runs lets go of that step's pipes: the second child used to
    hold the first's lifeline, so the first's watchdog never ended, the parent waited for it, and the
    second child waited for the parent to read its large result (a hang, seen reading two halves)."""
    script = (
        "from aizones.core import limits\n"
        "first = limits.started('the first', lambda: b'x' * 10)\n"
        "second = limits.started('the second', lambda: b'y' * (8 * 2**20))\n"
        "with first, second:\n"
        "    print(len(first.result()), len(second.result()))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.split() == ["10", str(8 * 2**20)], done.stderr


def _refused_by_the_kernel():
    raise OSError(errno.ENOMEM, "Cannot allocate memory", "/usr/lib/python3.11/unittest")


def test_an_allocation_the_kernel_refuses_under_the_cap_is_the_memory_limit_not_a_bug():
    with limits.applied(memory_mb=2000), pytest.raises(LimitError, match="ran out of memory at the 2000 MB limit"):
        limits.run("the step", _refused_by_the_kernel)
    other = OSError(errno.ENOENT, "No such file", "x")
    with limits.applied(memory_mb=2000), pytest.raises(OSError):  # any other OSError is what it is
        limits.run("the step", lambda: (_ for _ in ()).throw(other))


def _import_failed_for_want_of_memory():
    raise SystemError("<function _find_and_load at 0x7f8f32b6fce0> returned NULL without setting an exception")


def test_a_failed_allocation_inside_an_import_is_the_memory_limit_in_either_wording():
    with limits.applied(memory_mb=2000), pytest.raises(LimitError, match="ran out of memory"):
        limits.run("the step", _import_failed_for_want_of_memory)
