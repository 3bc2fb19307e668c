"""Where an output may go: the checks made before anything is written, replaced or removed.

An output FOLDER (``build --out``, the answers of ``query --all`` in OUT/queries, ``synth -o``'s
``graph/synth``, the report beside a rejected build) is replaced whole by ``publishing.staging``,
so it is taken only when it is absent, empty, or a previous output of ours. The mark of ours is the
manifest every published folder carries (``manifest.json``; ``.aizones-manifest.json`` for a folder
inside ``graph/``, which the loader would otherwise read): a JSON object with ``files`` and
``inputs``, where every file of the folder is listed in ``files``, or lies in a sub-folder that is
itself ours (``dist/queries`` inside ``dist``). A folder holding anything else is refused, naming
the first file no aizones run wrote. Builds made before this rule carry the same manifest and are
recognised as they are, so ``dist/`` needs no new file and stays byte for byte what it was.

Some paths are never targets, whatever a manifest says: ``/``, the system folders (and anything
inside ``/etc``, ``/usr``, ``/bin``, ``/proc``, …), the home folder, the project folder, its
``ontology/``, ``graph/``, ``queries/``, ``src/``, ``tests/`` and ``.git/`` (and anything inside
the first three, the build's inputs), the folder the command runs in, and every folder holding
one of those. A symbolic link as the output is refused with the real path named: replacing it
would replace the folder it points to, which the user may not have meant.

A single output FILE (``-o`` of query, export, validate, viz) is replaced atomically only when the
path is absent or a regular file: a folder, device, FIFO, socket or symbolic link there is refused,
and so is a file inside a system folder or inside the project's input folders. ``-o -`` and
``-o /dev/stdout`` mean standard output, ``-o /dev/stderr`` standard error. Every refusal is a
``UsageError`` (exit 2) of one line: what the path is, why it is not taken, what to pass instead.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from aizones.core.errors import UsageError
from aizones.publishing.layout import HIDDEN_MANIFEST, MANIFEST, STAGING_MARK

MANIFESTS = (MANIFEST, HIDDEN_MANIFEST)  # the marks of a folder we published
STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})
STDERR_NAMES = frozenset({"/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"})

# Never an output folder themselves; /tmp and /var/tmp hold outputs, never are one.
SYSTEM_FOLDERS = frozenset(
    Path(p)
    for p in (
        "/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/media", "/mnt", "/opt",
        "/proc", "/root", "/run", "/sbin", "/snap", "/srv", "/sys", "/tmp", "/usr", "/usr/local", "/var", "/var/lib",
        "/var/log", "/var/tmp",
    )
)  # fmt: skip
# Nothing of ours is written anywhere inside these: the system's own files and its kernel views
# (but /usr/local/… is the administrator's, where a site may well be built).
SYSTEM_TREES = tuple(
    Path(p)
    for p in (
        "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/sbin", "/sys", "/usr", "/var/lib",
        "/var/log", "/var/cache",
    )
)  # fmt: skip
_LOCAL = Path("/usr/local")
INPUT_FOLDERS = ("ontology", "graph", "queries")  # what the build reads: nothing of ours goes inside
PROJECT_FOLDERS = (*INPUT_FOLDERS, "src", "tests", ".git")
_LEFTOVER = re.compile(rf"\..+{re.escape(STAGING_MARK)}(old-)?\d+")
_MANIFEST_LIMIT = 64 * 2**20  # a manifest lists files; one this large was not written by us


def is_stdout(name: str | None) -> bool:
    return name is None or name in STDOUT_NAMES


def is_stderr(name: str | None) -> bool:
    return name in STDERR_NAMES


def check_folder(out: Path, *, project: Path | None = None, option: str = "--out", known: str | None = None) -> Path:
    """The real path of the output folder ``out`` when it may be replaced; else ``UsageError`` (exit 2).

    ``known``: a pattern (``re.fullmatch``) of the files an earlier version of aizones wrote into
    such a folder without a manifest (the report beside a rejected build), taken as ours too.
    """
    shown = f"{out}: refused as an output folder"
    lexical, real = Path(os.path.abspath(out)), _real(out, shown)
    why = _never_a_target(real, project) or (_never_a_target(lexical, project) if lexical != real else None)
    if why:
        _refuse(shown, why, f"choose another output folder with {option} (an absent or empty one, or an earlier output of aizones)")
    if lexical.is_symlink():
        _refuse(shown, f"it is a symbolic link to {real}", "give the real path if that folder is meant, or choose another path")
    try:
        mode = os.lstat(real).st_mode
    except OSError:  # absent, or a parent that is no folder: nothing there to lose; writing reports the rest (exit 4)
        return real
    if not stat.S_ISDIR(mode):
        _refuse(shown, f"it is {_kind(mode)}, not a folder", f"choose a folder path with {option}")
    stranger = _stranger(real)
    if stranger and known and all(re.fullmatch(known, p.name) and p.is_file() for p in real.iterdir()):
        stranger = None  # what an earlier version left there, without a manifest
    if stranger:
        why = (
            f"it holds {stranger}, which no aizones run wrote"
            if _listed(real) is not None
            else "it is not empty and has no manifest.json of an aizones output"
        )
        _refuse(shown, why, f"move that away, or choose an absent or empty folder with {option}")
    return real


def check_file(path: Path, *, project: Path | None = None, option: str = "-o") -> Path:
    """The real path of the single output file ``path`` when it may be replaced; else ``UsageError``."""
    shown = f"{path}: refused as an output file"
    lexical, real = Path(os.path.abspath(path)), _real(path, shown)
    for candidate in (real, lexical):
        inside = _system_tree(candidate)
        if inside is not None:
            _refuse(
                shown, f"it lies inside the system folder {inside}", f"choose a file outside it with {option}, or {option} - for stdout"
            )
        if project is not None:
            for folder in (project.resolve() / name for name in (*INPUT_FOLDERS, ".git")):
                if candidate.is_relative_to(folder):
                    _refuse(
                        shown,
                        f"it lies inside the project's {folder.name}/ folder, which the build reads",
                        f"write it elsewhere with {option} (for example {option} {folder.name}-export{real.suffix})",
                    )
    if lexical.is_symlink():
        _refuse(shown, f"it is a symbolic link to {real}", f"pass {option} {real} to replace that file, or choose another path")
    try:
        mode = os.stat(real).st_mode
    except OSError:  # absent, or a parent that is no folder: writing reports it (exit 4)
        return real
    if not stat.S_ISREG(mode):
        _refuse(
            shown,
            f"it is {_kind(mode)}, and only a regular file is replaced",
            f"choose a file path with {option}, or {option} - for standard output",
        )
    return real


def _real(path: Path, shown: str) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError) as error:  # a loop of symbolic links
        _refuse(shown, f"its symbolic links cannot be followed ({error})", "choose another path")
        raise  # not reached: _refuse raises


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError):  # no HOME and no password entry: no home folder to protect
        return None


def _system_tree(path: Path) -> Path | None:
    """The system folder ``path`` lies inside (or is), if any."""
    if path.is_relative_to(_LOCAL) and path != _LOCAL:
        return None
    return next((tree for tree in SYSTEM_TREES if path.is_relative_to(tree)), None)


def _never_a_target(path: Path, project: Path | None) -> str | None:
    """Why ``path`` is never an output folder, or None."""
    if path == Path("/"):
        return "it is the root of the file system"
    if path in SYSTEM_FOLDERS:
        return f"it is the system folder {path}"
    inside = _system_tree(path)
    if inside is not None:
        return f"it lies inside the system folder {inside}"
    if path == _home():
        return "it is the home folder"
    if project is not None:
        project = project.resolve()
        if path == project:
            return "it is the project folder"
        if project.is_relative_to(path):
            return f"it holds the project folder {project}"
        for name in PROJECT_FOLDERS:
            if path == project / name:
                return f"it is the project's {name}/ folder"
            if name in INPUT_FOLDERS and path.is_relative_to(project / name):
                return f"it lies inside the project's {name}/ folder, which the build reads"
    here = Path.cwd().resolve()
    if here.is_relative_to(path):
        return "it is the folder this command runs in" if here == path else f"it holds the folder this command runs in ({here})"
    return None


def _stranger(folder: Path) -> str | None:
    """The first file under ``folder`` (relative to it) that no aizones run wrote, or None when all is ours."""
    listed = _listed(folder) or set()

    def walk(current: Path) -> str | None:
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as error:
            return f"{current.relative_to(folder).as_posix() or '.'} cannot be read ({error.strerror})"
        for entry in entries:
            path = Path(entry.path)
            relative = path.relative_to(folder).as_posix()
            if _LEFTOVER.fullmatch(entry.name):
                continue  # what a killed run of ours left (``.queries.staging-<pid>`` inside dist/)
            if entry.is_dir(follow_symlinks=False):
                nested = _stranger(path) if _listed(path) is not None else None  # an output of ours inside (dist/queries)
                found = (f"{relative}/{nested}" if nested else None) if _listed(path) is not None else walk(path)
                if found:
                    return found
            elif relative not in listed or not entry.is_file(follow_symlinks=False):
                return relative
        return None

    return walk(folder)


def _listed(folder: Path) -> set[str] | None:
    """The files a manifest in ``folder`` lists (itself included), or None when it holds none of ours."""
    for name in MANIFESTS:
        path = folder / name
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode) or os.lstat(path).st_size > _MANIFEST_LIMIT:
                continue
            body = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(body, dict) and isinstance(body.get("files"), dict) and isinstance(body.get("inputs"), list):
            return {*(str(key) for key in body["files"]), name}
    return None


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a file" if stat.S_ISREG(mode) else "a special file"


def _refuse(shown: str, why: str, how: str) -> None:
    raise UsageError(f"{shown}: {why}; {how}")
