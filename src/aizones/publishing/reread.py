"""The build's re-read check: every RDF file it writes is parsed back and compared with what was meant.

The comparison is done in N-Quads: the file is parsed by Oxigraph and written again as N-Quads,
which must equal the canonical lines it was written from (``aizones.publishing.canonical``), byte for byte
or, where a writer changed the order, line for line. The writers keep blank node labels and the
parsers read them as they are, so no second canonicalisation is needed.

At a million triples parsing a file back takes seconds, so each check runs in a forked child
while the build goes on writing the next file (``aizones.core.forkpool``, two at once), and the build
waits for all of them before it publishes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from aizones.core.errors import OutputError
from aizones.core.forkpool import ForkError, ForkPool
from aizones.core.formats import RdfFormat


@dataclass(frozen=True)
class Reread:
    """One written file and the N-Quads lines it must parse back to."""

    name: str
    path: Path
    fmt: RdfFormat
    expected: bytes


def problem(job: Reread) -> str | None:
    """What is wrong with the written file, or None when it parses back to ``job.expected``."""
    try:
        back = ox.serialize(ox.parse(path=str(job.path), format=job.fmt.oxigraph), format=ox.RdfFormat.N_QUADS)
    except SyntaxError as error:
        return f"{job.name}: the {job.fmt.name} writer produced a file that does not parse back ({error}); please report this"
    except OSError as error:
        return f"{job.name}: cannot read the file back ({error.strerror or error}); check the disk"
    if back != job.expected and sorted(back.split(b"\n")) != sorted(job.expected.split(b"\n")):
        return f"{job.name}: the {job.fmt.name} file does not parse back to the graph that was written; please report this"
    return None


class RereadPool:
    """Runs re-read checks in forked children (``aizones.core.forkpool``), at most ``workers`` at a time."""

    def __init__(self, workers: int | None = None) -> None:
        self._pool = ForkPool(workers)
        self._jobs: list[Reread] = []

    def submit(self, job: Reread) -> None:
        self._jobs.append(job)
        self._pool.submit(lambda: problem(job))

    def finish(self) -> None:
        """Wait for every check; raise ``OutputError`` naming the first file (in written order) that failed."""
        jobs, self._jobs = self._jobs, []
        outcomes = self._pool.results(raising=False)
        for job, outcome in zip(jobs, outcomes, strict=True):
            if isinstance(outcome, ForkError):
                raise OutputError(f"{job.name}: the re-read check of the {job.fmt.name} file stopped unexpectedly; please report this")
            if outcome:
                raise OutputError(outcome)

    def abandon(self) -> None:
        """Stop every running check (the build failed for another reason)."""
        self._pool.abandon()
