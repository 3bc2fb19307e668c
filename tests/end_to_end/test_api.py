"""The public API: ``aizones.__all__`` is what ``aizones.api`` offers, and every example in their
docstrings runs (from the project folder, as a user would)."""

from __future__ import annotations

import doctest
import subprocess
import sys

import pytest

import aizones
from aizones import api
from tests.support.paths import REPO

BLOCKING = {"serve"}


def test_all_names_the_api_and_each_is_documented_with_an_example():
    public = sorted(set(aizones.__all__) - {"__version__"})
    assert public == [
        "build",
        "diff",
        "draw",
        "explain",
        "export",
        "load",
        "network",
        "path",
        "push",
        "query",
        "query_endpoint",
        "reason",
        "release",
        "serve",
        "validate",
    ]
    for name in public:
        function = getattr(aizones, name)
        assert function is getattr(api, name)
        assert f"aizones.{name}(" in (function.__doc__ or ""), f"aizones.{name} has no example"
        # serve blocks until it is stopped, so its example is shown, not run (tests/serving runs it)
        assert ">>> " in function.__doc__ or name in BLOCKING, f"aizones.{name} has no example that runs"


def test_importing_a_stage_does_not_load_the_api():
    code = "import sys, aizones.core.namespaces; print('aizones.api' in sys.modules, 'aizones.pipeline' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


@pytest.mark.slow
@pytest.mark.java
@pytest.mark.parametrize("module", [aizones, api], ids=["aizones", "aizones.api"])
def test_the_examples_run(module, monkeypatch):
    monkeypatch.chdir(REPO)
    shared = {"aizones": aizones, "dataset": aizones.load(".")}
    failed, tried = doctest.testmod(module, extraglobs=shared, optionflags=doctest.ELLIPSIS, report=True, verbose=False)
    assert tried >= (2 if module is aizones else 10) and failed == 0
