"""What ``aizones diff`` compares: a build folder, a release folder, or a git revision built here.

A git revision is built as ``aizones build`` would build it, from that revision's ``ontology/``,
``graph/`` and ``queries/`` alone (``git archive``), in a scratch folder the caller removes; a path
that is a folder is always taken as a folder, so a branch named like a folder cannot shadow it.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from aizones.core.errors import UsageError
from aizones.pipeline import build
from aizones.querying.diff import Diff, diff, open_side
from aizones.reading.loader import SOURCE_FOLDERS

_FOLDERS = (*SOURCE_FOLDERS, "queries")  # what a build reads


def compare(old: str, new: str, root: Path) -> Diff:
    """``aizones diff OLD NEW``: each side a folder or a git revision (built in a scratch folder)."""
    with tempfile.TemporaryDirectory(prefix="aizones-diff-") as scratch:
        sides = [open_side(side_folder(spec, root, Path(scratch) / str(i)), spec) for i, spec in enumerate((old, new))]
    return diff(*sides)


def side_folder(spec: str, root: Path, scratch: Path) -> Path:
    """The release folder ``spec`` names: itself when it is a folder, else the build of the git
    revision ``spec`` of the repository holding ``root``."""
    path = Path(spec)
    if path.is_dir():
        return path
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}")
    if commit is None:
        raise UsageError(f"{spec!r} is neither a folder nor a git revision of {root}: give a dist/ folder, a release folder or a commit")
    prefix = _git(root, "rev-parse", "--show-prefix") or ""
    tree = f"{commit}:{prefix}" if prefix else commit
    present = [f for f in _FOLDERS if _git(root, "cat-file", "-e", f"{commit}:{prefix}{f}") is not None]
    if not present:
        raise UsageError(f"revision {spec} holds no ontology/ or graph/ in {root}")
    archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", tree, *present], capture_output=True, check=False)
    if archive.returncode != 0:
        raise UsageError(f"git archive {spec}: {archive.stderr.decode(errors='replace').strip()}")
    project = scratch / commit[:12]
    project.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(project, filter="data")
    build(project, project / "dist")
    return project / "dist"


def _git(root: Path, *args: str) -> str | None:
    """Git's answer (stripped), or None when it fails (not a repository, no such revision)."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None
