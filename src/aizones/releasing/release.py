"""``aizones release``: the current build copied into ``release/aizones-VERSION/``, with checksums
and the changes since the previous release.

The version is the dataset's (``graph/release.ttl``, recorded in the build's manifest), so a
release is made by raising it there, building, and releasing. The release folder holds the build's
files named by the version (``publishing.release_layout``), ``SHA256SUMS`` (``sha256sum -c`` checks
it), and ``CHANGELOG.md``: this release's section, the ``aizones diff`` of the previous release
kept in ``release/`` (the highest version below this one) and this build. ``release/CHANGELOG.md``
gathers every section, newest first. A version is released once: the same build again changes
nothing; another build under a version already released is refused (raise the version).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from aizones.core.dataset import ROLE_DATA
from aizones.core.errors import UsageError
from aizones.core.namespaces import RDF
from aizones.core.release_data import valid_version, version_key
from aizones.publishing.layout import MANIFEST, shown_path
from aizones.publishing.release_layout import CHANGELOG, CHECKSUMS, NAME, RELEASED, RELEASES_FOLDER, release_folder_name, released_name
from aizones.publishing.reopen import load_built
from aizones.publishing.staging import remove_path, write_file_atomically
from aizones.querying.diff import diff, open_side
from aizones.querying.diff_text import render_markdown

_TITLE = "# Changelog\n\nEach release of the dataset, newest first, as `aizones diff` tells it.\n"
_SECTION = re.compile(r"^## (\S+)", re.MULTILINE)


@dataclass(frozen=True)
class ReleaseSummary:
    folder: Path
    version: str
    previous: str  # "" for the first release
    files: list[str]
    changed: bool  # False when the same build had been released already

    def lines(self) -> list[str]:
        if not self.changed:
            return [f"release {self.version} is already in {shown_path(self.folder)}, with the same files"]
        since = f", changes since {self.previous} in its CHANGELOG.md" if self.previous else ", the first release"
        return [f"released {self.version} into {shown_path(self.folder)}: {len(self.files)} files with their sha256{since}"]


def release(root: Path, out: Path, releases: Path | None = None) -> ReleaseSummary:
    """Copy the build in ``out`` (current with the files of ``root``) into ``releases``."""
    releases = releases or root / RELEASES_FOLDER
    if load_built(root, out) is None:
        raise UsageError(f"{shown_path(out)} is missing or older than the files: run aizones build first, then aizones release")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    version, issued = manifest.get("release", {}).get("version", ""), manifest.get("release", {}).get("issued", "")
    if not valid_version(version):
        raise UsageError(
            'the dataset states no version to release: give the dataset an owl:versionInfo such as "0.1.0" in graph/release.ttl'
        )
    target = releases / release_folder_name(version)
    names = {name: released_name(name, version) for name in RELEASED if (out / name).is_file()}
    if target.exists():
        if _same(target, out, names):
            return ReleaseSummary(target, version, "", sorted(names.values()), changed=False)
        raise UsageError(
            f"release {version} in {shown_path(target)} holds another build: raise the version in graph/release.ttl, build, then release"
        )
    previous = _previous(releases, version)
    section = _section(version, issued, previous, out)
    staging = releases / f".{target.name}.staging-{os.getpid()}"
    remove_path(staging)
    try:
        staging.mkdir(parents=True)
        for name, released in names.items():
            shutil.copyfile(out / name, staging / released)
        sums = "".join(f"{_sha256(staging / n)}  {n}\n" for n in sorted(names.values()))
        (staging / CHECKSUMS).write_text(sums, encoding="utf-8")
        (staging / CHANGELOG).write_text(section, encoding="utf-8")
        os.rename(staging, target)
    finally:
        remove_path(staging)
    _add_to_changelog(releases / CHANGELOG, version, section, root)
    return ReleaseSummary(target, version, previous.name.removeprefix(f"{NAME}-") if previous else "", sorted(names.values()), changed=True)


def check_release(folder: Path) -> list[str]:
    """What is wrong with the release folder ``folder`` (``release/aizones-VERSION/``), as lines; none
    for a release as ``release`` wrote it: its name carries a version, its manifest states that
    version, ``SHA256SUMS`` lists exactly its other files (``CHANGELOG.md`` aside) with their sha256."""
    version = folder.name.removeprefix(f"{NAME}-")
    if not folder.name.startswith(f"{NAME}-") or not valid_version(version):
        return [f"{folder.name}: not named {NAME}-VERSION"]
    sums = folder / CHECKSUMS
    if not sums.is_file():
        return [f"{folder.name}: no {CHECKSUMS}"]
    listed = dict(reversed(line.split("  ", 1)) for line in sums.read_text(encoding="utf-8").splitlines() if "  " in line)
    present = {p.name for p in folder.iterdir() if p.is_file()} - {CHECKSUMS, CHANGELOG}
    problems = [f"{folder.name}/{n}: not in {CHECKSUMS}" for n in sorted(present - listed.keys())]
    problems += [f"{folder.name}/{n}: listed in {CHECKSUMS} but missing" for n in sorted(listed.keys() - present)]
    problems += [
        f"{folder.name}/{n}: sha256 differs from {CHECKSUMS}" for n in sorted(present & listed.keys()) if _sha256(folder / n) != listed[n]
    ]
    manifest = folder / released_name(MANIFEST, version)
    stated = json.loads(manifest.read_text(encoding="utf-8")).get("release", {}).get("version") if manifest.is_file() else None
    if stated != version:
        problems.append(f"{folder.name}: its manifest states version {stated!r}")
    return problems


def _same(target: Path, out: Path, names: dict[str, str]) -> bool:
    return all((target / released).is_file() and _sha256(target / released) == _sha256(out / name) for name, released in names.items())


def _previous(releases: Path, version: str) -> Path | None:
    """The release kept in ``releases`` with the highest version below ``version``."""
    found = []
    for folder in releases.glob(f"{NAME}-*"):
        other = folder.name.removeprefix(f"{NAME}-")
        if folder.is_dir() and valid_version(other) and version_key(other) < version_key(version):
            found.append((version_key(other), folder))
    return max(found)[1] if found else None


def _section(version: str, issued: str, previous: Path | None, out: Path) -> str:
    heading = f"{version}" + (f" ({issued})" if issued else "")
    if previous is None:
        dataset = open_side(out).dataset
        data = dataset.graphs(ROLE_DATA)
        typed = ox.NamedNode(RDF.type)
        entities = len({q.subject for g in data for q in dataset.store.quads_for_pattern(None, typed, None, g)})
        return f"## {heading}\n\nThe first release: {len(dataset.files)} files, {len(data)} of them data, describing {entities} entities.\n"
    result = diff(open_side(previous, previous.name), open_side(out, version))
    return render_markdown(result, heading=heading, level=2)


def _add_to_changelog(path: Path, version: str, section: str, root: Path) -> None:
    """This version's section at the top of the changelog (in place of an older one of its own)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else _TITLE
    starts = [m.start() for m in _SECTION.finditer(text)]
    head = text[: starts[0]] if starts else text.rstrip("\n") + "\n\n"
    sections = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)][: len(starts)], strict=True)]
    kept = [s for s in sections if _SECTION.match(s).group(1) != version]
    body = head + section.rstrip("\n") + "\n\n" + "".join(kept)
    write_file_atomically(path, body.rstrip("\n").encode() + b"\n", project=root, option="release/CHANGELOG.md")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
