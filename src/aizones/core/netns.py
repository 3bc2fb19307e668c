"""The second line of defence: a limited child runs without a network at all.

The query policy (``core.policy``) refuses every text that names an outside source, and Python's
audit hook (``core.offline``) stops rdflib and owlready2; neither sees Oxigraph's HTTP client, which
is Rust. So each forked child of ``core.limits`` first moves into a network namespace of its own,
where only a loopback interface exists and it is down: every connect fails, whoever makes it.

``unshare(CLONE_NEWNET)`` needs CAP_SYS_ADMIN; without it, a new user namespace comes with it
(``CLONE_NEWUSER | CLONE_NEWNET``, allowed to unprivileged users on most Linux systems), and the
child's own user and group are mapped to themselves in it, so files and user names read as before.
Where neither is permitted (a container that forbids namespaces, macOS), the child carries on with
the network it had: the policy still holds, this line is only a second one. ``--allow-network``
(``allowed``) keeps the network for the step that asked for it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextvars import ContextVar

from aizones.core.libc import function

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000

_allowed: ContextVar[bool] = ContextVar("network_allowed", default=False)


@contextlib.contextmanager
def allowed(yes: bool = True) -> Iterator[None]:
    """Children started inside the block keep the network when ``yes`` (the user passed --allow-network)."""
    token = _allowed.set(yes)
    try:
        yield
    finally:
        _allowed.reset(token)


def leave_unless_allowed() -> str | None:
    """In a forked child: drop the network unless allowed; how (``"net"``, ``"user+net"``) or None."""
    if _allowed.get() or not sys.platform.startswith("linux"):
        return None
    for flags, how in ((CLONE_NEWNET, "net"), (CLONE_NEWUSER | CLONE_NEWNET, "user+net")):
        if leave(flags):
            return how
    return None


def leave(flags: int) -> bool:
    """``unshare(flags)``, mapping our user and group to themselves in a new user namespace; False if refused."""
    uid, gid = os.getuid(), os.getgid()
    unshare = function("unshare")
    if unshare is None or unshare(flags) != 0:
        return False
    if flags & CLONE_NEWUSER:
        with contextlib.suppress(OSError):  # unmapped, the ids read as 65534; the network is gone either way
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"{uid} {uid} 1")
            _write("/proc/self/gid_map", f"{gid} {gid} 1")
    return True


def _write(path: str, text: str) -> None:
    with open(path, "w") as file:
        file.write(text)
