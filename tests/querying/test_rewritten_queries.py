"""The saved queries rewritten for speed answer exactly what their earlier texts answered.

``tests/data/queries-before/`` holds every saved query as it was before issue 14 rewrote the slow
ones (most specific kinds read from ``aiz:mostSpecificKind``, written by the reasoner, instead of a
``FILTER NOT EXISTS`` over ``rdfs:subClassOf``; candidates found before the expensive part). The
earlier text knows nothing of the materialised property, so it is the reference answer. Both run
on the real graph and on a synthetic project with the real graph copied in, with each query's
defaults and with its parameters' examples; the rows must be the same, in the same order.

Where a rewritten query sorts on more columns than before (``facilities`` now orders by every
column, so that ties read the same on every engine), the earlier text is also run under the new
``ORDER BY`` to compare the order; the earlier text as it was is compared as a multiset of rows.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

import pytest

from aizones.core.queryfiles import read_query_file
from aizones.pipeline import open_dataset
from aizones.querying import saved
from tests.support.paths import REPO
from tests.support.projects import synthetic_project

BEFORE = REPO / "tests" / "data" / "queries-before"
NAMES = sorted(p.stem for p in BEFORE.glob("*.rq"))
_ORDER_BY = re.compile(r"\bORDER BY[^}]*$")


@pytest.fixture(scope="module")
def real():
    return open_dataset(REPO)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = synthetic_project(tmp_path_factory.mktemp("synth20k"), triples=20_000, seed=1)
    return open_dataset(root)  # no dist/: read and reasoned over as a build would


def test_every_saved_query_has_its_earlier_text():
    assert sorted(q.name for q in saved.catalogue(REPO / "queries")) == NAMES


def _rows(dataset, query, values) -> list[tuple[str, ...]]:
    result = saved.run(dataset, query, values)
    names = [v.value for v in result.variables]
    return [tuple("" if row[n] is None else str(row[n]) for n in names) for row in result]


def _under_order_of(old: saved.SavedQuery, new: saved.SavedQuery) -> saved.SavedQuery:
    """The earlier query with the rewritten one's ORDER BY, its WHERE clause untouched."""
    text = _ORDER_BY.sub(lambda _found: _ORDER_BY.search(new.file.text).group(0), old.file.text)
    return saved.SavedQuery(dataclasses.replace(old.file, text=text), old.params)


def _compare(dataset, name: str) -> int:
    old, new = saved.load(read_query_file(BEFORE / f"{name}.rq")), saved.find(REPO / "queries", name)
    assert [p.name for p in old.params] == [p.name for p in new.params]
    examples = {p.name: p.example for p in new.params if p.example}
    compared = 0
    for values in ({}, examples) if examples else ({},):
        before, after = _rows(dataset, old, values), _rows(dataset, new, values)
        assert Counter(after) == Counter(before), f"{name} with {values or 'its defaults'}: other rows than before"
        assert after == _rows(dataset, _under_order_of(old, new), values), f"{name} with {values or 'its defaults'}: another order"
        compared += len(after)
    return compared


@pytest.mark.parametrize("name", NAMES)
def test_rewritten_query_answers_as_before_on_the_real_graph(real, name):
    _compare(real, name)


@pytest.mark.parametrize("name", NAMES)
def test_rewritten_query_answers_as_before_on_a_synthetic_project(generated, name):
    assert _compare(generated, name) > 0, f"{name} answers nothing on the synthetic project: nothing was compared"
