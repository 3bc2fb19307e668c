"""Values HermiT cannot read are left out of its input with a warning naming the entity and value;
a failure of HermiT all the same is an error finding; never a Java stack trace (it was 76 lines)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from aizones.core.namespaces import XSD
from aizones.reading.loader import load_dataset
from aizones.validation.consistency import consistency_findings
from aizones.validation.hermit_values import unreadable
from tests.support.cli import run_cli
from tests.support.paths import REPO

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
DIGITS = "9" * 400

# Each one stopped HermiT (through owlready2) with a Java stack trace, tried one by one.
UNREADABLE = [
    ("NaN", "double"), ("INF", "double"), ("-INF", "double"), ("1e400", "double"), ("NaN", "float"), ("1e50", "float"),
    (DIGITS, "decimal"), (DIGITS + ".5", "decimal"), (DIGITS, "integer"), ("12345678901234567890", "integer"),
    ("9223372036854775808", "long"), ("abc", "integer"), ("abc", "decimal"), ("abc", "double"), ("1_000", "decimal"),
    ("2021-13-45T99:00:00", "dateTime"), ("99999-01-01T00:00:00Z", "dateTime"), ("2021-01-01", "dateTime"),
    ("2021-02-30T00:00:00", "dateTime"), ("zz", "hexBinary"), ("!!", "base64Binary"), ("%%", "anyURI"),
    ("2021", "gYear"), ("2021-01-01", "date"), ("P1Y", "duration"), ("abc", "gYear"),
]  # fmt: skip
READABLE = [
    ("1.5", "double"), ("1e308", "double"), ("9223372036854775807", "integer"), ("+12", "integer"), (".5", "decimal"),
    ("2021-01-01T00:00:00", "dateTime"), ("2021-01-01T24:00:00", "dateTime"), ("AA==", "base64Binary"),
    ("https://example.org/a%20b", "anyURI"), ("abc", "boolean"),
]  # fmt: skip
OUTSIDE_THE_MAP = {"gYear", "date", "duration"}  # refused on a data property only, well formed or not


def literal(text: str, datatype: str) -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD[datatype]))


@pytest.mark.parametrize(("text", "datatype"), [case for case in UNREADABLE if case[1] not in OUTSIDE_THE_MAP] + [("abc", "gYear")])
def test_the_values_hermit_cannot_read_are_known(text, datatype):
    assert unreadable(literal(text, datatype)), (text, datatype)


@pytest.mark.parametrize(("text", "datatype"), [*READABLE, ("2021", "gYear"), ("2021-01-01", "date")])
def test_the_values_hermit_reads_are_kept(text, datatype):
    assert unreadable(literal(text, datatype)) is None


def project(tmp_path: Path) -> Path:
    """The real ontology with one data file: every unreadable value on a data property of its own."""
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    (tmp_path / "graph").mkdir()
    lines = [
        "@prefix ex: <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "ex:p a owl:DatatypeProperty .",
    ]
    for index, (text, datatype) in enumerate(UNREADABLE + READABLE):
        lines.append(f'ex:thing{index} ex:p "{text}"^^xsd:{datatype} .')
    (tmp_path / "graph" / "values.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


@pytest.mark.java
@needs_java
def test_hermit_checks_the_rest_and_names_each_value_it_could_not_read(tmp_path):
    findings = consistency_findings(load_dataset(project(tmp_path)))
    assert [f.level for f in findings] == ["warning"] * len(UNREADABLE), [f.message for f in findings]
    assert {f.rule for f in findings} == {"hermit-unreadable-value"}
    values = {f.entity: f.value for f in findings}
    assert set(values) == {f"http://example.org/thing{i}" for i in range(len(UNREADABLE))}
    for index, (text, _datatype) in enumerate(UNREADABLE):  # as the store holds it: Oxigraph reads 1e400 as INF
        assert values[f"http://example.org/thing{index}"] in (text, "INF"), (text, values)
    assert all(f.file == "graph/values.ttl" and f.property == "http://example.org/p" for f in findings)
    assert all("HermiT cannot read this value (" in f.message for f in findings)


@pytest.mark.java
@needs_java
@pytest.mark.slow
@pytest.mark.parametrize("command", [["validate", "--fail-on", "error"], ["build", "-q", "--no-pictures"]])
def test_validate_and_build_carry_on_past_nan_inf_and_huge_numbers(tmp_path, command):
    """The reported case: aiz:value "NaN"^^xsd:double crashed validate and build with 76 lines."""
    result = run_cli(*command, cwd=project(tmp_path))
    assert result.code == 0, result.err
    if command[0] == "validate":
        assert result.out.count("(hermit-unreadable-value)") == len(UNREADABLE)


@pytest.mark.java
@needs_java
def test_a_value_hermit_still_fails_on_is_one_error_naming_the_entity_and_value(tmp_path):
    """Not in the known list (HermiT checks xsd:language's form): the check could not be done, an error."""
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph" / "odd.ttl").write_text(
        "@prefix ex: <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\nex:p a owl:DatatypeProperty .\nex:odd ex:p "not a tag!"^^xsd:language .\n',
        encoding="utf-8",
    )
    [finding] = consistency_findings(load_dataset(tmp_path))
    assert (finding.level, finding.rule, finding.entity, finding.value) == ("error", "hermit", "http://example.org/odd", "not a tag!")
    assert finding.file == "graph/odd.ttl" and "\n" not in finding.message
    assert finding.message.startswith("HermiT could not check that the ontology and data are consistent: ")
    assert 'MalformedLiteralException: Literal "not a tag!"' in finding.message
