"""The W3C SHACL test suite: the numbers in ``docs/shacl-conformance.md`` stay true for both engines."""

from __future__ import annotations

import pytest

from tests.conformance.shacl_suite import SUITE, load_suite
from tests.conformance.update_shacl_conformance import DOC, render, run_suite

pytestmark = [
    pytest.mark.slow,  # the whole suite through both engines
    pytest.mark.skipif(not SUITE.is_dir(), reason=f"the W3C SHACL test suite is not at {SUITE} (a clone outside the workplace)"),
]


@pytest.fixture(scope="module")
def outcomes():
    return run_suite()


def test_the_suite_is_read_whole():
    tests = load_suite()
    assert len(tests) >= 120
    assert {t.folder.split("/")[0] for t in tests} == {"core", "sparql"}
    assert sum(t.expected is None for t in tests) >= 6  # the tests that expect the shapes to be refused


def test_the_conformance_page_is_current(outcomes):
    assert DOC.read_text(encoding="utf-8") == render(outcomes), (
        "docs/shacl-conformance.md is out of date; run .venv/bin/python tests/conformance/update_shacl_conformance.py"
    )


def test_the_fast_engine_passes_every_test_pyshacl_passes(outcomes):
    reference = {o.test.name for o in outcomes["pyshacl"] if o.passed}
    fast = {o.test.name for o in outcomes["fast"] if o.passed}
    assert reference - fast == set()
