"""The query runner the pages use: the same rows as the library, the row cap, errors as errors."""

from __future__ import annotations

import asyncio

import pytest

from aizones.core.errors import InputError, PolicyError
from aizones.core.sparql import select
from aizones.querying import saved
from aizones.serving.context import Limits, Served
from aizones.serving.runner import QueryRunner, Unavailable
from tests.support.paths import REPO


def ran(served: Served, work):
    """``work(runner)`` on a runner of its own, in an event loop of its own, its workers stopped after."""

    async def main():
        runner = QueryRunner(served)
        try:
            return await work(runner)
        finally:
            await runner.close()

    return asyncio.run(main())


def copy(served: Served, **limits) -> Served:
    return Served(root=served.root, out=served.out, dataset=served.dataset, queries=served.queries, limits=Limits(**limits))


@pytest.mark.parametrize("name", ["zones-in-province", "figures-over-time", "conflicts"])
def test_select_gives_the_library_rows_with_the_same_bindings(served, name):
    query = saved.find(REPO / "queries", name)
    bindings = saved.bind(served.dataset, query, {})
    expected = select(served.dataset, query.file.text, substitutions=bindings)
    assert ran(served, lambda runner: runner.select(query.file.text, substitutions=bindings)) == expected


def test_select_without_inference_leaves_the_inferred_graph_out(served):
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    both = ran(served, lambda runner: asyncio.gather(runner.select(text), runner.select(text, inference=False)))
    assert both[0] == select(served.dataset, text) and both[1] == select(served.dataset, text, inference=False)
    assert both[0][1][0][0].value != both[1][1][0][0].value


def test_rows_says_when_the_cap_cut_them(served):
    text = "SELECT ?zone WHERE { ?zone a aiz:PilotZone } ORDER BY ?zone"
    cut = ran(copy(served, max_rows=4), lambda runner: runner.rows(text))
    assert cut.truncated and cut.rows == select(served.dataset, text)[1][:4]
    assert not ran(served, lambda runner: runner.rows(text)).truncated


def test_a_refused_or_broken_query_raises_the_library_error(served):
    with pytest.raises(PolicyError, match="SERVICE is refused"):
        ran(served, lambda runner: runner.select("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"))
    with pytest.raises(InputError, match="not valid SPARQL"):
        ran(served, lambda runner: runner.select("SELECT ?x WHERE {"))


def test_call_runs_a_library_function_and_answers_unavailable_past_the_limit(served):
    import time

    assert ran(served, lambda runner: runner.call(len, [1, 2, 3])) == 3
    with pytest.raises(Unavailable, match=r"more than 0\.2 s"):
        ran(copy(served, timeout=0.2), lambda runner: runner.call(time.sleep, 1))


def test_call_never_waits_past_the_limit_for_a_slot_held_by_an_abandoned_call(served):
    import time

    async def work(runner):
        first = asyncio.ensure_future(runner.call(time.sleep, 1.5))  # abandoned at 0.2 s, its slot held to 1.5 s
        await asyncio.sleep(0.05)
        begun = time.monotonic()
        with pytest.raises(Unavailable, match="busy") as refused:
            await runner.call(len, [])
        took = time.monotonic() - begun
        with pytest.raises(Unavailable, match="more than"):
            await first
        return took, refused.value.retry_after

    took, retry_after = ran(copy(served, timeout=0.2, concurrency=1), work)
    assert took < 1.0 and retry_after == 1


def test_a_dataset_without_a_release_store_is_served_from_its_own_copy(served, tmp_path):
    """Workers hold the dataset the server holds, even when no store of it is on disk."""
    import pyoxigraph as ox

    from aizones.core.dataset import Dataset

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c")))
    alone = Served(root=served.root, out=tmp_path / "dist", dataset=Dataset(store), queries=served.queries)
    assert ran(alone, lambda runner: runner.select("SELECT ?o WHERE { ?s ?p ?o }")) == (["o"], [(ox.Literal("c"),)])
