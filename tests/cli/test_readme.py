"""The README's examples run: every ``$ aizones …`` line in a ``console`` block is executed and
its output must be what the README shows (``pytest --update-snapshots`` rewrites the shown output).

A block may end its shown output with a line ``…`` to show only the first lines.
"""

from __future__ import annotations

import re
import shlex
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.paths import REPO

README = REPO / "README.md"
pytestmark = pytest.mark.slow  # builds the real graph, then runs every example
_BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def _examples(text: str) -> list[tuple[str, list[str]]]:
    examples = []
    for block in _BLOCK.findall(text):
        command, shown = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    examples.append((command, shown))
                command, shown = line[2:], []
            elif command is not None:
                shown.append(line)
        if command:
            examples.append((command, shown))
    return examples


EXAMPLES = [e for e in _examples(README.read_text(encoding="utf-8")) if e[0].startswith("aizones ")]


@pytest.fixture(scope="module")
def built():
    result = run_cli("build", "-q", cwd=REPO)
    assert result.code == 0, result.err
    return True


def test_the_readme_opens_with_the_two_commands():
    text = README.read_text(encoding="utf-8")
    first_block = text.split("```", 2)[1]
    assert "make run" in first_block and "make test" in first_block
    assert text.index("make run") < text.index("## ")


def test_there_are_examples():
    assert len(EXAMPLES) >= 8


def _marked(example: tuple[str, list[str]]):
    """An example whose shown output has a HermiT finding needs Java."""
    return pytest.param(example, marks=pytest.mark.java) if any("(hermit)" in line for line in example[1]) else example


@pytest.mark.parametrize("example", [_marked(e) for e in EXAMPLES], ids=lambda e: e[0][:60])
def test_readme_example_shows_real_output(built, example, update_snapshots):
    command, shown = example
    args = shlex.split(command)[1:]
    expected_code = 1 if "--fail-on" in args or "broken" in command else 0
    if "planted" in command:  # a table with planted errors: bad input, nothing validated
        expected_code = 2
    result = run_cli(*args, cwd=REPO)
    output = [line.rstrip() for line in (result.out + result.err).rstrip("\n").splitlines()]
    if update_snapshots:
        _rewrite(command, shown, output)
        return
    assert result.code in (0, expected_code), result.err
    if shown and shown[-1] == "…":
        assert output[: len(shown) - 1] == [line.rstrip() for line in shown[:-1]]
    else:
        assert output == [line.rstrip() for line in shown]


def _rewrite(command: str, shown: list[str], output: list[str]) -> None:
    text = README.read_text(encoding="utf-8")
    old = "\n".join([f"$ {command}", *shown])
    keep = len(shown) - 1 if shown and shown[-1] == "…" else None
    new_lines = [*output[:keep], "…"] if keep is not None else output
    new = "\n".join([f"$ {command}", *new_lines])
    README.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_readme_says_how_the_command_is_reached_and_that_is_where_make_installs_it():
    """Every example calls ``aizones``; after ``make run`` it lives in ``.venv/bin``, which the
    README tells the reader to put on the PATH (``make run`` says so too, as its last line)."""
    text = README.read_text(encoding="utf-8")
    assert text.index("source .venv/bin/activate") < text.index("$ aizones ")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "BIN    := $(VENV)/bin" in makefile and "VENV   := .venv" in makefile
    assert "$(BIN)/aizones" in makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["aizones"] == "aizones.cli:main"
    assert (Path(sys.executable).parent / "aizones").is_file() and (Path(sys.executable).parent / "activate").is_file()
