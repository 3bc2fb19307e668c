"""The chart worker: a process of its own that draws the charts of the saved-query pages.

A chart is drawn from the figure rows the build draws ``dist/viz/`` from
(``full_nodes.outline_rows``), and both reading them and drawing are pure Python: the outline of
a million-triple graph took 22 s and 425 MB (``docs/serving-queries.md``), a chart about a second,
all of it holding the interpreter's lock, which in the server would stall every other request
for as long. So the server (``series_charts``) starts this process at the first chart asked for,
as ``python -m aizones.serving.chart_worker`` with pipes for its standard input and output; it
opens the release the server serves, its store read-only (``opened``: the store of the manifest
the server started with, never a rebuild from files edited since), reads the figure rows once,
and then draws one chart per request; it also draws the diagrams of the path pages
(``("path", PathAnswer)``, ``connections.path_output.diagram``, which needs no figure rows). Each request and answer is a frame: a 4-byte length and a pickle. The
worker leaves the network and dies with the server.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
from pathlib import Path

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.errors import AizonesError
from aizones.core.lifeline import die_with_parent
from aizones.core.netns import leave_unless_allowed
from aizones.drawing.full_nodes import outline_rows
from aizones.drawing.outline import Outline
from aizones.pipeline import open_dataset
from aizones.publishing.layout import MANIFEST
from aizones.publishing.release_store import digest, store_folder

HEADER = struct.Struct("!I")


def frame(message: object) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def _read(stream) -> object | None:
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    return pickle.loads(stream.read(size))


def draw(rows, kind: str, key: tuple[str, ...], subjects: frozenset[str]) -> bytes:
    """The chart of ``kind`` for ``key`` from the figure rows, as SVG (``series_charts.Chart``)."""
    from aizones.drawing.charts import indicator_chart, over_time_chart, targets_chart  # matplotlib: only here

    if kind == "over-time":
        return over_time_chart(rows, key[0], "svg")
    if kind == "indicator":
        return indicator_chart(rows, key[0], key[1], "svg", subjects=set(subjects))
    return targets_chart(rows, key[0], "svg")


def release_spec(dataset: Dataset, root: Path, out: Path, release: str = "") -> dict:
    """What the worker needs to open the release ``dataset`` was opened from: its store's folder
    (named by ``release``, the digest of the release's manifest; by ``out``'s manifest now when
    not given), and the dataset's description of its graphs."""
    manifest = out / MANIFEST
    if not release and manifest.is_file():
        release = digest(manifest.read_bytes())
    folder = store_folder(out) / release if release else None
    return {
        "store": str(folder) if folder is not None and (folder / "CURRENT").is_file() else None,
        "root": str(root),
        "out": str(out),
        "files": list(dataset.files),
        "published": dataset.published,
        "merged": dataset.merged,
    }


def opened(spec: dict) -> Dataset:
    """The release's dataset: its store read-only, or, for a release kept without a store, as
    ``pipeline.open_dataset`` opens it."""
    if spec["store"] is None:
        return open_dataset(Path(spec["root"]), Path(spec["out"]))
    store = ox.Store.read_only(spec["store"])
    return Dataset(store, spec["files"], published=spec["published"], merged=spec["merged"])


def main() -> None:
    die_with_parent(os.getppid())
    leave_unless_allowed()
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    dataset = opened(_read(requests))
    rows = None
    answers.write(frame(("ready", "")))
    answers.flush()
    while (asked := _read(requests)) is not None:
        try:
            if asked[0] == "path":  # a path page's diagram: the one ``aizones path -o path.svg`` draws
                from aizones.connections.path_output import diagram  # matplotlib's pyplot: loaded by the first drawing

                answer = ("ok", diagram(asked[1], "svg"))
            else:
                if rows is None:
                    rows = outline_rows(Outline(dataset))
                answer = ("ok", draw(rows, *asked))
        except AizonesError as error:  # no figure to draw for that key: a one-line reason
            answer = ("refused", str(error))
        answers.write(frame(answer))
        answers.flush()


if __name__ == "__main__":
    main()
