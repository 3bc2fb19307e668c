"""Render query results: a readable table, CSV, TSV, JSON, the SPARQL results formats, or RDF.

The SPARQL results formats (``sparql-json``, ``sparql-xml``, ``sparql-csv``, ``sparql-tsv``) are
written by Oxigraph exactly as the W3C specifications say. ``table``, ``csv``, ``tsv`` and ``json``
are for people and spreadsheets: with a ``Labeller`` the table shows labels instead of IRIs and a
``value``/``unit``/``qualifier`` triple of columns as one amount ("more than 12.5 billion CNY"),
while CSV, TSV and JSON keep every IRI and add its label next to it. CSV cells that a spreadsheet
would run as a formula are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TypeVar

import pyoxigraph as ox

from aizones.core.amounts import amount
from aizones.core.errors import InputError, UsageError
from aizones.core.formats import RDF_FORMATS, RESULT_FORMATS, TABLE_FORMATS
from aizones.core.labels import Labeller
from aizones.core.names import compact
from aizones.core.namespaces import XSD
from aizones.core.sparql import one_line, solution_rows
from aizones.publishing.writers import serialize

T = TypeVar("T")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_AMOUNT_COLUMNS = ("value", "unit", "qualifier")


def render_result(result, fmt: str, labeller: Labeller | None = None) -> bytes:
    """Render what ``query.execute`` returned in ``fmt`` (``render_counted`` without the count)."""
    return render_counted(result, fmt, labeller)[0]


def render_counted(result, fmt: str, labeller: Labeller | None = None, width: int | None = None) -> tuple[bytes, int | None]:
    """Render what ``query.execute`` returned in ``fmt``, with the number of rows where the answer
    is one of our tables of solutions (``table``, ``csv``, ``tsv``, ``json``); None for the other
    formats and answers, whose rows are serialised as they are pulled and never held. ``width``
    fits the ``table`` view into that many terminal columns.

    Oxigraph evaluates lazily, so its own errors at run time (a SERVICE endpoint that cannot be
    reached or answers with something that is not SPARQL results, a failing store) surface while
    the solutions are pulled, as ``OSError`` or ``RuntimeError``. They are pulled inside
    ``_pulled``, which makes them one ``InputError`` line (exit 2), like the errors Oxigraph raises
    at once; an error of the rendering itself is not taken for one of them.
    """
    if isinstance(result, ox.QueryTriples):
        rdf = RDF_FORMATS.get("turtle" if fmt == "table" else fmt)
        if rdf is None:
            raise UsageError(f"a CONSTRUCT or DESCRIBE query gives RDF: use --format {' or '.join(RDF_FORMATS)}")
        return serialize(_pulled(lambda: [ox.Quad(t.subject, t.predicate, t.object) for t in result]), rdf), None
    sparql = RESULT_FORMATS[fmt].sparql if fmt in RESULT_FORMATS else None
    if sparql is not None:
        return _pulled(lambda: result.serialize(format=sparql)), None
    if fmt not in TABLE_FORMATS:
        raise UsageError(f"unknown result format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
    if isinstance(result, ox.QueryBoolean):
        answer = bool(result)
        return ((json.dumps({"boolean": answer}) + "\n").encode() if fmt == "json" else f"{str(answer).lower()}\n".encode()), None
    variables, rows = _pulled(lambda: solution_rows(result))
    return render_rows(variables, rows, fmt, labeller, width).encode(), len(rows)


def _pulled(pull: Callable[[], T]) -> T:
    """``pull()``, which makes Oxigraph evaluate the query; its run-time errors as one line."""
    try:
        return pull()
    except (OSError, RuntimeError) as error:
        raise InputError(f"the query failed while it ran: {one_line(str(error))}; check the query (and any SERVICE it calls)") from None


def render_rows(names: list[str], rows: list[list], fmt: str, labeller: Labeller | None = None, width: int | None = None) -> str:
    if fmt == "table":
        return table(names, rows, labeller, width)
    renderers = {"csv": to_csv, "tsv": to_tsv, "json": to_json}
    return renderers[fmt](names, rows, labeller)


def shown(term, labeller: Labeller | None = None) -> str:
    """A term as a person reads it: a label (or prefixed IRI), a literal's value."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return labeller.label(term.value) if labeller else compact(term.value)
    if isinstance(term, ox.Literal):
        return _number(term) if term.datatype.value in _NUMERIC else term.value
    return str(term)


_NUMERIC = {XSD.decimal, XSD.integer, XSD.double, XSD.float, XSD.long, XSD.int}


def _number(literal: ox.Literal) -> str:
    """Whole numbers with thousands separators (12,500,000,000), others as written."""
    try:
        value = Decimal(literal.value)
    except InvalidOperation:
        return literal.value
    return f"{int(value):,}" if value == value.to_integral_value() and abs(value) < 10**30 else literal.value


