"""The public API: what a notebook or another program calls, one function per thing a user does.

``import aizones`` gives these names (``aizones.load``, ``aizones.query``, …; see ``__init__``).
Each takes plain values (paths, format names, labels) and calls the stage that does the work, as
the command line does; the examples below run as tests (``tests/end_to_end/test_api.py``), from the project
folder.

>>> import aizones
>>> dataset = aizones.load(".")
>>> names, rows = aizones.query(dataset, "pilot-zones")
>>> len(rows) >= 29
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from aizones.connections import report as network_report
from aizones.connections.paths import DEFAULT_MAX_LENGTH, PathAnswer, find_paths
from aizones.core.dataset import Dataset
from aizones.core.errors import UsageError
from aizones.core.formats import GRAPH_FORMATS
from aizones.core.graph_names import resolve_graphs
from aizones.core.sparql import select, solution_rows
from aizones.drawing import pictures
from aizones.drawing.graph_files import export_graph
from aizones.outputs import build_writers
from aizones.pipeline import BuildSummary, open_dataset
from aizones.pipeline import build as build_pipeline
from aizones.publishing.writers import export_dataset, export_format, export_graphs
from aizones.querying import saved
from aizones.querying.diff import Diff
from aizones.querying.explain import Explanation
from aizones.querying.explain import explain as explain_entity
from aizones.reasoning.materialise import DEFAULT_ENGINE as DEFAULT_REASONER
from aizones.reasoning.materialise import materialise
from aizones.releasing.release import ReleaseSummary
from aizones.releasing.release import release as release_build
from aizones.releasing.revisions import compare
from aizones.validation.coordinator import DEFAULT_ENGINE, ValidationResult
from aizones.validation.coordinator import validate as validate_dataset

_SAVED_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def load(root: str | Path = ".", out: str | Path | None = "dist", *, inference: bool = True) -> Dataset:
    """The project's dataset: the build in ``out`` when it is current, else read from ``ontology/``
    and ``graph/`` (and reasoned over, unless ``inference=False``) as the build would.

    >>> dataset = aizones.load(".", inference=False)
    >>> sorted({f.role for f in dataset.files})
    ['data', 'ontology', 'shapes']
    """
    root = Path(root)
    return open_dataset(root, root / out if out is not None else None, inference=inference)


def build(
    root: str | Path = ".", out: str | Path = "dist", *, pictures_too: bool = True, fail_on: str = "error", no_shapes: bool = False
) -> BuildSummary:
    """Read, validate, reason and publish the project into ``out`` (with the ontology page, and the
    pictures unless ``pictures_too=False``), atomically; what ``aizones build`` does.

    >>> import tempfile
    >>> summary = aizones.build(".", Path(tempfile.mkdtemp()) / "dist", pictures_too=False)
    >>> "aizones.ttl" in summary.written and summary.inferred_triples > 0
    True
    """
    root = Path(root)
    writers = build_writers(root, pictures_too=pictures_too)
    return build_pipeline(root, root / out, fail_on=fail_on, no_shapes=no_shapes, extra_outputs=writers)


def validate(
    dataset: Dataset, *, engine: str = DEFAULT_ENGINE, checks: str | Path | None = "queries/checks", no_shapes: bool = False
) -> ValidationResult:
    """SHACL, the SPARQL checks of ``checks`` and OWL consistency over the asserted graphs; without
    shapes an ``InputError``, unless ``no_shapes=True``.

    >>> result = aizones.validate(aizones.load(".", inference=False))
    >>> result.conforms
    True
    """
    checks_folder = Path(checks) if checks is not None else None
    return validate_dataset(dataset.writable(), engine=engine, checks=checks_folder, no_shapes=no_shapes)


def reason(dataset: Dataset, *, engine: str = DEFAULT_REASONER) -> int:
    """Add the OWL 2 RL closure as the graph ``…/graph/inferred``; the number of inferred triples.

    >>> aizones.reason(aizones.load(".", out=None, inference=False)) > 0
    True
    """
    if dataset.published is not None:
        raise UsageError("this dataset is a build, opened read-only with its inferred graph; load it with out=None to reason again")
    return materialise(dataset, engine=engine)


def query(
    dataset: Dataset,
    text_or_name: str,
    *,
    params: dict[str, str] | None = None,
    queries: str | Path = "queries",
    inference: bool = True,
) -> tuple[list[str], list[tuple]]:
    """A SELECT query's variable names and rows (Oxigraph terms, None where unbound): SPARQL text, or
    the name of a saved query of ``queries`` with its ``params`` (labels, as on the command line).

    >>> names, rows = aizones.query(dataset, "zones-in-province", params={"province": "Hunan"})
    >>> "zone" in names and len(rows) > 0
    True
    >>> aizones.query(dataset, "SELECT (COUNT(*) AS ?n) WHERE { ?zone a aiz:PilotZone }")[1][0][0].value
    '29'
    """
    if _SAVED_NAME.fullmatch(text_or_name):
        found = saved.find(Path(queries), text_or_name)
        return solution_rows(saved.run(dataset, found, params or {}, inference=inference))
    if params:
        raise UsageError("params work with saved queries only; write the values into the query text")
    return select(dataset, text_or_name, inference=inference)


def push(
    out: str | Path,
    endpoint: str,
    *,
    graph_store: str | None = None,
    dry_run: bool = False,
    step=None,
    atomic: bool = False,
    update: str | None = None,
):
    """Send the build in ``out`` to a SPARQL store: each named graph replaced (``PUT``), their merge as
    the default graph, each count verified; what ``aizones push`` does. Returns the parts sent.
    ``atomic``: staged first and moved into place in one update at ``update`` (readers never see a mix).

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "dist"
    >>> _ = aizones.build(".", out, pictures_too=False)
    >>> parts = aizones.push(out, "http://127.0.0.1:7878/query", dry_run=True)  # says what it would send
    >>> parts[-1].graph == "" and len(parts[-1].lines) > 0  # the last is the default graph: the merge
    True
    """
    from aizones.publishing import push as pushing  # start-up: only a push opens the network

    return pushing.push(
        Path(out), endpoint, graph_store=graph_store, dry_run=dry_run, step=step or (lambda _line: None), atomic=atomic, update=update
    )


def query_endpoint(dataset: Dataset | None, endpoint: str, text_or_query, *, params: dict | None = None, timeout: float | None = 60.0):
    """A saved query (by ``SavedQuery``) or a text answered by a remote endpoint, as ``aizones query --endpoint``.

    >>> aizones.query_endpoint(dataset, "http://127.0.0.1:9/query", "ASK {}", timeout=1)
    Traceback (most recent call last):
    ...
    aizones.core.errors.RemoteError: http://127.0.0.1:9/query: no answer from the store (...); is it running, and is the URL right?
    """
    from aizones.querying import remote_query  # start-up: only a remote query needs the HTTP client

    return remote_query.query_endpoint(dataset, endpoint, text_or_query, params=params, timeout=timeout)


def explain(dataset: Dataset, name: str, *, lang: str = "en") -> Explanation:
    """Everything the graph says about the entity ``name`` (a label, prefixed name or IRI), by source.

    >>> aizones.explain(dataset, "长沙市").label
    'Changsha'
    """
    return explain_entity(dataset, name, lang)


def export(dataset: Dataset, fmt: str = "turtle", *, inference: bool = True, graphs: Iterable[str] = ()) -> bytes:
    """The dataset in an RDF format (named graphs kept where the format has them), or the projected
    graph as ``graphml`` or ``gexf``. With ``graphs``, only those named graphs: each a file's path,
    the short name tables show, part of it (``002-jinan``), its IRI, or ``inferred``.

    >>> aizones.export(dataset, "nt").count(b"\\n") > 5000
    True
    >>> aizones.export(dataset, "nt", graphs=["002-jinan"]).count(b"\\n")
    223
    """
    names = list(graphs)
    if fmt in GRAPH_FORMATS:
        if names:
            raise UsageError("graphs= works with the RDF formats; GraphML and GEXF hold the projected graph of every source")
        return export_graph(dataset, fmt)
    if names:
        return export_graphs(dataset, export_format(fmt), resolve_graphs(dataset, names))[0]
    return export_dataset(dataset, export_format(fmt), inference=inference)


def draw(
    dataset: Dataset, fmt: str = "html", *, focus: str | None = None, depth: int = 1, kinds: Iterable[str] = (), province: str | None = None
) -> bytes:
    """The interactive page (``html``) or a static diagram (``svg``, ``png``) of the chosen part.

    >>> aizones.draw(dataset, "svg", focus="Changsha").startswith(b"<?xml")
    True
    """
    return pictures.visualise(dataset, fmt=fmt, focus=focus, depth=depth, kinds=kinds, province=province)


def path(
    dataset: Dataset, start: str, end: str, *, max_length: int = DEFAULT_MAX_LENGTH, via: str | None = None, all_paths: bool = False
) -> PathAnswer:
    """The shortest relationship paths from ``start`` to ``end`` (names as ``explain`` takes them),
    each hop with its relations and the documents stating them; ``via``: a class some entity on
    the way must have; ``all_paths``: every shortest path (up to 50), not only the first.

    >>> answer = aizones.path(dataset, "Changsha Xingshen Intelligent Technology", "Hunan")
    >>> [hop.end_label for hop in answer.paths[0]]
    ['Changsha', 'Hunan Province']
    """
    return find_paths(dataset, start, end, max_length=max_length, via_kind=via, all_paths=all_paths)


def serve(
    root: str | Path = ".",
    out: str | Path = "dist",
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    max_body: int = 1_000_000,
    concurrency: int = 2,
) -> None:
    """Serve the release of ``root`` in ``out`` (built first when missing or stale, as ``build``
    builds it) on ``host:port`` until Ctrl-C, SIGTERM or SIGHUP: the pages, and the read-only
    SPARQL 1.1 endpoint at ``/sparql``; what ``aizones serve`` does. ``timeout`` (seconds, 0 for
    none), ``max_rows``, ``max_body`` (bytes) and ``concurrency`` are the server's limits
    (``docs/serving.md``). A port in use raises ``OutputError``. It prints the address it serves on
    and returns once stopped; a notebook runs it in a process of its own (it blocks)::

        aizones.serve(".", "dist", port=8000, timeout=30)
    """
    from aizones.serving.context import Limits  # start-up: only a server needs the web stack
    from aizones.serving.server import serve as serve_release  # the same

    root = Path(root)
    limits = Limits(timeout=timeout, max_rows=max_rows, max_body=max_body, concurrency=concurrency)
    serve_release(root, root / out, host=host, port=port, limits=limits)


def network(dataset: Dataset) -> dict[str, bytes]:
    """The network report's files by name (``network.md``, ``entities.csv``, ``variants.csv``,
    ``bridges.svg``): degree, betweenness, communities and components, in every variant.

    >>> sorted(aizones.network(dataset))
    ['bridges.svg', 'entities.csv', 'network.md', 'variants.csv']
    """
    return network_report.report_files(dataset)


def diff(old: str | Path, new: str | Path, *, root: str | Path = ".") -> Diff:
    """What changed from ``old`` to ``new``: each a build folder (``dist``), a release folder
    (``release/aizones-0.1.0``) or a git revision of the repository holding ``root`` (built in a
    scratch folder). ``render_markdown`` of ``aizones.querying.diff_text`` tells it in words; the
    result's ``as_json()`` is the JSON of ``aizones diff --format json``.

    >>> import tempfile
    >>> dist = Path(tempfile.mkdtemp()) / "dist"
    >>> _ = aizones.build(".", dist, pictures_too=False)
    >>> aizones.diff(dist, dist).empty  # two builds of one input: no change
    True
    """
    return compare(str(old), str(new), Path(root))


def release(
    root: str | Path = ".", out: str | Path = "dist", *, releases: str | Path | None = None, build_first: bool = False
) -> ReleaseSummary:
    """Copy the current build in ``out`` into ``release/aizones-VERSION/`` (the dataset's version, from
    ``graph/release.ttl``) with ``SHA256SUMS`` and the changes since the previous release in
    ``CHANGELOG.md``; the same build twice changes nothing. With ``build_first=True`` the project is
    built into ``out`` first (``aizones.build``), as ``aizones build --release`` does.

    >>> import shutil, tempfile
    >>> project = Path(tempfile.mkdtemp())
    >>> for folder in ("graph", "ontology", "queries"):
    ...     _ = shutil.copytree(folder, project / folder)
    >>> _ = aizones.build(project, "dist", pictures_too=False)
    >>> summary = aizones.release(project)
    >>> summary.folder.name == f"aizones-{summary.version}", sorted(p.name for p in summary.folder.iterdir())[:2]
    (True, ['CHANGELOG.md', 'SHA256SUMS'])
    """
    root = Path(root)
    if build_first:
        build(root, out)
    return release_build(root, root / out, Path(releases) if releases else None)
