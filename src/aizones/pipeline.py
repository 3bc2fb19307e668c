"""The pipeline: read, validate, reason, publish ``dist/`` atomically; and open what was published.

``build`` runs the stages on the one dataset read from ``ontology/`` and ``graph/``; none reaches
back to the files. Validation runs in a child forked before reasoning, so it sees the asserted
graphs alone (the closure would break cardinalities) while the build reasons beside it on the
other core; the inferred triples go into their own graph; publishing writes every format into a
staging folder, re-reads each file, fills the release's on-disk store, and swaps the folder in
only when all of it succeeded (and validation passed). ``open_dataset`` is what every reader
(query, explain, export, stats, viz) starts from: the build's store when ``dist/`` is current,
else the files read and reasoned over as a build would.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from aizones.core.dataset import Dataset, GraphFile
from aizones.core.errors import NonConformantError
from aizones.core.forkpool import affordable
from aizones.core.formats import RDF_FORMATS
from aizones.core.interrupts import interrupts_raised, past_the_point_of_no_return
from aizones.core.namespaces import AIZ, DESCRIPTION_GRAPH, OWL
from aizones.core.release_data import release_of
from aizones.publishing import canonical
from aizones.publishing.description import describe
from aizones.publishing.layout import (
    BUILT_DATASET,
    DATASET_FILES,
    DESCRIPTION_FILE,
    INFERRED_FILE,
    JSONLD_CONTEXT,
    ONTOLOGY_FILES,
    UNION_FILES,
    VALIDATION_TABLE,
    VALIDATION_TURTLE,
    rejected_folder,
    shown_path,
)
from aizones.publishing.release_store import BuildsStore
from aizones.publishing.reopen import current_manifest, load_built
from aizones.publishing.staging import Staging, publish
from aizones.publishing.targets import check_folder
from aizones.publishing.writers import Writer, check_store_portable
from aizones.reading.loader import load_dataset
from aizones.validation.findings import ERROR, Finding, at_or_above
from aizones.validation.report import render, summary_line

# Writes more files into the staging folder (pictures, documentation), published with the rest.
OutputWriter = Callable[[Dataset, Staging], None]


@dataclass
class BuildSummary:
    out: Path
    files: list[GraphFile]
    asserted_triples: int
    inferred_triples: int
    classes: int
    findings: list[Finding]
    written: dict[str, dict[str, object]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds of the steps that overlap (validation, reasoning)

    def lines(self) -> list[str]:
        return [
            f"read {len(self.files)} files into {len(self.files)} named graphs: {self.asserted_triples} triples",
            f"ontology: {self.classes} classes",
            f"validation: {summary_line(self.findings)}",
            f"reasoning: {self.inferred_triples} inferred triples in their own graph",
            f"wrote {len(self.written)} files into {shown_path(self.out)}",
        ]


@interrupts_raised()  # SIGTERM and SIGHUP at any moment: exit 130 and nothing left, as Ctrl-C
def build(
    root: Path,
    out: Path,
    *,
    shacl_engine: str = "fast",
    reasoner: str = "oxigraph",
    fail_on: str = ERROR,
    no_shapes: bool = False,
    step: Callable[[str], None] = lambda _message: None,
    extra_outputs: Sequence[OutputWriter] | OutputWriter | None = None,
    allow_outside_links: bool = False,
) -> BuildSummary:
    """Build the dataset under ``root`` into ``out``; raise and leave ``out`` untouched on failure.

    ``extra_outputs``: writers run in order after the RDF files, each adding its own sub-folder
    (``[ontodoc.add_to_build, pictures.add_to_build]``); one writer alone is accepted too.
    Validation fails closed: a project without SHACL shapes is refused unless ``no_shapes``.
    ``allow_outside_links``: read files in ``graph/`` and ``ontology/`` that link out of the project.
    """
    from aizones.validation.coordinator import ValidationRun  # start-up: readers import this module, only a build validates

    check_folder(out, project=root)  # before any work: a folder that may not be replaced is refused at once
    check_folder(rejected_folder(out.resolve()), project=root, known=_REJECTED_FILES)
    step("reading ontology/ and graph/")
    dataset = load_dataset(root, allow_outside_links=allow_outside_links)
    step("validating the asserted graphs, and reasoning (OWL 2 RL) meanwhile")
    # Validation runs in a child forked now, so it sees the asserted graphs alone while this process
    # adds the inferred graph and starts writing the files (two cores: one each); its verdict is
    # awaited before anything is drawn, and a build that fails it publishes nothing.
    validation = ValidationRun(dataset, engine=shacl_engine, checks=root / "queries" / "checks", no_shapes=no_shapes)
    timings: dict[str, float] = {}
    verdict: list[Finding] = []
    try:
        begun = time.perf_counter()
        inferred_count = _reason(dataset, reasoner)
        timings["reasoning"] = time.perf_counter() - begun
        step(f"publishing into {out}")
        check_store_portable(dataset.store)
        if affordable(2) < 2:  # no room for the canonical lines beside the validating child: its verdict first
            verdict.extend(validation.result().findings)
            if at_or_above(verdict, fail_on):
                raise _Rejected
        writers_of = _described_forms(dataset)
        asserted_triples = len(writers_of["union"].form)

        def fill(staging: Staging) -> None:
            for name, fmt in UNION_FILES.items():
                staging.write_rdf(name, writers_of["union"], RDF_FORMATS[fmt])
            for name, fmt in DATASET_FILES.items():
                context = JSONLD_CONTEXT if fmt == "jsonld" else None
                staging.write_rdf(name, writers_of["dataset"], RDF_FORMATS[fmt], context=context)
            staging.write_rdf(INFERRED_FILE, writers_of["inferred"], RDF_FORMATS["turtle"])
            staging.write_rdf(DESCRIPTION_FILE, writers_of["description"], RDF_FORMATS["turtle"])
            staging.release = release_of(dataset).fields()
            for name, (role, fmt) in ONTOLOGY_FILES.items():
                if role in writers_of:  # no shapes file without shapes (``no_shapes``)
                    staging.write_rdf(name, writers_of[role], RDF_FORMATS[fmt])
            if not validation.done:
                verdict.extend(validation.result().findings)  # it ended while the files were written, most often
            timings["validation"] = validation.seconds or 0.0
            if at_or_above(verdict, fail_on):
                raise _Rejected
            staging.write_bytes(VALIDATION_TABLE, render(verdict, "table").encode())
            staging.write_bytes(VALIDATION_TURTLE, render(verdict, "turtle").encode())
            staging.inputs = [f.__dict__ for f in dataset.files]
            store.start(staging.path / BUILT_DATASET)  # filled by a child while the files are checked and the pictures drawn
            staging.rereads.finish()  # the RDF files are checked before anything is drawn from them
            writers_of.clear()  # the canonical lines (hundreds of MB at a million triples) go before the pictures come
            writers = [extra_outputs] if callable(extra_outputs) else list(extra_outputs or ())
            if writers:
                step("drawing the pictures and writing the documentation")
            for writer in writers:
                writer(dataset, staging)

        store = BuildsStore(out, current_manifest(out))
        try:
            written = publish(out, fill, project=root, before_swap=store.settle)
        except BaseException:
            store.abandon()
            raise
    except _Rejected:
        raise _rejection(root, out, verdict) from None
    finally:
        validation.abandon()
    with past_the_point_of_no_return():  # dist/ is the new release: what is left cannot undo it
        store.finish(current_manifest(out))
        classes = count_classes(dataset)
    return BuildSummary(out, dataset.files, asserted_triples, inferred_count, classes, verdict, written, timings)


class _Rejected(Exception):
    """The data failed validation while the build was writing: the staging folder is dropped."""


def _rejection(root: Path, out: Path, findings: list[Finding]) -> NonConformantError:
    """The report of a failed validation saved beside ``out``, and the error that names it."""
    report = _save_rejected_report(root, out, findings)
    error = NonConformantError(f"the data does not conform: {summary_line(findings)}; the report is in {report}, {out} was left as it was")
    error.findings = findings  # type: ignore[attr-defined]
    return error


def _described_forms(dataset: Dataset) -> dict[str, Writer]:
    """The canonical forms with the dataset description among the whole dataset's graphs: it is in
    the store only while they are made, so nothing drawn or answered afterwards reads it."""
    description = ox.NamedNode(DESCRIPTION_GRAPH)
    dataset.store.extend(describe(dataset))  # counted before it is added: it does not describe itself
    try:
        return _canonical_forms(dataset, description)
    finally:
        dataset.store.remove_graph(description)


def _canonical_forms(dataset: Dataset, description: ox.NamedNode) -> dict[str, Writer]:
    """One canonical form per output: the asserted union, the whole dataset, the inferred graph
    alone and the description alone, each labelled as ``aizones export`` would label it (taken
    from the whole when alike)."""
    everything = Writer(canonical.of_store(dataset.store, [*dataset.asserted, dataset.inferred, description]))
    forms = {  # emptied once the files are written: no other reference may keep the lines alive
        "union": Writer(canonical.part_of_store(everything.form, dataset.store, dataset.asserted)),
        "dataset": everything,
        "inferred": Writer(canonical.part_of_store(everything.form, dataset.store, [dataset.inferred])),
        "description": Writer(canonical.part_of_store(everything.form, dataset.store, [description])),
    }
    # The ontology's own files (``layout.ONTOLOGY_FILES``): the union of the files of each role,
    # taken from the whole dataset's form as the union and the inferred graph are.
    for role in dict.fromkeys(role for role, _fmt in ONTOLOGY_FILES.values()):
        if dataset.graphs(role):
            forms[role] = Writer(canonical.part_of_store(everything.form, dataset.store, dataset.graphs(role)))
    return forms


def count_classes(dataset: Dataset) -> int:
    rows = dataset.store.query(
        f'SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{OWL.Class}> FILTER(STRSTARTS(STR(?c), "{AIZ.base}")) }}',
        default_graph=dataset.graphs("ontology"),
    )
    return int(next(iter(rows))["n"].value)


_REJECTED_FILES = "|".join(map(re.escape, (VALIDATION_TABLE, VALIDATION_TURTLE)))  # what the report folder held before it had a manifest


def _save_rejected_report(root: Path, out: Path, findings: list[Finding]) -> Path:
    """The report of a build that failed validation, published beside ``out`` like an output of its own."""
    folder = rejected_folder(out.resolve())

    def fill(staging: Staging) -> None:
        staging.write_bytes(VALIDATION_TABLE, render(findings, "table").encode())
        staging.write_bytes(VALIDATION_TURTLE, render(findings, "turtle").encode())

    publish(folder, fill, project=root, known=_REJECTED_FILES)
    return folder / VALIDATION_TABLE


def open_dataset(root: Path, out: Path | None = None, *, inference: bool = True) -> Dataset:
    """The current dataset: from ``out`` if it was built from the files as they are now, else read
    from the files (and reasoned over, with ``inference``) as the build would."""
    if out is not None:
        built = load_built(root, out)
        if built is not None:
            return built
    dataset = load_dataset(root)
    if inference:
        _reason(dataset)
    return dataset


def _reason(dataset: Dataset, engine: str | None = None) -> int:
    from aizones.reasoning.materialise import DEFAULT_ENGINE, materialise  # start-up: a current build needs no reasoner

    return materialise(dataset, engine=engine or DEFAULT_ENGINE)
