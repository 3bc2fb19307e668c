"""Findings rendered for people and tools: a table, TSV, JSON, or Turtle (a ``sh:ValidationReport``).

The same rows whichever validator found them (``aizones.validation.findings``), so a person reads one
report for SHACL, the SPARQL checks and the reasoner.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from urllib.parse import quote

import pyoxigraph as ox

from aizones.core.errors import UsageError
from aizones.core.formats import FINDINGS_FORMATS
from aizones.core.namespaces import ONTOLOGY_IRI, PREFIXES, RDF, RDFS, SH, SHAPES, XSD
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
        json.dumps(
            {"conforms": not at_or_above(findings, ERROR), "findings": [_json_row(f) for f in findings]}, indent=2, ensure_ascii=False
        )
        + "\n"
    )


# The constraint components of the findings that are not SHACL results, described in every report
# that uses them (and in docs/validation-report.md): a check's source shape is ``aizsh:check-NAME``
# (the check ``queries/checks/NAME.rq``), the reasoner's is the ontology.
OWN_COMPONENTS = {
    "check": (
        SHAPES.SPARQLCheckComponent,
        "SPARQL check",
        "A data-quality rule of the project's queries/checks/ folder: a SPARQL SELECT over the asserted "
        "named graphs whose every row is a result. The result's source shape aizsh:check-NAME is the check "
        "queries/checks/NAME.rq; its severity is the check's own.",
    ),
    "reasoner": (
        SHAPES.OWLConsistencyComponent,
        "OWL consistency",
        "OWL 2 DL consistency of the ontology with the data, as the HermiT reasoner decides it: an "
        "inconsistency, a class that can have no members, or a value the reasoner cannot read. The "
        "result's source shape is the ontology.",
    ),
}


def _json_row(f: Finding) -> dict[str, str]:
    """A finding's fields as the JSON has always given them; its component and shape are the SHACL report's."""
    row = asdict(f)
    del row["component"], row["shape"], row["value_is_iri"]
    return row


def render_turtle(findings: list[Finding]) -> str:
    """A SHACL validation report (SHACL 3.6): readable by any SHACL tool, with our file and label added.

    Every result has its focus node, severity, message, source shape (an IRI) and source constraint
    component, its path when there is one and the ``sh:sparql`` constraint of a SHACL-SPARQL result;
    the SPARQL checks and the reasoner have components of their own (``OWN_COMPONENTS``).
    """
    report = ox.BlankNode("report")
    iri = ox.NamedNode
    triples = [
        ox.Triple(report, iri(RDF.type), iri(SH.ValidationReport)),
        ox.Triple(report, iri(SH.conforms), ox.Literal(str(not at_or_above(findings, ERROR)).lower(), datatype=iri(XSD.boolean))),
    ]
    own: set[str] = set()
    for index, f in enumerate(findings):
        result = ox.BlankNode(f"r{index}")
        shape, component = _source(f)
        triples += [
            ox.Triple(report, iri(SH.result), result),
            ox.Triple(result, iri(RDF.type), iri(SH.ValidationResult)),
            ox.Triple(result, iri(SH.resultSeverity), iri(SHACL_OF_SEVERITY[f.level])),
            ox.Triple(result, iri(SH.focusNode), _term(f.entity)),
            ox.Triple(result, iri(SH.resultMessage), ox.Literal(f.message)),
            ox.Triple(result, iri(SH.sourceShape), iri(shape)),
            ox.Triple(result, iri(SH.sourceConstraintComponent), iri(component)),
        ]
        if component == SH.SPARQLConstraintComponent and f.rule != shape and _is_iri(f.rule):
            triples.append(ox.Triple(result, iri(SH.sourceConstraint), iri(f.rule)))
        if f.validator in OWN_COMPONENTS:
            own.add(f.validator)
        if f.property:
            triples.append(ox.Triple(result, iri(SH.resultPath), _term(f.property)))
        if f.value:
            triples.append(ox.Triple(result, iri(SH.value), iri(f.value) if f.value_is_iri else ox.Literal(f.value)))
        if f.file:
            triples.append(ox.Triple(result, iri(RDFS.seeAlso), ox.Literal(f.file)))
    for validator in sorted(own):
        component, label, comment = OWN_COMPONENTS[validator]
        triples += [
            ox.Triple(iri(component), iri(RDF.type), iri(SH.ConstraintComponent)),
            ox.Triple(iri(component), iri(RDFS.label), ox.Literal(label, language="en")),
            ox.Triple(iri(component), iri(RDFS.comment), ox.Literal(comment, language="en")),
        ]
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode()


def _source(f: Finding) -> tuple[str, str]:
    """The source shape (an IRI) and the constraint component of a finding."""
    if f.validator in OWN_COMPONENTS:
        component = OWN_COMPONENTS[f.validator][0]
        return (ONTOLOGY_IRI if f.validator == "reasoner" else SHAPES["check-" + quote(f.rule, safe="")]), component
    shape = f.shape or (f.rule if _is_iri(f.rule) else SHAPES["shape"])
    return shape, f.component or SH.ConstraintComponent


def _is_iri(value: str) -> bool:
    return isinstance(_term(value), ox.NamedNode) and ":" in value


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
