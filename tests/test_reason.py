"""OWL RL materialisation: its own graph, and the same informative triples from both engines."""

from __future__ import annotations

import pyoxigraph as ox

from aizones.dataset import load_dataset
from aizones.reason import infer, materialise

EX = "http://example.org/mini#"


def test_both_engines_infer_the_same_triples(mini):
    dataset = load_dataset(mini)
    fast, reference = infer(dataset, engine="reasonable"), infer(dataset, engine="owlrl")
    assert fast == reference
    assert ox.Triple(ox.NamedNode(EX + "yuelu"), ox.NamedNode(EX + "locatedIn"), ox.NamedNode(EX + "hunan")) in fast


def test_inferred_triples_live_only_in_the_inferred_graph(mini):
    dataset = load_dataset(mini)
    before = {str(q) for q in dataset.quads(dataset.asserted)}
    count = materialise(dataset)
    assert count == dataset.count(dataset.inferred) == 5
    assert {str(q) for q in dataset.quads(dataset.asserted)} == before
    # materialising twice does not duplicate or accumulate
    assert materialise(dataset) == 5 and dataset.count(dataset.inferred) == 5
