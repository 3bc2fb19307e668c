"""The releases kept in the repository (``release/aizones-VERSION/``) are snapshots: each holds the
files its ``SHA256SUMS`` lists, unchanged, its manifest states its version, and ``release/CHANGELOG.md``
has its section. Nothing here compares a release with today's data, which moves on after it (a
release is checked against itself); ``aizones diff`` of each release and a build of today's files
must still work, whatever it reports.
"""

from __future__ import annotations

import pytest

from aizones.core.release_data import version_key
from aizones.publishing.release_layout import CHANGELOG, RELEASES_FOLDER
from aizones.releasing.release import check_release
from tests.support.cli import run_cli
from tests.support.paths import REPO
from tests.support.release import built_copy

COMMITTED = sorted(p for p in (REPO / RELEASES_FOLDER).glob("aizones-*") if p.is_dir())


def test_every_committed_release_is_as_it_was_released():
    assert [problem for folder in COMMITTED for problem in check_release(folder)] == []


def test_the_changelog_has_a_section_for_every_committed_release_newest_first():
    if not COMMITTED:
        assert not (REPO / RELEASES_FOLDER / CHANGELOG).exists(), "a changelog without releases"
        return
    text = (REPO / RELEASES_FOLDER / CHANGELOG).read_text(encoding="utf-8")
    newest_first = sorted((folder.name.removeprefix("aizones-") for folder in COMMITTED), key=version_key, reverse=True)
    starts = [text.index(f"\n## {version}") for version in newest_first]  # each one is there (ValueError if not)
    assert starts == sorted(starts)
    for folder in COMMITTED:
        section = (folder / CHANGELOG).read_text(encoding="utf-8")
        assert section.startswith(f"## {folder.name.removeprefix('aizones-')}") and section.strip() in text


@pytest.mark.slow  # a build of the project
def test_each_committed_release_diffs_against_a_build_of_todays_files(tmp_path):
    if not COMMITTED:
        return  # nothing committed yet: test_release_files cuts and diffs a release of its own
    project = built_copy(tmp_path)
    for folder in COMMITTED:
        done = run_cli("diff", str(folder), str(project / "dist"), "--format", "json", cwd=project)
        assert done.code == 0, done.err
        assert f'"old_version": "{folder.name.removeprefix("aizones-")}"' in done.out
