"""Deterministic serialisation in every RDF format the project writes.

The same quads always give the same bytes: blank nodes are relabelled by the W3C RDF Dataset
Canonicalization (RDFC-1.0), triples are sorted by their N-Triples lines graph by graph
(``aizones.publishing.canonical``), and the writers are Oxigraph's (an order of magnitude faster than
rdflib's). The formats are the entries of the one registry, ``aizones.core.formats``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from aizones.core.errors import InputError, UsageError
from aizones.core.formats import RDF_FORMATS, RdfFormat
from aizones.core.namespaces import DESCRIPTION_GRAPH, PREFIXES
from aizones.publishing import canonical as canonical_form
from aizones.publishing import jsonld, turtle
from aizones.publishing.layout import BUILT_DATASET, DATASET_FILES, UNION_FILES
from aizones.publishing.statements import Lists, find_lists
from aizones.reading import portable


def export_format(name: str) -> RdfFormat:
    if name not in RDF_FORMATS:
        raise UsageError(f"unknown export format {name!r}; use one of {', '.join(RDF_FORMATS)}")
    return RDF_FORMATS[name]


def format_for_extension(filename: str) -> RdfFormat:
    """The export format a file name asks for (``dist/x.trig`` → trig)."""
    for candidate in RDF_FORMATS.values():
        if filename.lower().endswith(candidate.extension):
            return candidate
    known = ", ".join(f.extension for f in RDF_FORMATS.values())
    raise UsageError(f"cannot tell the format of {filename!r} from its extension ({known}); pass --format")


def canonical(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads with canonical blank node labels, once each, in the one order every writer uses."""
    return canonical_form.of_quads(quads).quads()


def canonical_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """One byte string per distinct dataset: what the re-read check and the tests compare."""
    return canonical_form.of_quads(quads).nquads()


LINE_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)  # written as the form's own lines
# Written by our own writers from the lines (``aizones.publishing.turtle``, ``.jsonld``), for people:
# statements in another order than the lines', and lists with blank nodes a parser labels anew.
READABLE_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD)


