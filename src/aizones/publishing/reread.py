"""The build's re-read check: every RDF file it writes is parsed back and compared with what was meant.

The comparison is done in N-Quads: the file is parsed by Oxigraph and written again as N-Quads,
which must equal the canonical lines it was written from (``aizones.publishing.canonical``), byte for byte
or, where a writer changed the order, line for line. The writers keep blank node labels and the
parsers read them as they are, so no second canonicalisation is needed. The build compares the
sha256 of the two texts rather than the texts (``Expected``): neither is held whole, in the build
or in the child that checks; the lines themselves are made only when the digests differ.

The readable Turtle, TriG and JSON-LD (``ORDER_FREE``) hold the statements in another order, and
their lists as ``( ... )``, whose nodes a parser labels anew. Such a file is parsed by Oxigraph and
written as N-Quads into an order-free digest of its lines (``canonical.LineSums``: their count and
the sum of their hashes, the few lines with blank nodes relabelled by RDFC-1.0 first), which must
equal that of the canonical form (``Expected.canonical``). Nothing is sorted and only the blank
node lines are held: sorting the lines of both sides in Python, as a first version did, cost 10 s
and 4.4 GB at a million triples, and loading the file into a store and making its canonical form
again took half as long again as this at 100k triples (``benchmarks/reread_costs.py``).

At a million triples writing a file and parsing it back take seconds, so each check runs in a
forked child (``aizones.core.forkpool``, two at once), which for most formats also writes the file
first (``Reread.write``), while the build goes on; the build waits for all of them before it
publishes anything. The checks that take longest start first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from aizones.core.errors import AizonesError, OutputError
from aizones.core.forkpool import ForkError, ForkPool
from aizones.core.formats import RdfFormat
from aizones.publishing import canonical
from aizones.publishing.writers import READABLE_FORMATS as ORDER_FREE  # checked by their canonical form


@dataclass(frozen=True)
class Expected:
    """What a file must parse back to, told by the sha256 of its N-Quads lines; ``lines`` makes them."""

    sha256: Callable[[], str]
    lines: Callable[[], bytes]
    # The order-free digest of the canonical N-Quads of what the file carries, for the ``ORDER_FREE``
    # formats (``Writer.line_sums``); None: that of ``lines()`` canonicalised (small files, tests).
    canonical: Callable[[], tuple[int, int]] | None = None


@dataclass(frozen=True)
class Reread:
    """One written file and the N-Quads lines it must parse back to."""

    name: str
    path: Path
    fmt: RdfFormat
    expected: bytes | Expected
    write: Callable[[], dict[str, object]] | None = None  # writes the file first; its manifest entry
    entry: dict[str, object] = field(default_factory=dict)  # where that entry goes in the parent
    cost: float = 0.0  # about how long it takes, so that the longest start first


class _Digest:
    """A file-like sink that keeps only the sha256 of what is written to it."""

    def __init__(self) -> None:
        self.sha = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        return len(data)

    def flush(self) -> None:
        """Nothing is held."""


def problem(job: Reread) -> str | None:
    """What is wrong with the written file, or None when it parses back to ``job.expected``."""
    try:
        if job.fmt.oxigraph in ORDER_FREE:
            if order_free_digest(job.path, job.fmt) == _expected_canonical(job.expected):
                return None
            return f"{job.name}: the {job.fmt.name} file does not parse back to the graph that was written; please report this"
        if isinstance(job.expected, bytes):
            back = _parsed_back(job)
            if back == job.expected:
                return None
            expected = job.expected
        else:
            digest = _Digest()
            _parsed_back(job, digest)
            if digest.sha.hexdigest() == job.expected.sha256():
                return None
            back, expected = _parsed_back(job), job.expected.lines()  # which differ: order, or content?
    except SyntaxError as error:
        return f"{job.name}: the {job.fmt.name} writer produced a file that does not parse back ({error}); please report this"
    except OSError as error:
        return f"{job.name}: cannot read the file back ({error.strerror or error}); check the disk"
    if sorted(back.split(b"\n")) != sorted(expected.split(b"\n")):
        return f"{job.name}: the {job.fmt.name} file does not parse back to the graph that was written; please report this"
    return None


def order_free_digest(path: Path, fmt: RdfFormat) -> tuple[int, int]:
    """``canonical.LineSums`` of a file's quads, whatever their order and blank node labels: parsed
    and written as N-Quads by Oxigraph in one stream, the digest taking the text piece by piece."""
    # Our JSON-LD keeps the streaming profile's key order (``aizones.publishing.jsonld``): read as
    # a stream, not held whole as the plain JSON-LD parser holds it; a file out of that order fails.
    parsed = ox.RdfFormat.STREAMING_JSON_LD if fmt.oxigraph == ox.RdfFormat.JSON_LD else fmt.oxigraph
    sums = canonical.LineSums()
    ox.serialize(ox.parse(path=str(path), format=parsed), sums, format=ox.RdfFormat.N_QUADS)
    return sums.finish()


def _expected_canonical(expected: bytes | Expected) -> tuple[int, int]:
    if isinstance(expected, Expected) and expected.canonical is not None:
        return expected.canonical()
    lines = expected if isinstance(expected, bytes) else expected.lines()
    return canonical.line_sums(canonical.of_quads(ox.parse(lines, ox.RdfFormat.N_QUADS)))


def _parsed_back(job: Reread, output: _Digest | None = None) -> bytes:
    quads = ox.parse(path=str(job.path), format=job.fmt.oxigraph)
    return ox.serialize(quads, output, format=ox.RdfFormat.N_QUADS) or b""


def _written_and_checked(job: Reread) -> tuple[dict[str, object] | None, str | None, BaseException | None]:
    """In the child: write the file (when the job does), then check it. A failure to write comes back
    as an error for the parent to raise (a full disk is the user's to fix, not a bug)."""
    try:
        entry = job.write() if job.write else None
    except OSError as error:
        return None, None, OSError(error.errno, error.strerror or str(error))
    except AizonesError as error:
        return None, None, error
    return entry, problem(job), None


class RereadPool:
    """Runs re-read checks in forked children (``aizones.core.forkpool``), at most ``workers`` at a time.

    A check starts when it is submitted with ``now`` and a worker is free; the others wait for
    ``finish``, which starts them longest first."""

    def __init__(self, workers: int | None = None) -> None:
        self._pool = ForkPool(workers)
        self._jobs: list[Reread] = []  # in written order
        self._waiting: list[int] = []  # their places, for those not started
        self._started: list[int] = []  # their places, in the order they started

    def submit(self, job: Reread, *, now: bool = True) -> None:
        self._jobs.append(job)
        self._waiting.append(len(self._jobs) - 1)
        if now and self._pool.idle():
            self._start(self._waiting.pop())

    def finish(self) -> None:
        """Wait for every check; raise ``OutputError`` naming the first file (in written order) that
        failed, or the error that stopped a file being written."""
        for place in sorted(self._waiting, key=lambda place: -self._jobs[place].cost):
            self._start(place)
        jobs, started = self._jobs, self._started
        self._jobs, self._waiting, self._started = [], [], []
        outcomes = dict(zip(started, self._pool.results(raising=False), strict=True))
        for place, job in enumerate(jobs):
            outcome = outcomes[place]
            if isinstance(outcome, ForkError):
                raise OutputError(f"{job.name}: the re-read check of the {job.fmt.name} file stopped unexpectedly; please report this")
            entry, found, failure = outcome  # type: ignore[misc]
            if failure is not None:
                raise failure
            if found:
                raise OutputError(found)
            job.entry.update(entry or {})

    def abandon(self) -> None:
        """Stop every running check (the build failed for another reason)."""
        self._jobs, self._waiting, self._started = [], [], []
        self._pool.abandon()

    def _start(self, place: int) -> None:
        if place in self._waiting:
            self._waiting.remove(place)
        self._started.append(place)
        job = self._jobs[place]
        self._pool.submit(lambda: _written_and_checked(job))
