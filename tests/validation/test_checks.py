"""Every data-quality rule of queries/checks/ passes its passing fixture and catches its failing one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aizones.core.queryfiles import list_query_files
from aizones.reading.loader import load_dataset
from aizones.validation.checks import run_check
from aizones.validation.coordinator import shacl_findings
from tests.support.paths import DATA, REPO

CHECKS = list_query_files(REPO / "queries" / "checks")


def _findings(tmp_path: Path, check, fixture: Path):
    project = tmp_path / "project"
    (project / "graph" / "sources").mkdir(parents=True)
    shutil.copy(fixture, project / "graph" / "sources" / "fixture.ttl")
    return run_check(load_dataset(project), check)


def test_there_are_checks_and_each_has_two_fixtures():
    assert len(CHECKS) >= 5
    for check in CHECKS:
        for kind in ("pass", "fail"):
            assert (DATA / "checks" / f"{check.name}.{kind}.ttl").is_file(), f"{check.name} needs a {kind} fixture"
        assert check.field("severity") in ("error", "warning", "info")
        assert check.field("problem") and check.field("solution")


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.name)
def test_passing_fixture_gives_no_finding(tmp_path, check):
    assert _findings(tmp_path, check, DATA / "checks" / f"{check.name}.pass.ttl") == []


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.name)
def test_failing_fixture_gives_findings_naming_the_file(tmp_path, check):
    findings = _findings(tmp_path, check, DATA / "checks" / f"{check.name}.fail.ttl")
    assert findings, f"{check.name} missed its failing fixture"
    for finding in findings:
        assert finding.rule == check.name and finding.level == check.field("severity")
        assert finding.file == "graph/sources/fixture.ttl"
        assert finding.message


def test_the_real_graph_has_no_error_finding():
    dataset = load_dataset(REPO)
    errors = [f for check in CHECKS for f in run_check(dataset, check) if f.level == "error"]
    assert errors == []


def _label_findings(tmp_path: Path, files: dict[str, str], engine: str) -> list:
    header = "@prefix aiz: <https://w3id.org/aizones/ontology#> . @prefix id: <https://w3id.org/aizones/id/> .\n"
    header += "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    (tmp_path / "graph").mkdir()
    for name, turtle in files.items():
        (tmp_path / "graph" / name).write_text(header + turtle, encoding="utf-8")
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    dataset = load_dataset(tmp_path)
    return [f for f in shacl_findings(dataset, engine=engine) if f.rule.endswith("Labelled-one-label-per-language")]


COUNTRY = 'id:china a aiz:Country ; rdfs:label "China"@en , "中国"@zh .\n'


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_a_second_english_label_is_reported_against_the_file_that_states_it(tmp_path, engine):
    # the entity's home file states one English label; a later file restates it and one more adds a second
    files = {
        "a-home.ttl": COUNTRY,
        "b-restates.ttl": 'id:china rdfs:label "China"@en .\n',
        "c-adds.ttl": 'id:china rdfs:label "PRC"@en .\n',
    }
    (found,) = _label_findings(tmp_path, files, engine)
    assert found.file == "graph/a-home.ttl, graph/c-adds.ttl", "two files each state one of the two English labels"


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_two_english_labels_in_one_later_file_are_reported_against_that_file(tmp_path, engine):
    files = {"a-home.ttl": COUNTRY, "b-adds.ttl": 'id:china rdfs:label "China"@en , "PRC"@en .\n'}
    (found,) = _label_findings(tmp_path, files, engine)
    assert found.file == "graph/b-adds.ttl"
