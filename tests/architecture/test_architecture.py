"""The house rules of ``docs/architecture.md``, held by tests: layers, no cycles, small modules.

``make lint`` runs ``lint-imports`` with the contracts in ``pyproject.toml``; the tests below show
that it passes on the package and fails on a scratch copy with a planted violation (an earlier
stage importing a later one, at module level or inside a function, and a cycle), and check what
import-linter does not: where function-level imports are allowed, module size, star imports.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO

PACKAGE = REPO / "src" / "aizones"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# Imported inside the functions that need them, so that a command pays only for what it uses
# (STYLE.md rule 9): each costs a noticeable fraction of a second at start-up.
HEAVY = {"matplotlib", "networkx", "numpy", "rdflib", "pyshacl", "owlrl", "owlready2"}
# The command line imports the stages inside each handler, so that ``aizones --help`` starts at once.
LAZY_BY_DESIGN = {
    PACKAGE / "cli" / name for name in ("commands.py", "arguments.py", "release_commands.py", "store_commands.py", "serve_command.py")
}
MAX_LINES = 400


def lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A copy of the package and its lint configuration, to plant violations in."""
    shutil.copytree(PACKAGE, tmp_path / "src" / "aizones", ignore=shutil.ignore_patterns("__pycache__", "vendor", "assets"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def plant(root: Path, module: str, line: str) -> None:
    path = root / "src" / "aizones" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")


def test_the_package_keeps_every_contract():
    done = lint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_an_earlier_stage_importing_a_later_one_breaks_the_layers(scratch):
    plant(scratch, "reading/prescan.py", "from aizones.querying import saved  # planted")
    done = lint(scratch)
    assert done.returncode == 1
    assert "Each stage imports only the stages below it BROKEN" in done.stdout
    assert "aizones.reading.prescan -> aizones.querying.saved" in done.stdout


def test_a_function_level_import_counts_too(scratch):
    plant(scratch, "core/amounts.py", "def planted():\n    from aizones.pipeline import build\n    return build")
    done = lint(scratch)
    assert done.returncode == 1 and "aizones.core.amounts -> aizones.pipeline" in done.stdout


def test_two_siblings_importing_each_other_break_the_acyclic_contract(scratch):
    plant(scratch, "validation/findings.py", "from aizones.validation import report  # planted: report imports findings")
    done = lint(scratch)
    assert done.returncode == 1
    assert "No import cycles between the modules or packages of one package BROKEN" in done.stdout


def test_a_new_top_level_package_must_be_given_a_layer(scratch):
    (scratch / "src" / "aizones" / "stray").mkdir()
    (scratch / "src" / "aizones" / "stray" / "__init__.py").write_text('"""Planted."""\n')
    done = lint(scratch)
    assert done.returncode == 1 and "stray" in done.stdout


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def function_level_imports(path: Path) -> list[tuple[int, str, str]]:
    """(line, module, the source line) of every import inside a function of ``path``."""
    source = path.read_text(encoding="utf-8")
    lines = source.split("\n")
    found = []
    for function in ast.walk(ast.parse(source)):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    found += [(node.lineno, alias.name, lines[node.lineno - 1]) for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    found.append((node.lineno, node.module, lines[node.lineno - 1]))
    return found


def misplaced_imports(paths: list[Path]) -> list[str]:
    wrong = []
    for path in paths:
        for line, module, text in function_level_imports(path):
            heavy = module.split(".")[0] in HEAVY
            ours = module.split(".")[0] == "aizones"
            if (ours and path in LAZY_BY_DESIGN) or (heavy and not ours) or "#" in text:
                continue  # allowed: start-up time, a heavy library, or a comment that says why
            wrong.append(f"{path}:{line}: {text.strip()}")
    return wrong


def test_function_level_imports_only_where_start_up_time_needs_them():
    assert misplaced_imports(modules()) == []


def test_the_function_level_rule_catches_a_plant(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("def f():\n    from aizones.core import errors\n    import difflib\n    return errors, difflib\n")
    assert len(misplaced_imports([planted])) == 2


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_has_one_job_a_docstring_and_at_most_400_lines(path):
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_LINES, f"{path.name} has {len(source.splitlines())} lines; split it by job"
    tree = ast.parse(source)
    assert ast.get_docstring(tree), f"{path.relative_to(REPO)} has no docstring saying what it holds"
    assert not any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) for n in ast.walk(tree)), "a star import"


def test_no_catch_all_module():
    assert not [p for p in modules() if p.stem in {"utils", "util", "helpers", "misc", "common"}]
