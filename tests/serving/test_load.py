"""The load test, for 10 s: 32 clients over the saved queries and pages on ``aizones serve``, no
error, resident memory bounded (``make load`` runs it for 60 s and writes docs/serving.md)."""

from __future__ import annotations

import pytest

from benchmarks.serve_load import run_load, workload
from benchmarks.serve_load import served as serving

pytestmark = pytest.mark.slow
GROWTH_MB = 64  # the answer cache's budget (--cache-mb): everything else is made at start-up


def test_32_clients_for_10_seconds_get_every_answer_and_memory_stays_bounded(served):
    root = served.root  # a built copy of the project: the command serves it as it is
    with serving(root) as (url, pid):
        requests = workload(url, root / "dist")
        figures = run_load(url, requests, clients=32, seconds=10, pid=pid)
    assert figures["errors"] == 0, figures["first_errors"]
    assert figures["requests"] > 32 * len(requests) // 10  # every client went round at least part of the list
    assert figures["rss_growth_mb"] < GROWTH_MB, figures
