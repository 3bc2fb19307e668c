"""``--root`` at something that is not a project: one line, exit 2, for every command that reads one.

Before, ``--root`` at a missing folder gave a traceback in some commands and, worse, "The data
conforms: no findings" with exit 0 in ``validate``.
"""

from __future__ import annotations

import pytest

from tests.support.cli import run_cli


@pytest.mark.parametrize(
    ("where", "says"),
    [("missing", "no such folder"), ("a-file", "not a folder"), ("empty", "not an aizones project (it has no ontology/ folder)")],
)
@pytest.mark.parametrize(
    "command",
    # synth copies the project's ontology: outside a project it was an internal error
    [["validate"], ["build", "-q"], ["stats"], ["query", "--list"], ["synth", "--triples", "1000", "-o", "out"]],
)
def test_root_that_is_not_a_project_is_one_line_and_exit_2(tmp_path, where, says, command):
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "empty").mkdir()
    root = tmp_path / where
    result = run_cli("--root", str(root), *command, cwd=tmp_path, timeout=120)
    assert result.code == 2, result.err
    assert result.err == f"aizones: {root}: {says}; give --root the project folder, the one holding ontology/ and graph/\n"
    assert result.out == ""
