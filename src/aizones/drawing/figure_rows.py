"""Reported figures as plain rows, and the words that describe them in the panel and in chart captions.

The projection attaches each figure to the node it is about (``figures`` on the node, see
``projection.py``); this module turns those into ``FigureRow`` values with a number, a year and
readable labels, and says one figure in one line: ``core AI output, 2021: more than 12.5 billion
yuan (CNY) (actual, +25 % on a year earlier)``, its number in words by ``aizones.core.amounts``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from aizones.core.amounts import number_words
from aizones.core.labels import shorten
from aizones.core.namespaces import AIZC

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class FigureRow:
    """One reported figure with what a chart needs; ``value`` is in base units."""

    iri: str
    subject: str
    subject_label: str
    indicator: str
    indicator_label: str
    period: str
    year: int | None
    value: float
    value_text: str  # the value as the source states it, for labels in words (``aizones.core.amounts``)
    unit: str
    unit_label: str
    unit_code: str
    qualifier_label: str
    target: bool
    document_label: str
    sources: tuple[str, ...]

    @property
    def unit_short(self) -> str:
        return self.unit_code or self.unit_label


def figure_text(figure: dict) -> str:
    """One line for one figure (a ``figures`` entry of a projected node)."""
    what = figure["indicator_label"] or "figure"
    when = f", {figure['period']}" if figure["period"] else ""
    qualifier = figure["qualifier_label"]
    amount = number_words(figure["value"]) if figure["value"] else "?"
    unit = figure["unit_label"]
    if figure["unit_code"] and figure["unit_code"] not in unit:
        unit = f"{unit} ({figure['unit_code']})"
    said = " ".join(part for part in (qualifier if qualifier and qualifier != "exact" else "", amount, unit) if part)
    notes = [figure["kind_label"]] if figure["kind_label"] else []
    if figure["growthRate"]:
        notes.append(f"{figure['growthRate']} % on a year earlier")
    return f"{what}{when}: {said}" + (f" ({', '.join(notes)})" if notes else "")


def figure_rows(graph: nx.MultiDiGraph) -> list[FigureRow]:
    """Every figure attached to a node of the projected graph, in a stable order, its labels
    shortened for the charts (``aizones.core.labels.shorten``)."""
    rows = (figure_row(node, data["label"], f) for node, data in graph.nodes(data=True) for f in data["figures"])
    return sorted_rows(row for row in rows if row is not None)


def sorted_rows(rows: Iterable[FigureRow]) -> list[FigureRow]:
    """The rows in the charts' order (a figure about two subjects is a row of each)."""
    return sorted(rows, key=lambda r: (r.subject, r.indicator, r.period, r.unit, r.target, r.iri))


def figure_row(node: str, label: str, f: dict) -> FigureRow | None:
    """The row of figure ``f`` (a ``figures`` entry) about ``node``, labelled ``label``; None if its value is no number."""
    try:
        value = float(Decimal(f["value"]))
    except (InvalidOperation, ValueError):
        return None
    return FigureRow(
        iri=f["iri"],
        subject=node,
        subject_label=shorten(label),
        indicator=f["indicator"],
        indicator_label=shorten(f["indicator_label"]),
        period=f["period"],
        year=int(f["period"][:4]) if f["period"][:4].isdigit() else None,
        value=value,
        value_text=f["value"],
        unit=f["unit"],
        unit_label=shorten(f["unit_label"]),
        unit_code=f["unit_code"],
        qualifier_label=f["qualifier_label"],
        target=f["figureKind"] == AIZC.target,
        document_label=shorten(f["document_label"]),
        sources=tuple(f["sources"]),
    )
