"""The on-disk store beside dist/: the build leaves the store of its release, readers open it
read-only, a stale store is never used, and a reader sees one release while builds swap dist/."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from aizones.core.namespaces import DESCRIPTION_GRAPH
from aizones.pipeline import build
from aizones.publishing import canonical, release_store
from aizones.publishing.reopen import _open_release, load_built
from tests.support.cli import run_cli

HUBEI = Path("graph") / "sources" / "hubei.ttl"
EXTRA = "<http://example.org/mini#x> <http://example.org/mini#locatedIn> <http://example.org/mini#wuhan> .\n"
MARKER = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { <http://example.org/mini#x> ?p ?o } }"


def stores(out: Path) -> set[str]:
    """The stores kept beside ``out`` (the records of inputs seen with them aside)."""
    return {p.name for p in release_store.store_folder(out).iterdir() if not p.name.endswith(".inputs")}


def digest_of(out: Path) -> str:
    return hashlib.sha256((out / "manifest.json").read_bytes()).hexdigest()


def lines_of(store: ox.Store) -> set[bytes]:
    """The store's quads in the canonical form of a release (parsing relabels blank nodes)."""
    return set(canonical.of_store(store, list(store.named_graphs())).nquads().splitlines())


def data_lines(nquads: Path) -> set[bytes]:
    """A release's N-Quads without the dataset description, which its store leaves out."""
    description = f" <{DESCRIPTION_GRAPH}> .".encode()
    return {line for line in nquads.read_bytes().splitlines() if not line.endswith(description)}


def marker_count(store: ox.Store) -> int:
    return int(next(iter(store.query(MARKER)))["n"].value)


