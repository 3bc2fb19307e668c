"""OWL consistency with HermiT: inconsistencies are errors that name the entities; the real
ontology and data are consistent with every class satisfiable; no Java or a time limit is handled."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from aizones.core import limits
from aizones.core.dataset import ROLE_DATA, ROLE_ONTOLOGY
from aizones.core.errors import LimitError
from aizones.core.namespaces import AIZ, ID, OWL, RDF
from aizones.reading.loader import load_dataset
from aizones.validation.consistency import can_clash, consistency_findings, ntriples
from aizones.validation.coordinator import validate
from tests.support.paths import REPO

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
PREFIXES = """@prefix aiz: <https://w3id.org/aizones/ontology#> .
@prefix id: <https://w3id.org/aizones/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def project(tmp_path: Path, data: str) -> Path:
    """The real ontology (and shapes) with one data file."""
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph" / "example.ttl").write_text(PREFIXES + data, encoding="utf-8")
    return tmp_path


@pytest.mark.java
@needs_java
def test_an_entity_in_two_disjoint_classes_is_an_error_that_names_it_and_the_classes(tmp_path):
    root = project(tmp_path, 'id:both a aiz:Company , aiz:University ; rdfs:label "Both"@en .\n')
    [finding] = consistency_findings(load_dataset(root))
    assert (finding.level, finding.validator, finding.entity, finding.label) == ("error", "reasoner", ID.both, "Both")
    assert (finding.file, finding.property, finding.rule) == ("graph/example.ttl", RDF.type, OWL.AllDisjointClasses)
    assert finding.value == f"{AIZ.Company} {AIZ.University}"
    assert "both a company" in finding.message and "university" in finding.message and "disjoint" in finding.message


@pytest.mark.java
@needs_java
def test_a_clash_implied_by_a_range_names_the_entity(tmp_path):
    data = (
        'id:example-park a aiz:IndustrialPark ; rdfs:label "Example park"@en .\nid:example-company aiz:headquarteredIn id:example-park .\n'
    )
    [finding] = consistency_findings(load_dataset(project(tmp_path, data)))
    assert finding.entity == ID["example-park"] and finding.value == f"{AIZ.Facility} {AIZ.Region}"
    assert "follow from subclasses, domains and ranges" in finding.message


@pytest.mark.java
@needs_java
def test_a_class_that_can_have_no_members_is_an_error(tmp_path):
    root = project(tmp_path, "id:Impossible a owl:Class ; rdfs:subClassOf aiz:Company , aiz:University .\n")
    [finding] = consistency_findings(load_dataset(root))
    assert (finding.entity, finding.rule, finding.level) == (ID.Impossible, OWL.Nothing, "error")
    assert "can have no members" in finding.message


@pytest.mark.java
@needs_java
def test_the_real_ontology_and_data_are_consistent_with_every_class_satisfiable():
    dataset = load_dataset(REPO)
    assert can_clash(dataset.store, dataset.graphs(ROLE_ONTOLOGY, ROLE_DATA))  # so HermiT did run
    assert consistency_findings(dataset) == []


@pytest.mark.java
@needs_java
def test_validate_reports_the_inconsistency_beside_the_shacl_findings(tmp_path):
    root = project(tmp_path, 'id:both a aiz:Company , aiz:University ; rdfs:label "Both"@en .\n')
    findings = validate(load_dataset(root)).findings
    assert [f.entity for f in findings if f.validator == "reasoner"] == [ID.both]


def test_without_java_the_check_says_so_in_one_line_and_carries_on(tmp_path, monkeypatch, capsys):
    root = project(tmp_path, "id:both a aiz:Company , aiz:University .\n")
    dataset = load_dataset(root)
    monkeypatch.setenv("PATH", str(tmp_path / "no-java-here"))
    assert consistency_findings(dataset) == []
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("warning: Java is not installed") and "HermiT" in line


@pytest.mark.java
@needs_java
def test_hermit_is_stopped_at_the_time_limit(tmp_path):
    dataset = load_dataset(project(tmp_path, "id:both a aiz:Company .\n"))
    with limits.applied(seconds=0.2), pytest.raises(LimitError, match=r"^the consistency check \(HermiT\) was stopped after 0.2 s"):
        consistency_findings(dataset)


@pytest.mark.java
@needs_java
@pytest.mark.parametrize("seconds", [0.2, 2.5], ids=["before-java", "while-java-runs"])
def test_hermit_stopped_at_the_limit_leaves_no_temporary_files(tmp_path, monkeypatch, seconds):
    """The child running HermiT is killed with its JVM, so it never cleans up: the parent does
    (before, ``aizones-hermit-*`` folders and owlready2's input files stayed in $TMPDIR)."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    dataset = load_dataset(REPO)
    with limits.applied(seconds=seconds), contextlib.suppress(LimitError):
        consistency_findings(dataset)
    assert list(temporary.iterdir()) == []


@pytest.mark.java
@needs_java
def test_a_hermit_folder_of_a_killed_process_is_removed_by_the_next_check(tmp_path, monkeypatch):
    temporary = tmp_path / "tmp"
    (temporary / "aizones-hermit-999999999-abc").mkdir(parents=True)  # no such process: SIGKILLed
    (temporary / f"aizones-hermit-{os.getpid()}-live").mkdir()  # a process that runs: kept
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    consistency_findings(load_dataset(project(tmp_path, "id:both a aiz:Company .\n")))
    assert [p.name for p in temporary.iterdir()] == [f"aizones-hermit-{os.getpid()}-live"]


def test_hermit_is_not_started_when_nothing_can_clash(mini):
    dataset = load_dataset(mini)  # subclasses, a domain, a range, a transitive property: always a model
    assert not can_clash(dataset.store, dataset.graphs(ROLE_ONTOLOGY, ROLE_DATA))
    assert consistency_findings(dataset) == []
    ontology = mini / "ontology" / "mini.ttl"
    ontology.write_text(ontology.read_text(encoding="utf-8") + "ex:Place owl:disjointWith ex:Person .\n", encoding="utf-8")
    dataset = load_dataset(mini)
    assert can_clash(dataset.store, dataset.graphs(ROLE_ONTOLOGY, ROLE_DATA))


def test_owl_imports_never_reach_hermit(tmp_path):
    root = project(tmp_path, "<https://example.org/x> owl:imports <http://127.0.0.1:9/never> .\nid:a a aiz:Company .\n")
    dataset = load_dataset(root)
    text = ntriples(dataset.store, dataset.graphs(ROLE_DATA)).decode()
    assert "imports" not in text and f"<{ID.a}>" in text


@pytest.mark.java
@needs_java
def test_above_the_size_hermit_handles_the_ontology_alone_is_checked_and_it_says_so(tmp_path, monkeypatch, capsys):
    from aizones.validation import consistency

    dataset = load_dataset(project(tmp_path, "id:both a aiz:Company , aiz:University .\n"))
    monkeypatch.setattr(consistency, "MAX_TRIPLES", 1)
    assert consistency_findings(dataset) == []  # the clash is in the data, which was left out
    [line] = capsys.readouterr().err.splitlines()
    assert line == "warning: the data has 2 triples, more than HermiT checks in reasonable time (1): it checked the ontology alone"
