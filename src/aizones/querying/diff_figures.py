"""What ``aizones diff`` needs to say a reported figure in words: whom it is about, what it counts,
when, its amount with unit and qualifier, whether it is a target, and the document that reports it.

A figure is a node of its own (``aiz:ReportedFigure``), so a changed value is one fact of it; a
reader wants the figure around that value ("Wuhan: AI enterprises (2024) 1,000 → 1,326"), read
here from one side's asserted graphs. The values are kept as the data has them (the lexical value,
the unit and qualifier IRIs) so that ``diff_words`` turns them into words the one way amounts are.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.labels import Labeller
from aizones.core.namespaces import AIZ, AIZC

_DOCUMENT_NUMBER = re.compile(r"doc-(\d+)-")  # id:doc-002-jinan-…: the number of its source file


def figure(dataset: Dataset, labeller: Labeller, iri: str) -> dict[str, object]:
    """The figure ``iri`` as the asserted graphs of ``dataset`` state it (empty strings where they don't)."""
    asserted = set(dataset.asserted)
    said: dict[str, list[ox.NamedNode | ox.Literal]] = {}
    for quad in dataset.store.quads_for_pattern(ox.NamedNode(iri), None, None, None):
        if quad.graph_name in asserted and not isinstance(quad.object, ox.BlankNode):
            said.setdefault(quad.predicate.value, []).append(quad.object)

    def first(predicate: str) -> str:
        values = sorted(term.value for term in said.get(predicate, ()))
        return values[0] if values else ""

    def labels(predicate: str) -> str:
        return " and ".join(sorted(labeller.label(term.value) for term in said.get(predicate, ())))

    documents = sorted(term.value for term in said.get(AIZ.reportedIn, ()))
    return {
        "subject": labels(AIZ.subject) or labeller.label(iri),
        "indicator": labels(AIZ.indicator) or "figure",
        "period": first(AIZ.period),
        "value": first(AIZ.value),
        "unit": first(AIZ.unit),
        "qualifier": first(AIZ.qualifier),
        "target": first(AIZ.figureKind) == AIZC.target,
        "document": ", ".join(_document(labeller, d) for d in documents),
    }


def _document(labeller: Labeller, iri: str) -> str:
    found = _DOCUMENT_NUMBER.search(iri)
    return f"document {found.group(1)}" if found else labeller.label(iri)
