"""Open and read one input file safely: regular files only, bounded, inside the project unless allowed.

A path the user controls can name anything: a FIFO (reading it blocks forever), a device
(``/dev/zero`` never ends), a socket, a folder, or a link out of the project (``/etc/passwd``).
Only regular files are read: the path is looked at before it is opened, and the opened descriptor
again (``fstat``), so a file swapped in between cannot fool the check; the open itself is
non-blocking, so a FIFO that appears at the last moment does not hang it. The size is checked on
the bytes actually read, chunk by chunk, not on what ``stat`` claimed. Where the file must lie inside
the project, the link target is checked before opening (nothing of a refused file is read, so none
of its content can reach a message) and the opened file's own path (``/proc/self/fd``) after.

File names can hold any byte but a slash: ``shown_name`` is the one-line, printable form used in
messages and in the manifest.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from aizones.core.errors import InputError, PolicyError

CHUNK = 8 * 1024 * 1024  # read this much at a time: few system calls, the limit overshot by at most this
_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}
# Non-blocking, so that opening a FIFO swapped in after the check returns at once; never the
# controlling terminal; not inherited by a child a later step starts. (POSIX flags; 0 elsewhere.)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
# Only build and validate take the option; the other commands read the build made with it.
OUTSIDE_HINT = (
    "move the file into the project, or allow it with --allow-outside-links (aizones build and validate take it; "
    "the other commands then read the build)"
)


def shown_name(name: str | os.PathLike) -> str:
    """``name`` on one printable line: bytes that are not UTF-8 as ``\\xff``, control and invisible
    characters (newline, right-to-left override, zero-width space) as ``\\n``, ``\\u202e``, …"""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def check_root(root: Path, *, project: bool = True) -> None:
    """Refuse a project folder that is missing, not a folder, or (``project``) has no ``ontology/`` (exit 2).

    The library reads any folder (a test's ``graph/`` alone, say); the command line wants a project.
    """
    where = shown_name(root)
    hint = "give --root the project folder, the one holding ontology/ and graph/"
    if not root.exists():
        raise InputError(f"{where}: no such folder; {hint}")
    if not root.is_dir():
        raise InputError(f"{where}: not a folder; {hint}")
    if project and not (root / "ontology").is_dir():
        raise InputError(f"{where}: not an aizones project (it has no ontology/ folder); {hint}")


def read_regular(path: Path, shown_as: str, *, limit: int, inside: Path | None = None) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    ``inside``: the resolved project folder the file (after links) must lie in, else ``PolicyError``
    (exit 3); None lets it lie anywhere. Anything but a regular file is an ``InputError`` naming what
    it is, raised before a byte is read.
    """
    if inside is not None:
        _check_inside(os.path.realpath(path), inside, shown_as)
    try:
        _check_regular(os.stat(path).st_mode, shown_as)
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise _unreadable(error, shown_as) from None
    try:
        opened = os.fstat(descriptor)
        _check_regular(opened.st_mode, shown_as)  # what was opened, whatever the path names now
        if inside is not None:
            _check_inside(_opened_path(descriptor, path), inside, shown_as)
        if opened.st_size > limit:
            raise _too_large(opened.st_size, limit, shown_as)
        return _read_bounded(descriptor, opened.st_size, limit, shown_as)
    except OSError as error:
        raise _unreadable(error, shown_as) from None
    finally:
        os.close(descriptor)


def _read_bounded(descriptor: int, size: int, limit: int, shown_as: str) -> bytes:
    """Read straight into one buffer of the size ``fstat`` gave (one copy of the file, not two),
    then on in chunks for as long as there is more, refusing past ``limit`` bytes."""
    data = bytearray(size + 1)  # one byte more than announced: there is more to read if it fills
    raw = io.FileIO(descriptor, closefd=False)
    try:
        filled = 0
        with memoryview(data) as view:
            while filled < len(data):
                got = raw.readinto(view[filled : filled + CHUNK])
                if not got:
                    break
                filled += got
        del data[filled:]
        while filled > size:  # a /proc file (stat says 0 bytes), or one that grew since
            if len(data) > limit:
                raise _too_large(len(data), limit, shown_as, at_least=True)
            chunk = raw.read(CHUNK)
            if not chunk:
                break
            data += chunk
    finally:
        raw.close()
    if len(data) > limit:
        raise _too_large(len(data), limit, shown_as, at_least=True)
    return data  # a bytearray: turning it into bytes would copy the whole file once more


def _check_regular(mode: int, shown_as: str) -> None:
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        raise InputError(f"is {kind}, not a regular file; only regular files are read, so remove it or replace it by a file", shown_as)


def _opened_path(descriptor: int, path: Path) -> str:
    """Where the opened file really is: Linux names it in ``/proc``; elsewhere the path resolved now."""
    try:
        return os.readlink(f"/proc/self/fd/{descriptor}")
    except OSError:
        return os.path.realpath(path)


def _check_inside(real: str, inside: Path, shown_as: str) -> None:
    if not Path(real).is_relative_to(inside):
        raise PolicyError(f"{shown_as}: is a link to {shown_name(real)}, outside the project; {OUTSIDE_HINT}")


def _too_large(size: int, limit: int, shown_as: str, *, at_least: bool = False) -> InputError:
    amount = f"more than {limit} bytes" if at_least else f"{size} bytes"  # read so far, or as fstat says
    return InputError(f"file is {amount}, over the {limit}-byte limit; split it", shown_as)


def _unreadable(error: OSError, shown_as: str) -> InputError:
    return InputError(f"cannot read the file ({error.strerror}); check that it exists and is readable", shown_as)