class Writer:
    """One canonical form written in any format.

    N-Triples and N-Quads are the form's own lines; Turtle, TriG and JSON-LD are written for people
    from the lines by ``aizones.publishing.turtle`` and ``aizones.publishing.jsonld``; RDF/XML by
    Oxigraph from those lines parsed as a stream (from a file of them, when one is at hand). No list
    of a million quad objects, and no whole text of them, is ever held.
    """

    def __init__(self, form: canonical_form.CanonicalForm) -> None:
        self.form = form
        self._lines: dict[bool, bytes] = {}
        self._digests: dict[bool, str] = {}
        # Files holding ``expected(fmt)`` (by ``fmt.carries_graphs``), written by the staging folder:
        # the other formats are made from them.
        self.line_files: dict[bool, Path] = {}
        self._lists: dict[bool, dict[bytes, Lists]] = {}
        self._context: jsonld.Context | None = None

    def expected(self, fmt: RdfFormat) -> bytes:
        """What ``fmt`` carries, as N-Quads: every quad, or the union of the graphs (N-Triples)."""
        if fmt.carries_graphs not in self._lines:
            self._lines[fmt.carries_graphs] = self.form.nquads() if fmt.carries_graphs else self.form.ntriples()
        return self._lines[fmt.carries_graphs]

    def digest(self, fmt: RdfFormat) -> str:
        """The sha256 of ``expected(fmt)``, made piece by piece (the text itself is not kept)."""
        if fmt.carries_graphs not in self._digests:
            sha = hashlib.sha256()
            for chunk in self.form.chunks(carries_graphs=fmt.carries_graphs):
                sha.update(chunk)
            self._digests[fmt.carries_graphs] = sha.hexdigest()
        return self._digests[fmt.carries_graphs]

    def graphs(self, fmt: RdfFormat) -> dict[bytes, list[bytes]]:
        """The lines ``fmt`` carries, by graph: every graph, or the union as the default graph."""
        return self.form.graphs if fmt.carries_graphs else {canonical_form.DEFAULT: self.form.union_lines}

    def lists(self, fmt: RdfFormat) -> dict[bytes, Lists]:
        """The RDF lists the readable writers write as lists, by graph (``aizones.publishing.statements``)."""
        if fmt.carries_graphs not in self._lists:
            blank = self.form.blank_graphs
            scanned = blank if fmt.carries_graphs else (None if blank else frozenset())
            self._lists[fmt.carries_graphs] = find_lists(self.graphs(fmt), scanned)
        return self._lists[fmt.carries_graphs]

    def line_sums(self, fmt: RdfFormat) -> tuple[int, int]:
        """The order-free digest (``canonical.LineSums``) of the canonical N-Quads of what ``fmt``
        carries: what a readable file parsed back (``aizones.publishing.reread``) must give."""
        return canonical_form.line_sums(self.form, carries_graphs=fmt.carries_graphs)

    def jsonld_context(self) -> jsonld.Context:
        """The JSON-LD context of every graph (``aizones.publishing.jsonld``)."""
        if self._context is None:
            self._context = jsonld.context_of(self.form.graphs.values())
        return self._context

    def count(self, fmt: RdfFormat) -> int:
        return len(self.form) if fmt.carries_graphs else len(self.form.union_lines)

    def write(self, fmt: RdfFormat) -> bytes:
        buffer = io.BytesIO()
        self.write_to(fmt, buffer)
        return buffer.getvalue()

    def write_to(self, fmt: RdfFormat, handle: BinaryIO, lines: Path | None = None) -> None:
        """Write ``fmt`` into ``handle``; ``lines``, a file holding ``expected(fmt)``, is read instead of
        the form when given (a forked child then touches none of the parent's objects)."""
        if fmt.oxigraph in LINE_FORMATS:
            sha = hashlib.sha256()
            for chunk in self.form.chunks(carries_graphs=fmt.carries_graphs):
                sha.update(chunk)
                handle.write(chunk)
            self._digests.setdefault(fmt.carries_graphs, sha.hexdigest())  # the lines are what is meant
            return
        if fmt.oxigraph in READABLE_FORMATS:  # from the form's lines (a forked child reads them copy-on-write)
            if fmt.oxigraph == ox.RdfFormat.JSON_LD:
                jsonld.write(self.graphs(fmt), self.lists(fmt), self.jsonld_context(), handle)
            else:
                turtle.write(self.graphs(fmt), self.lists(fmt), handle, dataset=fmt.carries_graphs)
            return
        source = ox.RdfFormat.N_QUADS if fmt.carries_graphs else ox.RdfFormat.N_TRIPLES
        sink = _Tidied(handle, xml=fmt.oxigraph == ox.RdfFormat.RDF_XML)
        # lenient: the lines are Oxigraph's own canonical N-Quads of terms checked when read, and
        # checking every IRI again took more than half of each writer's time
        with open(lines, "rb") if lines else contextlib.nullcontext(_Pieces(self.form.chunks(carries_graphs=fmt.carries_graphs))) as text:
            try:
                ox.serialize(ox.parse(text, source, lenient=True), sink, format=fmt.oxigraph, prefixes=PREFIXES)
            except (ValueError, TypeError) as error:
                raise UsageError(f"cannot write {fmt.name}: {error}") from None
        sink.close()


class _Pieces:
    """Pieces of text read as one file (what Oxigraph's parser asks of its input: at most ``size``
    bytes a call, and nothing only at the end)."""

    def __init__(self, pieces: Iterable[bytes]) -> None:
        self._pieces = iter(pieces)
        self._piece, self._offset = b"", 0

    def read(self, size: int = -1) -> bytes:
        while self._offset >= len(self._piece):
            self._piece, self._offset = next(self._pieces, None), 0
            if self._piece is None:
                self._piece = b""
                return b""
        end = len(self._piece) if size < 0 else self._offset + size
        data = self._piece[self._offset : end]
        self._offset += len(data)
        return data


class _Tidied:
    """A writer's output on its way to a file, made deterministic where Oxigraph does not promise it.

    The ``@prefix`` lines at the top come in no fixed order: they are held until the first other
    line and written sorted. In RDF/XML a raw CR would be read back as LF: it is written ``&#13;``,
    as the reference writer does (a single byte, so replacing it piece by piece is exact).
    """

    def __init__(self, handle: BinaryIO, *, xml: bool) -> None:
        self._handle = handle
        self._xml = xml
        self._head: bytes | None = b""  # None once the prefix lines are behind

    def write(self, data: bytes) -> int:
        taken = len(data)  # what the writer gave, whatever is made of it (it checks the count)
        if self._xml:
            data = data.replace(b"\r", b"&#13;")
        if self._head is None:
            self._handle.write(data)
            return taken
        self._head += data
        lines = self._head.split(b"\n")
        if not (all(line.startswith(b"@prefix ") for line in lines[:-1]) and b"@prefix ".startswith(lines[-1][:8])):
            self.close()  # past the prefix lines (until then, the last one perhaps half written)
        return taken

    def flush(self) -> None:
        """Oxigraph flushes at the end; what is held is written by ``close``."""

    def close(self) -> None:
        if self._head is not None:
            self._handle.write(_sorted_prefix_lines(self._head))
            self._head = None


