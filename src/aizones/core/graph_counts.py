"""What each named graph holds, counted once for everyone who shows it.

``aizones stats`` prints these counts and the dataset description (``publishing.description``)
states them as VoID, so the two can never disagree: both take them from here. A graph's entities
are its distinct typed subjects (what the file describes), its figures the reported figures among
them; the inferred graph is counted by its triples alone, and only when it holds any.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.namespaces import AIZ, INFERRED_GRAPH, RDF


@dataclass(frozen=True)
class GraphCount:
    graph: str
    file: str
    role: str
    triples: int
    entities: int = 0  # distinct typed subjects: what the file describes
    figures: int = 0  # reported figures


def graph_counts(dataset: Dataset) -> list[GraphCount]:
    """Every file's graph in the order read, then the inferred graph when it holds triples."""
    counts = [
        GraphCount(f.graph, f.path, f.role, dataset.count(ox.NamedNode(f.graph)), *_described(dataset, ox.NamedNode(f.graph)))
        for f in dataset.files
    ]
    inferred = dataset.count(dataset.inferred)
    if inferred:
        counts.append(GraphCount(INFERRED_GRAPH, "", "inferred", inferred))
    return counts


def _described(dataset: Dataset, graph: ox.NamedNode) -> tuple[int, int]:
    typed = ox.NamedNode(RDF.type)
    subjects, figures = set(), 0
    for quad in dataset.store.quads_for_pattern(None, typed, None, graph):
        subjects.add(quad.subject)
        figures += quad.object == ox.NamedNode(AIZ.ReportedFigure)
    return len(subjects), figures
