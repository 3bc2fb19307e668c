"""The layout of a build's output folder (``dist/``), in one place for the writer and every reader.

The build writes these files and folders (the README's table of ``dist/`` lists the same), and
``manifest.json`` records what it wrote (bytes, sha256, triples) and what it read (the source
files with their sha256, so that a reader can tell whether the build is current). The writer is
``aizones.pipeline.build`` through ``aizones.publishing.staging``; the readers are
``aizones.publishing.reopen`` (the dataset), ``aizones.querying.answers`` (the saved queries' answers)
and anything else that opens ``dist/``.
"""

from __future__ import annotations

import json
from pathlib import Path

# RDF files by name, and the format each is written in (names of ``aizones.core.formats``).
UNION_FILES = {"aizones.ttl": "turtle", "aizones.nt": "nt", "aizones.rdf": "xml"}  # the asserted union
DATASET_FILES = {"aizones.trig": "trig", "aizones.nq": "nq", "aizones.jsonld": "jsonld"}  # every named graph
JSONLD_CONTEXT = "context.jsonld"  # the context of aizones.jsonld alone, for frames and other data
INFERRED_FILE = "inferred.ttl"  # the inferred graph alone, in Turtle
DESCRIPTION_FILE = "description.ttl"  # the dataset description (VoID, DCAT) alone: ``publishing.description``
BUILT_DATASET = "aizones.nq"  # what a reader loads: the whole dataset, inferred graph included

VALIDATION_TABLE = "validation.txt"
VALIDATION_TURTLE = "validation.ttl"
MANIFEST = "manifest.json"  # also the mark of a folder we published (``aizones.publishing.targets``)
HIDDEN_MANIFEST = ".aizones-manifest.json"  # the same, in a folder inside graph/, whose files the loader reads

ONTOLOGY_FOLDER = "ontology"  # the ontology's documentation page, and the ontology's own files:
# the ontology with its vocabularies (the files of the dataset's ontology role), and the shapes,
# each in Turtle and in RDF/XML (what owlready2 and Protégé open), by the role of the files they hold.
ONTOLOGY_FILES = {
    f"{ONTOLOGY_FOLDER}/aizones-ontology.ttl": ("ontology", "turtle"),
    f"{ONTOLOGY_FOLDER}/aizones-ontology.rdf": ("ontology", "xml"),
    f"{ONTOLOGY_FOLDER}/aizones-shapes.ttl": ("shapes", "turtle"),
    f"{ONTOLOGY_FOLDER}/aizones-shapes.rdf": ("shapes", "xml"),
}
PICTURES_FOLDER = "viz"  # the graph page, diagrams and charts
ANSWERS_FOLDER = "queries"  # every saved query answered (``aizones query --all``)

STAGING_MARK = ".staging-"  # ``.dist.staging-<pid>``: a folder being filled beside the output


def shown_path(path: Path) -> str:
    """An output folder as the user would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() + "/"
    except ValueError:
        return str(path)


def rejected_folder(out: Path) -> Path:
    """Where a failed build leaves its validation report: beside the output, never inside it."""
    return out.parent / f"{out.name}.rejected"


def staging_folder(out: Path, pid: int) -> Path:
    return out.parent / f".{out.name}{STAGING_MARK}{pid}"


def manifest_bytes(entries: dict[str, dict[str, object]], inputs: list[dict[str, object]], release: dict[str, str] | None = None) -> bytes:
    """``files``: what the build wrote (bytes, sha256, triples); ``inputs``: what it read;
    ``release``: the dataset's version and release date (``core.release_data``), when it states them."""
    body: dict[str, object] = {"files": {name: entries[name] for name in sorted(entries)}, "inputs": inputs}
    if release:
        body["release"] = release
    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
