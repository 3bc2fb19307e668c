"""The dataset every stage works on: the project's named graphs in one Oxigraph store.

Every triple keeps the file it came from: the graph IRI is derived from the file's path inside the
project (``namespaces.graph_iri_for``), so "which file says this" is a ``GRAPH ?g`` away. The store
is an in-memory Oxigraph store: queries on it are two orders of magnitude faster than rdflib's
engine at the sizes this graph is meant to reach (see ``benchmarks/``). ``aizones.reading.loader``
fills it from the files; every later stage only reads it or adds graphs of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from aizones.core.namespaces import INFERRED_GRAPH

if TYPE_CHECKING:  # label_table reads the label properties of ``labels``, which reads this module
    from aizones.core.label_table import LabelTable

ROLE_ONTOLOGY = "ontology"
ROLE_SHAPES = "shapes"
ROLE_DATA = "data"


@dataclass(frozen=True)
class GraphFile:
    """One file of the project and the named graph it became."""

    path: str  # relative to the project root, POSIX form
    graph: str
    role: str  # ontology, shapes or data
    triples: int
    sha256: str


@dataclass(frozen=True)
class Published:
    """The build folder a dataset was opened from, and each file's sha256 as its manifest said then.

    Those files are the dataset written out (``aizones.publishing.writers.export_dataset`` hands them
    on instead of writing them again), so set it only on a dataset whose store cannot change: one
    opened read-only from that build.
    """

    folder: Path
    sha256: dict[str, str]  # file name in the folder → its sha256


@dataclass
class Dataset:
    """The project's named graphs in one store, with what is known about each."""

    store: ox.Store
    files: list[GraphFile] = field(default_factory=list)
    published: Published | None = None  # the build it was opened from, when its store is read-only
    labels: LabelTable | None = None  # the labels of that build's store, tabled (``label_table``)
    # the graphs whose merge the store's default graph holds (``core.merged_graph``), and in-memory
    # copies made for queries that read fewer graphs than a read-only store's merge
    merged: frozenset[str] = field(default=frozenset(), compare=False)
    copies: dict = field(default_factory=dict, compare=False, repr=False)

    def writable(self) -> Dataset:
        """This dataset, or an in-memory copy of it when its store is a build's, opened read-only: for
        a step that adds graphs of its own to the store while it works (validation does)."""
        if self.published is None:
            return self
        store = ox.Store()
        store.bulk_load(self.store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        store.clear_graph(ox.DefaultGraph())  # the merge: a step that adds graphs would leave it stale
        return Dataset(store, list(self.files))

    def graphs(self, *roles: str) -> list[ox.NamedNode]:
        """The named graphs of the files with one of ``roles`` (all asserted graphs if none given)."""
        return [ox.NamedNode(f.graph) for f in self.files if not roles or f.role in roles]

    @property
    def asserted(self) -> list[ox.NamedNode]:
        return self.graphs()

    @property
    def inferred(self) -> ox.NamedNode:
        return ox.NamedNode(INFERRED_GRAPH)

    def file_of_graph(self, graph: str) -> str | None:
        return next((f.path for f in self.files if f.graph == graph), None)

    def quads(self, graphs: Iterable[ox.NamedNode]) -> list[ox.Quad]:
        """All quads of the given graphs, in no particular order."""
        found: list[ox.Quad] = []
        for name in graphs:
            found.extend(self.store.quads_for_pattern(None, None, None, name))
        return found

    def count(self, graph: ox.NamedNode) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, graph))