def serialize(quads: Iterable[ox.Quad], fmt: RdfFormat) -> bytes:
    """Serialise quads in ``fmt``. A triples format gets the union of all their graphs."""
    quads = list(quads)
    _check_portable(quads)
    return Writer(canonical_form.of_quads(quads)).write(fmt)


def check_store_portable(store: ox.Store) -> None:
    """``_check_portable`` for what is in a store: its literals passed the input gate, its predicates
    did too except where a reasoner put a property in predicate position that the files only named."""
    rows = store.query("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }")
    _refuse_least(_predicate_problems(row["p"] for row in rows))


def _check_portable(quads: list[ox.Quad]) -> None:
    """Refuse, in every format alike, a term one format cannot carry (see ``aizones.reading.portable``)."""
    problems = _predicate_problems({q.predicate for q in quads})
    problems.update(found for q in quads if type(q.object) is not ox.NamedNode for found in [portable.problem_with(q)] if found)
    _refuse_least(problems)


def _predicate_problems(predicates: Iterable[ox.NamedNode]) -> set[str]:
    return {found for found in map(portable.predicate_problem, predicates) if found}


def _refuse_least(problems: set[str]) -> None:
    """Of several problems the least by its text is reported, so the message does not depend on the
    order the terms came in (the quads of a dataset and the triples of its union differ in order)."""
    if problems:
        raise InputError(min(problems))


def _sorted_prefix_lines(data: bytes) -> bytes:
    """Put the ``@prefix`` lines in one order: the writer does not promise one."""
    lines = data.split(b"\n")
    count = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")), len(lines))
    return b"\n".join(sorted(lines[:count]) + lines[count:]) if count > 1 else data


def export_dataset(dataset, fmt: RdfFormat, *, inference: bool = True) -> bytes:
    """The dataset in ``fmt``: named graphs kept where the format carries them, else their union.

    Triples formats get the asserted union (plus the inferred triples with ``inference``); dataset
    formats get every asserted graph plus the inferred graph (unless ``inference`` is off). From a
    build opened read-only (``dataset.published``), the build's own file is these very bytes.
    """
    published = _published_file(dataset, fmt, inference)
    if published is not None:
        return published
    graphs = [*dataset.asserted, dataset.inferred] if inference else dataset.asserted
    whole = _published_bytes(dataset, BUILT_DATASET) if inference else None
    if whole is not None:  # the union with the inferred triples: split back from the build's N-Quads
        # (the build checked its store as below before it wrote that file: 0.6 s at a million triples)
        with contextlib.suppress(ValueError):  # its description graph too (``publishing.description``), left out here
            form = canonical_form.of_release(whole, [*graphs, ox.NamedNode(DESCRIPTION_GRAPH)])
            part = form.only(canonical_form.graph_key(graph) for graph in graphs)
            if part is not None:
                return Writer(part).write(fmt)
    check_store_portable(dataset.store)
    return Writer(canonical_form.of_store(dataset.store, graphs)).write(fmt)


def export_graphs(dataset, fmt: RdfFormat, graphs: Sequence[ox.NamedNode]) -> tuple[bytes, int]:
    """Only ``graphs`` in ``fmt`` (their union for a triples format), and how many triples (quads,
    for a dataset format) that is. Canonicalised on their own, so one source's file is the same
    whatever else the dataset holds: a graph or two is milliseconds even in a large store."""
    form = canonical_form.of_store(dataset.store, graphs)
    count = len(form) if fmt.carries_graphs else len(form.union_lines)
    return Writer(form).write(fmt), count


def _published_file(dataset, fmt: RdfFormat, inference: bool) -> bytes | None:
    """The build's file of this export, when there is one and it is still the one the dataset was
    opened with: the dataset formats hold every graph, inferred included; the triples formats the
    asserted union (``pipeline.build`` writes them from the same canonical forms)."""
    published = getattr(dataset, "published", None)
    if published is None or fmt.carries_graphs != inference:
        return None
    files = DATASET_FILES if fmt.carries_graphs else UNION_FILES
    name = next((name for name, written in files.items() if written == fmt.name), None)
    return None if name is None else _published_bytes(dataset, name)


def _published_bytes(dataset, name: str) -> bytes | None:
    """A file of the build the dataset was opened from, if it is still the one its manifest named."""
    published = getattr(dataset, "published", None)
    if published is None or name not in published.sha256:
        return None
    try:
        data = (published.folder / name).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == published.sha256[name] else None  # else rebuilt since: write it
