"""What every request handler of the server reads: the release being served and the server's limits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line reads the limits' defaults for --help: no store is loaded for it
    from aizones.core.dataset import Dataset


@dataclass(frozen=True)
class Limits:
    """The server's limits; each has a ``aizones serve`` flag (the defaults are the flags' defaults)."""

    timeout: float = 10.0  # seconds one query may run before it is stopped and answered 503
    max_rows: int = 10_000  # rows (or triples) one answer may hold before it is cut and marked
    max_body: int = 1_000_000  # bytes of a request body (a POSTed query); larger ones get 413
    concurrency: int = 2  # queries evaluated at once (worker processes); the others wait their turn
    queue: int = 256  # requests that may wait for a worker; one more is answered 503 with Retry-After
    cache_bytes: int = 64 * 2**20  # answers kept in memory, by size; 0 turns the cache off


@dataclass
class Served:
    """The release being served: its project folder, its ``dist/``, the dataset opened from the
    release's store, the saved queries' folder, and the limits. ``release`` is the sha256 of the
    release's manifest (``publishing.release_store.digest``): it names the store the query workers
    open and is part of every ETag, so an answer's tag changes with the release. ``manifest`` is
    that manifest's bytes, read with the dataset (``downloads`` lists its files, never a later
    release's); None where the dataset was opened without it (the tests' ``open_dataset``).
    A server that follows the rebuilds (``following``) makes one of these per release."""

    root: Path
    out: Path
    dataset: Dataset
    queries: Path
    limits: Limits = field(default_factory=Limits)
    runner: object = None  # the ``runner.QueryRunner`` of this release, set by ``app.create_app``
    charts: object = None  # the ``series_charts.SeriesCharts`` (one chart worker) of this release, set there too
    release: str = ""
    manifest: bytes | None = None
    # what to stop when the release stops being served, besides the query workers (the chart worker)
    closing: list[Callable[[], None]] = field(default_factory=list)