def add_extra(project: Path) -> None:
    path = project / HUBEI
    path.write_text(path.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")


def test_the_build_leaves_the_store_of_its_release_and_readers_open_it_read_only(mini):
    out = mini / "dist"
    build(mini, out)
    folder = release_store.store_folder(out)
    assert folder == mini / "dist.store"
    assert stores(out) == {".aizones-store", digest_of(out)}
    dataset = load_built(mini, out)
    assert dataset is not None
    # the same quads as the release's own N-Quads, the description aside
    assert lines_of(dataset.store) == data_lines(out / "aizones.nq")
    assert len(data_lines(out / "aizones.nq")) < len((out / "aizones.nq").read_bytes().splitlines())
    with pytest.raises(RuntimeError, match="read-write"):  # opened read-only: nothing can change the cache of a release
        dataset.store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"), ox.Literal("c")))


def test_a_stale_store_is_never_used(mini, capfd):
    out = mini / "dist"
    build(mini, out)
    first = digest_of(out)
    add_extra(mini)
    assert load_built(mini, out) is None  # the sources changed: neither dist/ nor its store is used
    assert (
        "(6 rows)"
        in run_cli("query", "-e", "SELECT ?s ?o WHERE { ?s <http://example.org/mini#locatedIn> ?o } ORDER BY ?s ?o", cwd=mini).out
    )
    build(mini, out)
    second = digest_of(out)
    assert second != first
    dataset = load_built(mini, out)
    assert marker_count(dataset.store) > 0  # the new release's store, not the old one still kept beside it
    assert stores(out) == {".aizones-store", first, second}
    # a damaged store (here without RocksDB's CURRENT file) is filled again from the release
    del dataset
    os.remove(release_store.store_folder(out) / second / "CURRENT")
    capfd.readouterr()
    assert marker_count(load_built(mini, out).store) > 0
    assert (release_store.store_folder(out) / second / "CURRENT").is_file() and "warning" not in capfd.readouterr().err


def test_a_third_build_keeps_only_the_stores_of_the_new_release_and_the_one_it_replaced(mini):
    out = mini / "dist"
    build(mini, out)
    first = digest_of(out)
    add_extra(mini)
    build(mini, out)
    second = digest_of(out)
    (mini / HUBEI).write_text((mini / HUBEI).read_text(encoding="utf-8").replace(EXTRA, ""), encoding="utf-8")
    build(mini, out)
    assert digest_of(out) == first  # the same sources give the same release, and the same name
    assert stores(out) == {".aizones-store", first, second}
    add_extra(mini)
    (mini / HUBEI).write_text((mini / HUBEI).read_text(encoding="utf-8") + "# a comment changes the file\n", encoding="utf-8")
    build(mini, out)
    assert stores(out) == {".aizones-store", first, digest_of(out)}


def test_a_missing_store_is_filled_from_the_release(mini):
    out = mini / "dist"
    build(mini, out)
    shutil.rmtree(release_store.store_folder(out))
    dataset = load_built(mini, out)
    assert lines_of(dataset.store) == data_lines(out / "aizones.nq")
    assert (release_store.store_folder(out) / digest_of(out) / "CURRENT").is_file()
    assert not list(release_store.store_folder(out).glob(".store.staging-*"))


def test_a_store_folder_that_is_not_ours_is_left_alone_and_the_build_is_read_into_memory(mini):
    stranger = mini / "dist.store"
    stranger.mkdir()
    (stranger / "notes.txt").write_text("mine")
    result = run_cli("build", "-q", cwd=mini)
    assert (
        result.code == 0 and "warning: no on-disk store in" in result.err and "did not write" in result.err and "dist.store" in result.err
    )
    assert sorted(p.name for p in stranger.iterdir()) == ["notes.txt"]
    answered = run_cli("query", "-e", MARKER.replace("mini#x", "mini#wuhan"), cwd=mini)
    assert answered.code == 0 and "reading the build into memory" in answered.err
    assert sorted(p.name for p in stranger.iterdir()) == ["notes.txt"]


def test_a_reader_keeps_the_release_it_opened_while_a_build_swaps_dist(mini):
    out = mini / "dist"
    build(mini, out)
    opened = _open_release(out)  # the manifest and aizones.nq of release A, from one folder
    assert isinstance(opened, tuple)
    manifest, nquads = opened
    try:
        add_extra(mini)
        build(mini, out)  # release B swapped in, A's folder removed
        assert marker_count(release_store.open_release(out, manifest, nquads)) == 0  # A's store, kept beside B's
        shutil.rmtree(release_store.store_folder(out) / hashlib.sha256(manifest).hexdigest())
        # A's store gone too: filled again from A's own N-Quads, still readable through the descriptor
        assert marker_count(release_store.open_release(out, manifest, nquads)) == 0
    finally:
        os.close(nquads)


def _build_back_and_forth(a: str, b: str, out: str, rounds: int) -> None:
    for number in range(rounds):
        build(Path(a if number % 2 else b), Path(out))


@pytest.mark.slow
def test_a_query_during_builds_answers_from_one_release(mini, tmp_path):
    """Two projects build in turn into one dist/ while a reader opens it again and again: every
    dataset it gets is wholly the release of the project it asked for, or none (the other's)."""
    second = tmp_path / "second"
    shutil.copytree(mini, second)
    add_extra(second)
    out = tmp_path / "dist"
    build(mini, out)
    expected = {mini: set(), second: set()}
    for project in (mini, second):
        build(project, out)
        expected[project] = data_lines(out / "aizones.nq")
    assert expected[mini] != expected[second]
    builder = multiprocessing.get_context("fork").Process(target=_build_back_and_forth, args=(str(mini), str(second), str(out), 8))
    builder.start()
    seen = {mini: 0, second: 0}
    try:
        while builder.is_alive():
            for project in (mini, second):
                dataset = load_built(project, out)
                if dataset is None:
                    continue
                assert lines_of(dataset.store) == expected[project]
                seen[project] += 1
    finally:
        builder.join(timeout=600)
    assert builder.exitcode == 0
    assert seen[mini] and seen[second], seen  # both releases were read while the builds went on


def test_unchanged_inputs_are_known_by_their_identity_and_a_change_is_always_seen(mini, monkeypatch):
    """``inputs_seen``: after one full check the files are not read again while their size, inode and
    times are the same; a file rewritten with the same size and its modification time set back still
    has a new status-change time, so the build is stale and not used."""
    from aizones.publishing import inputs_seen, reopen

    monkeypatch.setattr(inputs_seen, "SETTLED_NS", 0)  # the files were written a moment ago
    out = mini / "dist"
    build(mini, out)
    assert load_built(mini, out) is not None
    record = release_store.store_folder(out) / f"{digest_of(out)}.inputs"
    assert record.is_file()

    def not_read(*_args, **_kwargs):
        raise AssertionError("an input was read again although nothing changed")

    with monkeypatch.context() as patched:
        patched.setattr(reopen, "read_regular", not_read)
        assert load_built(mini, out) is not None
    path = mini / HUBEI
    before = os.stat(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Hubei", "Hubeu", 1), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size and os.stat(path).st_mtime_ns == before.st_mtime_ns
    assert load_built(mini, out) is None


def test_a_file_written_just_before_the_check_is_never_remembered(mini):
    """Within the clock's grain a rewritten file could keep its times: such files are hashed on every
    check (nothing is recorded while any input is younger than two seconds)."""
    out = mini / "dist"
    build(mini, out)
    (mini / HUBEI).write_text((mini / HUBEI).read_text(encoding="utf-8"), encoding="utf-8")  # new times, same bytes
    assert load_built(mini, out) is not None
    assert not (release_store.store_folder(out) / f"{digest_of(out)}.inputs").exists()


def test_what_a_killed_process_was_writing_in_the_store_folder_is_removed_by_the_next_build(mini):
    out = mini / "dist"
    build(mini, out)
    folder = release_store.store_folder(out)
    dead = [folder / ".store.staging-999999999", folder / f".{digest_of(out)}.inputs.staging-999999999"]
    dead[0].mkdir()
    dead[1].write_text("{")
    build(mini, out)
    assert not any(path.exists() for path in dead)
