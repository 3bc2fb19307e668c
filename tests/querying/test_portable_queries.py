"""dist/queries/NAME.rq: each saved query with its defaults bound runs on a plain Oxigraph store
loaded from the release (no prefixes supplied, the merge as its default graph) and gives the rows
``aizones query NAME`` gives; the files are part of the manifest, and the same build writes the same bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from aizones.core.merged_graph import with_default_graph
from aizones.publishing.reopen import load_built
from aizones.querying import saved
from tests.support.release import built_copy


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    return built_copy(tmp_path_factory.mktemp("portable"))


def test_every_saved_query_is_written_bound_and_listed_in_the_manifest(release):
    listed = json.loads((release / "dist" / "manifest.json").read_text())["files"]
    names = [q.name for q in saved.catalogue(release / "queries")]
    assert sorted(p.stem for p in (release / "dist" / "queries").glob("*.rq")) == sorted(names)
    assert all(f"queries/{name}.rq" in listed for name in names)
    bound = (release / "dist" / "queries" / "located-in.rq").read_text()
    assert "VALUES (?" in bound and "VALUES" not in (release / "queries" / "located-in.rq").read_text()


def test_a_plain_store_gives_the_rows_aizones_gives(release):
    plain = ox.Store()
    with open(release / "dist" / "aizones.nq", "rb") as handle:
        plain.bulk_load(input=with_default_graph(handle), format=ox.RdfFormat.N_QUADS)
    dataset = load_built(release, release / "dist")
    for query in saved.catalogue(release / "queries"):
        text = (release / "dist" / "queries" / f"{query.name}.rq").read_text()
        rows = {tuple(map(str, row)) for row in plain.query(text)}  # no prefixes given: the file declares them
        ours = {tuple(map(str, row)) for row in saved.run(dataset, query, {})}
        # blank nodes differ between two loads; the saved queries answer with IRIs and literals
        assert rows == ours, query.name
