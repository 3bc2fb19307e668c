"""The server's query workers: a few processes, each with the release's store, killed and replaced past a time limit.

Why processes, and why a pool of them (measured on the real graph, 2 cores, ``docs/serving.md``): a
query run inline takes about 0.5 ms, the same query forked per request as ``core.limits`` does for
the command line about 4.5 ms (fork, the network namespace, the pickle back), and sent to a waiting
worker over a pipe about 0.1 ms more than inline. A worker is started with ``python -m
aizones.serving.worker`` rather than forked from the server, which by then runs an event loop and
threads (a fork copies none of their locks' owners). Starting one takes about half a second, paid
only at start-up and after a query was stopped.

``run`` waits for a free worker (at most ``queue`` requests wait; one more is refused at once as
``Busy``), sends the job, and waits for the answer until the deadline; past it the worker is
killed (``QueryTimeout``) and a new one started in the background. A worker that dies on its own
(out of memory) is replaced the same way (``WorkerLost``). Everything runs on the event loop:
no thread waits on a pipe.
"""

from __future__ import annotations

import asyncio
import contextlib
import pickle
import sys

from aizones.serving.worker import HEADER, frame

_START_SECONDS = 60.0  # a worker that cannot open the store in this long will not


class Busy(Exception):
    """Every worker is busy and the queue is full, or the wait for one passed the time limit."""


class QueryTimeout(Exception):
    """The query ran past the time limit; its worker was killed."""


class WorkerLost(Exception):
    """The worker answering died (out of memory, killed from outside); a new one is on its way."""


class _Worker:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    async def ask(self, job: dict) -> tuple:
        self.process.stdin.write(frame(job))
        await self.process.stdin.drain()
        return await self.receive()

    async def receive(self) -> tuple:
        head = await self.process.stdout.readexactly(HEADER.size)
        return pickle.loads(await self.process.stdout.readexactly(HEADER.unpack(head)[0]))

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()


class WorkerPool:
    """``size`` workers over the release described by ``spec`` (``worker.opened``)."""

    def __init__(self, spec: dict, size: int, queue: int) -> None:
        self.spec, self.size, self.queue = spec, max(1, size), max(0, queue)
        self._idle: list[_Worker] = []
        self._free = asyncio.Semaphore(0)  # counts the idle workers
        self._waiting = 0
        self._all: set[_Worker] = set()
        self._starting: set[asyncio.Task] = set()
        self.failure: str | None = None  # why the last worker could not start, if one could not
        self.started = 0  # workers started in all, replacements included (the tests read it)

    async def start(self) -> None:
        """Start every worker and wait until each has opened the store (or failed to)."""
        await asyncio.gather(*(self._add() for _ in range(self.size)))
        if not self._idle:
            raise RuntimeError(f"no query worker could start: {self.failure}")

    async def run(self, job: dict, timeout: float | None) -> tuple:
        """The worker's answer to ``job``; ``Busy``, ``QueryTimeout`` or ``WorkerLost`` otherwise."""
        if self._waiting >= self.queue and not self._idle:
            raise Busy(f"all {self.size} query workers are busy and {self._waiting} requests wait")
        self._waiting += 1
        try:
            async with asyncio.timeout(timeout):
                await self._free.acquire()
        except TimeoutError:
            raise Busy(f"no query worker was free within {timeout:g} s") from None
        finally:
            self._waiting -= 1
        worker = self._idle.pop()
        try:
            async with asyncio.timeout(timeout):
                answer = await worker.ask(job)
        except TimeoutError:
            self._lose(worker)
            raise QueryTimeout() from None
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            self._lose(worker)
            raise WorkerLost() from None
        except BaseException:  # cancelled mid-answer: the worker's state is unknown
            self._lose(worker)
            raise
        self._idle.append(worker)
        self._free.release()
        return answer

    async def close(self) -> None:
        for task in list(self._starting):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
            with contextlib.suppress(Exception):
                worker.process.stdin.close()
            with contextlib.suppress(Exception):
                await worker.process.wait()
        self._all.clear()
        self._idle.clear()

    def _lose(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def _replace(self, old: _Worker) -> None:
        with contextlib.suppress(Exception):
            await old.process.wait()  # reaped before its successor starts
        await self._add()

    async def _add(self) -> None:
        self.started += 1
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "aizones.serving.worker",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            start_new_session=True,  # Ctrl-C in the terminal stops the server, which stops its workers
            limit=1 << 24,
        )
        worker = _Worker(process)
        try:
            process.stdin.write(frame(self.spec))
            async with asyncio.timeout(_START_SECONDS):
                kind, detail = await worker.receive()
        except (TimeoutError, asyncio.IncompleteReadError, ConnectionError, OSError) as error:
            kind, detail = "failed", f"{type(error).__name__} while it opened the store"
        if kind != "ready":
            self.failure = detail
            worker.kill()
            with contextlib.suppress(Exception):
                await process.wait()
            return
        self._all.add(worker)
        self._idle.append(worker)
        self._free.release()
