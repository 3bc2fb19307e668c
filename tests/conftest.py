"""Shared fixtures: a copy of a small project to build, and the real command line to run on it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SHARED = REPO.parent / "shared"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path, stdin: str | None = None, timeout: float = 300) -> Run:
    """Run ``python -m aizones`` for real, in a fresh process, as a user would."""
    env = {**os.environ, "PYTHONUTF8": "1"}
    env.pop("CI", None)
    done = subprocess.run(
        [sys.executable, "-m", "aizones", *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=timeout, env=env
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of ``tests/data/mini``: a four-file project with known inferences."""
    target = tmp_path / "mini"
    shutil.copytree(DATA / "mini", target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to compare a folder before and after."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true", help="rewrite tests/snapshots/ from the current results")


@pytest.fixture
def update_snapshots(request) -> bool:
    return request.config.getoption("--update-snapshots")
