"""The fast path answers every saved query exactly as rdflib's SPARQL engine does.

Both engines read the same N-Quads (Oxigraph's canonical dump of the dataset with its inferred
graph) with the default graph as the union of the named graphs, and get the same parameter
bindings; their rows are compared as sets. Run on the real graph and on a generated 10k graph.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib

from aizones.core.namespaces import PREFIXES
from aizones.core.rdflib_bridge import from_rdflib, to_rdflib
from aizones.pipeline import open_dataset
from aizones.querying import saved
from tests.support.paths import REPO
from tests.support.projects import synthetic_project

QUERIES = saved.catalogue(REPO / "queries")
pytestmark = pytest.mark.slow  # every saved query through rdflib as well, on the real graph and at 10k triples
_IRI_LIST = re.compile(r"https?://\S+(?: https?://\S+)+")


def _rdflib_copy(dataset) -> rdflib.Dataset:
    copy = rdflib.Dataset(default_union=True)
    data = dataset.store.dump(format=ox.RdfFormat.N_QUADS)
    copy.parse(data=data.decode(), format="nquads")
    return copy


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and _IRI_LIST.fullmatch(term.value):
        # GROUP_CONCAT has no defined order: compare its items as a set
        return str(ox.Literal(" ".join(sorted(term.value.split(" ")))))
    return str(term)


def _fast_rows(dataset, query, bindings) -> set[tuple[str, ...]]:
    result = saved.run(dataset, query, {})
    names = [v.value for v in result.variables]
    return {tuple(_cell(row[n]) for n in names) for row in result}


def _rdflib_rows(copy, query, bindings) -> set[tuple[str, ...]]:
    initial = {rdflib.Variable(v.value): to_rdflib(t) for v, t in bindings.items()}
    result = copy.query(query.file.text, initNs=PREFIXES, initBindings=initial)
    names = [str(v) for v in result.vars]
    rows = set()
    for row in result:
        cells = []
        for name in names:
            value = row[name]
            cells.append(_cell(from_rdflib(value) if value is not None else None))
        rows.add(tuple(cells))
    return rows


@pytest.fixture(scope="module")
def real():
    dataset = open_dataset(REPO)
    return dataset, _rdflib_copy(dataset)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    dataset = open_dataset(synthetic_project(tmp_path_factory.mktemp("synth10k"), triples=10_000, seed=3))
    return dataset, _rdflib_copy(dataset)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_oxigraph_and_rdflib_agree_on_the_real_graph(real, query):
    import os

    if query.name in SLOW_ON_THE_REAL_GRAPH and not os.environ.get("AIZONES_SLOW_TESTS"):
        pytest.skip("rdflib takes over two minutes for this query on the real graph; set AIZONES_SLOW_TESTS=1")
    dataset, copy = real
    bindings = saved.bind(dataset, query, {})
    assert _fast_rows(dataset, query, bindings) == _rdflib_rows(copy, query, bindings)


# rdflib needs over a minute for these at 10k triples (Oxigraph: milliseconds); run with AIZONES_SLOW_TESTS=1
SLOW_IN_RDFLIB = {"conflicts", "zone-completeness"}  # zone-completeness: over six minutes (counts in nested OPTIONALs)
SLOW_ON_THE_REAL_GRAPH = {"zone-completeness"}  # 158 s in rdflib (0.1 s in Oxigraph); its rows are pinned by its snapshot


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_oxigraph_and_rdflib_agree_on_a_generated_10k_graph(generated, query):
    import os

    if query.name in SLOW_IN_RDFLIB and not os.environ.get("AIZONES_SLOW_TESTS"):
        pytest.skip("rdflib takes over a minute for this query at 10k triples; set AIZONES_SLOW_TESTS=1")
    dataset, copy = generated
    bindings = saved.bind(dataset, query, {})
    fast = _fast_rows(dataset, query, bindings)
    assert fast == _rdflib_rows(copy, query, bindings)
