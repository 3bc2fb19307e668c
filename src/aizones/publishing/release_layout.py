"""The layout of a release folder (``release/aizones-VERSION/``), beside the layout of ``dist/``.

A release is the build's files copied under names that carry the version, so that a file taken
out of its folder still says which release it is: ``dist/aizones.trig`` becomes
``aizones-0.2.0.trig``, ``dist/inferred.ttl`` ``aizones-0.2.0-inferred.ttl``,
``dist/context.jsonld`` ``aizones-0.2.0-context.jsonld``, ``dist/ontology/aizones-shapes.ttl``
``aizones-0.2.0-shapes.ttl``. ``SHA256SUMS`` lists each file's sha256 (as
``sha256sum`` writes it, so ``sha256sum -c SHA256SUMS`` checks them), and ``CHANGELOG.md`` holds the
changes from the previous release (``aizones diff``). Readers of a release (``aizones diff``) find
its manifest and N-Quads here, whatever folder they were given.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from aizones.publishing.layout import (
    BUILT_DATASET,
    DATASET_FILES,
    DESCRIPTION_FILE,
    INFERRED_FILE,
    JSONLD_CONTEXT,
    MANIFEST,
    ONTOLOGY_FILES,
    UNION_FILES,
)

RELEASES_FOLDER = "release"  # in the project: one folder per release, and the CHANGELOG.md of all
NAME = "aizones"
CHECKSUMS = "SHA256SUMS"
CHANGELOG = "CHANGELOG.md"
# What a release holds from dist/: the RDF files, the JSON-LD context, the description, the
# validation report, the manifest. The JSON-LD carries its context inline (it refers to no other
# file, so ``aizones-V.jsonld`` reads offline wherever it is copied); ``aizones-V-context.jsonld``
# is that context alone, for frames and data of one's own, as ``dist/context.jsonld`` is.
RELEASED = (*UNION_FILES, *DATASET_FILES, JSONLD_CONTEXT, INFERRED_FILE, DESCRIPTION_FILE, "validation.ttl", MANIFEST, *ONTOLOGY_FILES)


def release_folder_name(version: str) -> str:
    return f"{NAME}-{version}"


def released_name(dist_name: str, version: str) -> str:
    """The name a file of ``dist/`` has in the release of ``version``."""
    path = PurePosixPath(dist_name)
    stem, suffix = path.stem, path.suffix
    if path.name in UNION_FILES or path.name in DATASET_FILES:
        return f"{NAME}-{version}{suffix}"
    stem = stem.removeprefix(f"{NAME}-")  # ontology/aizones-shapes.ttl → aizones-V-shapes.ttl
    return f"{NAME}-{version}-{stem}{suffix}"


def release_files(folder: Path) -> tuple[Path, Path] | None:
    """The manifest and the N-Quads of a build folder (``dist/``) or of a release folder; None if
    the folder holds neither kind."""
    if (folder / MANIFEST).is_file() and (folder / BUILT_DATASET).is_file():
        return folder / MANIFEST, folder / BUILT_DATASET
    manifests = sorted(folder.glob(f"{NAME}-*-{Path(MANIFEST).stem}.json"))
    if len(manifests) == 1:
        version = manifests[0].name[len(NAME) + 1 : -len(f"-{MANIFEST}")]
        nquads = folder / released_name(BUILT_DATASET, version)
        if nquads.is_file():
            return manifests[0], nquads
    return None
