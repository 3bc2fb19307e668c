"""Deterministic serialisation in every RDF format the project writes.

The same quads always give the same bytes: blank nodes are relabelled by the W3C RDF Dataset
Canonicalization (RDFC-1.0), quads are sorted by their N-Quads form, and the writers are Oxigraph's
(an order of magnitude faster than rdflib's). One registry maps a format name to its extension,
its Oxigraph format and whether it carries named graphs; the CLI, the build and the tests all go
through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from aizones.errors import InputError, UsageError
from aizones.namespaces import PREFIXES


@dataclass(frozen=True)
class ExportFormat:
    """An RDF format the project writes."""

    name: str
    extension: str
    format: ox.RdfFormat
    carries_graphs: bool
    media_type: str


EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("turtle", ".ttl", ox.RdfFormat.TURTLE, False, "text/turtle"),
        ExportFormat("trig", ".trig", ox.RdfFormat.TRIG, True, "application/trig"),
        ExportFormat("nt", ".nt", ox.RdfFormat.N_TRIPLES, False, "application/n-triples"),
        ExportFormat("nq", ".nq", ox.RdfFormat.N_QUADS, True, "application/n-quads"),
        ExportFormat("jsonld", ".jsonld", ox.RdfFormat.JSON_LD, True, "application/ld+json"),
        ExportFormat("xml", ".rdf", ox.RdfFormat.RDF_XML, False, "application/rdf+xml"),
    )
}


def export_format(name: str) -> ExportFormat:
    if name not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {name!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return EXPORT_FORMATS[name]


def format_for_extension(filename: str) -> ExportFormat:
    """The export format a file name asks for (``dist/x.trig`` → trig)."""
    for candidate in EXPORT_FORMATS.values():
        if filename.lower().endswith(candidate.extension):
            return candidate
    known = ", ".join(f.extension for f in EXPORT_FORMATS.values())
    raise UsageError(f"cannot tell the format of {filename!r} from its extension ({known}); pass --format")


def canonical(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads with canonical blank node labels, sorted: the one order every writer uses.

    RDFC-1.0 labels a blank node from the quads that mention blank nodes only, so only those are
    canonicalised (the same labels, far less work). That step runs under the time and memory
    limits: eight blank nodes all linked alike take it 10 s, a chain of 500 over 30 s
    (``docs/reliability.md``).
    """
    quads = list(quads)
    blank = [q for q in quads if _has_blank(q)]
    if blank:
        from aizones.limits import run

        # Below 32 such quads the worst case (7 blank nodes all alike) takes 0.1 s: no process needed.
        small = len(blank) < 32
        relabelled = _canonical_nquads_of(blank) if small else run("canonicalising the blank nodes", _canonical_nquads_of, blank)
        quads = [*(q for q in quads if not _has_blank(q)), *ox.parse(relabelled, ox.RdfFormat.N_QUADS)]
    return sorted(set(quads), key=_sort_key)  # a dataset is a set: a quad given twice is written once


def _canonical_nquads_of(quads: list[ox.Quad]) -> bytes:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return ox.serialize(dataset, format=ox.RdfFormat.N_QUADS)


def as_triples_of(quads: Iterable[ox.Quad], graph: ox.NamedNode | ox.DefaultGraph | None = None) -> list[ox.Quad]:
    """The union of the quads' graphs as quads in one graph (default graph unless ``graph``)."""
    target = graph if graph is not None else ox.DefaultGraph()
    return list({ox.Quad(q.subject, q.predicate, q.object, target) for q in quads})


def serialize(quads: Iterable[ox.Quad], fmt: ExportFormat, *, already_canonical: bool = False) -> bytes:
    """Serialise quads in ``fmt``. A triples format gets the union of all their graphs."""
    ordered = list(quads) if already_canonical else canonical(quads)
    _check_portable(ordered, literals=not already_canonical)
    try:
        if fmt.carries_graphs:
            data = ox.serialize(ordered, format=fmt.format, prefixes=PREFIXES)
        else:
            data = ox.serialize(_dedupe_sorted(q.triple for q in ordered), format=fmt.format, prefixes=PREFIXES)
    except (ValueError, TypeError, OSError) as error:
        raise UsageError(f"cannot write {fmt.name}: {error}") from None
    if fmt.format == ox.RdfFormat.RDF_XML:
        data = data.replace(b"\r", b"&#13;")  # XML reads a raw CR as LF; the reference keeps it
    return _sorted_prefix_lines(data)


def _check_portable(quads: list[ox.Quad], *, literals: bool) -> None:
    """Refuse, in every format alike, a term one format cannot carry (see ``aizones.portable``).

    Input files were checked by the gate; predicates are checked again (a reasoner can use a
    property as a predicate that the files only named), and literals when the quads come from
    elsewhere (a CONSTRUCT query).
    """
    from aizones import portable

    first = {}
    for quad in quads:
        first.setdefault(quad.predicate, quad)
    problem = portable.first_problem(first.values())
    if problem is None and literals:
        problem = portable.first_problem(q for q in quads if type(q.object) is not ox.NamedNode)
    if problem:
        raise InputError(problem)


def _sorted_prefix_lines(data: bytes) -> bytes:
    """Put the ``@prefix`` lines in one order: the writer does not promise one."""
    lines = data.split(b"\n")
    count = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")), len(lines))
    return b"\n".join(sorted(lines[:count]) + lines[count:]) if count > 1 else data


def canonical_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """One byte string per distinct dataset: what the re-read check and the tests compare."""
    return ox.serialize(canonical(quads), format=ox.RdfFormat.N_QUADS)


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode) or isinstance(quad.graph_name, ox.BlankNode)


def _sort_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
    return (graph, str(quad.subject), str(quad.predicate), str(quad.object))


def _dedupe_sorted(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Triples of the union, once each, in subject order so Turtle groups them."""
    unique = {(str(t.subject), str(t.predicate), str(t.object)): t for t in triples}
    return [unique[key] for key in sorted(unique)]


def export_dataset(dataset, fmt: ExportFormat, *, inference: bool = True) -> bytes:
    """The dataset in ``fmt``: named graphs kept where the format carries them, else their union.

    Triples formats get the asserted union (plus the inferred triples with ``inference``); dataset
    formats get every asserted graph plus the inferred graph (unless ``inference`` is off).
    """
    graphs = [*dataset.asserted, dataset.inferred] if inference else dataset.asserted
    return serialize(dataset.quads(graphs), fmt)
