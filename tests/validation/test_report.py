"""Unit tests of ``aizones.validation.report``: the four renderings of findings and the summary line.

Built on a few ``Finding`` rows made here: the table names level, label, entity, file and compacted
rule; the TSV has one header and one line per finding with whitespace folded; the JSON says whether
the data conforms (only errors break conformance); the Turtle is an ``sh:ValidationReport`` that
parses back with pyoxigraph and holds one ``sh:ValidationResult`` per finding; an unknown format is
a ``UsageError``.
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from aizones.core.errors import UsageError
from aizones.core.namespaces import RDF, RDFS, SH
from aizones.validation.findings import Finding
from aizones.validation.report import COLUMNS, render, summary_line

ZONE = "https://w3id.org/aizones/id/zone-a"
RULE = "https://w3id.org/aizones/shapes#ZoneShape"


def _finding(level: str = "error", **changes: str) -> Finding:
    fields = {
        "level": level,
        "rule": RULE,
        "entity": ZONE,
        "label": "Zone A",
        "file": "graph/zones.ttl",
        "property": "http://www.w3.org/2000/01/rdf-schema#label",
        "value": "x",
        "message": "Less than 1 values",
        "validator": "shacl",
    }
    return Finding(**{**fields, **changes})


FINDINGS = [
    _finding("error"),
    _finding("warning", entity="https://w3id.org/aizones/id/zone-b", label="", file="", property="", value=""),
    _finding("info", message="a note\nacross   lines"),
]


def test_summary_line_counts_each_level_with_plurals():
    assert summary_line([]) == "conforms: no findings"
    assert summary_line(FINDINGS) == "1 error, 1 warning, 1 info"
    assert summary_line([_finding("error"), _finding("error", value="y")]) == "2 errors, 0 warnings, 0 infos"


def test_table_names_subject_file_and_compacted_rule():
    table = render(FINDINGS, "table")
    lines = table.splitlines()
    assert lines[0] == f"ERROR   graph/zones.ttl: Zone A <{ZONE}> [rdfs:label = x]"
    assert lines[1].strip() == "Less than 1 values  (aizsh:ZoneShape)"
    # no label, file or property: only the entity in angle brackets
    assert lines[2] == "WARNING <https://w3id.org/aizones/id/zone-b>"
    assert table.endswith("\n\n1 error, 1 warning, 1 info\n")
    assert render([], "table") == "The data conforms: no findings.\n"


def test_tsv_has_a_header_and_one_row_per_finding_with_whitespace_folded():
    rows = list(csv.reader(io.StringIO(render(FINDINGS, "tsv")), delimiter="\t"))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 1 + len(FINDINGS)
    assert rows[1][:4] == ["error", RULE, "Zone A", ZONE]
    assert rows[3][COLUMNS.index("message")] == "a note across lines"
    assert render([], "tsv") == "\t".join(COLUMNS) + "\n"


def test_json_conforms_only_without_errors():
    data = json.loads(render(FINDINGS, "json"))
    assert data["conforms"] is False
    assert [f["level"] for f in data["findings"]] == ["error", "warning", "info"]
    assert data["findings"][0] == {
        "level": "error",
        "rule": RULE,
        "entity": ZONE,
        "label": "Zone A",
        "file": "graph/zones.ttl",
        "property": "http://www.w3.org/2000/01/rdf-schema#label",
        "value": "x",
        "message": "Less than 1 values",
        "validator": "shacl",
    }
    assert json.loads(render(FINDINGS[1:], "json"))["conforms"] is True
    assert json.loads(render([], "json")) == {"conforms": True, "findings": []}


def _parse(turtle: str) -> ox.Store:
    store = ox.Store()
    store.load(turtle.encode(), format=ox.RdfFormat.TURTLE)
    return store


def _objects(store: ox.Store, subject, predicate: str) -> list:
    return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]


def test_turtle_is_a_validation_report_that_parses_back():
    store = _parse(render(FINDINGS, "turtle"))
    reports = [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(SH.ValidationReport))]
    assert len(reports) == 1
    (report,) = reports
    assert [o.value for o in _objects(store, report, SH.conforms)] == ["false"]
    results = _objects(store, report, SH.result)
    assert len(results) == 3
    by_severity = {_objects(store, r, SH.resultSeverity)[0].value: r for r in results}
    assert set(by_severity) == {SH.Violation, SH.Warning, SH.Info}
    error = by_severity[SH.Violation]
    assert _objects(store, error, RDF.type) == [ox.NamedNode(SH.ValidationResult)]
    assert _objects(store, error, SH.focusNode) == [ox.NamedNode(ZONE)]
    assert _objects(store, error, SH.sourceShape) == [ox.NamedNode(RULE)]
    assert _objects(store, error, SH.resultPath) == [ox.NamedNode(RDFS.label)]
    assert _objects(store, error, SH.value) == [ox.Literal("x")]
    assert _objects(store, error, SH.resultMessage) == [ox.Literal("Less than 1 values")]
    assert _objects(store, error, RDFS.seeAlso) == [ox.Literal("graph/zones.ttl")]
    # empty fields are left out rather than written as empty literals
    warning = by_severity[SH.Warning]
    assert _objects(store, warning, SH.resultPath) == []
    assert _objects(store, warning, SH.value) == []
    assert _objects(store, warning, RDFS.seeAlso) == []


def test_turtle_of_no_findings_conforms_and_keeps_a_non_iri_entity_as_literal():
    store = _parse(render([], "turtle"))
    (report,) = [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(SH.ValidationReport))]
    assert [o.value for o in _objects(store, report, SH.conforms)] == ["true"]
    assert _objects(store, report, SH.result) == []
    store = _parse(render([_finding(entity="not an iri")], "turtle"))
    (result,) = [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(SH.focusNode), None)]
    assert _objects(store, result, SH.focusNode) == [ox.Literal("not an iri")]


def test_unknown_format_is_a_usage_error_naming_the_formats():
    with pytest.raises(UsageError, match="xml") as caught:
        render(FINDINGS, "xml")
    assert "table" in str(caught.value) and "turtle" in str(caught.value)
