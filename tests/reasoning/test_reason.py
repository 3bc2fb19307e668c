"""OWL RL materialisation: its own graph, the same triples from both engines, the limits honoured.

Rule by rule agreement with owlrl, the real graph and a generated one: ``test_reason_engines``.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from aizones.core import limits
from aizones.core.errors import LimitError, UsageError
from aizones.reading.loader import load_dataset
from aizones.reasoning.materialise import ENGINES, infer, materialise
from tests.support.cli import run_cli

EX = "http://example.org/mini#"


def test_both_engines_infer_the_same_triples(mini):
    dataset = load_dataset(mini)
    fast, reference = infer(dataset, engine="oxigraph"), infer(dataset, engine="owlrl")
    assert fast == reference
    assert ox.Triple(ox.NamedNode(EX + "yuelu"), ox.NamedNode(EX + "locatedIn"), ox.NamedNode(EX + "hunan")) in fast


@pytest.mark.parametrize("engine", ENGINES)
def test_inferred_triples_live_only_in_the_inferred_graph(mini, engine):
    dataset = load_dataset(mini)
    before = {str(q) for q in dataset.quads(dataset.asserted)}
    graphs = set(dataset.store.named_graphs())
    count = materialise(dataset, engine=engine)
    assert count == dataset.count(dataset.inferred) == 5
    assert {str(q) for q in dataset.quads(dataset.asserted)} == before
    assert set(dataset.store.named_graphs()) == graphs | {dataset.inferred}  # no scratch graph left behind
    assert {q.triple for q in dataset.quads([dataset.inferred])} == set(infer(dataset, engine=engine))
    # materialising twice does not duplicate or accumulate
    assert materialise(dataset, engine=engine) == 5 and dataset.count(dataset.inferred) == 5


def test_the_time_limit_stops_the_reasoner_and_leaves_nothing_half_done(mini):
    dataset = load_dataset(mini)
    graphs = set(dataset.store.named_graphs())
    with (
        limits.applied(seconds=1e-9),
        pytest.raises(LimitError, match=r"^the reasoner was stopped after 1e-09 s \(the time limit\); raise it"),
    ):
        materialise(dataset)
    assert dataset.count(dataset.inferred) == 0
    assert set(dataset.store.named_graphs()) - graphs <= {dataset.inferred}


def test_the_memory_limit_stops_the_reasoner(mini):
    dataset = load_dataset(mini)
    with (
        limits.applied(memory_mb=1),
        pytest.raises(LimitError, match=r"^the reasoner ran out of memory at the 1 MB limit; raise it with --memory"),
    ):
        materialise(dataset)
    assert dataset.count(dataset.inferred) == 0


def test_an_unknown_engine_is_a_usage_error(mini):
    with pytest.raises(UsageError, match="--reasoner oxigraph or --reasoner owlrl"):
        materialise(load_dataset(mini), engine="reasonable")


def test_both_reasoners_build_byte_identical_inferred_graphs(mini):
    for engine in ENGINES:
        done = run_cli("build", "-q", "--no-pictures", "--reasoner", engine, "--out", f"dist-{engine}", cwd=mini)
        assert done.code == 0, done.err
    assert (mini / "dist-oxigraph" / "inferred.ttl").read_bytes() == (mini / "dist-owlrl" / "inferred.ttl").read_bytes()
    assert b"locatedIn" in (mini / "dist-oxigraph" / "inferred.ttl").read_bytes()
