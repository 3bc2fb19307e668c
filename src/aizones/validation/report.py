"""Findings rendered for people and tools: a table, TSV, JSON, or Turtle (a ``sh:ValidationReport``).

The same rows whichever validator found them (``aizones.validation.findings``), so a person reads one
report for SHACL, the SPARQL checks and the reasoner.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

import pyoxigraph as ox

from aizones.core.errors import UsageError
from aizones.core.formats import FINDINGS_FORMATS
from aizones.core.namespaces import PREFIXES, RDF, RDFS, SH
from aizones.validation.findings import ERROR, LEVELS, SHACL_OF_SEVERITY, Finding, at_or_above


def summary_line(findings: list[Finding]) -> str:
    counts = {level: sum(1 for f in findings if f.level == level) for level in LEVELS}
    if not findings:
        return "conforms: no findings"
    return ", ".join(f"{counts[level]} {level}{'s' if counts[level] != 1 else ''}" for level in LEVELS)


COLUMNS = ("level", "rule", "label", "entity", "file", "property", "value", "message")


def render(findings: list[Finding], fmt: str) -> str:
    """Render findings as ``table``, ``tsv``, ``json`` or ``turtle``."""
    renderers = {"table": render_table, "tsv": render_tsv, "json": render_json, "turtle": render_turtle}
    if fmt not in FINDINGS_FORMATS:
        raise UsageError(f"unknown findings format {fmt!r}; use one of {', '.join(FINDINGS_FORMATS)}")
    return renderers[fmt](findings)


def render_table(findings: list[Finding]) -> str:
    if not findings:
        return "The data conforms: no findings.\n"
    lines = []
    for f in findings:
        where = f"{f.file}: " if f.file else ""
        subject = f"{f.label} <{f.entity}>" if f.label else f"<{f.entity}>"
        detail = f" [{_compact(f.property)}" + (f" = {f.value}" if f.value else "") + "]" if f.property else ""
        lines.append(f"{f.level.upper():7} {where}{subject}{detail}\n        {f.message}  ({_compact(f.rule)})")
    return "\n".join(lines) + f"\n\n{summary_line(findings)}\n"


def render_tsv(findings: list[Finding]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in findings:
        writer.writerow([" ".join(str(getattr(f, c)).split()) for c in COLUMNS])
    return out.getvalue()


def render_json(findings: list[Finding]) -> str:
    return (
        json.dumps({"conforms": not at_or_above(findings, ERROR), "findings": [asdict(f) for f in findings]}, indent=2, ensure_ascii=False)
        + "\n"
    )


def render_turtle(findings: list[Finding]) -> str:
    """A SHACL validation report: readable by any SHACL tool, with our file and label added."""
    report = ox.BlankNode("report")
    triples = [
        ox.Triple(report, ox.NamedNode(RDF.type), ox.NamedNode(SH.ValidationReport)),
        ox.Triple(
            report,
            ox.NamedNode(SH.conforms),
            ox.Literal(str(not at_or_above(findings, ERROR)).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
        ),
    ]
    for index, f in enumerate(findings):
        result = ox.BlankNode(f"r{index}")
        triples += [
            ox.Triple(report, ox.NamedNode(SH.result), result),
            ox.Triple(result, ox.NamedNode(RDF.type), ox.NamedNode(SH.ValidationResult)),
            ox.Triple(result, ox.NamedNode(SH.resultSeverity), ox.NamedNode(SHACL_OF_SEVERITY[f.level])),
            ox.Triple(result, ox.NamedNode(SH.focusNode), _term(f.entity)),
            ox.Triple(result, ox.NamedNode(SH.resultMessage), ox.Literal(f.message)),
            ox.Triple(result, ox.NamedNode(SH.sourceShape), _term(f.rule)),
        ]
        if f.property:
            triples.append(ox.Triple(result, ox.NamedNode(SH.resultPath), _term(f.property)))
        if f.value:
            triples.append(ox.Triple(result, ox.NamedNode(SH.value), ox.Literal(f.value)))
        if f.file:
            triples.append(ox.Triple(result, ox.NamedNode(RDFS.seeAlso), ox.Literal(f.file)))
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode()


def _term(value: str) -> ox.NamedNode | ox.Literal:
    try:
        return ox.NamedNode(value)
    except ValueError:
        return ox.Literal(value)


def _compact(iri: str) -> str:
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and iri != base:
            return f"{prefix}:{iri[len(base) :]}"
    return iri
