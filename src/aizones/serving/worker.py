"""A query worker: a process of its own holding the release's store read-only, answering one query at a time.

Oxigraph evaluates a query in Rust and cannot be interrupted from Python, and a thread cannot be
killed; a process can. So the server (``pool``) keeps a few of these, each started as
``python -m aizones.serving.worker`` with pipes for its standard input and output: it opens the
same read-only store as the server (RocksDB lets many processes read one store), then reads jobs
and writes answers, each a frame of a 4-byte length and a pickle. A query past its time limit
gets its worker killed and a new one started; the rest never notice.

Every answer is written by Oxigraph's own serializers (Rust). The row cap is kept while writing: the
solutions are first written as SPARQL TSV (the triples as N-Triples), one line per row, into a
writer that counts lines and stops the evaluation itself once the cap is passed (a lazily evaluated
query then never computes the rows nobody will see); the lines kept are parsed again and written
in the format asked for (the TSV round trip costs about half a serialization, measured in
``docs/serving.md``). The worker leaves the network (``core.netns``), so even a SERVICE the policy
missed could not reach out, and dies with the server (``core.lifeline``).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import sys
import traceback

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.errors import AizonesError
from aizones.core.lifeline import die_with_parent
from aizones.core.namespaces import PREFIXES
from aizones.core.netns import leave_unless_allowed
from aizones.core.sparql import execute
from aizones.serving.negotiation import GRAPH_TYPES, SOLUTION_TYPES

HEADER = struct.Struct("!I")  # the length of each frame's pickle
TSV = ox.QueryResultsFormat.TSV
NT = ox.RdfFormat.N_TRIPLES


class _Full(Exception):
    """Raised from the writer once the cap is passed: Oxigraph stops writing (and evaluating)."""


class _Lines:
    """A file-like sink for Oxigraph's serializers that keeps at most ``limit`` lines."""

    def __init__(self, limit: int) -> None:
        self.parts: list[bytes] = []
        self.lines, self.limit = 0, limit

    def write(self, data) -> int:
        data = bytes(data)
        self.parts.append(data)
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise _Full
        return len(data)

    def flush(self) -> None:
        pass

    def kept(self) -> tuple[bytes, bool]:
        """The lines written, cut after the ``limit``-th, and whether any were cut."""
        data = b"".join(self.parts)
        if self.lines <= self.limit:
            return data, False
        end = -1
        for _line in range(self.limit):
            end = data.index(b"\n", end + 1)
        return data[: end + 1], True


def capped(result, max_rows: int) -> tuple[str, bytes, bool]:
    """``(kind, data, truncated)`` of a query's result: ``solutions`` as TSV (header and at most
    ``max_rows`` rows), ``graph`` as N-Triples (at most ``max_rows`` triples), ``boolean`` as TSV-free
    ``b"true"``/``b"false"``."""
    if isinstance(result, ox.QueryBoolean):
        return "boolean", b"true" if bool(result) else b"false", False
    solutions = isinstance(result, ox.QuerySolutions)
    sink = _Lines(max_rows + 1 if solutions else max_rows)
    try:
        if solutions:
            result.serialize(sink, TSV)
        else:
            ox.serialize(result, sink, NT)
    except _Full:
        pass
    data, truncated = sink.kept()
    return ("solutions" if solutions else "graph"), data, truncated


def written(kind: str, data: bytes, fmt) -> bytes:
    """The capped answer in ``fmt`` (an Oxigraph results or RDF format), written by Oxigraph."""
    if kind == "boolean":
        return _boolean(data, fmt)
    if kind == "solutions":
        return data if fmt == TSV else ox.parse_query_results(data, TSV).serialize(format=fmt)
    if fmt == NT:
        return data
    triples = ox.parse(data, NT)
    if fmt.supports_datasets:  # N-Quads, TriG: the triples in the default graph
        triples = (ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return ox.serialize(triples, format=fmt, prefixes=PREFIXES if fmt != ox.RdfFormat.N_QUADS else None)


def _boolean(data: bytes, fmt) -> bytes:
    # Oxigraph writes a boolean only as the result of an ASK; an empty store's ASK gives one
    return ox.Store().query("ASK {}" if data == b"true" else "ASK { FILTER(false) }").serialize(format=fmt)


def answer(dataset: Dataset, job: dict) -> tuple:
    """One job: a query run within the limits of its request; its answer, or the error it raised.
    A job with ``path`` is a ``/connections`` request (``path_job``), killed past the limit as a query is."""
    try:
        if "path" in job:
            from aizones.serving import path_job  # the path search, loaded at the first one asked for

            return ("ok", "path", pickle.dumps(path_job.answer(dataset, job["path"]), protocol=pickle.HIGHEST_PROTOCOL), False)
        within = None
        if job.get("dataset") is not None:
            default, named = job["dataset"]
            within = {"default_graph": [ox.NamedNode(g) for g in default], "named_graphs": [ox.NamedNode(g) for g in named]}
        result = execute(
            dataset,
            job["text"],
            inference=job.get("inference", True),
            substitutions=job.get("substitutions"),
            shown_as="query",
            within=within,
        )
        kind, data, truncated = capped(result, job["max_rows"])
        media = job.get("format")
        if media is None:
            return ("ok", kind, data, truncated)
        fmt = (SOLUTION_TYPES if kind != "graph" else GRAPH_TYPES).get(media)
        if fmt is None:
            return ("refused", "InputError", f"query: its answer ({kind}) cannot be written as {media}")
        return ("ok", kind, written(kind, data, fmt), truncated)
    except AizonesError as error:
        return ("refused", type(error).__name__, str(error))
    except ValueError as error:  # an IRI of the request's dataset that Oxigraph refuses
        return ("refused", "InputError", f"not an IRI: {error}")
    except Exception as error:
        return ("bug", f"{type(error).__name__}: {error}", "".join(traceback.format_exception(error)))


def opened(spec: dict) -> Dataset:
    """The dataset the server holds: the release's store opened read-only, or the N-Quads the
    server wrote of it (default graph included) loaded into memory (``runner.QueryRunner._spec``)."""
    if spec["store"] is not None:
        store = ox.Store.read_only(spec["store"])
    else:
        store = ox.Store()
        store.bulk_load(path=spec["nquads"], format=ox.RdfFormat.N_QUADS)
    return Dataset(store, list(spec["files"]), published=spec["published"], merged=spec["merged"])


def read_frame(fd: int) -> object | None:
    head = _read_exactly(fd, HEADER.size)
    if head is None:
        return None
    body = _read_exactly(fd, HEADER.unpack(head)[0])
    return None if body is None else pickle.loads(body)


def frame(value: object) -> bytes:
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(body)) + body


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None  # the server closed the pipe: it is gone or stopping
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def main() -> None:
    die_with_parent(os.getppid())
    leave_unless_allowed()  # the second line of defence: no network here at all
    requests, answers = 0, os.dup(1)
    os.dup2(2, 1)  # anything printed goes to standard error, never into the answers
    spec = read_frame(requests)
    if spec is None:
        return
    try:
        dataset = opened(spec)
    except Exception as error:
        _write_all(answers, frame(("failed", f"{type(error).__name__}: {error}")))
        return
    _write_all(answers, frame(("ready", os.getpid())))
    while (job := read_frame(requests)) is not None:
        _write_all(answers, frame(answer(dataset, job)))


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt, BrokenPipeError):  # the server stopped: nothing to say
        main()
    sys.exit(0)
