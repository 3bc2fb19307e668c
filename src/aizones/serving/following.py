"""The server follows the rebuilds: when ``aizones build`` publishes a new release into ``dist/``, it is served.

Each release is served by an application of its own (``app.create_app``), with its own query
workers over its own store and everything the pages keep of it (answers, pages, names, the
editor's tabs, the list of downloads). ``Following`` is the ASGI application the server runs: it
hands each request to the application of the release current when the request came, so a
request is answered from one release from start to end, never a mix.

Once a second (``EVERY``) it looks at ``dist/manifest.json`` with one ``stat``: a build swaps a
whole new ``dist/`` in (``publishing.staging``), so a new release is a new file there. When the
file changed and its digest is not the served release's, the new release is opened in a thread
(``publishing.reopen.load_published``: checked whole first; its store, which the build names
before it swaps the folder in, read-only) and its application made and its workers started; only
then does it become current, and one line on standard error says which release is served. The
old application keeps its workers until its last request has finished (at most ``DRAIN`` times
the time limit), then they are stopped. Its answers, pages and ETags go with it: the new
application's ETags hash the new digest, so a client's old tag is not answered 304.

A release that cannot be opened (a manifest not of ours, a file missing, workers that cannot
start) is never switched to: the old release goes on being served, and one line says so, once
for that ``dist/manifest.json``. The build keeps the store of the release it replaced, so the old
workers, and any replacement of one stopped at the time limit meanwhile, can still open theirs.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import sys
from collections.abc import Callable
from pathlib import Path

from aizones.core.errors import AizonesError
from aizones.publishing.layout import MANIFEST
from aizones.publishing.release_store import digest
from aizones.publishing.reopen import load_published
from aizones.serving import app as release_app
from aizones.serving.context import Served

EVERY = 1.0  # seconds between two looks at dist/manifest.json: a stat, a few microseconds
DRAIN = 3  # the old release's requests may take this many time limits to finish before its workers stop


class _Release:
    """One release being served: its ``Served``, its application, and its requests under way."""

    def __init__(self, served: Served, app) -> None:
        self.served, self.app = served, app
        self.open = 0  # requests under way
        self.idle = asyncio.Event()
        self.idle.set()

    def entered(self) -> None:
        self.open += 1
        self.idle.clear()

    def left(self) -> None:
        self.open -= 1
        if not self.open:
            self.idle.set()


def _signature(path: Path) -> tuple | None:
    """What changes when a build swaps a new ``dist/`` in: the manifest's file and its time."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns


def short(release: str) -> str:
    return release[:12] or "(no manifest)"


class Following:
    """The ASGI application of ``aizones serve``: the current release's application, switched as
    ``dist/`` is rebuilt (see the module)."""

    def __init__(
        self,
        served: Served,
        make: Callable[[Served], object] = release_app.create_app,
        *,
        every: float = EVERY,
        say: Callable[[str], None] = lambda line: print(f"aizones: {line}", file=sys.stderr, flush=True),
    ) -> None:
        self.make, self.every, self.say = make, every, say
        self.current = _Release(served, make(served))
        self.switches = 0  # releases switched to since the start (the tests read it)
        self._seen: tuple | None = None  # read at the first look: a build may have swapped one in since ``served`` was opened
        self._watch: asyncio.Task | None = None
        self._retiring: set[asyncio.Task] = set()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        serving = self.current  # read once: this request is answered by this release alone
        serving.entered()
        try:
            await serving.app(scope, receive, send)
        finally:
            serving.left()

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await release_app.start(self.current.served)
                except Exception as error:
                    await send({"type": "lifespan.startup.failed", "message": str(error)})
                    return
                self._watch = asyncio.get_running_loop().create_task(self._watching())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def close(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
            self._watch = None
        for task in list(self._retiring):
            task.cancel()
        await asyncio.gather(*self._retiring, return_exceptions=True)
        await release_app.stop(self.current.served)

    async def _watching(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            try:
                await self.check()
            except Exception as error:  # a look that failed must not end the looking
                self.say(f"could not look for a new release in {self.current.served.out} ({type(error).__name__}: {error})")

    async def check(self) -> bool:
        """Switch to the release in ``dist/`` if it is a new one that can be served; whether it did."""
        manifest = self.current.served.out / MANIFEST
        seen = _signature(manifest)
        if seen == self._seen or seen is None:  # unchanged, or no release there now (one is being put back?)
            return False
        self._seen = seen
        old = self.current.served
        try:
            data = manifest.read_bytes()
        except OSError:
            self._seen = None  # swapped again while read: look again next time
            return False
        if digest(data) == old.release:  # the same release built again (the same bytes)
            return False
        served = None
        try:
            served = await asyncio.to_thread(self._opened, old)
            candidate = _Release(served, self.make(served))
            await release_app.start(served)
        except (AizonesError, RuntimeError, OSError) as error:
            if served is not None and served.runner is not None:
                await release_app.stop(served)
            self.say(f"the new release in {old.out} cannot be served ({error}); still serving release {short(old.release)}")
            return False
        previous, self.current = self.current, candidate
        self.switches += 1
        self.say(f"now serving release {short(served.release)} (rebuilt {old.out}; was {short(old.release)})")
        task = asyncio.get_running_loop().create_task(self._retire(previous))
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)
        return True

    @staticmethod
    def _opened(old: Served) -> Served:
        dataset, manifest = load_published(old.out)
        return dataclasses.replace(old, dataset=dataset, runner=None, release=digest(manifest), manifest=manifest, closing=[])

    async def _retire(self, release: _Release) -> None:
        """Stop the old release's workers once its last request has finished (or after the drain time)."""
        try:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(DRAIN * (release.served.limits.timeout or 10.0)):
                    await release.idle.wait()
        finally:
            await release_app.stop(release.served)
