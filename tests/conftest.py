"""Shared fixtures and the ``--update-snapshots`` option; helpers are in ``tests/support/``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.paths import DATA


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of ``tests/data/mini``: a four-file project with known inferences."""
    target = tmp_path / "mini"
    shutil.copytree(DATA / "mini", target)
    return target


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true", help="rewrite tests/snapshots/ and the README output")


@pytest.fixture
def update_snapshots(request) -> bool:
    return request.config.getoption("--update-snapshots")
