"""``aizones release`` on real builds of a copy of this project: the folder named by the version,
its files named by it with their sha256, and a CHANGELOG.md section made from the diff against
the previous release kept in ``release/``; the same build released twice changes nothing, and
another build under a version already released is refused.
"""

from __future__ import annotations

import hashlib
import shutil

import pytest

from aizones.pipeline import build
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


def _bump(root, version: str) -> None:
    release = root / "graph" / "release.ttl"
    text = release.read_text(encoding="utf-8")
    release.write_text(text.replace('owl:versionInfo "0.1.0"', f'owl:versionInfo "{version}"'), encoding="utf-8")


def test_releases_in_order(project):
    first = run_cli("release", cwd=project)
    assert first.code == 0, first.err
    folder = project / "release" / "aizones-0.1.0"
    names = sorted(p.name for p in folder.iterdir())
    assert "aizones-0.1.0.trig" in names and "aizones-0.1.0-description.ttl" in names and "aizones-0.1.0-manifest.json" in names
    sums = dict(reversed(line.split("  ")) for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert sorted(sums) == sorted(n for n in names if n not in ("SHA256SUMS", "CHANGELOG.md"))
    assert all(hashlib.sha256((folder / n).read_bytes()).hexdigest() == sha for n, sha in sums.items())
    assert (folder / "aizones-0.1.0.nq").read_bytes() == (project / "dist" / "aizones.nq").read_bytes()
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

    _bump(project, "0.2.0")
    build(project, project / "dist")
    second = run_cli("release", cwd=project)
    assert second.code == 0, second.err
    section = (project / "release" / "aizones-0.2.0" / "CHANGELOG.md").read_text()
    assert section.startswith("## 0.2.0 (")
    assert "### Figures whose value changed" in section and "“290” → “300”" in section
    assert "“0.1.0” → “0.2.0”" in section  # the version is a fact of graph/release.ttl
    changelog = (project / "release" / "CHANGELOG.md").read_text()
    assert changelog.index("## 0.2.0") < changelog.index("## 0.1.0")
    diffed = run_cli("diff", "release/aizones-0.1.0", "release/aizones-0.2.0", cwd=project)
    assert diffed.code == 0 and "“290” → “300”" in diffed.out
