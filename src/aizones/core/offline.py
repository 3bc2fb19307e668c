"""No network while reading, validating, reasoning or querying, unless the user asks for it.

Two lines of defence. The first is in front of every engine: queries (and SHACL-SPARQL
constraints) that name ``SERVICE``, ``FROM`` or ``LOAD`` are refused before they run
(``core.policy``, on the parsed query), JSON-LD is read without a document loader, and
``owl:imports`` is never followed. The second is this module: a Python audit hook that, inside
``offline()``, turns any attempt of Python code to open a socket or a URL into a ``PolicyError``. It
catches what the first line does not know about in rdflib, pySHACL and owlrl. Oxigraph's own
networking is in Rust, below the hook; for it the second line is ``core.netns``, which takes the
network away from every limited child.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from aizones.core.errors import PolicyError

_BLOCKED_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"}
_state = threading.local()
_installed = False
_lock = threading.Lock()


def _hook(event: str, args: tuple) -> None:
    if event in _BLOCKED_EVENTS and getattr(_state, "depth", 0) > 0:
        target = args[1] if event == "socket.connect" and len(args) > 1 else args[0] if args else "?"
        raise PolicyError(
            f"a network connection to {target!r} was refused: aizones does not fetch anything while it reads, validates, reasons or queries"
        )


def _install() -> None:
    global _installed
    with _lock:
        if not _installed:
            sys.addaudithook(_hook)
            _installed = True


@contextmanager
def offline(enabled: bool = True) -> Iterator[None]:
    """Refuse network access from Python code in this thread while the block runs."""
    if not enabled:
        yield
        return
    _install()
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        yield
    finally:
        _state.depth -= 1
