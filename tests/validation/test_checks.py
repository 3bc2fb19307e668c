"""Every data-quality rule of queries/checks/ passes its passing fixture and catches its failing one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aizones.core.queryfiles import list_query_files
from aizones.reading.loader import load_dataset
from aizones.validation.checks import run_check
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
