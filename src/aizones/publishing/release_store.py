"""The published dataset as an on-disk Oxigraph store that readers open at once, never a stale one.

Loading ``dist/aizones.nq`` into memory takes seconds and a gigabyte at a million triples, and
every ``query``, ``explain``, ``export`` and ``stats`` paid it; opening Oxigraph's RocksDB store
read-only takes milliseconds, and a query reads only the index pages it touches
(``benchmarks/results.md``). The store is a cache of the release in ``dist/``, never part of it:
``dist/`` keeps its byte-identical files, and the store lives beside it::

    dist.store/.aizones-store        the mark that the folder is ours (a note saying what it is)
    dist.store/<digest>/             the store of the release whose manifest.json has this sha256
                                     (with its labels' table, ``aizones.core.label_table``)
    dist.store/<digest>.inputs       the input files' identities when last found unchanged (``inputs_seen``)
    dist.store/.store.staging-<pid>/ a store being filled, renamed to its digest when complete

A store is named by the sha256 of the manifest of the release it holds, and the manifest lists the
sha256 of every source file, so a reader that checked the sources against the manifest (as
``reopen`` does) opens exactly that release's store: a stale one cannot be picked up, and a
missing or damaged one is filled again from the release's own N-Quads. A store is filled in a
staging folder and renamed into place whole, and never written again, so a read-only open never
meets a writer (RocksDB leaves that undefined). The build fills the store of the new release
before it swaps ``dist/`` in, and keeps the store of the release it replaced, so a reader that read
the old manifest a moment before the swap still finds its store; older ones are removed.

Nothing here may cost a reader its answer: a store folder that is not ours, a read-only disk or
a full one give a warning and the release is loaded into memory as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from aizones.core import label_table, merged_graph
from aizones.core.errors import InputError, UsageError
from aizones.core.labels import LABEL_PROPERTIES
from aizones.core.lifeline import alive, die_with_parent
from aizones.publishing.staging import remove_path

STORE_SUFFIX = ".store"  # dist → dist.store
MARK = ".aizones-store"
_STAGING = ".store.staging-"  # as every staging name: .TARGET.staging-<pid>
_NOTE = (
    "This folder is a cache written by aizones: the on-disk Oxigraph store of each recent build of the\n"
    "folder beside it, named by the sha256 of that build's manifest.json. Remove it at any time;\n"
    "the next command that needs it fills it again.\n"
)


def store_folder(out: Path) -> Path:
    """Where the stores of the releases in ``out`` live: beside it, ``dist`` → ``dist.store``."""
    return out.parent / f"{out.name}{STORE_SUFFIX}"


def digest(manifest: bytes) -> str:
    return hashlib.sha256(manifest).hexdigest()


@dataclass(frozen=True)
class Filling:
    """A store being filled in a staging folder, to be named by its release's digest."""

    folder: Path
    staging: Path


def prepare(out: Path) -> Filling:
    """A fresh staging folder in ``out``'s store folder; ``UsageError`` when the folder is not ours."""
    folder = store_folder(out)
    _claim(folder)
    remove_leftovers(folder)
    staging = folder / f"{_STAGING}{os.getpid()}"
    remove_path(staging)
    return Filling(folder, staging)


def fill(filling: Filling, nquads: Path) -> None:
    """Bulk-load a release's N-Quads file into the staging store (in a child: this takes seconds)."""
    store = ox.Store(str(filling.staging))
    with open(nquads, "rb") as handle:
        store.bulk_load(input=merged_graph.with_default_graph(handle), format=ox.RdfFormat.N_QUADS)
    _compact(store)
    label_table.write(store, filling.staging, LABEL_PROPERTIES)
    (filling.staging / merged_graph.MARK).touch()
    del store  # closes RocksDB before the folder is renamed


def settle(filling: Filling, manifest: bytes) -> Path:
    """Name the filled store by its release's digest (an identical one already there is kept)."""
    target = filling.folder / digest(manifest)
    try:
        os.rename(filling.staging, target)
    except OSError:  # the same release's store, filled meanwhile by a reader: the same quads
        if not (target / "CURRENT").is_file():
            raise
        remove_path(filling.staging)
    return target


def keep_only(out: Path, *manifests: bytes | None) -> None:
    """Remove every store of ``out``'s folder but those of these releases (and live staging)."""
    folder = store_folder(out)
    if not (folder / MARK).is_file():
        return
    wanted = {digest(m) for m in manifests if m is not None}
    remove_leftovers(folder)
    for entry in folder.iterdir():
        if not entry.name.startswith(".") and entry.name.split(".", 1)[0] not in wanted:
            remove_path(entry)  # a store, or the record of the inputs last seen with it (``inputs_seen``)


def abandon(filling: Filling) -> None:
    remove_path(filling.staging)


def open_release(out: Path, manifest: bytes, nquads: int) -> ox.Store:
    """The release's store, opened read-only; filled first from the descriptor ``nquads`` (the
    release's own ``aizones.nq``) when it is missing or damaged. Where no store can be kept, a warning
    and an in-memory store loaded from the same descriptor."""
    target = store_folder(out) / digest(manifest)
    if target.exists():
        # a store made before its default graph held the merge (no mark) is filled again, as a damaged one
        if (target / "CURRENT").is_file() and (target / merged_graph.MARK).is_file():
            with contextlib.suppress(OSError):
                return ox.Store.read_only(str(target))
        remove_path(target)  # damaged (a disk error, a hand edit): filled again below
    try:
        filling = prepare(out)
        try:
            _load(ox.Store(str(filling.staging)), nquads, out, filling.staging)
            return ox.Store.read_only(str(settle(filling, manifest)))
        finally:
            abandon(filling)
    except (OSError, UsageError) as error:
        _warn_no_store(out, error, "reading the build into memory")
    store = ox.Store()
    _load(store, nquads, out)
    return store


