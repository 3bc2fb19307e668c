"""The build pipeline: what it writes, that it is deterministic, and that failure changes nothing."""

from __future__ import annotations

import hashlib
import json

import pytest

from aizones.core.errors import NonConformantError, OutputError
from aizones.pipeline import build
from aizones.publishing.layout import rejected_folder
from aizones.publishing.staging import Staging
from tests.support.cli import run_cli
from tests.support.folders import snapshot

EXPECTED_FILES = {
    "aizones.ttl",
    "aizones.nt",
    "aizones.rdf",
    "aizones.trig",
    "aizones.nq",
    "aizones.jsonld",
    "context.jsonld",
    "description.ttl",
    "inferred.ttl",
    "validation.txt",
    "validation.ttl",
    "manifest.json",
    "ontology",  # the ontology's own files (``layout.ONTOLOGY_FILES``)
}


def test_build_publishes_every_format_with_a_manifest(mini):
    summary = build(mini, mini / "dist")
    written = {p.name for p in (mini / "dist").iterdir()}
    assert written == EXPECTED_FILES
    manifest = json.loads((mini / "dist" / "manifest.json").read_text())
    for name, entry in manifest["files"].items():
        assert hashlib.sha256((mini / "dist" / name).read_bytes()).hexdigest() == entry["sha256"]
    assert manifest["files"]["aizones.nt"]["triples"] == summary.asserted_triples
    assert manifest["files"]["inferred.ttl"]["triples"] == summary.inferred_triples == 5
    assert [i["path"] for i in manifest["inputs"]] == [f.path for f in summary.files]


def test_two_builds_are_byte_identical(mini, tmp_path):
    build(mini, mini / "dist")
    first = snapshot(mini / "dist")
    build(mini, mini / "dist")
    assert snapshot(mini / "dist") == first
    # and from a second copy of the project elsewhere on disk
    other = tmp_path / "elsewhere"
    import shutil

    shutil.copytree(mini, other, ignore=shutil.ignore_patterns("dist"))
    build(other, other / "dist")
    assert snapshot(other / "dist") == first


def test_syntax_error_exits_2_with_location_and_leaves_dist_alone(mini):
    assert run_cli("build", "-q", cwd=mini).code == 0
    before = snapshot(mini / "dist")
    (mini / "graph" / "sources" / "hunan.ttl").write_text("@prefix ex: <http://example.org/mini#> .\nex:a ex:b\n")
    result = run_cli("build", "-q", cwd=mini)
    assert result.code == 2
    assert result.err.startswith("aizones: graph/sources/hunan.ttl:"), result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    assert snapshot(mini / "dist") == before


def test_shacl_violation_exits_1_prints_and_saves_the_report_outside_dist(mini):
    assert run_cli("build", "-q", cwd=mini).code == 0
    before = snapshot(mini / "dist")
    (mini / "graph" / "sources" / "extra.ttl").write_text("<http://example.org/mini#nowhere> a <http://example.org/mini#City> .\n")
    result = run_cli("build", "-q", cwd=mini)
    assert result.code == 1
    assert "Give every place an English label" in result.out
    assert "graph/sources/extra.ttl" in result.out
    assert "does not conform" in result.err
    report = rejected_folder(mini / "dist") / "validation.txt"
    assert "Give every place an English label" in report.read_text()
    assert snapshot(mini / "dist") == before


def test_warnings_fail_only_when_asked(mini):
    (mini / "graph" / "sources" / "extra.ttl").write_text(
        '<http://example.org/mini#x> a <http://example.org/mini#City> ; <http://www.w3.org/2000/01/rdf-schema#label> "X"@en ;'
        ' <http://example.org/mini#population> "many" .\n'
    )
    build(mini, mini / "dist")  # a warning does not fail the default build
    with pytest.raises(NonConformantError):
        build(mini, mini / "dist", fail_on="warning")


def test_a_failure_while_publishing_leaves_the_previous_dist(mini, monkeypatch):
    build(mini, mini / "dist")
    before = snapshot(mini / "dist")
    (mini / "graph" / "sources" / "hubei.ttl").write_text(
        (mini / "graph" / "sources" / "hubei.ttl").read_text() + '<http://example.org/mini#hubei> <http://example.org/mini#motto> "new" .\n'
    )
    real = Staging.write_rdf
    calls = []

    def failing(self, name, writer, fmt):
        calls.append(name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(self, name, writer, fmt)

    monkeypatch.setattr(Staging, "write_rdf", failing)
    with pytest.raises(OutputError):
        build(mini, mini / "dist")
    assert snapshot(mini / "dist") == before
    assert not list(mini.glob(".dist.staging-*"))
