"""Shared fixtures and the ``--update-snapshots`` option; helpers are in ``tests/support/``."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from tests.support.paths import DATA


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of ``tests/data/mini``: a four-file project with known inferences."""
    target = tmp_path / "mini"
    shutil.copytree(DATA / "mini", target)
    return target


def pytest_configure(config):
    _let_started_commands_take_signals()


def _let_started_commands_take_signals() -> None:
    """Take SIGINT and SIGHUP as a shell in the foreground gives them, however the suite was started.

    Started in the background of a script, under ``nohup`` or as a pytest-xdist worker, this process
    inherits one or both signals ignored, and an ignored signal stays ignored across ``exec``: every
    ``aizones`` a test starts would shrug off the Ctrl-C or hang-up the signal tests send it, and the
    tests that send SIGINT to this process would see no KeyboardInterrupt. So SIGINT gets Python's
    own handler back, and SIGHUP a handler that does nothing: this process still survives a hang-up,
    and its children, ``exec`` resetting a handler to the default, take the signal as they should.
    """
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if signal.getsignal(signal.SIGHUP) == signal.SIG_IGN:
        signal.signal(signal.SIGHUP, _still_ignored)


def _still_ignored(_number, _frame) -> None:
    """The suite was started with SIGHUP ignored; it still is, for this process alone."""


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true", help="rewrite tests/snapshots/ and the README output")


@pytest.fixture
def update_snapshots(request) -> bool:
    return request.config.getoption("--update-snapshots")
