"""``aizones release`` on real builds of a copy of this project: the folder named by the version,
its files named by it with their sha256, and a CHANGELOG.md section made from the diff against
the previous release kept in ``release/``; the same build released twice changes nothing, and
another build under a version already released is refused.
"""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest

from aizones.pipeline import build
from aizones.releasing.release import check_release
from tests.support.cli import run_cli
from tests.support.paths import REPO

pytestmark = pytest.mark.slow  # two builds of the project


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("released")
    for folder in ("graph", "ontology", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    build(root, root / "dist")
    return root


_VERSION = re.compile(r'owl:versionInfo "(\d+)\.(\d+)\.(\d+)"')


def _version(root) -> str:
    """The version graph/release.ttl states (whatever the project is at: a test must not break when it is raised)."""
    return ".".join(_VERSION.search((root / "graph" / "release.ttl").read_text(encoding="utf-8")).groups())


def _bump(root) -> str:
    """Raise the minor version in graph/release.ttl; the new version."""
    release = root / "graph" / "release.ttl"
    major, minor, _patch = _version(root).split(".")
    version = f"{major}.{int(minor) + 1}.0"
    release.write_text(_VERSION.sub(f'owl:versionInfo "{version}"', release.read_text(encoding="utf-8")), encoding="utf-8")
    return version


def test_releases_in_order(project):
    v1 = _version(project)
    first = run_cli("release", cwd=project)
    assert first.code == 0, first.err
    folder = project / "release" / f"aizones-{v1}"
    names = sorted(p.name for p in folder.iterdir())
    assert {f"aizones-{v1}.trig", f"aizones-{v1}-description.ttl", f"aizones-{v1}-manifest.json", f"aizones-{v1}-context.jsonld"} <= set(
        names
    )
    sums = dict(reversed(line.split("  ")) for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert sorted(sums) == sorted(n for n in names if n not in ("SHA256SUMS", "CHANGELOG.md"))
    assert all(hashlib.sha256((folder / n).read_bytes()).hexdigest() == sha for n, sha in sums.items())
    assert (folder / f"aizones-{v1}.nq").read_bytes() == (project / "dist" / "aizones.nq").read_bytes()
    assert "The first release" in (folder / "CHANGELOG.md").read_text()

    again = run_cli("release", cwd=project)
    assert again.code == 0 and "already" in again.err

    source = project / "graph" / "sources" / "002-jinan-ai-industry-2020.ttl"
    source.write_text(source.read_text(encoding="utf-8").replace("aiz:value 290.0 ;", "aiz:value 300.0 ;", 1), encoding="utf-8")
    stale = run_cli("release", cwd=project)
    assert stale.code == 2 and "aizones build" in stale.err  # dist/ is older than the files
    build(project, project / "dist")
    refused = run_cli("release", cwd=project)
    assert refused.code == 2 and "raise the version" in refused.err

    v2 = _bump(project)
    build(project, project / "dist")
    second = run_cli("release", cwd=project)
    assert second.code == 0, second.err
    section = (project / "release" / f"aizones-{v2}" / "CHANGELOG.md").read_text()
    assert section.startswith(f"## {v2} (")
    assert "### Figures whose value changed" in section and "attendees (19 April 2021) nearly 290 → nearly 300 (document 002)" in section
    assert f"“{v1}” → “{v2}”" in section  # the version is a fact of graph/release.ttl
    changelog = (project / "release" / "CHANGELOG.md").read_text()
    assert changelog.index(f"## {v2}") < changelog.index(f"## {v1}")
    diffed = run_cli("diff", f"release/aizones-{v1}", f"release/aizones-{v2}", cwd=project)
    assert diffed.code == 0 and "nearly 290 → nearly 300" in diffed.out
    assert check_release(folder) == [] and check_release(project / "release" / f"aizones-{v2}") == []
