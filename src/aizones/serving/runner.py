"""Every query a request asks for, run off the event loop, a few at a time, within the limits.

Oxigraph evaluates a query in Rust; the server runs each one in a worker thread so that the event
loop goes on answering other requests, and at most ``Limits.concurrency`` at once so that a burst
of heavy queries queues instead of starving the machine.
"""

from __future__ import annotations

import anyio
import pyoxigraph as ox

from aizones.core.sparql import execute, solution_rows
from aizones.serving.context import Served


class QueryRunner:
    def __init__(self, served: Served):
        self.served = served
        self._slots = anyio.Semaphore(served.limits.concurrency)

    async def select(self, text: str, *, substitutions=None, inference: bool = True) -> tuple[list[str], list[tuple]]:
        """A SELECT query's variable names and rows (Oxigraph terms, None where unbound)."""

        def run():
            result = execute(self.served.dataset, text, inference=inference, substitutions=substitutions, shown_as="request")
            if not isinstance(result, ox.QuerySolutions):
                raise TypeError("expected a SELECT query")
            return solution_rows(result)

        async with self._slots:
            return await anyio.to_thread.run_sync(run)

    async def call(self, function, *args):
        """``function(*args)`` (a library function reading the store, such as ``explain``) in a worker thread, under the same slots."""
        async with self._slots:
            return await anyio.to_thread.run_sync(function, *args)
