"""Read ``ontology/`` and ``graph/`` into one dataset, a named graph per file.

Every triple keeps the file it came from: the graph IRI is derived from the file's path inside the
project (``namespaces.graph_iri_for``), so "which file says this" is a ``GRAPH ?g`` away. The store
is an in-memory Oxigraph store: queries on it are two orders of magnitude faster than rdflib's
engine at the sizes this graph is meant to reach (see the performance issue and ``benchmarks/``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from aizones import gate
from aizones.namespaces import INFERRED_GRAPH, RDF, SH, graph_iri_for

# The folders, relative to the project root, whose RDF files make up the dataset.
SOURCE_FOLDERS = ("ontology", "graph")
READ_EXTENSIONS = (".ttl", ".nt", ".jsonld")

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


@dataclass
class Dataset:
    """The project's named graphs in one store, with what is known about each."""

    store: ox.Store
    files: list[GraphFile] = field(default_factory=list)

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


def discover(root: Path) -> list[Path]:
    """The RDF files under the source folders, in a stable order (by their POSIX path)."""
    found = [
        path
        for folder in SOURCE_FOLDERS
        if (root / folder).is_dir()
        for path in (root / folder).rglob("*")
        if path.suffix in READ_EXTENSIONS and path.is_file() and not any(p.startswith(".") for p in path.relative_to(root).parts)
    ]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def load_dataset(
    root: Path,
    files: list[Path] | None = None,
    on_file: Callable[[str], None] | None = None,
    extra: list[Path] = (),
) -> Dataset:
    """Read every project file (or the given ones) into one dataset, a named graph each.

    ``extra`` files are read as if they had been added to ``graph/``: a file outside the project
    becomes the graph ``…/graph/external/<name>``, so a user can check a file before adding it.
    """
    store = ox.Store()
    dataset = Dataset(store)
    for path in [*(files if files is not None else discover(root)), *extra]:
        try:
            relative = named = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            relative, named = str(path), f"external/{path.name}"
        if on_file:
            on_file(relative)
        data = gate.read_bytes(path, relative)
        graph = ox.NamedNode(graph_iri_for(named))
        gate.load_into(store, data, gate.syntax_for(path), shown_as=relative, base_iri=graph.value, graph=graph)
        role = _role_of(store, graph, relative)
        dataset.files.append(GraphFile(relative, graph.value, role, dataset.count(graph), hashlib.sha256(data).hexdigest()))
    return dataset


def _role_of(store: ox.Store, graph: ox.NamedNode, relative: str) -> str:
    """Shapes are recognised by content (a file declaring SHACL shapes), ontology by folder."""
    for shape_class in (SH.NodeShape, SH.PropertyShape):
        if next(store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(shape_class), graph), None):
            return ROLE_SHAPES
    return ROLE_ONTOLOGY if relative.startswith("ontology/") else ROLE_DATA
