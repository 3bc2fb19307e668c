"""The dataset's version and release date, read from the one place they are written.

``graph/release.ttl`` describes the dataset (``namespaces.DATASET_IRI``) by hand: its title, licence,
publisher, and its version (``owl:versionInfo``) and release date (``dcterms:issued``). Those two are
data like any other, so a release is a change to that file, reviewed like one; ``aizones stats``
prints them, the build writes them into ``manifest.json`` and the dataset description, and
``aizones release`` names its folder and files by the version. A project without the file has
no version: everything still builds, and ``aizones release`` refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.namespaces import DATASET_IRI, DCTERMS, OWL

_VERSION = re.compile(r"[0-9]+(\.[0-9]+)*([-+][0-9A-Za-z.-]+)?")  # 0.1.0, 1.2, 2.0.0-rc.1


@dataclass(frozen=True)
class Release:
    version: str  # "" when the dataset states none
    issued: str  # an xsd:date's lexical form, or ""

    def fields(self) -> dict[str, str]:
        """What the manifest records: only what is stated."""
        return {key: value for key, value in (("version", self.version), ("issued", self.issued)) if value}


def release_of(dataset: Dataset) -> Release:
    """The version and release date the asserted graphs state for the dataset (the least of each
    when several files disagree, so the answer never depends on the order they were read)."""
    return Release(_least(dataset, OWL.versionInfo), _least(dataset, DCTERMS.issued))


def _least(dataset: Dataset, predicate: str) -> str:
    subject, found = ox.NamedNode(DATASET_IRI), set()
    for graph in dataset.asserted:
        for quad in dataset.store.quads_for_pattern(subject, ox.NamedNode(predicate), None, graph):
            if isinstance(quad.object, ox.Literal):
                found.add(quad.object.value)
    return min(found, default="")


def valid_version(version: str) -> bool:
    """Whether ``version`` may name a release folder and its files (no path, no space)."""
    return bool(_VERSION.fullmatch(version))


def version_key(version: str) -> tuple:
    """An order of versions as people mean it: 0.10.0 after 0.9.0."""
    core = re.split(r"[-+]", version, maxsplit=1)[0]
    return (*(int(part) for part in core.split(".") if part.isdigit()), version)
