"""Every saved query answered with its default parameters, each result in a file of its own.

``make run`` ends with ``aizones query --all``: the answers land in ``dist/queries/`` (one file per
saved query, CSV unless asked otherwise, and a manifest), published the way the build publishes
(a staging folder swapped in whole), so a reader sees the old answers or the new, never half.
The files hold no timings, so the same graph gives byte-identical answers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from aizones.core.dataset import Dataset
from aizones.core.errors import UsageError
from aizones.core.formats import RESULT_FORMATS
from aizones.core.labels import Labeller
from aizones.core.limits import run
from aizones.core.sparql import solution_rows
from aizones.publishing.staging import publish
from aizones.publishing.targets import check_folder
from aizones.querying import portable_queries, saved
from aizones.querying.results import render_rows

ANSWERS_FOLDER = "queries"  # inside the build's output folder
# The formats of ``--all``: those for people and spreadsheets, each file named with its extension.
ANSWER_FORMATS = ("csv", "tsv", "json", "table")


@dataclass(frozen=True)
class Answer:
    """One saved query answered: where its rows went and how long it took."""

    name: str
    title: str
    rows: int
    seconds: float
    file: str  # relative to the answers folder


def answer_all(
    dataset: Dataset, queries: Path, out: Path, *, fmt: str = "csv", lang: str = "en", inference: bool = True, project: Path | None = None
) -> list[Answer]:
    """Run every saved query of ``queries`` with its defaults; write each result into ``out``.

    ``out`` is replaced whole, so it must be absent, empty or earlier answers, and not one of
    ``project``'s own folders (``aizones.publishing.targets``); that is checked before any query runs.
    """
    if fmt not in ANSWER_FORMATS:
        raise UsageError(f"--all writes {', '.join(ANSWER_FORMATS)}, not {fmt!r}")
    check_folder(out, project=project, option="--out", known=portable_queries.KNOWN)  # a build leaves its bound queries there
    # The queries run under --timeout and --memory in a limited child; the files are published here,
    # in this process, so that Ctrl-C or SIGTERM removes the staging folder (a child killed at the
    # limit or with its parent could not).
    answered = run("the saved queries", _answered, dataset, queries, fmt, lang, inference)

    def fill(staging) -> None:
        for answer, data in answered:
            staging.write_bytes(answer.file, data)
        # the build's bound queries live in this folder too: written again, the same bytes
        portable_queries.write_all(dataset, queries, staging.write_bytes, folder="")

    publish(out, fill, project=project, option="--out", known=portable_queries.KNOWN)
    return [answer for answer, _data in answered]


def _answered(dataset: Dataset, queries: Path, fmt: str, lang: str, inference: bool) -> list[tuple[Answer, bytes]]:
    """Every saved query run with its defaults and rendered in ``fmt``."""
    labeller = Labeller(dataset, lang)
    answered = []
    for query in saved.catalogue(queries):
        started = time.perf_counter()
        names, rows = solution_rows(saved.run(dataset, query, {}, inference=inference))  # saved queries are SELECTs
        seconds = time.perf_counter() - started
        name = query.name + RESULT_FORMATS[fmt].extension
        answered.append((Answer(query.name, query.title, len(rows), seconds, name), render_rows(names, rows, fmt, labeller).encode()))
    return answered
