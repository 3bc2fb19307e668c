"""The charts of a saved query's answer when it is a series of figures: the build's charts, drawn on demand.

An answer is a series when its columns are those of one of the charts of ``drawing.charts`` (read
from the columns, so a new saved query of the same shape gets its chart too):

- ``subject``, ``indicator``, ``period`` and ``value``: each subject with a dated figure, by year (``over_time_chart``);
- ``indicator``, ``region``, ``value`` and ``unit``: each indicator and unit across the answer's regions (``indicator_chart``);
- ``subject``, ``indicator``, ``target`` and ``actual``: each subject with a target beside an actual (``targets_chart``).

Which charts an answer has is read from its rows alone, so a page costs nothing more for them; at
most ``CHARTS``, those with most rows first. The charts are drawn by the chart worker
(``chart_worker``), a process of its own, from the figure rows the build draws ``dist/viz/`` from,
so a page's chart of Jinan is the build's chart of Jinan, and the server's own process never holds
the interpreter's lock for a drawing. Each SVG is kept once drawn (the ``CACHED`` last asked for).
"""

from __future__ import annotations

import asyncio
import contextlib
import pickle
import sys
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.errors import LimitError, UsageError
from aizones.serving.chart_worker import HEADER, frame, release_spec

CHARTS = 3  # charts shown under one answer
CACHED = 64  # SVGs kept, the least recently asked for dropped first
# The first chart reads the figure rows, 22 s at a million triples on a busy machine; the others
# take about a second. Past this the worker is stopped and a new one started for the next chart.
SECONDS = 120.0

_OVER_TIME = ("subject", "indicator", "period", "value")
_ACROSS = ("indicator", "region", "value", "unit")
_TARGETS = ("subject", "indicator", "target", "actual")


@dataclass(frozen=True)
class Chart:
    """One chart of an answer: its kind, what it is of (a subject, or an indicator and a unit), and
    the subjects an indicator chart compares (the answer's regions)."""

    kind: str  # "over-time", "indicator" or "targets"
    key: tuple[str, ...]
    subjects: frozenset[str] = frozenset()


def _counted(names: list[str], rows: list[tuple], columns: tuple[str, ...], needed: tuple[str, ...] = ()) -> Counter:
    """How many rows hold each combination of IRIs in ``columns``, counting only rows where every
    column of ``needed`` is bound."""
    at, bound = [names.index(c) for c in columns], [names.index(c) for c in needed]
    found: Counter = Counter()
    for row in rows:
        terms = [row[i] for i in at]
        if all(isinstance(t, ox.NamedNode) for t in terms) and all(row[i] is not None for i in bound):
            found[tuple(t.value for t in terms)] += 1
    return found


def _ranked(found: Counter) -> list[tuple[str, ...]]:
    return sorted(found, key=lambda key: (-found[key], key))


def charts_of(names: list[str], rows: list[tuple]) -> list[Chart]:
    """The charts of an answer with columns ``names`` and ``rows`` (module docstring)."""
    present = set(names)
    if present.issuperset(_OVER_TIME):
        chosen = [Chart("over-time", key) for key in _ranked(_counted(names, rows, ("subject",), ("period",)))]
    elif present.issuperset(_ACROSS):
        regions = frozenset(key[0] for key in _counted(names, rows, ("region",)))
        chosen = [Chart("indicator", key, regions) for key in _ranked(_counted(names, rows, ("indicator", "unit")))]
    elif present.issuperset(_TARGETS):
        chosen = [Chart("targets", key) for key in _ranked(_counted(names, rows, ("subject",), ("target", "actual")))]
    else:
        chosen = []
    return chosen[:CHARTS]


class SeriesCharts:
    """The charts of one served release, drawn by one chart worker started at the first chart."""

    def __init__(self, dataset: Dataset, root: Path, out: Path, release: str = ""):
        self.release = release_spec(dataset, root, out, release)  # the release this application serves
        self._drawn: OrderedDict[Chart, bytes] = OrderedDict()
        self._worker: asyncio.subprocess.Process | None = None
        self._lock: asyncio.Lock | None = None  # made on the server's event loop, at the first chart

    async def svg(self, chart: Chart) -> bytes:
        """The chart as SVG, the same bytes each time; ``UsageError`` when it has nothing to draw."""
        if chart in self._drawn:
            self._drawn.move_to_end(chart)
            return self._drawn[chart]
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:  # one drawing at a time: the worker answers in order
            if chart not in self._drawn:
                kind, detail = await self._ask((chart.kind, chart.key, chart.subjects))
                if kind != "ok":
                    raise UsageError(detail)
                self._drawn[chart] = detail
                if len(self._drawn) > CACHED:
                    self._drawn.popitem(last=False)
            return self._drawn[chart]

    async def path_svg(self, key: str, answer, seconds: float) -> bytes | None:
        """The diagram of a path page's ``answer`` (``connections.paths.PathAnswer``), drawn by the same
        worker, kept under ``key``; None when it is not drawn within ``seconds`` (the page goes without
        it; the drawing goes on, shielded, so the worker's answers stay in order, and is kept for next time)."""
        if ("path", key) in self._drawn:
            return self._drawn[("path", key)]

        async def drawn() -> bytes:
            self._lock = self._lock or asyncio.Lock()
            async with self._lock:
                kind, detail = await self._ask(("path", answer))
            if kind != "ok":
                raise UsageError(detail)
            self._drawn[("path", key)] = detail
            if len(self._drawn) > CACHED:
                self._drawn.popitem(last=False)
            return detail

        task = asyncio.ensure_future(drawn())
        task.add_done_callback(lambda done: done.cancelled() or done.exception())  # a late failure is not logged as lost
        try:
            async with asyncio.timeout(seconds or None):
                return await asyncio.shield(task)
        except (TimeoutError, LimitError):
            return None

    async def _ask(self, request: tuple) -> tuple[str, object]:
        try:
            async with asyncio.timeout(SECONDS):
                worker = await self._started()
                worker.stdin.write(frame(request))
                return await _received(worker)
        except (TimeoutError, asyncio.IncompleteReadError, ConnectionError, OSError) as error:
            self.close()  # the next chart starts a new worker
            raise LimitError(f"the chart was not drawn within {SECONDS:g} s ({type(error).__name__}); try again") from None

    async def _started(self) -> asyncio.subprocess.Process:
        if self._worker is None or self._worker.returncode is not None:
            worker = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "aizones.serving.chart_worker",
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                start_new_session=True, limit=1 << 26,
            )  # fmt: skip
            worker.stdin.write(frame(self.release))
            if (await _received(worker))[0] != "ready":
                raise ConnectionError("the chart worker did not open the release")
            self._worker = worker
        return self._worker

    def close(self) -> None:
        """Stop the worker (the server stops; or a chart took too long)."""
        if self._worker is not None and self._worker.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._worker.kill()
        self._worker = None


async def _received(worker: asyncio.subprocess.Process) -> tuple[str, object]:
    (size,) = HEADER.unpack(await worker.stdout.readexactly(HEADER.size))
    return pickle.loads(await worker.stdout.readexactly(size))
