"""`aizones query --all`: every saved query answered with its defaults, one file each."""

from __future__ import annotations

import csv
import io
import json

import pytest

from aizones.pipeline import open_dataset
from aizones.querying import saved
from aizones.querying.answers import answer_all
from tests.support.cli import run_cli
from tests.support.folders import snapshot
from tests.support.paths import REPO

QUERIES = saved.catalogue(REPO / "queries")


@pytest.fixture(scope="module")
def dataset():
    return open_dataset(REPO)


def test_every_saved_query_gets_a_file_holding_all_its_rows(dataset, tmp_path):
    answers = answer_all(dataset, REPO / "queries", tmp_path / "queries")
    assert [a.name for a in answers] == [q.name for q in QUERIES]
    written = {p.name for p in (tmp_path / "queries").iterdir()}
    bound = {f"{q.name}.rq" for q in QUERIES}  # the build's bound queries live beside the answers
    assert written == {f"{q.name}.csv" for q in QUERIES} | bound | {"manifest.json"}
    for answer, query in zip(answers, QUERIES, strict=True):
        expected = sum(1 for _ in saved.run(dataset, query, {}))
        rows = list(csv.reader(io.StringIO((tmp_path / "queries" / answer.file).read_text(encoding="utf-8"))))
        assert answer.rows == expected == len(rows) - 1, answer.name
    assert any(a.rows for a in answers)
    manifest = json.loads((tmp_path / "queries" / "manifest.json").read_text())
    assert set(manifest["files"]) == {f"{q.name}.csv" for q in QUERIES} | bound


def test_answers_are_byte_identical_from_run_to_run(dataset, tmp_path):
    answer_all(dataset, REPO / "queries", tmp_path / "one", fmt="json")
    answer_all(dataset, REPO / "queries", tmp_path / "two", fmt="json")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_the_command_prints_one_line_per_query_and_where_the_files_are(tmp_path):
    done = run_cli("query", "--all", "--format", "tsv", "--out", str(tmp_path), cwd=REPO)
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == [q.name for q in QUERIES]
    assert lines[-1] == f"answered {len(QUERIES)} saved queries into {tmp_path / 'queries'}"
    assert (tmp_path / "queries" / "pilot-zones.tsv").read_text(encoding="utf-8").startswith("?programme\t?zone")


def test_all_with_a_query_name_is_a_usage_error(tmp_path):
    done = run_cli("query", "pilot-zones", "--all", "--out", str(tmp_path), cwd=REPO)
    assert done.code == 2
    assert "give no query name" in done.err
    assert not (tmp_path / "queries").exists()
