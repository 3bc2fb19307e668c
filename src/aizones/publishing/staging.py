"""Publish a build into its output folder atomically.

Everything is written into a staging folder beside the output folder, every RDF file is parsed
back and compared with what was meant to be written (``aizones.publishing.reread``), and only then is the staging folder swapped
with the output folder in one ``renameat2(RENAME_EXCHANGE)`` call. A build that fails or is killed
at any moment leaves the previous output folder byte for byte as it was.

Before anything is written, ``aizones.publishing.targets`` decides whether the output may be
replaced at all (absent, empty, or an earlier output of ours, and never a project or system
folder); it is asked again just before the swap. SIGTERM and SIGHUP are turned into the same
``KeyboardInterrupt`` as Ctrl-C while a folder or file is being published, so the staging folder is
removed and the command exits 130 ("interrupted"). Only SIGKILL (or a power cut) leaves a staging
folder ``.NAME.staging-<pid>`` (or a file ``.NAME.staging-<pid>`` for ``-o``) beside the output; the
next run that publishes there removes every one whose process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from aizones.core.errors import AizonesError, OutputError
from aizones.core.formats import RdfFormat
from aizones.core.interrupts import interrupts_raised, past_the_point_of_no_return
from aizones.core.libc import function, last_error
from aizones.core.lifeline import alive
from aizones.publishing import jsonld
from aizones.publishing.layout import MANIFEST, STAGING_MARK, manifest_bytes, staging_folder
from aizones.publishing.reread import Expected, Reread, RereadPool
from aizones.publishing.targets import check_file, check_folder
from aizones.publishing.writers import LINE_FORMATS, Writer


@dataclass
class Staging:
    """A staging folder being filled; ``manifest`` records every file written into it."""

    path: Path
    manifest: dict[str, dict[str, object]] = field(default_factory=dict)
    inputs: list[dict[str, object]] = field(default_factory=list)  # the source files built from
    release: dict[str, str] = field(default_factory=dict)  # the dataset's version and release date
    rereads: RereadPool = field(default_factory=RereadPool)
    later: list[str] = field(default_factory=list)  # files a forked writer writes, recorded by ``finish``

    def write_bytes(self, name: str, data: bytes, triples: int | None = None) -> Path:
        target = self.path / name
        if target.parent != self.path:
            target.parent.mkdir(parents=True, exist_ok=True)
        self.manifest[name] = _written(target, lambda handle: handle.write(data), triples)
        return target

    def write_rdf(self, name: str, writer: Writer, fmt: RdfFormat, *, context: str | None = None) -> Path:
        """Write ``writer``'s quads in ``fmt``; the file is parsed back before anything is published.

        N-Triples and N-Quads are the form's own lines: written here, at once, and the file is then
        what the writer's other formats are made from. Those are written in a forked child, which
        then parses its file back (``aizones.publishing.reread``); the child writes it from the lines'
        file when this writer has one by the time it starts.
        """
        target = self.path / name
        if target.parent != self.path:  # made here, in the build: never by a forked writer (``_written``)
            target.parent.mkdir(parents=True, exist_ok=True)
        triples = writer.count(fmt)
        expected = Expected(lambda: writer.digest(fmt), lambda: writer.expected(fmt), lambda: writer.line_sums(fmt))
        cost = triples / 1e6 * _SECONDS_PER_MILLION[fmt.name]
        if fmt.oxigraph in LINE_FORMATS:
            self.manifest[name] = _written(target, lambda handle: writer.write_to(fmt, handle), triples)
            writer.line_files[fmt.carries_graphs] = target
            self.rereads.submit(Reread(name, target, fmt, expected, cost=cost), now=False)
            return target
        entry = self.manifest[name] = {}  # filled when the child has written the file, keeping the order
        lines = writer.line_files.get(fmt.carries_graphs)
        if context is not None:
            self.manifest[context] = {}
            self.later.append(context)

        def write() -> dict[str, object]:
            source = writer.line_files.get(fmt.carries_graphs)  # as it was when the child was forked
            if context is not None:  # made in the child: gathering the context is a pass over every line
                _written(self.path / context, lambda handle: handle.write(jsonld.context_document(writer.jsonld_context())), None)
            return _written(target, lambda handle: writer.write_to(fmt, handle, source), triples)

        self.rereads.submit(Reread(name, target, fmt, expected, write, entry, cost), now=lines is not None)
        return target

    def finish(self) -> None:
        """Wait for the forked writers and their checks; record the files they wrote beside theirs."""
        self.rereads.finish()
        for name in self.later:
            data = (self.path / name).read_bytes()
            self.manifest[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    def add_tree(self, name: str, writer: Callable[[Path], None]) -> None:
        """Let ``writer`` fill a sub-folder (pictures, documentation), then record its files (those the
        build wrote there before, such as the ontology's RDF files beside its page, keep their entries)."""
        folder = self.path / name
        folder.mkdir(parents=True, exist_ok=True)
        writer(folder)
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            entry = file.relative_to(self.path).as_posix()
            if entry not in self.manifest:
                data = file.read_bytes()
                self.manifest[entry] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


# Rough seconds per million triples to write a file and parse it back (or only parse it, for the
# line formats) on the benchmark's machine: only the order the checks start in depends on them.
_SECONDS_PER_MILLION = {"jsonld": 4.8, "xml": 3.6, "trig": 3.4, "turtle": 3.2, "nq": 1.2, "nt": 1.0}


class _Hashed:
    """A file being written, with the sha256 and size of what went into it."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self._handle.write(data)
        self.sha.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        self._handle.flush()


def _written(target: Path, write: Callable[[BinaryIO], object], triples: int | None) -> dict[str, object]:
    """Write a file through ``write`` and make it durable; its manifest entry. No folder is made
    here: a forked writer must never make the staging folder again after a stopped build removed it."""
    with open(target, "wb") as handle:
        hashed = _Hashed(handle)
        write(hashed)  # type: ignore[arg-type]
        handle.flush()
        os.fsync(handle.fileno())
    entry: dict[str, object] = {"bytes": hashed.size, "sha256": hashed.sha.hexdigest()}
    if triples is not None:
        entry["triples"] = triples
    return entry


def publish(
    out: Path,
    fill: Callable[[Staging], None],
    *,
    project: Path | None = None,
    option: str = "--out",
    manifest: str = MANIFEST,
    known: str | None = None,
    before_swap: Callable[[bytes], None] | None = None,
) -> dict[str, dict[str, object]]:
    """Fill a fresh staging folder with ``fill`` and swap it in as ``out``; return the manifest.

    ``out`` must be absent, empty or an earlier output (``targets.check_folder``; ``project`` is the
    project folder whose own folders are never replaced, ``option`` names the path in a refusal).
    ``manifest`` is the name the manifest is written under: the mark that the folder is ours;
    ``known``, the files an earlier version wrote there without one (``check_folder``).
    ``before_swap`` is called with the manifest's bytes when everything is written, just before the
    swap (the build names its on-disk store by them, so the store is there before the release is).
    """
    out = check_folder(out, project=project, option=option, known=known)
    parent = out.parent
    with interrupts_raised():
        try:
            parent.mkdir(parents=True, exist_ok=True)
            remove_leftovers(out)
            staging = Staging(staging_folder(out, os.getpid()))
            if staging.path.exists():
                shutil.rmtree(staging.path)
            staging.path.mkdir()
        except OSError as error:
            raise OutputError(f"{parent}: cannot create the staging folder ({error.strerror}); check the folder is writable") from None
        except BaseException:  # Ctrl-C just after the folder was made (a reader waiting for it to appear hits this)
            remove_path(staging_folder(out, os.getpid()))
            raise
        try:
            try:
                fill(staging)
                staging.finish()
            finally:
                staging.rereads.abandon()
            written = manifest_bytes(staging.manifest, staging.inputs, staging.release)
            staging.write_bytes(manifest, written)
            if before_swap is not None:
                before_swap(written)
            _fsync_dir(staging.path)
            check_folder(out, project=project, option=option, known=known)  # again: the folder may have changed meanwhile
            with past_the_point_of_no_return():  # the swap and the removal of the old folder, never half of them
                _swap_in(staging.path, out)
                remove_path(staging.path)  # after the exchange it holds the previous output
        except AizonesError:
            remove_path(staging.path)
            raise
        except OSError as error:
            remove_path(staging.path)
            raise OutputError(
                f"{out}: cannot write the build output ({error.strerror or error}); nothing was changed there: "
                "free some disk space or make the folder writable, then build again"
            ) from None
        except BaseException:
            remove_path(staging.path)
            raise
    return staging.manifest


def remove_leftovers(out: Path) -> None:
    """Remove the staging folders (or files) of earlier runs beside ``out`` whose process is gone."""
    for leftover in out.parent.glob(f".{out.name}{STAGING_MARK}*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and alive(int(pid)):
            continue
        remove_path(leftover)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
    elif not _exchange(staging, out):
        # No atomic exchange on this system: two renames, with the old folder kept until the end.
        previous = out.parent / f".{out.name}{STAGING_MARK}old-{os.getpid()}"
        os.rename(out, previous)
        os.rename(staging, out)
        os.rename(previous, staging)
    _fsync_dir(out.parent)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2; False where it is not available."""
    renameat2 = function("renameat2")
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    error = last_error()
    if error.errno in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(error.errno, error.strerror, str(b))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_path(path: Path) -> None:
    """Remove a file or a whole folder (never what a link points to); gone already is fine."""
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def write_file_atomically(path: Path, data: bytes, *, project: Path | None = None, option: str = "-o") -> None:
    """Write one output file through a temporary name, so a reader never sees half of it.

    Only an absent path or a regular file is replaced (``targets.check_file``); ``project``'s input
    folders are never written into.
    """
    path = check_file(path, project=project, option=option)
    temporary = path.parent / f".{path.name}{STAGING_MARK}{os.getpid()}"
    with interrupts_raised():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            remove_leftovers(path)
            with open(temporary, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except OSError as error:
            remove_path(temporary)
            raise OutputError(f"{path}: cannot write ({error.strerror or error}); check the folder is writable and has space") from None
        except BaseException:
            remove_path(temporary)
            raise
