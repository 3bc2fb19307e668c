"""A scratch copy of this project built with its bound saved queries (``dist/queries/NAME.rq``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from aizones.pipeline import build
from aizones.querying.portable_queries import build_writer
from tests.support.paths import REPO


def built_copy(root: Path) -> Path:
    """Copy ``graph/``, ``ontology/`` and ``queries/`` into ``root`` and build it there (no pictures)."""
    for folder in ("graph", "ontology", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    build(root, root / "dist", extra_outputs=[build_writer(root / "queries")])
    return root
