"""Whether the project's files are still those a build was made from, without reading them all.

A reader must know that every input file still has the sha256 the release's manifest lists, or it
would answer from a stale build. Reading and hashing every file costs a tenth of a second at a
million triples and about a second at ten million, on every command. So, as git and make do, the
answer is remembered by each file's identity on disk: after a full check found every file
unchanged, the size, inode, and the modification and status-change times (in nanoseconds) of each
are written beside the release's store (``dist.store/<digest>.inputs``). Next time, files whose
identity is the same are taken as unchanged; any difference, and the files are hashed again.

A write to a file always moves its status-change time (``ctime``), which no program can set back
(``touch`` and ``utime`` only set the other two), so a changed file cannot keep its identity. The
one gap is the clock's grain: a file written within the same tick as it was looked at keeps its
times. As in git, such a file is never remembered: only files whose times are at least
``SETTLED_NS`` older than the moment of the check are recorded, the others are hashed every time.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

SUFFIX = ".inputs"
SETTLED_NS = 2_000_000_000  # two seconds: far beyond any filesystem's timestamp grain


def identity(path: Path) -> list[int] | None:
    """What changes whenever the file's bytes do (``stat`` of the file a link points to)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return [found.st_size, found.st_ino, found.st_dev, found.st_mtime_ns, found.st_ctime_ns]


def unchanged(record: Path, current: dict[str, Path], hashed_unchanged: Callable[[], bool]) -> bool:
    """Whether the files of ``current`` (relative name → path) are the build's inputs: by the
    remembered identities in ``record`` when all of them match, else by ``hashed_unchanged()``,
    whose yes is remembered for next time (in ``record``, when it can be written)."""
    seen = {name: identity(path) for name, path in current.items()}
    remembered = _read(record)
    if (
        remembered is not None
        and set(remembered) == set(current)
        and all(seen[name] is not None and remembered[name] == seen[name] for name in current)
    ):
        return True
    if not hashed_unchanged():
        return False
    now = time.time_ns()
    settled = {name: ident for name, ident in seen.items() if ident is not None and max(ident[3], ident[4]) < now - SETTLED_NS}
    if len(settled) == len(current):
        _write(record, settled)
    return True


def _read(record: Path) -> dict[str, list[int]] | None:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write(record: Path, seen: dict[str, list[int]]) -> None:
    """Written through a temporary name, so a reader never trusts half a record; where the folder
    cannot be written (not ours, read-only), nothing is remembered and the files are hashed again."""
    if not record.parent.is_dir() or not (record.parent / ".aizones-store").is_file():
        return
    temporary = record.parent / f".{record.name}.staging-{os.getpid()}"
    with contextlib.suppress(OSError):
        temporary.write_text(json.dumps(seen, sort_keys=True), encoding="utf-8")
        os.replace(temporary, record)
    with contextlib.suppress(OSError):
        temporary.unlink()
