"""The default graph of a query is the RDF merge: a triple three files state is one solution, on a
dataset read from the files and on a release's store alike; GRAPH ?g still sees each file, and
``inference=False`` leaves the inferred graph out."""

from __future__ import annotations

from pathlib import Path

import pytest

from aizones.api import reason
from aizones.core.sparql import select
from aizones.pipeline import build, open_dataset
from aizones.publishing import release_store
from aizones.publishing.reopen import load_built

STATED = '<http://example.org/mini#hubei> <http://example.org/mini#nickname> "E" .\n'
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_STATED = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/mini#nickname> ?o }"
COUNT_BY_GRAPH = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <http://example.org/mini#nickname> ?o } }"
INFERRED_ONLY = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://example.org/mini#Place> }"


def three_files(root: Path) -> Path:
    """The mini project with one triple stated by three files (two existing, one new)."""
    sources = root / "graph" / "sources"
    for name in ("hubei.ttl", "hunan.ttl"):
        with open(sources / name, "a", encoding="utf-8") as handle:
            handle.write(STATED)
    (sources / "third.ttl").write_text(STATED, encoding="utf-8")
    return root


def number(dataset, text: str, **options) -> int:
    return int(select(dataset, text, **options)[1][0][0].value)


def merged_size(dataset, inference: bool) -> int:
    """The size of the merged graph, counted in Python: the set of triples of the graphs read."""
    graphs = dataset.asserted + ([dataset.inferred] if inference else [])
    return len({q.triple for g in graphs for q in dataset.store.quads_for_pattern(None, None, None, g)})


@pytest.mark.parametrize("built", [False, True], ids=["from-files", "release-store"])
def test_a_triple_three_files_state_is_counted_once(mini, built):
    root = three_files(mini)
    if built:
        build(root, root / "dist")
        dataset = load_built(root, root / "dist")
        assert dataset is not None and dataset.published is not None  # the read-only on-disk store
    else:
        dataset = open_dataset(root, None)
    assert number(dataset, COUNT_STATED) == 1
    assert number(dataset, COUNT_BY_GRAPH) == 3  # each source still says it, by name
    assert number(dataset, COUNT_ALL) == merged_size(dataset, inference=True)
    assert number(dataset, COUNT_ALL, inference=False) == merged_size(dataset, inference=False)
    assert number(dataset, COUNT_ALL, inference=False) < number(dataset, COUNT_ALL)
    assert number(dataset, INFERRED_ONLY, inference=False) < number(dataset, INFERRED_ONLY)


def test_a_store_made_before_the_merge_is_filled_again(mini):
    """A store from an earlier version (no mark) has an empty default graph: it is not used as it is."""
    build(mini, mini / "dist")
    folder = release_store.store_folder(mini / "dist")
    (store,) = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
    (store / "default-graph-merged").unlink()
    dataset = load_built(mini, mini / "dist")
    assert number(dataset, COUNT_ALL) == merged_size(dataset, inference=True) > 0
    assert (store / "default-graph-merged").is_file()


def test_the_default_graph_follows_the_graphs_a_dataset_gains(mini):
    """A dataset read from the files and queried, then reasoned over: the merge is made again."""
    dataset = open_dataset(mini, None, inference=False)
    before = number(dataset, COUNT_ALL)
    reason(dataset)
    assert number(dataset, COUNT_ALL) == merged_size(dataset, inference=True) > before