def labels_of(out: Path, manifest: bytes) -> label_table.LabelTable | None:
    """The label table of the release's store, or None (no store, or one made without it)."""
    return label_table.LabelTable.of_store(store_folder(out) / digest(manifest))


def _load(store: ox.Store, nquads: int, out: Path, folder: Path | None = None) -> None:
    os.lseek(nquads, 0, os.SEEK_SET)
    with open(nquads, "rb", closefd=False) as handle:
        try:  # the named graphs and, in the default graph, their merge (``core.merged_graph``)
            store.bulk_load(input=merged_graph.with_default_graph(handle), format=ox.RdfFormat.N_QUADS)
        except SyntaxError as error:
            raise InputError(f"the built dataset is damaged ({error}); run aizones build again", str(out / "aizones.nq")) from None
    if folder is not None:  # an on-disk store: compacted, and its labels tabled, as the build's are
        _compact(store)
        label_table.write(store, folder, LABEL_PROPERTIES)
        (folder / merged_graph.MARK).touch()


def _compact(store: ox.Store) -> None:
    """Compact a freshly loaded store: a bulk load leaves its quads in a few dozen files of the first
    level, each of which a look-up may have to search; after one compaction the saved queries run 1.4
    to 1.7 times faster at a million triples (2.4 s of work in the filling child; the compacted store
    takes about twice the room on disk, 600 MB instead of 300 MB at that size)."""
    store.optimize()
    store.flush()


def _claim(folder: Path) -> None:
    """Make ``folder`` ours (absent or empty), or check that it is; never take a stranger's folder."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise UsageError("it is not a folder aizones made (remove or move it to let aizones keep its store there)")
    if (folder / MARK).is_file():
        return
    if folder.exists() and any(folder.iterdir()):
        raise UsageError("it holds files aizones did not write (remove or move them to let aizones keep its store there)")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARK).write_text(_NOTE, encoding="utf-8")


def remove_leftovers(folder: Path) -> None:
    """Remove what a process that is gone was writing: a staging store (a build or reader killed
    while filling one), or the temporary file of an inputs record (``inputs_seen``)."""
    for leftover in folder.glob(".*.staging-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and (int(pid) == os.getpid() or not alive(int(pid))):
            remove_path(leftover)


class BuildsStore:
    """The build's side: the new release's store is filled by a child process while the build goes on
    (the pictures are drawn meanwhile), named just before ``dist/`` is swapped in, and the stores of
    all but this release and the one it replaces are removed after.

    The child is a fresh interpreter (``python -m aizones.publishing.release_store``), not a fork:
    RocksDB keeps its background threads in one global pool, which a forked child of a process that
    has opened any store inherits without its threads, and a bulk load there waits for them forever."""

    def __init__(self, out: Path, previous: bytes | None) -> None:
        self.out, self.previous = out, previous
        self._filling: Filling | None = None
        self._child: subprocess.Popen | None = None

    def start(self, nquads: Path) -> None:
        try:
            self._filling = prepare(self.out)
        except (OSError, UsageError) as error:
            _warn_no_store(self.out, error)
            return
        package_root = str(Path(__file__).resolve().parents[2])  # the folder aizones is imported from
        path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)
        self._child = subprocess.Popen(
            [sys.executable, "-m", "aizones.publishing.release_store", str(self._filling.staging), str(nquads), str(os.getpid())],
            env={**os.environ, "PYTHONPATH": path},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def settle(self, manifest: bytes) -> None:
        """Wait for the store and name it by ``manifest``; the release is published either way."""
        if self._filling is None or self._child is None:
            return
        _, errors = self._child.communicate()
        try:
            if self._child.returncode != 0:
                last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {self._child.returncode}"]
                raise OSError(0, last[0])
            settle(self._filling, manifest)
        except OSError as error:
            _warn_no_store(self.out, error)
            abandon(self._filling)
        self._filling = self._child = None

    def finish(self, manifest: bytes | None) -> None:
        """After the swap: keep the stores of the new release and the one it replaced."""
        with contextlib.suppress(OSError):
            keep_only(self.out, manifest, self.previous)

    def abandon(self) -> None:
        """The build failed or was stopped: no half-filled store is left."""
        if self._child is not None:
            with contextlib.suppress(OSError):
                self._child.kill()
            self._child.wait()
            if self._child.stderr is not None:
                self._child.stderr.close()
        if self._filling is not None:
            abandon(self._filling)
        self._filling = self._child = None


def _warn_no_store(out: Path, error: Exception, then: str = "readers will load the build into memory") -> None:
    """One line on standard error: the store is a cache, so its absence costs time, never an answer."""
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    print(f"aizones: warning: no on-disk store in {store_folder(out)}: {reason}; {then}", file=sys.stderr)


if __name__ == "__main__":  # the build's child: python -m aizones.publishing.release_store STAGING NQUADS PARENT
    die_with_parent(int(sys.argv[3]))
    fill(Filling(Path(sys.argv[1]).parent, Path(sys.argv[1])), Path(sys.argv[2]))
