"""Open the dataset the quickest correct way: the built ``dist/`` when it is current, else the files.

``aizones build`` writes the whole dataset, inferred graph included, as N-Quads, which Oxigraph
loads far faster than it can re-read and re-reason the Turtle sources; ``manifest.json`` records
the sha256 of every source file it was built from, so a stale build is never used by mistake.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox

from aizones.dataset import Dataset, GraphFile, discover, load_dataset
from aizones.errors import InputError

BUILT_DATASET = "aizones.nq"
MANIFEST = "manifest.json"


def open_dataset(root: Path, out: Path | None = None, *, inference: bool = True) -> Dataset:
    """The current dataset: from ``out`` if it was built from the files as they are now."""
    if out is not None:
        built = load_built(root, out)
        if built is not None:
            return built
    dataset = load_dataset(root)
    if inference:
        from aizones.reason import materialise

        materialise(dataset)
    return dataset


def load_built(root: Path, out: Path) -> Dataset | None:
    """The built dataset in ``out``, or None when there is none or the sources changed since."""
    manifest_path, data_path = out / MANIFEST, out / BUILT_DATASET
    if not manifest_path.is_file() or not data_path.is_file():
        return None
    try:
        inputs = json.loads(manifest_path.read_text(encoding="utf-8")).get("inputs", [])
        files = [GraphFile(**entry) for entry in inputs]
    except (OSError, ValueError, TypeError):
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
    return all(hashlib.sha256(current[f.path].read_bytes()).hexdigest() == f.sha256 for f in files)
