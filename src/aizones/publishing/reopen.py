"""Reopen a build: the dataset ``dist/`` holds, when it was built from the files as they are now.

``manifest.json`` records the sha256 of every source file a build was made from, so a stale build
is never used by mistake; the dataset itself is opened from the build's on-disk store
(``aizones.publishing.release_store``), read-only, in milliseconds, and filled from the build's
N-Quads first when the store is missing.

One release, never a mix: a build swaps a whole new ``dist/`` in while readers may be reading the
old one. The manifest and ``aizones.nq`` are opened through one descriptor of the folder, so both
come from the same release even if a swap happens between the two opens (the old folder's files
stay readable until closed; if the old folder was already being removed, the reader starts again
on the new one), and the store opened is the one named by that manifest's digest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from pathlib import Path

from aizones.core.dataset import Dataset, GraphFile, Published
from aizones.core.errors import InputError
from aizones.core.files import read_regular
from aizones.publishing import inputs_seen, release_store
from aizones.publishing.layout import BUILT_DATASET, MANIFEST
from aizones.reading.loader import discover
from aizones.reading.parser import MAX_FILE_BYTES

_MANIFEST_LIMIT = 64 * 2**20  # a manifest lists files; one this large was not written by us
_ATTEMPTS = 3  # a build swapped dist/ while the files were opened: start again, at most this often


def load_built(root: Path, out: Path) -> Dataset | None:
    """The built dataset in ``out``, or None when there is none or the sources changed since."""
    for _attempt in range(_ATTEMPTS):
        opened = _open_release(out)
        if opened is None:
            return None
        if opened == "moved":
            continue
        manifest, nquads = opened
        try:
            listed = _listed(out, manifest)
            record = release_store.store_folder(out) / f"{release_store.digest(manifest)}{inputs_seen.SUFFIX}"
            if listed is None or not _unchanged(root, listed[0], record):
                return None
            return _opened(out, manifest, nquads, *listed)
        finally:
            os.close(nquads)
    return None


def load_published(out: Path) -> tuple[Dataset, bytes]:
    """The release in ``out`` as it was published, and its manifest's bytes, whether or not the
    sources changed since (a server follows the builds; it does not judge them), once it is checked
    whole: its manifest can be read and lists its inputs, every file it lists is there with its
    size, and ``aizones.nq`` has the sha256 listed (the store may have to be filled from it).
    ``InputError`` says what is wrong; nothing is opened then."""
    for _attempt in range(_ATTEMPTS):
        try:
            folder = os.open(out, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as error:
            raise InputError(f"no release there ({error.strerror})", str(out)) from None
        try:  # everything read through the folder's descriptor: one release, even if a build swaps another in
            try:
                manifest, nquads = _read(_open_file(MANIFEST, folder)), _open_file(BUILT_DATASET, folder)
            except FileNotFoundError:
                continue  # the folder was swapped out and removed meanwhile: the new one is read again
            except OSError as error:
                raise InputError(f"the release cannot be read ({error.strerror or error})", str(out)) from None
            try:
                listed = _listed(out, manifest)
                if listed is None:
                    raise InputError("its manifest.json is not one aizones build wrote", str(out / MANIFEST))
                _check_whole(out, folder, manifest, nquads)
                return _opened(out, manifest, nquads, *listed), manifest
            finally:
                os.close(nquads)
        finally:
            os.close(folder)
    raise InputError("the release was replaced again and again while it was opened", str(out))


def _check_whole(out: Path, folder: int, manifest: bytes, nquads: int) -> None:
    """Every file the manifest lists is there with its size, and the N-Quads have their sha256."""
    written = json.loads(manifest).get("files", {})
    if BUILT_DATASET not in written:  # every build lists it: a manifest without it is not a build's
        raise InputError("its manifest.json is not one aizones build wrote", str(out / MANIFEST))
    for name, entry in written.items():
        try:
            size = os.stat(name, dir_fd=folder, follow_symlinks=False).st_size
        except OSError:
            raise InputError(f"the release is not whole: {name} is missing", str(out)) from None
        if not isinstance(entry, dict) or size != entry.get("bytes"):
            raise InputError(f"the release is not whole: {name} has {size} bytes, its manifest says otherwise", str(out))
    sha = hashlib.sha256()
    os.lseek(nquads, 0, os.SEEK_SET)
    with open(nquads, "rb", closefd=False) as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    if sha.hexdigest() != written.get(BUILT_DATASET, {}).get("sha256"):
        raise InputError(f"the release is not whole: {BUILT_DATASET} differs from the sha256 its manifest lists", str(out))


def _opened(out: Path, manifest: bytes, nquads: int, files: list[GraphFile], published: Published) -> Dataset:
    store = release_store.open_release(out, manifest, nquads)
    merged = frozenset(g.value for g in store.named_graphs())  # its default graph holds their merge
    return Dataset(store, files, published=published, labels=release_store.labels_of(out, manifest), merged=merged)


def current_manifest(out: Path) -> bytes | None:
    """The bytes of ``out``'s manifest, or None (what the build compares a new release with)."""
    with contextlib.suppress(OSError):
        return (out / MANIFEST).read_bytes()
    return None


