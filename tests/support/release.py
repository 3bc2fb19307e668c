"""A scratch copy of this project built with its bound saved queries (``dist/queries/NAME.rq``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from aizones.connections import report as network_report
from aizones.pipeline import build
from aizones.querying.portable_queries import build_writer
from tests.support.paths import REPO


def built_copy(root: Path, *, network: bool = False) -> Path:
    """Copy ``graph/``, ``ontology/`` and ``queries/`` into ``root`` and build it there (no pictures;
    with ``network``, the network report in ``dist/network/``, as ``aizones build`` writes it)."""
    for folder in ("graph", "ontology", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    writers = [build_writer(root / "queries"), *([network_report.add_to_build] if network else [])]
    build(root, root / "dist", extra_outputs=writers)
    return root
