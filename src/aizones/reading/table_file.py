"""The strict gate for a table file: its name, its bytes, its CSV, its header and each cell's text.

A table is CSV as RFC 4180 writes it (UTF-8, a header row, fields quoted with ``"`` where they
hold a comma or a quote), named ``<document>.<kind>.csv`` (``docs/tables.md``). This module checks
everything that needs no graph: the kind in the name, the encoding (``prescan.decode``, the RDF
gate's own), the quoting, the header against the kind's columns, rows as long as the header,
cells that could hide a spreadsheet formula or an invisible character, rows written twice. What
the cells mean (labels, units, dates) is read afterwards by ``table_cells``.

Every problem becomes a ``Problem`` at ``file:row:column`` and the reading goes on, so that the
analyst sees every problem of a file at once. Rows are counted as a spreadsheet shows them and as
RFC 7111 counts them: the header is row 1, so the first fact is row 2; columns from 1.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from aizones.core.errors import InputError
from aizones.core.names import INVISIBLE
from aizones.reading import prescan

TABLE_EXTENSION = ".csv"
# A cell starting with one of these is run as a formula by spreadsheets (OWASP's "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_MAX_CELL = 10_000  # characters: a note is a few sentences; more is a file pasted into a cell


@dataclass(frozen=True)
class Problem:
    """One bad thing in a table, where it is and what to write instead."""

    row: int | None
    column: int | None
    message: str


@dataclass(frozen=True)
class Row:
    """One row of facts: its number as a spreadsheet shows it, and each column's text (stripped)."""

    number: int
    cells: dict[str, str]
    positions: dict[str, int]  # column name → 1-based column number

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Table:
    """A table file read through the gate: its rows, and the problems found so far."""

    shown: str  # the file as messages name it
    document: str  # the part of the name before the kind: the source document's slug without doc-
    kind: str
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, row: Row | None = None, column: str | None = None) -> None:
        where = row.positions.get(column) if row is not None and column is not None else None
        self.problems.append(Problem(row.number if row is not None else None, where, message))

    def errors(self) -> list[InputError]:
        ordered = sorted(self.problems, key=lambda p: (p.row or 0, p.column or 0))
        return [InputError(p.message, self.shown, p.row, p.column) for p in ordered]


def name_parts(name: str, kinds: tuple[str, ...]) -> tuple[str, str]:
    """``010-x.figures.csv`` → (``010-x``, ``figures``); an ``InputError`` for any other name."""
    stem = PurePosixPath(name).name[: -len(TABLE_EXTENSION)]
    document, dot, kind = stem.rpartition(".")
    if not dot or kind not in kinds or not re.fullmatch(r"[a-z0-9-]+", document):
        raise InputError(
            f"a table is named <document>.<kind>.csv, with the document's slug in lowercase letters, digits and -, "
            f"and kind one of {', '.join(kinds)}; rename the file, e.g. 012-hefei-ai-report-2024.figures.csv",
        )
    return document, kind


def read_table(data: bytes, shown: str, document: str, kind: str, columns: dict[str, bool]) -> Table:
    """The rows of a table whose columns (name → required) are ``columns``, with every problem found."""
    table = Table(shown, document, kind)
    text = prescan.decode(bytes(data), shown)  # not UTF-8 is a problem of the whole file: nothing else can be read
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        records = list(reader)
    except csv.Error as error:
        hint = 'write a cell that holds a comma or a quote in "…", with each quote inside doubled'
        raise InputError(f"not valid CSV ({error}); {hint}", shown, reader.line_num) from None
    if not records or not any(cell.strip() for cell in records[0]):
        table.problem(f"the file has no header row; its first row names the columns: {', '.join(columns)}")
        return table
    header = _header(table, records[0], columns)
    if header is None:
        return table
    seen: dict[tuple[str, ...], int] = {}
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # an empty row, as spreadsheets leave between blocks
        if len(record) != len(header):
            table.problems.append(
                Problem(number, 1, f"the row has {len(record)} cells and the header {len(header)}; give every row one cell per column")
            )
            continue
        positions = {name: index + 1 for index, name in enumerate(header)}
        row = Row(number, {name: cell.strip() for name, cell in zip(header, record, strict=True)}, positions)
        if _cells_ok(table, row, record, header):
            key = tuple(row.cells[name] for name in header)
            if key in seen:
                table.problems.append(Problem(number, 1, f"the row repeats row {seen[key]}; delete one of them"))
                continue
            seen[key] = number
            table.rows.append(row)
    return table


def _header(table: Table, names: list[str], columns: dict[str, bool]) -> list[str] | None:
    """The header's column names, or None after noting why it cannot be used."""
    header = [name.strip() for name in names]
    at = Row(1, {}, {name: index + 1 for index, name in reversed(list(enumerate(header)))})
    bad = False
    missing = [name for name, required in columns.items() if required and name not in header]
    for index, name in enumerate(header):
        if not name:
            table.problems.append(Problem(1, index + 1, "a column without a name; write its name in the header, or delete the column"))
            bad = True
        elif name not in columns:
            meant = difflib.get_close_matches(name, missing, n=1)
            if meant:  # one misspelt column is one problem, not also a missing one
                missing.remove(meant[0])
                message = f"{name!r} is not a column of a {table.kind} table; write {meant[0]!r}"
            else:
                message = f"{name!r} is not a column of a {table.kind} table; the columns are {', '.join(columns)}"
            table.problems.append(Problem(1, index + 1, message))
            bad = True
        elif header.index(name) != index:
            table.problems.append(Problem(1, index + 1, f"the column {name!r} is given twice; keep one"))
            bad = True
    for name in missing:
        table.problem(f"the header has no column {name!r}, which a {table.kind} table needs; add it", at)
        bad = True
    return None if bad else header


def _cells_ok(table: Table, row: Row, record: list[str], header: list[str]) -> bool:
    """Whether each cell is plain text: no formula, no invisible character, no line break, not huge."""
    ok = True
    for name, raw in zip(header, record, strict=True):
        cell = raw.strip()
        problem = None
        if raw[:1] in FORMULA_STARTS or cell[:1] in FORMULA_STARTS:
            if not _PLAIN_NUMBER.fullmatch(cell):
                problem = (
                    f"the cell starts with {cell[:1] or raw[:1]!r}, so a spreadsheet would run it as a formula; "
                    "write the text without that sign (a plain number such as -5 is fine)"
                )
        elif INVISIBLE.search(raw.strip(" ")):
            hidden = INVISIBLE.search(raw.strip(" ")).group()
            problem = f"the cell holds the invisible character U+{ord(hidden):04X} (a line break, tab or zero-width mark); retype it as plain text on one line"
        elif len(cell) > _MAX_CELL:
            problem = f"the cell holds {len(cell)} characters, over {_MAX_CELL}; shorten it"
        if problem:
            table.problem(problem, row, name)
            ok = False
    return ok
