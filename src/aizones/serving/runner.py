"""Every query a request asks for, pages and endpoint alike, run by the worker pool within the limits.

The pages ask ``select`` (rows as Oxigraph terms) or ``rows`` (the same, with whether the row cap
cut them); the SPARQL endpoint asks ``answer`` (the bytes of the format negotiated). Each goes to a
worker process (``pool``), where it is evaluated and written by Oxigraph, at most
``Limits.concurrency`` at once, for at most ``Limits.timeout`` seconds, at most ``Limits.max_rows``
rows; answers are kept in ``cache`` (the release does not change; a new one gets a runner of its
own, ``following``), and their ETag is the
release's digest and the request's key hashed together.

The pool starts on the first query (the tests start the app without its lifespan) or at the
server's start-up (``start``), and stops with the server (``close``).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import pickle
import tempfile
from dataclasses import dataclass

import pyoxigraph as ox

from aizones.core.errors import InputError, LimitError, PolicyError
from aizones.core.sparql import solution_rows
from aizones.publishing.release_store import digest, store_folder
from aizones.publishing.reopen import current_manifest
from aizones.serving.cache import AnswerCache
from aizones.serving.context import Served
from aizones.serving.pool import Busy, QueryTimeout, WorkerLost, WorkerPool

_REFUSED = {"PolicyError": PolicyError, "LimitError": LimitError}


@dataclass(frozen=True)
class Rows:
    """A SELECT query's answer for a page: variable names, rows, and whether the cap cut them."""

    names: list[str]
    rows: list[tuple]
    truncated: bool


@dataclass(frozen=True)
class Answer:
    """An answer as the endpoint sends it: ``kind`` is solutions, boolean or graph."""

    kind: str
    body: bytes
    truncated: bool
    etag: str


