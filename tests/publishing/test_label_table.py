"""The labels' table kept in a release's on-disk store (``aizones.core.label_table``): the labeller
reads from it exactly the labels it reads from the store, in every language, and a store without a
readable table is labelled from the store as before."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from aizones.core.dataset import Dataset
from aizones.core.label_table import FILE_NAME, LabelTable
from aizones.core.labels import Labeller
from aizones.pipeline import open_dataset
from aizones.publishing import release_store
from tests.support.paths import REPO


@pytest.fixture(scope="module")
def real_store(tmp_path_factory) -> tuple[Dataset, Path]:
    """The real graph in memory, and the same quads as a release's store, filled as the build fills it."""
    memory = open_dataset(REPO, REPO / "no-such-dist")  # read and reasoned over from the files
    folder = tmp_path_factory.mktemp("store")
    nquads = folder / "aizones.nq"
    nquads.write_bytes(memory.store.dump(format=ox.RdfFormat.N_QUADS))
    filling = release_store.Filling(folder, folder / "release")
    release_store.fill(filling, nquads)
    return memory, filling.staging


def iris(dataset: Dataset) -> list[str]:
    found = {term.value for quad in dataset.store for term in (quad.subject, quad.object) if isinstance(term, ox.NamedNode)}
    return sorted(found)


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant", "fr"])
def test_the_table_gives_every_iri_the_label_the_store_gives(real_store, lang):
    memory, folder = real_store
    table = LabelTable.of_store(folder)
    assert table is not None
    opened = Dataset(ox.Store.read_only(str(folder)), list(memory.files), labels=table)
    from_store, from_table = Labeller(memory, lang), Labeller(opened, lang)
    names = iris(memory)
    assert len(names) > 500
    differing = [iri for iri in names if from_store.label(iri) != from_table.label(iri)]
    assert differing == []
    # the languages matter: the graph's Chinese labels are in the table, and picked under zh
    chinese = [iri for iri in names if any(language.startswith("zh") for _, language, _ in table.labels(iri))]
    assert len(chinese) > 50
    if lang == "zh":  # (zh-Hant does not match a label tagged zh: RFC 4647 basic filtering)
        assert all(from_table.label(iri) != Labeller(opened, "en").label(iri) for iri in chinese[:20])


def test_the_table_holds_each_label_as_the_store_holds_it(real_store):
    memory, folder = real_store
    table = LabelTable.of_store(folder)
    from aizones.core.labels import store_labels

    for iri in iris(memory)[:: max(1, len(iris(memory)) // 300)]:
        assert sorted(set(table.labels(iri))) == sorted(set(store_labels(memory, ox.NamedNode(iri))))


def test_a_store_without_a_readable_table_is_labelled_from_the_store(real_store, tmp_path):
    _memory, folder = real_store
    assert LabelTable.of_store(tmp_path) is None  # none there
    (tmp_path / FILE_NAME).write_bytes(b"not a database\n" * 100)
    assert LabelTable.of_store(tmp_path) is None  # damaged
    (tmp_path / FILE_NAME).write_bytes((folder / FILE_NAME).read_bytes()[:2048])
    assert LabelTable.of_store(tmp_path) is None  # cut short


def test_the_build_leaves_the_table_in_its_store_and_readers_use_it(mini):
    from aizones.pipeline import build
    from aizones.publishing.reopen import load_built

    out = mini / "dist"
    build(mini, out)
    dataset = load_built(mini, out)
    assert dataset is not None and dataset.labels is not None
    assert dataset.labels.path.parent == release_store.store_folder(out) / release_store.digest((out / "manifest.json").read_bytes())
    labelled = [iri for iri in iris(dataset) if dataset.labels.labels(iri)]
    assert labelled, "the mini project's labels are in the table"


def test_a_store_filled_again_by_a_reader_has_its_table_too(mini):
    import shutil

    from aizones.pipeline import build
    from aizones.publishing.reopen import load_built

    out = mini / "dist"
    build(mini, out)
    folder = release_store.store_folder(out) / release_store.digest((out / "manifest.json").read_bytes())
    shutil.rmtree(folder)  # the cache removed: the next reader fills it from dist/aizones.nq
    dataset = load_built(mini, out)
    assert dataset is not None and folder.is_dir()
    assert dataset.labels is not None and dataset.labels.path == folder / FILE_NAME