def _open_release(out: Path) -> tuple[bytes, int] | str | None:
    """The manifest's bytes and a descriptor of ``aizones.nq``, both from one release of ``out``;
    "moved" when the release was being removed between the two opens; None when there is none."""
    try:
        folder = os.open(out, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            manifest = _read(_open_file(MANIFEST, folder))
        except FileNotFoundError:
            return None if out.exists() and not (out / MANIFEST).exists() else "moved"
        try:
            return manifest, _open_file(BUILT_DATASET, folder)
        except FileNotFoundError:
            return None if (out / MANIFEST).exists() and not (out / BUILT_DATASET).exists() else "moved"
    except OSError:
        return None
    finally:
        os.close(folder)


def _open_file(name: str, folder: int) -> int:
    """A regular file of the release, opened (non-blocking: a FIFO put there cannot hang a reader)."""
    fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise IsADirectoryError(name)
    return fd


def _read(fd: int) -> bytes:
    with open(fd, "rb") as handle:
        data = handle.read(_MANIFEST_LIMIT + 1)
    if len(data) > _MANIFEST_LIMIT:
        raise OSError("manifest too large")
    return data


def _listed(out: Path, manifest: bytes) -> tuple[list[GraphFile], Published] | None:
    """What the manifest lists, read once: the input files the build was made from, and the
    build's files by their sha256 (an export hands on the one it asks for, if unchanged)."""
    try:
        body = json.loads(manifest.decode("utf-8"))
        inputs, written = body.get("inputs", []), body.get("files", {})
        files = [GraphFile(**entry) for entry in inputs] if isinstance(inputs, list) else None
        sha256 = {name: entry["sha256"] for name, entry in written.items() if isinstance(entry, dict) and "sha256" in entry}
    except (ValueError, AttributeError, TypeError):  # a manifest from another version, or edited by hand: build again
        return None
    return (files, Published(out, sha256)) if files is not None else None


def _unchanged(root: Path, files: list[GraphFile], record: Path) -> bool:
    current = {path.relative_to(root).as_posix(): path for path in discover(root)}
    if sorted(current) != sorted(f.path for f in files):
        return False
    # read as the build reads them: a file replaced by a FIFO or a device is refused, never waited on
    read = lambda f: read_regular(current[f.path], f.path, limit=MAX_FILE_BYTES)  # noqa: E731
    # hashed only when a file's identity on disk differs from the last check's (``inputs_seen``)
    return inputs_seen.unchanged(record, current, lambda: all(hashlib.sha256(read(f)).hexdigest() == f.sha256 for f in files))
