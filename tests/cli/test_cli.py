"""The command line: help with an example for every command, and every documented exit code."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from aizones.cli.arguments import make_parser
from tests.support.cli import run_cli
from tests.support.paths import REPO

COMMANDS = sorted(make_parser()._subparsers._group_actions[0].choices)


def test_the_commands_are_the_documented_ones():
    assert {"build", "validate", "query", "export", "stats"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example_and_the_exit_codes(command, tmp_path):
    result = run_cli(command, "--help", cwd=tmp_path)
    assert result.code == 0
    assert "example:\n  aizones " in result.out
    assert "exit codes:" in result.out and "5  a time or memory limit" in result.out


def test_top_level_help_and_version(tmp_path):
    result = run_cli("--help", cwd=tmp_path)
    assert result.code == 0 and all(c in result.out for c in COMMANDS)
    assert run_cli("--version", cwd=tmp_path).out.startswith("aizones ")


def test_console_script_is_installed():
    script = shutil.which("aizones") or str(REPO / ".venv" / "bin" / "aizones")
    done = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "commands:" in done.stdout


def test_exit_0_and_a_summary_from_build(mini):
    result = run_cli("build", cwd=mini)
    assert result.code == 0, result.err
    assert "named graphs" in result.out and "validation:" in result.out and "inferred" in result.out
    assert result.err == "", "no progress lines when stderr is not a terminal"


def test_exit_codes_of_validate(mini):
    ok = run_cli("validate", "--format", "json", cwd=mini)
    assert ok.code == 0 and json.loads(ok.out)["conforms"] is True
    assert run_cli("validate", "--fail-on", "info", cwd=mini).code == 1  # the fixture has three info findings
    (mini / "graph" / "bad.ttl").write_text("<http://example.org/mini#q> a <http://example.org/mini#City> .\n")
    bad = run_cli("validate", "--format", "tsv", cwd=mini)
    assert bad.code == 1
    header, *rows = bad.out.splitlines()
    assert header.split("\t")[:3] == ["level", "rule", "label"]
    assert any("graph/bad.ttl" in row and row.startswith("error") for row in rows)
    turtle = run_cli("validate", "--format", "turtle", cwd=mini)
    assert "sh:ValidationReport" in turtle.out


def test_exit_2_for_usage_errors(mini):
    assert run_cli("query", "no-such-file.rq", cwd=mini).code == 2
    assert run_cli("export", cwd=mini).code == 2
    assert run_cli("build", "--no-such-option", cwd=mini).code == 2


def test_exit_3_for_policy(mini):
    assert run_cli("query", "-e", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", cwd=mini).code == 3


def test_exit_4_when_the_output_cannot_be_written(mini):
    (mini / "blocker").write_text("a file where the output folder's parent should be")
    result = run_cli("build", "-q", "--out", "blocker/dist", cwd=mini)
    assert result.code == 4, result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1


def test_stats_counts_graphs_and_classes(mini):
    result = run_cli("stats", cwd=mini)
    assert result.code == 0
    assert "graph/sources/hunan.ttl" in result.out and "inferred" in result.out and "total" in result.out


def test_python_dash_m_runs_the_same_command(tmp_path):
    assert run_cli("--help", cwd=tmp_path).out == run_cli("--help", cwd=tmp_path).out
