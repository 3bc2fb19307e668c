"""The C library's own functions, for the few system calls Python's ``os`` module lacks.

``prctl`` (a child that dies with its parent, ``core.lifeline``), ``unshare`` (a child without a
network, ``core.netns``) and ``renameat2`` (the atomic swap of a build, ``publishing.staging``).
The library is the process's own symbols (``CDLL(None)``), loaded once and only when a function is
first asked for: importing ctypes costs milliseconds that ``aizones --help`` and a query that forks
nothing should not pay, and ``ctypes.util.find_library`` would run ``ldconfig`` on every call.
``lifeline.prepare`` asks for them in the parent before it forks, so no child pays it again.
"""

from __future__ import annotations

import functools
import os


@functools.cache
def _library():
    try:
        import ctypes  # start-up: only the commands that fork or publish need it

        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # no C library to open (a static build, an odd platform)
        return None


@functools.cache
def function(name: str):
    """The C function ``name``, or None where this system has none (not Linux, an old libc)."""
    library = _library()
    return getattr(library, name, None) if library is not None else None


def last_error() -> OSError:
    """The ``errno`` the last call through ``function`` left, as an ``OSError``."""
    import ctypes  # already loaded by whoever made the call

    code = ctypes.get_errno()
    return OSError(code, os.strerror(code))