class Unavailable(Exception):
    """No answer within the limits: the queue was full, the time limit passed, the worker died.
    ``retry_after`` is set when trying again soon may work (a full queue)."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueryRunner:
    def __init__(self, served: Served) -> None:
        self.served = served
        self.cache = AnswerCache(served.limits.cache_bytes * 3 // 4)  # answers as the workers wrote them
        self.sent = AnswerCache(served.limits.cache_bytes // 4)  # GET answers as sent (``sent_again``)
        self.pool: WorkerPool | None = None
        self._starting: asyncio.Lock | None = None
        self._slots = asyncio.Semaphore(served.limits.concurrency)  # for ``call``, in this process
        self._dump = None  # the dataset as N-Quads for the workers, where there is no store to open
        if not served.release:
            served.manifest = current_manifest(served.out)
            served.release = digest(served.manifest or b"")

    async def start(self) -> None:
        if self.pool is not None:
            return
        self._starting = self._starting or asyncio.Lock()
        async with self._starting:
            if self.pool is None:
                pool = WorkerPool(self._spec(), self.served.limits.concurrency, self.served.limits.queue)
                await pool.start()
                self.pool = pool

    async def close(self) -> None:
        if self.pool is not None:
            await self.pool.close()
            self.pool = None
        if self._dump is not None:
            self._dump.close()
            self._dump = None

    async def call(self, function, *args):
        """``function(*args)`` (a library function reading the store, such as ``explain``) in a thread
        of this process, at most ``Limits.concurrency`` at once. A thread cannot be killed: past the
        time limit the request is answered (``Unavailable``) and the call is left to finish on its own,
        its slot held until it does, so runaway calls cannot pile up beyond the limit; a request that
        finds every slot held past the time limit is answered too (``Unavailable``), never left hanging."""
        limits = self.served.limits
        try:
            async with asyncio.timeout(limits.timeout or None):
                await self._slots.acquire()
        except TimeoutError:
            raise Unavailable(
                f"the server is busy (no free slot within {limits.timeout:g} s); try again in a moment", retry_after=1
            ) from None
        loop = asyncio.get_running_loop()

        def run():
            try:
                return function(*args)
            finally:
                loop.call_soon_threadsafe(self._slots.release)

        future = loop.run_in_executor(None, run)
        try:
            async with asyncio.timeout(limits.timeout or None):
                return await asyncio.shield(future)
        except TimeoutError:
            raise Unavailable(
                f"the page took more than {limits.timeout:g} s (the server's time limit, aizones serve --timeout); "
                "try again in a moment, or start the server with a larger --timeout"
            ) from None

    async def select(self, text: str, *, substitutions=None, inference: bool = True) -> tuple[list[str], list[tuple]]:
        """A SELECT query's variable names and rows (Oxigraph terms, None where unbound)."""
        found = await self.rows(text, substitutions=substitutions, inference=inference)
        return found.names, found.rows

    async def rows(self, text: str, *, substitutions=None, inference: bool = True) -> Rows:
        """As ``select``, with whether the row cap (``Limits.max_rows``) cut the rows."""
        bound = tuple(sorted((str(name), str(term)) for name, term in (substitutions or {}).items()))
        key = ("rows", text, bound, inference)
        kind, data, truncated = await self._cached(key, {"text": text, "substitutions": substitutions, "inference": inference})
        if kind != "solutions":
            raise InputError("expected a SELECT query", "request")
        names, rows = solution_rows(ox.parse_query_results(data, ox.QueryResultsFormat.TSV))
        return Rows(names, rows, truncated)

    async def answer(self, text: str, media_type: str, *, dataset: tuple[tuple[str, ...], tuple[str, ...]] | None = None) -> Answer:
        """The answer to ``text`` written in the format of ``media_type`` (one of ``negotiation``'s
        tables), over the merge or over the ``(default graphs, named graphs)`` the request named."""
        key = self.answer_key(text, media_type, dataset)
        kind, body, truncated = await self._cached(key, {"text": text, "format": media_type, "dataset": dataset})
        return Answer(kind, body, truncated, self.etag(key))

    async def path(self, request: dict) -> dict:
        """``path_job.answer(dataset, request)`` worked out in a worker: names looked up and paths
        searched as ``aizones path`` does; a search past the time limit is stopped (``Unavailable``)."""
        key = ("path", json.dumps(request, sort_keys=True))
        stopped = "the path search was stopped after {:g} s (the server's time limit, aizones serve --timeout); try a smaller max-length"
        _kind, data, _truncated = await self._cached(key, {"path": request}, stopped)
        return pickle.loads(data)  # written by our own worker (``worker.answer``)

    @staticmethod
    def answer_key(text: str, media_type: str, dataset=None) -> tuple:
        return ("answer", text, media_type, dataset)

    def etag(self, key: object) -> str:
        return 'W/"' + hashlib.sha256(f"{self.served.release}\n{key!r}".encode()).hexdigest()[:32] + '"'

    async def _cached(self, key: tuple, job: dict, stopped: str = "") -> tuple[str, bytes, bool]:
        found = self.cache.get(key)
        if found is not None:
            return found
        await self.start()
        limits = self.served.limits
        try:
            reply = await self.pool.run({**job, "max_rows": limits.max_rows}, limits.timeout or None)
        except Busy as error:
            raise Unavailable(f"the server is busy ({error}); try again in a moment", retry_after=1) from None
        except QueryTimeout:
            stopped = (
                stopped
                or "the query was stopped after {:g} s (the server's time limit, aizones serve --timeout); narrow it, or add a LIMIT"
            )
            raise Unavailable(stopped.format(limits.timeout)) from None
        except WorkerLost:
            raise Unavailable("the query's worker stopped (out of memory?); the server goes on; try a smaller query") from None
        if reply[0] == "refused":
            raise _REFUSED.get(reply[1], InputError)(reply[2])
        if reply[0] == "bug":
            raise RuntimeError(reply[1])
        _ok, kind, data, truncated = reply
        self.cache.put(key, (kind, data, truncated), len(data) + len(key[1]))
        return kind, data, truncated

    def _spec(self) -> dict:
        """What a worker needs to hold the same dataset as this server: the release's store folder,
        opened read-only by each worker; or, where there is none (a release whose store could not be
        kept, a dataset not opened from a release), the dataset written out once as N-Quads, default
        graph included, which each worker loads into memory."""
        dataset, out = self.served.dataset, self.served.out
        folder = store_folder(out) / self.served.release
        spec = {"store": None, "nquads": None, "files": list(dataset.files), "published": dataset.published, "merged": dataset.merged}
        if (folder / "CURRENT").is_file():
            spec["store"] = str(folder)
        else:
            self._dump = tempfile.NamedTemporaryFile(prefix="aizones-serve-", suffix=".nq")  # noqa: SIM115 (closed with the runner)
            dataset.store.dump(self._dump, format=ox.RdfFormat.N_QUADS)
            self._dump.flush()
            spec["nquads"] = self._dump.name
        return spec
