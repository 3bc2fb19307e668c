"""What the projection attaches to a node for its panel: its facts, and the reported figures about it.

Both are read from ``asserted.Asserted`` rows, whose objects are ``term_key`` strings: a fact's value
and language, and a figure part's value, come back out of the key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aizones.core.namespaces import AIZ, RDF
from aizones.drawing.asserted_index import key_language, key_value

if TYPE_CHECKING:
    from aizones.drawing.asserted_index import Asserted as Labels  # or its subclass outline.Outline: labels and notations

# Spelt out once, not per figure (see projection.py); the order is the order of a figure's keys.
FIGURE_PARTS = {AIZ[name]: name for name in ("indicator", "period", "value", "unit", "qualifier", "figureKind", "growthRate", "reportedIn")}
FIGURE_SUBJECT = AIZ.subject
TYPE = RDF.type


def node_facts(statements: dict[tuple[str, str], list[str]], index: Labels, kinds: dict[str, str]) -> list[dict]:
    """Every asserted value of an entity, as the panel shows it, with the graphs stating it.

    ``statements`` maps ``(predicate, object key)`` to the graphs stating it, first seen first: two
    facts that sort equal keep that order.
    """
    rows = []
    for (predicate, obj), graphs in statements.items():
        if predicate == TYPE:
            continue
        row = {"property": predicate, "property_label": index.label(predicate, "en"), "sources": sorted(graphs)}
        if obj.startswith('"'):
            row["value"] = key_value(obj)
            row["language"] = key_language(obj)
        elif obj.startswith("_:"):
            row["value"] = "(a nested description)"
        else:
            row["value"] = index.label(obj, "en")
            row["iri"] = obj
            if obj in kinds:
                row["node"] = obj
        rows.append(row)
    rows.sort(key=lambda r: (r["property_label"], r["value"], r["property"]))
    return rows


class FigureParts:
    """What one reported figure states, gathered a row at a time: each part's least key, what it is about, its graphs.

    ``reported_figure`` fills one from a figure's rows; ``outline.Outline`` fills one per figure as
    it reads the store, without keeping the rows.
    """

    __slots__ = ("about", "graphs", "least")

    def __init__(self) -> None:
        self.least: dict[str, str] = {}
        self.about: list[str] = []
        self.graphs: set[str] = set()

    def add(self, predicate: str, obj: str, graph: str) -> None:
        self.graphs.add(graph)
        name = FIGURE_PARTS.get(predicate)
        if name is not None:
            least = self.least.get(name)
            if least is None or obj < least:
                self.least[name] = obj
        elif predicate == FIGURE_SUBJECT:
            self.about.append(obj)


def reported_figure(figure: str, rows: list[tuple[str, str, str]], index: Labels) -> tuple[dict, list[str]]:
    """One reported figure, its parts by name, the way a chart caption and the panel show it; and what it is about.

    ``rows`` are the figure's ``(predicate, object key, graph)``; a part stated twice counts by its
    least key. What it is about: the objects of its ``aiz:subject``, as keys.
    """
    parts = FigureParts()
    for predicate, obj, graph in rows:
        parts.add(predicate, obj, graph)
    return shown_figure(figure, parts, index), parts.about


def shown_figure(figure: str, found: FigureParts, index: Labels) -> dict:
    """The figure's entry in a node's ``figures``: its parts by name, their labels, its graphs."""
    parts = dict.fromkeys(FIGURE_PARTS.values(), "")
    for name, obj in found.least.items():
        parts[name] = key_value(obj)
    return {
        "iri": figure,
        **parts,
        "indicator_label": index.label(parts["indicator"], "en") if parts["indicator"] else "",
        "unit_label": index.label(parts["unit"], "en") if parts["unit"] else "",
        "unit_code": min(index.notations.get(parts["unit"], []), default="") if parts["unit"] else "",
        "qualifier_label": index.label(parts["qualifier"], "en") if parts["qualifier"] else "",
        "kind_label": index.label(parts["figureKind"], "en") if parts["figureKind"] else "",
        "document_label": index.label(parts["reportedIn"], "en") if parts["reportedIn"] else "",
        "sources": sorted(found.graphs),
    }
