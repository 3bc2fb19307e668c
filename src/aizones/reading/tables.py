"""Facts entered as tables: each CSV file under ``graph/`` becomes a named graph of its own.

The loader hands over the table files after every RDF file is read, so a table's labels resolve
against the whole graph. Files are read kind by kind (``table_kinds.ORDER``: the source
document first, the figures last), each through the gate of ``table_file`` and the readers of
``table_cells``, and each row becomes the triples a Turtle file of ``graph/sources/`` would
state, plus ``aiz:tableRow``: the file and row it was entered in (RFC 7111's ``#row=``), so the
row is the fact's provenance.

All or nothing: every problem of a file is collected, and the first file with any stops the
reading with one ``InputErrors`` (exit 2, one ``file:row:column: what; what to write`` line per
problem); nothing of it reaches the store, so nothing is published.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from aizones.core import files as safe_files
from aizones.core.dataset import ROLE_DATA, GraphFile
from aizones.core.errors import InputError, InputErrors
from aizones.core.namespaces import AIZ, ID, RDF, RDFS
from aizones.reading import table_file, table_kinds
from aizones.reading.table_cells import CellError, Lookup, written
from aizones.reading.table_kinds import COLUMNS, ORDER, Column

MAX_TABLE_BYTES = 64 * 1024**2  # a table of facts from one document is kilobytes


class TableSource(Protocol):
    path: Path
    shown: str
    graph: str
    inside: Path | None


def read_tables(store: ox.Store, sources: Sequence[TableSource]) -> list[GraphFile]:
    """Read each table into its graph of ``store``; the files as the dataset records them."""
    if not sources:
        return []
    named = []
    for source in sources:
        try:
            document, kind = table_file.name_parts(source.shown, table_kinds.KINDS)
        except InputError as error:
            raise InputError(error.reason, source.shown) from None
        named.append((ORDER.index(kind), source.shown, document, kind, source))
    lookup = Lookup(store)
    read = []
    for _, _, document, kind, source in sorted(named, key=lambda item: item[:2]):
        data = safe_files.read_regular(source.path, source.shown, limit=MAX_TABLE_BYTES, inside=source.inside)
        table = table_file.read_table(data, source.shown, document, kind, {c.name: c.required for c in COLUMNS[kind]})
        read.append((source, data, table))
    for _, _, table in read:  # named things first, so that any table may name them, whatever its order
        for row in table.rows:
            introduced = table_kinds.introduced(table.kind, row, lookup)
            if introduced:
                lookup.add(*introduced)
    found = []
    for source, data, table in read:
        quads = _quads(table, lookup, ox.NamedNode(source.graph))
        if table.problems:
            errors = table.errors()
            raise errors[0] if len(errors) == 1 else InputErrors.of(errors)
        store.extend(quads)
        found.append(GraphFile(source.shown, source.graph, ROLE_DATA, len(quads), hashlib.sha256(data).hexdigest()))
    return found


def _quads(table: table_file.Table, lookup: Lookup, graph: ox.NamedNode) -> list[ox.Quad]:
    """The quads of every good row; each bad cell or row noted in ``table.problems``."""
    document = ID[f"doc-{table.document}"]
    if table.kind == "source" and len(table.rows) != 1:
        if not table.problems:
            table.problem(f"a source table describes one document in one row under its header, not {len(table.rows)}; keep one row")
        return []
    if table.kind != "source" and not lookup.described(document):
        table.problem(
            f"no source document <{document}> in the graph; add {table.document}.source.csv beside this file "
            f"(or describe it in graph/sources/{table.document}.ttl)",
        )
        return []
    columns = COLUMNS[table.kind]
    quads: list[ox.Quad] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        values = _values(table, row, columns, lookup)
        if values is None:
            continue
        try:
            node = table_kinds.node(table.kind, table.document, values, lookup)
        except CellError as error:
            column, _, message = str(error).partition(": ")
            table.problem(message, row, column)
            continue
        if not _fits(table, row, node.iri, values, lookup, seen):
            continue
        subject = ox.NamedNode(node.iri)
        triples = [(RDF.type, ox.NamedNode(c)) for c in node.classes]
        for column in columns:
            value = values.get(column.name)
            if column.predicate is None or value is None:
                continue
            if isinstance(value, tuple):  # a date and its precision
                value, precision = value
                if column.precision:
                    triples.append((AIZ.datePrecision, precision))
            for term in value if isinstance(value, list) else [value]:
                triples.append((column.predicate, term))
        triples += list(node.extra)
        triples.append((AIZ.tableRow, ox.Literal(f"{table.shown}#row={row.number}")))
        quads += [ox.Quad(subject, ox.NamedNode(p), o, graph) for p, o in triples]
        labels = [o.value for p, o in triples if p == RDFS.label]
        lookup.add(node.iri, set(node.classes), labels)
        seen[node.iri] = row.number
    return quads


def _values(table: table_file.Table, row: table_file.Row, columns: tuple[Column, ...], lookup: Lookup) -> dict | None:
    """Each filled cell read as its column says; None after noting the cells that cannot be read."""
    values: dict[str, object] = {}
    good = True
    for column in columns:
        text = row.get(column.name)
        if not text:
            continue
        try:
            values[column.name] = column.read(lookup, text)
        except CellError as error:
            table.problem(str(error), row, column.name)
            good = False
    if good and table.kind == "source" and not {"url", "copy_url", "no_url_reason"} & set(values):
        table.problem(
            "the document has no address; give url (the publisher's page), copy_url (a copy elsewhere) or no_url_reason", row, "url"
        )
        good = False
    return values if good else None


def _fits(table: table_file.Table, row: table_file.Row, iri: str, values: dict, lookup: Lookup, seen: dict[str, int]) -> bool:
    """Whether the row's node is its own: not another row's of this file, and its label no other entity's."""
    if iri in seen:
        what = "figure (same subject, indicator, period, unit and kind)" if table.kind == "figures" else "node"
        table.problem(f"row {seen[iri]} already states the {what} <{iri}>; merge the rows, or give this one an id of its own", row, "id")
        return False
    label = values.get("label_en")
    if table.kind in ("organisations", "facilities", "events") and label is not None:
        others = sorted(lookup.labels().get(label.value, set()) - {iri})
        if others:
            other = written(others[0])
            column = "id" if "id" in values else "label_en"
            table.problem(
                f"{label.value!r} is already the label of <{others[0]}>; to state facts of it here write {other} in the id column, "
                "or give this one another label",
                row,
                column,
            )
            return False
    return True
