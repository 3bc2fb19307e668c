"""Read ``ontology/`` and ``graph/`` into one dataset, a named graph per file.

Each file goes through the strict parser (``aizones.reading.parser``) into the graph named after its
path (``namespaces.graph_iri_for``), and is recorded with its role, size and sha256 so that a
build can tell later whether the files changed (``aizones.publishing.reopen``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from aizones.core.dataset import ROLE_DATA, ROLE_ONTOLOGY, ROLE_SHAPES, Dataset, GraphFile
from aizones.core.formats import PROJECT_SYNTAXES, RDF_FORMATS
from aizones.core.namespaces import RDF, SH, graph_iri_for
from aizones.reading import parser

# The folders, relative to the project root, whose RDF files make up the dataset.
SOURCE_FOLDERS = ("ontology", "graph")
READ_EXTENSIONS = tuple(ext for name in PROJECT_SYNTAXES for ext in RDF_FORMATS[name].extensions)


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
        data = parser.read_bytes(path, relative)
        graph = ox.NamedNode(graph_iri_for(named))
        parser.load_into(store, data, parser.syntax_for(path), shown_as=relative, base_iri=graph.value, graph=graph)
        role = _role_of(store, graph, relative)
        dataset.files.append(GraphFile(relative, graph.value, role, dataset.count(graph), hashlib.sha256(data).hexdigest()))
    return dataset


def _role_of(store: ox.Store, graph: ox.NamedNode, relative: str) -> str:
    """Shapes are recognised by content (a file declaring SHACL shapes), ontology by folder."""
    for shape_class in (SH.NodeShape, SH.PropertyShape):
        if next(store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(shape_class), graph), None):
            return ROLE_SHAPES
    return ROLE_ONTOLOGY if relative.startswith("ontology/") else ROLE_DATA
