"""Counts that describe the dataset: triples per named graph, instances per class."""

from __future__ import annotations

from dataclasses import dataclass

from aizones.core.dataset import Dataset
from aizones.core.graph_counts import GraphCount, graph_counts
from aizones.core.merged_graph import scope
from aizones.core.namespaces import INFERRED_GRAPH, PREFIXES
from aizones.core.release_data import Release, release_of

__all__ = ["ClassCount", "GraphCount", "Stats", "render_stats", "stats"]
NO_RELEASE = Release("", "")


@dataclass(frozen=True)
class ClassCount:
    cls: str
    label: str
    asserted: int
    with_inferred: int


@dataclass(frozen=True)
class Stats:
    graphs: list[GraphCount]
    classes: list[ClassCount]
    release: Release = NO_RELEASE

    @property
    def total(self) -> int:
        return sum(g.triples for g in self.graphs)


_CLASS_COUNTS = """
SELECT ?class (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?asserted) AS ?stated) (COUNT(DISTINCT ?any) AS ?all) WHERE {
  { GRAPH ?g { ?any a ?class } FILTER(?g IN (%(asserted)s)) BIND(?any AS ?asserted) }
  UNION
  { GRAPH <%(inferred)s> { ?any a ?class } }
  OPTIONAL { ?class rdfs:label ?name FILTER(langMatches(lang(?name), "en")) }
  FILTER(STRSTARTS(STR(?class), STR(aiz:)))
}
GROUP BY ?class
ORDER BY DESC(?all) ?class
"""


def stats(dataset: Dataset) -> Stats:
    """Triples of every named graph (the inferred one included) and instances of every aiz: class."""
    graphs = graph_counts(dataset)  # the counts the dataset description states too
    query = _CLASS_COUNTS % {"asserted": ", ".join(f"<{g.value}>" for g in dataset.asserted) or "<urn:none>", "inferred": INFERRED_GRAPH}
    store, options = scope(dataset)  # the labels from the merge (the counts name their graphs)
    classes = [
        ClassCount(row["class"].value, row["label"].value if row["label"] else "", int(row["stated"].value), int(row["all"].value))
        for row in store.query(query, prefixes=PREFIXES, **options)
    ]
    return Stats(graphs, classes, release_of(dataset))


def render_stats(result: Stats) -> str:
    width = max([len(g.file or g.graph) for g in result.graphs] + [10])
    release = result.release
    lines = (
        [f"dataset version {release.version}" + (f", released {release.issued}" if release.issued else ""), ""] if release.version else []
    )
    lines.append(f"{'named graph (file)':{width}}  {'role':9}  triples  entities  figures")
    for g in result.graphs:
        lines.append(f"{(g.file or g.graph):{width}}  {g.role:9}  {g.triples:>7}  {g.entities:>8}  {g.figures:>7}")
    lines.append(f"{'total':{width}}  {'':9}  {result.total:>7}")
    if result.classes:
        cwidth = max(len(c.label or c.cls) for c in result.classes)
        lines += ["", f"{'class':{cwidth}}  asserted  with inferred"]
        lines += [f"{(c.label or c.cls):{cwidth}}  {c.asserted:>8}  {c.with_inferred:>13}" for c in result.classes]
    return "\n".join(lines) + "\n"
