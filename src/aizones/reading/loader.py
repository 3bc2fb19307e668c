"""Read ``ontology/`` and ``graph/`` into one dataset, a named graph per file.

Each file goes through the strict parser (``aizones.reading.parser``) into the graph named after its
path (``namespaces.graph_iri_for``), and is recorded with its role, size and sha256 so that a
build can tell later whether the files changed (``aizones.publishing.reopen``).

What is read: every file under the two folders whose extension (in any case: ``.TTL`` too) is one
the gate reads, and every table (``.csv``) under ``graph/``, read after the RDF files by
``reading.tables`` (``docs/tables.md``); anything else is named in a warning, never skipped in silence. Two kinds of name
are left alone without a word: names starting with ``.`` (``.git/``, ``.DS_Store``, an editor's
``.x.ttl.swp``, a ``.draft.ttl`` kept aside on purpose) and ``README.md``, each folder's own
documentation. Links to folders are not followed (and are named in the warning). A file must be
a regular file (``reading.files``) and, after links, lie inside the project unless
``allow_outside_links`` says otherwise.

Reading and parsing run as one limited step (``core.limits.run``): a file that is too large for
``--memory``, or too slow to parse for ``--timeout``, stops there with exit 5 like any other step.
The child sends the quads back as N-Quads (``limits.fill_graph``), which the parent loads in a
fraction of the parse time.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from aizones.core import files as safe_files
from aizones.core import limits
from aizones.core.dataset import ROLE_DATA, ROLE_ONTOLOGY, ROLE_SHAPES, Dataset, GraphFile
from aizones.core.errors import InputError
from aizones.core.formats import PROJECT_SYNTAXES, RDF_FORMATS
from aizones.core.namespaces import RDF, SH, graph_iri_for
from aizones.reading import parser, tables
from aizones.reading.table_file import TABLE_EXTENSION

# The folders, relative to the project root, whose RDF files make up the dataset.
SOURCE_FOLDERS = ("ontology", "graph")
TABLES_FOLDER = "graph"  # tables are read under this folder only (ontology/ is RDF)
READ_EXTENSIONS = tuple(ext for name in PROJECT_SYNTAXES for ext in RDF_FORMATS[name].extensions)
LEFT_ALONE = ("readme.md",)  # besides names starting with "."; compared in lower case
_WARNED_NAMES = 10  # a warning names this many files, then says how many more


@dataclass(frozen=True)
class Survey:
    """What the source folders hold: the files to read, and everything else that is not read."""

    rdf: list[Path]
    other: list[Path]  # named in the warning
    folder_links: list[Path]
    tables: list[Path]  # CSV files under graph/


@dataclass(frozen=True)
class _Source:
    """One file to read: where it is, how it is shown, its graph, and where it must lie."""

    path: Path
    shown: str
    graph: str
    inside: Path | None  # the resolved project folder it must stay in, None for anywhere


def survey(root: Path) -> Survey:
    """Every file under the source folders, sorted by their POSIX path, split by whether it is read."""
    rdf, other, folder_links, table_files = [], [], [], []
    for folder in SOURCE_FOLDERS:
        pending = [root / folder] if (root / folder).is_dir() else []
        while pending:
            current = pending.pop()
            try:
                entries = list(os.scandir(current))
            except OSError as error:
                raise InputError(f"cannot list the folder ({error.strerror})", _relative_shown(root, current)) from None
            for entry in entries:
                path = Path(entry.path)
                if entry.name.startswith(".") or (entry.name.lower() in LEFT_ALONE and entry.is_file()):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                elif entry.is_symlink() and path.is_dir():
                    folder_links.append(path)
                elif path.suffix.lower() in READ_EXTENSIONS:
                    rdf.append(path)  # a FIFO, device or dangling link too: refused by name when read
                elif folder == TABLES_FOLDER and path.suffix.lower() == TABLE_EXTENSION:
                    table_files.append(path)
                else:
                    other.append(path)
    order = lambda paths: sorted(paths, key=lambda p: p.relative_to(root).as_posix())  # noqa: E731
    return Survey(order(rdf), order(other), order(folder_links), order(table_files))


def discover(root: Path) -> list[Path]:
    """The files read under the source folders (RDF and tables), in a stable order (by their POSIX path)."""
    found = survey(root)
    return _in_order(root, [*found.rdf, *found.tables])


def _in_order(root: Path, paths: list[Path]) -> list[Path]:
    return sorted(paths, key=lambda p: p.relative_to(root).as_posix())


def load_dataset(
    root: Path,
    files: list[Path] | None = None,
    on_file: Callable[[str], None] | None = None,
    extra: Iterable[Path] = (),
    *,
    allow_outside_links: bool = False,
) -> Dataset:
    """Read every project file (or the given ones) into one dataset, a named graph each.

    ``extra`` files are read as if they had been added to ``graph/``: a file outside the project
    becomes the graph ``…/graph/external/<name>``, so a user can check a file before adding it;
    it may lie anywhere (the user named it), but must be a regular file too.
    """
    safe_files.check_root(root, project=False)
    if files is None:
        found = survey(root)
        _warn_unread(root, found)
        files = _in_order(root, [*found.rdf, *found.tables])
    project = root.resolve()
    inside = None if allow_outside_links else project
    sources = _unique([*(_source(root, path, inside) for path in files), *(_extra_source(project, path) for path in extra)])
    dataset = Dataset(ox.Store())
    rdf = [source for source in sources if not _is_table(source.path)]
    table_sources = [source for source in sources if _is_table(source.path)]

    def read() -> list[GraphFile]:
        # RDF first, so that the tables' labels resolve against every graph; listed in the files' order
        read_files = [*(_read(dataset, source, on_file) for source in rdf), *tables.read_tables(dataset.store, table_sources)]
        by_graph = {found.graph: found for found in read_files}
        return [by_graph[source.graph] for source in sources]

    dataset.files.extend(limits.fill_graph("reading ontology/ and graph/", dataset.store, None, read))
    return dataset


def _read(dataset: Dataset, source: _Source, on_file: Callable[[str], None] | None) -> GraphFile:
    if on_file:
        on_file(source.shown)
    data = safe_files.read_regular(source.path, source.shown, limit=parser.MAX_FILE_BYTES, inside=source.inside)
    graph = ox.NamedNode(source.graph)
    syntax = parser.syntax_for(source.path)
    parser.load_into(dataset.store, data, syntax, shown_as=source.shown, base_iri=graph.value, graph=graph)
    role = _role_of(dataset.store, graph, source.shown)
    return GraphFile(source.shown, graph.value, role, dataset.count(graph), hashlib.sha256(data).hexdigest())


def _is_table(path: Path) -> bool:
    return path.suffix.lower() == TABLE_EXTENSION


def _source(root: Path, path: Path, inside: Path | None) -> _Source:
    """A file of the project, named by where it sits (not where a link points)."""
    try:
        relative = Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return _external(path)
    return _Source(path, safe_files.shown_name(relative), graph_iri_for(relative), inside)


def _extra_source(project: Path, path: Path) -> _Source:
    try:
        relative = path.resolve().relative_to(project).as_posix()
    except ValueError:
        return _external(path)
    return _Source(path, safe_files.shown_name(relative), graph_iri_for(relative), None)


def _external(path: Path) -> _Source:
    return _Source(path, safe_files.shown_name(path), graph_iri_for(f"external/{path.name}"), None)


def _unique(sources: list[_Source]) -> list[_Source]:
    """One entry per file; two files that would be one graph (``x.ttl`` and ``x.rdf``) are refused."""
    by_graph: dict[str, _Source] = {}
    for source in sources:
        seen = by_graph.setdefault(source.graph, source)
        if seen is not source and os.path.abspath(seen.path) != os.path.abspath(source.path):
            raise InputError(
                f"{seen.shown} and {source.shown} would both be the graph <{source.graph}>; rename one of them",
            )
    return list(by_graph.values())


def _warn_unread(root: Path, found: Survey) -> None:
    """One line on stderr for files that are not read, one for links to folders that are not followed."""
    if found.other:
        extensions = ", ".join(READ_EXTENSIONS)
        print(f"warning: not read (not an RDF file by its extension: {extensions}): {_listed(root, found.other)}", file=sys.stderr)
    if found.folder_links:
        print(
            f"warning: not read (a link to a folder is not followed; link each file instead): {_listed(root, found.folder_links)}",
            file=sys.stderr,
        )


def _listed(root: Path, paths: list[Path]) -> str:
    names = [_relative_shown(root, path) for path in paths[:_WARNED_NAMES]]
    more = len(paths) - len(names)
    return ", ".join(names) + (f" and {more} more" if more else "")


def _relative_shown(root: Path, path: Path) -> str:
    return safe_files.shown_name(path.relative_to(root).as_posix())


def _role_of(store: ox.Store, graph: ox.NamedNode, relative: str) -> str:
    """Shapes are recognised by content (a file declaring SHACL shapes), ontology by folder."""
    for shape_class in (SH.NodeShape, SH.PropertyShape):
        if next(store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(shape_class), graph), None):
            return ROLE_SHAPES
    return ROLE_ONTOLOGY if relative.startswith("ontology/") else ROLE_DATA
