"""``aizones serve``: the built release, opened read-only, served over HTTP until Ctrl-C or SIGTERM.

``serve`` builds first when ``dist/`` is missing or stale (the same build as ``aizones build``, with
the same writers: ``aizones.outputs``), opens the release as every reader does, binds the socket
itself (so a port in use is one line and exit 4 before anything starts), and runs uvicorn on it
with the app of ``following`` (the release, and each one a later build publishes: ``app`` makes
the application of each). It binds 127.0.0.1 unless told otherwise: the graph is public, but a
server on every interface of a laptop is a decision the user makes with ``--host``.

Stopping: uvicorn stops gracefully on SIGINT and SIGTERM and then raises the signal again, which
the command line (``core.interrupts``) would turn into exit 130, "interrupted". For a server,
being stopped is how it ends normally, so here SIGINT, SIGTERM and SIGHUP all stop it (the open
requests are finished, the workers stopped) and ``serve`` returns: exit 0. A second Ctrl-C
stops it at once.
"""

from __future__ import annotations

import contextlib
import errno
import socket
import sys
from collections.abc import Callable
from pathlib import Path

import uvicorn  # the web server; this module is imported by ``aizones serve`` only

from aizones.core.errors import OutputError
from aizones.core.interrupts import stopping_signals_handled_by
from aizones.outputs import build_writers
from aizones.pipeline import build
from aizones.publishing.release_store import digest
from aizones.publishing.reopen import current_manifest, load_built
from aizones.serving.context import Limits, Served


def release(root: Path, out: Path, step: Callable[[str], None] = lambda _line: None) -> Served:
    """The release in ``out``, built first if it is missing or older than the files; opened read-only."""
    dataset = load_built(root, out)
    if dataset is None:
        step(f"{out} is missing or older than the files; building it first (as aizones build does)")
        build(root, out, extra_outputs=build_writers(root))
        dataset = load_built(root, out)
        if dataset is None:  # the files changed again while it was built
            raise OutputError(f"{out} was built but the files changed meanwhile; run aizones serve again")
    manifest = current_manifest(out)
    return Served(root=root, out=out, dataset=dataset, queries=root / "queries", release=digest(manifest or b""), manifest=manifest)


def bound_socket(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; a port in use or not allowed is one line (exit 4)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise OutputError(f"--host {host}: not an address of this machine ({error.strerror}); try 127.0.0.1") from None
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart is not refused while old connections linger
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise OutputError(f"{host}:{port} is already in use (another server?); stop it, or choose another port with --port") from None
        if error.errno == errno.EACCES:
            raise OutputError(
                f"{host}:{port}: not allowed to listen there (ports below 1024 need privileges); choose --port 8000"
            ) from None
        raise OutputError(f"{host}:{port}: cannot listen there ({error.strerror})") from None
    sock.set_inheritable(True)
    return sock


def address(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(
    root: Path,
    out: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    limits: Limits | None = None,
    announce: Callable[[str], None] = lambda line: print(line, flush=True),
    step: Callable[[str], None] = lambda line: print(f"aizones: {line}", file=sys.stderr, flush=True),
) -> None:
    """Serve the release of ``root`` in ``out`` on ``host:port`` until stopped (see the module)."""
    from aizones.serving.following import Following  # the pages and their templates: only once serving

    sock = bound_socket(host, port)  # before the build: a port in use is said at once
    try:
        served = release(root, out, step)
        served.limits = limits or Limits()
        app = Following(served, say=step)  # the release served now, and each one a rebuild publishes after it
        # httptools' HTTP parser and uvloop's event loop (C), chosen by name so that a missing one is
        # an error here rather than a silent fall-back to the pure-Python ones, half as fast
        # (docs/serving.md)
        config = uvicorn.Config(
            app, http="httptools", loop="uvloop", log_level="warning", lifespan="on", access_log=False, timeout_graceful_shutdown=5
        )
        server = _Server(config, lambda: announce(f"aizones: serving {address(sock)} (Ctrl-C stops)"))
        server.run(sockets=[sock])
        if not server.started and not server.stopped:
            raise OutputError("the server could not start (its query workers could not open the release); see the lines above")
    finally:
        sock.close()


class _Server(uvicorn.Server):
    """uvicorn's server, stopped by SIGINT, SIGTERM or SIGHUP without raising the signal again
    afterwards (uvicorn's own ``capture_signals`` does), and saying where it listens once it does."""

    def __init__(self, config, ready: Callable[[], None]) -> None:
        super().__init__(config)
        self._ready = ready
        self.stopped = False  # a signal asked it to stop

    def handle_exit(self, sig, frame) -> None:
        self.stopped = True
        super().handle_exit(sig, frame)

    @contextlib.contextmanager
    def capture_signals(self):
        with stopping_signals_handled_by(self.handle_exit):
            yield

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets=sockets)
        if not self.should_exit:
            self._ready()
