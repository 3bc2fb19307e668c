"""Render query results: a readable table, CSV, TSV, JSON, the SPARQL results formats, or RDF.

The SPARQL results formats (``sparql-json``, ``sparql-xml``, ``sparql-csv``, ``sparql-tsv``) are
written by Oxigraph exactly as the W3C specifications say; ``table``, ``csv``, ``tsv`` and ``json``
are for people and spreadsheets. CSV cells that a spreadsheet would run as a formula are
neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from aizones.errors import UsageError
from aizones.export import EXPORT_FORMATS, serialize
from aizones.namespaces import PREFIXES

SPARQL_FORMATS = {
    "sparql-json": ox.QueryResultsFormat.JSON,
    "sparql-xml": ox.QueryResultsFormat.XML,
    "sparql-csv": ox.QueryResultsFormat.CSV,
    "sparql-tsv": ox.QueryResultsFormat.TSV,
}
TABLE_FORMATS = ("table", "csv", "tsv", "json")
RESULT_FORMATS = (*TABLE_FORMATS, *SPARQL_FORMATS)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render_result(result, fmt: str) -> bytes:
    """Render what ``query.execute`` returned in ``fmt``."""
    if isinstance(result, ox.QueryTriples):
        rdf = EXPORT_FORMATS.get("turtle" if fmt == "table" else fmt)
        if rdf is None:
            raise UsageError(f"a CONSTRUCT or DESCRIBE query gives RDF: use --format {' or '.join(EXPORT_FORMATS)}")
        return serialize((ox.Quad(t.subject, t.predicate, t.object) for t in result), rdf)
    if fmt in SPARQL_FORMATS:
        return result.serialize(format=SPARQL_FORMATS[fmt])
    if fmt not in TABLE_FORMATS:
        raise UsageError(f"unknown result format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
    if isinstance(result, ox.QueryBoolean):
        answer = bool(result)
        return (json.dumps({"boolean": answer}) + "\n").encode() if fmt == "json" else f"{str(answer).lower()}\n".encode()
    names = [v.value for v in result.variables]
    rows = [[row[name] for name in names] for row in result]
    return {"table": table, "csv": to_csv, "tsv": to_tsv, "json": to_json}[fmt](names, rows).encode()


def shown(term) -> str:
    """A term as a person reads it: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def compact(iri: str) -> str:
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base) :]}"
    return f"<{iri}>"


def table(names: list[str], rows: list[list]) -> str:
    cells = [[shown(term) for term in row] for row in rows]
    widths = [max([len(name), *(len(r[i]) for r in cells)]) for i, name in enumerate(names)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(names), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def to_csv(names: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_safe_cell(_plain(term)) for term in row])
    return out.getvalue()


def to_tsv(names: list[str], rows: list[list]) -> str:
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def to_json(names: list[str], rows: list[list]) -> str:
    records = [{name: _json_value(term) for name, term in zip(names, row, strict=True) if term is not None} for row in rows]
    return json.dumps({"columns": names, "rows": records}, indent=2, ensure_ascii=False) + "\n"


def _plain(term) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def _safe_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _json_value(term) -> object:
    if isinstance(term, ox.NamedNode):
        return {"iri": term.value}
    if isinstance(term, ox.Literal):
        value: dict[str, object] = {"value": term.value}
        if term.language:
            value["lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            value["datatype"] = term.datatype.value
        return value
    return {"bnode": str(term)}
