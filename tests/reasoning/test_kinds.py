"""Most specific kinds (``aiz:mostSpecificKind``): what they are, and that every reasoning path writes them."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from aizones.core.namespaces import AIZ, ID, RDF, RDFS
from aizones.pipeline import open_dataset
from aizones.reading.loader import load_dataset
from aizones.reasoning.kinds import MOST_SPECIFIC_KIND, most_specific_kinds
from aizones.reasoning.materialise import ENGINES, infer, materialise
from tests.support.paths import REPO

_A, _SUB = ox.NamedNode(RDF.type), ox.NamedNode(RDFS.subClassOf)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _kinds(*triples: tuple[str, ox.NamedNode, str]) -> set[tuple[str, str]]:
    found = most_specific_kinds(ox.Triple(_n(s), p, _n(o)) for s, p, o in triples)
    assert all(t.predicate == MOST_SPECIFIC_KIND for t in found)
    return {(t.subject.value, t.object.value) for t in found}


def test_the_narrowest_aiz_class_wins_and_other_vocabularies_are_ignored():
    hunan = ID["hunan"]
    triples = [
        (AIZ.Province, _SUB, AIZ.Region),
        (hunan, _A, AIZ.Region),
        (hunan, _A, AIZ.Province),
        (hunan, _A, "http://www.w3.org/ns/prov#Location"),
    ]
    assert _kinds(*triples) == {(hunan, AIZ.Province)}


def test_unrelated_classes_are_both_kinds_and_equivalent_ones_hide_each_other():
    x, y = ID["x"], ID["y"]
    assert _kinds((x, _A, AIZ.Company), (x, _A, AIZ.Facility)) == {(x, AIZ.Company), (x, AIZ.Facility)}
    # a class said to be below itself is no narrower than itself
    assert _kinds((AIZ.Company, _SUB, AIZ.Company), (x, _A, AIZ.Company)) == {(x, AIZ.Company)}
    looped = [(AIZ.Company, _SUB, AIZ.Organisation), (AIZ.Organisation, _SUB, AIZ.Company)]
    assert _kinds(*looped, (y, _A, AIZ.Company), (y, _A, AIZ.Organisation)) == set()


def test_a_subclass_the_entity_does_not_have_changes_nothing():
    x = ID["x"]
    assert _kinds((AIZ.Province, _SUB, AIZ.Region), (x, _A, AIZ.Region)) == {(x, AIZ.Region)}


@pytest.mark.parametrize("engine", ENGINES)
def test_both_engines_write_the_same_kinds_into_the_inferred_graph(engine):
    dataset = load_dataset(REPO)
    materialise(dataset, engine=engine)
    written = {q.triple for q in dataset.store.quads_for_pattern(None, MOST_SPECIFIC_KIND, None, dataset.inferred)}
    assert ox.Triple(_n(ID["hunan"]), MOST_SPECIFIC_KIND, _n(AIZ.Province)) in written
    assert written == {t for t in infer(load_dataset(REPO), engine="oxigraph") if t.predicate == MOST_SPECIFIC_KIND}
    # nowhere else: the asserted graphs stay as the files say
    assert not any(q.graph_name != dataset.inferred for q in dataset.store.quads_for_pattern(None, MOST_SPECIFIC_KIND, None, None))


def test_reading_without_a_build_gives_the_kinds_too(tmp_path):
    dataset = open_dataset(REPO, tmp_path / "no-dist")
    assert next(dataset.store.quads_for_pattern(_n(ID["hunan"]), MOST_SPECIFIC_KIND, None, dataset.inferred), None) is not None
