"""What every build writes besides the RDF files: one list, for ``aizones build``, ``aizones.build`` and ``aizones serve``.

The pipeline never imports a later stage (``docs/architecture.md``): the ontology page, the
network report, the saved queries with their defaults bound (``dist/queries/``) and the pictures
are handed to ``pipeline.build`` by its caller as writers of their own sub-folders. Three callers
build a release (the command, the library function, and the server when ``dist/`` is missing or
stale), and they must publish the same release, so the list is written here once.
"""

from __future__ import annotations

from pathlib import Path

from aizones.connections import report as network_report
from aizones.drawing import pictures
from aizones.ontodoc import page as ontology_page
from aizones.pipeline import OutputWriter
from aizones.querying.portable_queries import build_writer


def build_writers(root: Path, *, pictures_too: bool = True) -> list[OutputWriter]:
    """The writers of a build of the project at ``root``, in the order they run."""
    return [
        ontology_page.add_to_build,
        network_report.add_to_build,
        build_writer(root / "queries"),
        *([pictures.add_to_build] if pictures_too else []),
    ]
