"""Synthetic projects for tests: ``aizones synth`` output with the real graph and queries copied in,
as the benchmark makes them, so that the saved queries' default parameters resolve."""

from __future__ import annotations

import shutil
from pathlib import Path

from aizones.synth import synthesise
from tests.support.paths import REPO


def synthetic_project(root: Path, *, triples: int, seed: int) -> Path:
    synthesise(triples=triples, seed=seed, out=root, ontology=REPO / "ontology")
    for name in ("graph", "queries"):
        shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    return root
