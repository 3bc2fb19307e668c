"""The charts of a saved query's answer when it is a series of figures: the build's charts, drawn on demand.

An answer is a series when its columns are those of one of the charts of ``drawing.charts`` (read
from the columns, so a new saved query of the same shape gets its chart too):

- ``subject``, ``indicator``, ``period`` and ``value``: each subject's figures by year (``over_time_chart``);
- ``indicator``, ``region``, ``value`` and ``unit``: each indicator and unit across the answer's regions (``indicator_chart``);
- ``subject``, ``indicator``, ``target`` and ``actual``: each subject's targets against actuals (``targets_chart``).

The charts are drawn from the figure rows the build draws ``dist/viz/`` from
(``full_nodes.outline_rows``), so a page's chart of Jinan is the build's chart of Jinan; at most
``CHARTS`` per answer, those with most rows in the answer first. Drawing takes about half a second,
so each SVG is kept (``CACHED`` of them), and drawing is one at a time: matplotlib's style is global.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.drawing.charts import indicator_chart, over_time_chart, target_pairs, targets_chart
from aizones.drawing.full_nodes import outline_rows
from aizones.drawing.outline import Outline

CHARTS = 3  # charts shown under one answer
CACHED = 64  # SVGs kept, the least recently asked for dropped first

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


def _iris(names: list[str], rows: list[tuple], *columns: str) -> Counter:
    """How many rows hold each combination of IRIs in ``columns`` (rows with one unbound are left out)."""
    at = [names.index(c) for c in columns]
    found: Counter = Counter()
    for row in rows:
        terms = [row[i] for i in at]
        if all(isinstance(t, ox.NamedNode) for t in terms):
            found[tuple(t.value for t in terms)] += 1
    return found


def _ranked(found: Counter) -> list[tuple[str, ...]]:
    return sorted(found, key=lambda key: (-found[key], key))


class SeriesCharts:
    """The charts of one served release, drawn from its figure rows (read once, when first needed)."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self._rows = None
        self._drawn: OrderedDict[Chart, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def figure_rows(self):
        with self._lock:
            if self._rows is None:
                self._rows = outline_rows(Outline(self.dataset))
            return self._rows

    def charts(self, names: list[str], rows: list[tuple]) -> list[Chart]:
        """The charts of an answer with columns ``names`` and ``rows``, those that have figures to draw."""
        if not rows:
            return []
        present = set(names)
        chosen: list[Chart] = []
        if present.issuperset(_OVER_TIME):
            figures = self.figure_rows()
            dated = {r.subject for r in figures if r.year is not None}
            chosen += [Chart("over-time", key) for key in _ranked(_iris(names, rows, "subject")) if key[0] in dated]
        elif present.issuperset(_ACROSS):
            figures = self.figure_rows()
            regions = frozenset(key[0] for key in _iris(names, rows, "region"))
            reported = {(r.indicator, r.unit) for r in figures if not r.target and r.subject in regions}
            pairs = _ranked(_iris(names, rows, "indicator", "unit"))
            chosen += [Chart("indicator", key, regions) for key in pairs if key in reported]
        elif present.issuperset(_TARGETS):
            figures = self.figure_rows()
            chosen += [Chart("targets", key) for key in _ranked(_iris(names, rows, "subject")) if target_pairs(figures, key[0])]
        return chosen[:CHARTS]

    def svg(self, chart: Chart) -> bytes:
        """The chart as SVG, the same bytes each time (drawn once, then kept)."""
        rows = self.figure_rows()
        with self._lock:
            if chart in self._drawn:
                self._drawn.move_to_end(chart)
                return self._drawn[chart]
            if chart.kind == "over-time":
                drawn = over_time_chart(rows, chart.key[0], "svg")
            elif chart.kind == "indicator":
                drawn = indicator_chart(rows, chart.key[0], chart.key[1], "svg", subjects=set(chart.subjects))
            else:
                drawn = targets_chart(rows, chart.key[0], "svg")
            self._drawn[chart] = drawn
            if len(self._drawn) > CACHED:
                self._drawn.popitem(last=False)
            return drawn
