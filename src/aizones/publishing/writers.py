"""Deterministic serialisation in every RDF format the project writes.

The same quads always give the same bytes: blank nodes are relabelled by the W3C RDF Dataset
Canonicalization (RDFC-1.0), triples are sorted by their N-Triples lines graph by graph
(``aizones.publishing.canonical``), and the writers are Oxigraph's (an order of magnitude faster than
rdflib's). The formats are the entries of the one registry, ``aizones.core.formats``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from aizones.core.errors import InputError, UsageError
from aizones.core.formats import RDF_FORMATS, RdfFormat
from aizones.core.namespaces import PREFIXES
from aizones.publishing import canonical as canonical_form
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


class Writer:
    """One canonical form written in any format.

    N-Triples and N-Quads are the form's own lines; the other formats are written by Oxigraph from
    those lines parsed as a stream, so no list of a million quad objects is ever held.
    """

    def __init__(self, form: canonical_form.CanonicalForm) -> None:
        self.form = form
        self._lines: dict[bool, bytes] = {}

    def expected(self, fmt: RdfFormat) -> bytes:
        """What ``fmt`` carries, as N-Quads: every quad, or the union of the graphs (N-Triples)."""
        if fmt.carries_graphs not in self._lines:
            self._lines[fmt.carries_graphs] = self.form.nquads() if fmt.carries_graphs else self.form.ntriples()
        return self._lines[fmt.carries_graphs]

    def count(self, fmt: RdfFormat) -> int:
        return len(self.form) if fmt.carries_graphs else len(self.form.union_lines)

    def write(self, fmt: RdfFormat) -> bytes:
        lines = self.expected(fmt)
        if fmt.oxigraph in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES):
            return lines
        source = ox.RdfFormat.N_QUADS if fmt.carries_graphs else ox.RdfFormat.N_TRIPLES
        try:
            data = ox.serialize(ox.parse(lines, source), format=fmt.oxigraph, prefixes=PREFIXES)
        except (ValueError, TypeError, OSError) as error:
            raise UsageError(f"cannot write {fmt.name}: {error}") from None
        if fmt.oxigraph == ox.RdfFormat.RDF_XML:
            data = data.replace(b"\r", b"&#13;")  # XML reads a raw CR as LF; the reference keeps it
        return _sorted_prefix_lines(data)


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
    formats get every asserted graph plus the inferred graph (unless ``inference`` is off).
    """
    graphs = [*dataset.asserted, dataset.inferred] if inference else dataset.asserted
    check_store_portable(dataset.store)
    return Writer(canonical_form.of_store(dataset.store, graphs)).write(fmt)