def table(names: list[str], rows: list[list], labeller: Labeller | None = None, width: int | None = None) -> str:
    """The rows as aligned columns; with ``width``, each line fits in that many terminal columns,
    the widest columns narrowed first and their long cells shortened with "…" (never below
    ``NARROWEST`` columns, so a very narrow width still shows the start of every cell)."""
    names, rows = with_amounts(names, rows)
    cells = [[shown(term, labeller) for term in row] for row in rows]
    widths = [max([columns(name), *(columns(r[i]) for r in cells)]) for i, name in enumerate(names)]
    if width:
        widths = _fitted(widths, width - 2 * (len(widths) - 1))
        names = [_cut(name, w) for name, w in zip(names, widths, strict=True)]
        cells = [[_cut(cell, w) for cell, w in zip(row, widths, strict=True)] for row in cells]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - columns(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(names), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


NARROWEST = 8  # a column is never narrowed below this many terminal columns


def _fitted(widths: list[int], room: int) -> list[int]:
    """``widths`` narrowed, the widest first, until they add up to ``room`` or all are ``NARROWEST``."""
    widths = widths[:]
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda i: (widths[i], -i))
        if widths[widest] <= NARROWEST:
            break
        others = sorted((w for i, w in enumerate(widths) if i != widest), reverse=True)
        target = max(NARROWEST, widths[widest] - (sum(widths) - room), others[0] if others else 0)
        widths[widest] = target if target < widths[widest] else widths[widest] - 1
    return widths


def _cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` terminal columns, ending in "…" where it was shortened."""
    if columns(text) <= width:
        return text
    kept, used = [], 0
    for character in text:
        size = columns(character)
        if used + size > width - 1:
            break
        kept.append(character)
        used += size
    return "".join(kept) + "…"


def columns(text: str) -> int:
    """How many columns ``text`` takes in a terminal: Chinese characters (and other East Asian wide
    or full-width ones) take two, combining marks and zero-width characters none; counting
    characters instead put every column after a Chinese label out of line (``--lang zh``)."""
    width = 0
    for character in text:
        if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


def to_csv(names: list[str], rows: list[list], labeller: Labeller | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header, label_columns = _with_label_columns(names, rows, labeller)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe_cell(cell) for cell in _plain_row(row, label_columns, labeller)])
    return out.getvalue()


def to_tsv(names: list[str], rows: list[list], labeller: Labeller | None = None) -> str:
    header, label_columns = _with_label_columns(names, rows, labeller)
    lines = ["\t".join(f"?{n}" if n in names else n for n in header)]
    for row in rows:
        cells = ["" if t is None else str(t) for t in row]
        cells += (
            [" ".join(labeller.label(row[i].value).split()) if isinstance(row[i], ox.NamedNode) else "" for i in label_columns]
            if labeller
            else []
        )
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def to_json(names: list[str], rows: list[list], labeller: Labeller | None = None) -> str:
    records = [{name: _json_value(term, labeller) for name, term in zip(names, row, strict=True) if term is not None} for row in rows]
    return json.dumps({"columns": names, "rows": records}, indent=2, ensure_ascii=False) + "\n"


def with_amounts(names: list[str], rows: list[list]) -> tuple[list[str], list[list]]:
    """Fold value, unit and qualifier columns into one ``amount`` column (table view only)."""
    if "value" not in names or "unit" not in names:
        return names, rows
    index = {name: names.index(name) for name in _AMOUNT_COLUMNS if name in names}
    keep = [i for i, name in enumerate(names) if name not in index or name == "value"]
    folded = []
    for row in rows:
        value, unit = row[index["value"]], row[index["unit"]]
        qualifier = row[index["qualifier"]] if "qualifier" in index else None
        text = (
            amount(value.value, unit.value if unit is not None else None, qualifier.value if qualifier is not None else None)
            if value is not None
            else ""
        )
        folded.append([ox.Literal(text) if i == index["value"] else row[i] for i in keep])
    return ["amount" if names[i] == "value" else names[i] for i in keep], folded


def _with_label_columns(names: list[str], rows: list[list], labeller: Labeller | None) -> tuple[list[str], list[int]]:
    if labeller is None:
        return names, []
    columns = [i for i in range(len(names)) if any(isinstance(row[i], ox.NamedNode) for row in rows)]
    return [*names, *(f"{names[i]}_label" for i in columns)], columns


def _plain_row(row: list, label_columns: list[int], labeller: Labeller | None) -> list[str]:
    cells = [_plain(term) for term in row]
    if labeller:
        cells += [labeller.label(row[i].value) if isinstance(row[i], ox.NamedNode) else "" for i in label_columns]
    return cells


def _plain(term) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def _safe_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _json_value(term, labeller: Labeller | None) -> object:
    if isinstance(term, ox.NamedNode):
        value = {"iri": term.value}
        if labeller:
            value["label"] = labeller.label(term.value)
        return value
    if isinstance(term, ox.Literal):
        literal: dict[str, object] = {"value": term.value}
        if term.language:
            literal["lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            literal["datatype"] = term.datatype.value
        return literal
    return {"bnode": str(term)}
