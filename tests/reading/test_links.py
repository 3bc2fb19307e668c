"""Links in graph/ and ontology/ that leave the project are refused (exit 3) unless allowed.

Before, a symlink in graph/ to a file outside the project was read and published with its absolute
path in the manifest, and a link to /etc/passwd echoed the file's first token in the error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aizones.core.errors import PolicyError
from aizones.reading.loader import load_dataset
from tests.support.cli import run_cli

OUTSIDE = '@prefix ex: <http://example.org/mini#> .\nex:secret ex:code "TOP-SECRET-TOKEN" .\n'


def outside_file(tmp_path: Path, text: str = OUTSIDE) -> Path:
    target = tmp_path / "elsewhere" / "private.ttl"
    target.parent.mkdir()
    target.write_text(text)
    return target


def test_a_link_out_of_the_project_stops_the_build_with_exit_3(mini, tmp_path):
    (mini / "graph" / "linked.ttl").symlink_to(outside_file(tmp_path))
    result = run_cli("build", "-q", "--no-pictures", cwd=mini, timeout=120)
    assert result.code == 3, result.err
    assert result.err.startswith("aizones: graph/linked.ttl: is a link to "), result.err
    assert "outside the project" in result.err and "--allow-outside-links" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (mini / "dist").exists()


def test_a_link_to_etc_passwd_is_refused_without_a_word_of_its_content(mini):
    (mini / "ontology" / "users.ttl").symlink_to("/etc/passwd")
    result = run_cli("validate", cwd=mini, timeout=120)
    assert result.code == 3, result.err
    first_token = Path("/etc/passwd").read_text().split(":")[0]  # "root"
    message = result.err.replace("/etc/passwd", "")
    assert first_token not in message and "Traceback" not in message, result.err


def test_a_link_in_a_subfolder_pointing_out_is_refused_in_the_library(mini, tmp_path):
    (mini / "graph" / "sources" / "deep.ttl").symlink_to(outside_file(tmp_path))
    with pytest.raises(PolicyError, match=r"graph/sources/deep.ttl: is a link to .*outside the project"):
        load_dataset(mini)


def test_allow_outside_links_reads_it_and_records_the_path_inside_the_project(mini, tmp_path):
    target = outside_file(tmp_path)
    (mini / "graph" / "linked.ttl").symlink_to(target)
    result = run_cli("build", "-q", "--no-pictures", "--allow-outside-links", cwd=mini, timeout=120)
    assert result.code == 0, result.err
    manifest = (mini / "dist" / "manifest.json").read_text()
    assert str(target) not in manifest and str(tmp_path) not in manifest
    paths = [entry["path"] for entry in json.loads(manifest)["inputs"]]
    assert "graph/linked.ttl" in paths
    assert "TOP-SECRET-TOKEN" in (mini / "dist" / "aizones.nq").read_text()


def test_validate_takes_allow_outside_links_too(mini, tmp_path):
    (mini / "graph" / "linked.ttl").symlink_to(outside_file(tmp_path))
    assert run_cli("validate", cwd=mini, timeout=120).code == 3
    allowed = run_cli("validate", "--allow-outside-links", cwd=mini, timeout=120)
    assert allowed.code == 0, allowed.err


def test_a_link_that_stays_inside_the_project_is_read_under_its_own_name(mini):
    (mini / "graph" / "alias.ttl").symlink_to(mini / "graph" / "sources" / "hubei.ttl")
    paths = [f.path for f in load_dataset(mini).files]
    assert "graph/alias.ttl" in paths and "graph/sources/hubei.ttl" in paths


def test_a_file_given_to_add_may_lie_outside_the_project(mini, tmp_path):
    """--add names the user's own file: it may be anywhere (but must be a regular file)."""
    target = outside_file(tmp_path)
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    dataset = load_dataset(mini, extra=[link])
    assert any(f.path == str(link) and f.graph.endswith("/graph/external/link") for f in dataset.files)
