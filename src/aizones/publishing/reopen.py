"""Reopen a build: the dataset ``dist/`` holds, when it was built from the files as they are now.

``aizones build`` writes the whole dataset, inferred graph included, as N-Quads, which Oxigraph
loads far faster than it can re-read and re-reason the Turtle sources; ``manifest.json`` records
the sha256 of every source file it was built from, so a stale build is never used by mistake.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from aizones.core.dataset import Dataset, GraphFile
from aizones.core.errors import InputError
from aizones.core.files import read_regular
from aizones.publishing.layout import BUILT_DATASET, MANIFEST, manifest_inputs
from aizones.reading.loader import discover
from aizones.reading.parser import MAX_FILE_BYTES


def load_built(root: Path, out: Path) -> Dataset | None:
    """The built dataset in ``out``, or None when there is none or the sources changed since."""
    manifest_path, data_path = out / MANIFEST, out / BUILT_DATASET
    if not manifest_path.is_file() or not data_path.is_file():
        return None
    inputs = manifest_inputs(out)
    if inputs is None:
        return None
    try:
        files = [GraphFile(**entry) for entry in inputs]
    except TypeError:  # a manifest from another version, or edited by hand: build again
        return None
    if not _unchanged(root, files):
        return None
    store = ox.Store()
    try:
        store.load(path=str(data_path), format=ox.RdfFormat.N_QUADS)
    except SyntaxError as error:
        raise InputError(f"the built dataset is damaged ({error}); run aizones build again", str(data_path)) from None
    return Dataset(store, files)


def _unchanged(root: Path, files: list[GraphFile]) -> bool:
    current = {path.relative_to(root).as_posix(): path for path in discover(root)}
    if sorted(current) != sorted(f.path for f in files):
        return False
    # read as the build reads them: a file replaced by a FIFO or a device is refused, never waited on
    read = lambda f: read_regular(current[f.path], f.path, limit=MAX_FILE_BYTES)  # noqa: E731
    return all(hashlib.sha256(read(f)).hexdigest() == f.sha256 for f in files)
