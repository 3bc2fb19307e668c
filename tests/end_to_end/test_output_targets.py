"""Output paths through the real command line: nothing the project did not write is replaced.

Each case runs in a copy of the mini project nested two folders deep in ``tmp_path`` (so even
``--out ..`` on code without the checks could only reach the test's own folders), and asks for a
refusal that is decided before anything is written. The system folders (``/etc``, ``/``,
``/dev/null``) are asked about in ``tests/publishing/test_targets.py``, which calls the check
itself; here the device, the FIFO and the socket are twins made in ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import Run, run_cli
from tests.support.folders import snapshot
from tests.support.paths import DATA

pytestmark = pytest.mark.slow  # real command lines, about a second each


def built_copy(folder: Path) -> Path:
    """The mini project in ``folder/box/mini``, built."""
    target = folder / "box" / "mini"
    shutil.copytree(DATA / "mini", target)
    assert run_cli("build", "-q", "--no-pictures", cwd=target).code == 0
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A built copy of its own, for a test that writes."""
    return built_copy(tmp_path)


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    """One built copy for the tests that are refused (each checks that nothing in it changed)."""
    return built_copy(tmp_path_factory.mktemp("shared"))


def assert_refused(result: Run, says: str) -> None:
    assert result.code == 2, (result.code, result.err)
    assert result.err.startswith("aizones: ") and says in result.err, result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err


def everything(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder`` (files with their bytes, folders and links by kind)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        found[name] = path.read_bytes() if path.is_file() and not path.is_symlink() else oct(os.lstat(path).st_mode)
    return found


@pytest.mark.parametrize(
    ("out", "says"),
    [
        ("graph", "it is the project's graph/ folder"),
        ("ontology", "it is the project's ontology/ folder"),
        ("queries", "it is the project's queries/ folder"),
        ("graph/sources", "inside the project's graph/ folder"),
        (".", "it is the project folder"),
        ("..", "it holds the project folder"),
        ("/proc/aizones-out", "inside the system folder /proc"),
    ],
)
def test_build_never_replaces_the_project_its_parents_or_system_folders(shared, out, says):
    before = everything(shared.parent)
    assert_refused(run_cli("build", "-q", "--out", out, cwd=shared), says)
    assert everything(shared.parent) == before


def test_build_refuses_a_folder_it_did_not_write_and_takes_its_own(project, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the user's page")
    assert_refused(run_cli("build", "-q", "--out", str(site), cwd=project), "it is not empty and has no manifest.json")
    assert (site / "index.html").read_text() == "the user's page"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("build", "-q", "--no-pictures", "--out", str(empty), cwd=project).code == 0
    assert run_cli("build", "-q", "--no-pictures", "--out", str(empty), cwd=project).code == 0  # its own output, again
    (empty / "notes.txt").write_text("mine")
    assert_refused(run_cli("build", "-q", "--out", str(empty), cwd=project), "it holds notes.txt, which no aizones run wrote")
    assert (empty / "notes.txt").read_text() == "mine"


def test_build_refuses_a_symlinked_output_folder_naming_the_real_path(project, tmp_path):
    real = project / "dist"
    (tmp_path / "link").symlink_to(real)
    before = snapshot(real)
    assert_refused(run_cli("build", "-q", "--out", str(tmp_path / "link"), cwd=project), f"it is a symbolic link to {real}")
    assert snapshot(real) == before and (tmp_path / "link").is_symlink()


def make_special(kind: str, path: Path) -> None:
    if kind == "device":
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a twin of /dev/null
        except PermissionError:
            pytest.skip("mknod needs root")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_text("a file")


@pytest.mark.parametrize("kind", ["device", "fifo", "file"])
def test_build_never_turns_a_special_file_into_a_folder(shared, tmp_path, kind):
    make_special(kind, tmp_path / "null")
    mode = os.lstat(tmp_path / "null").st_mode
    assert_refused(run_cli("build", "-q", "--out", str(tmp_path / "null"), cwd=shared), "not a folder")
    assert os.lstat(tmp_path / "null").st_mode == mode


@pytest.mark.parametrize("command", [("export", "--format", "nt"), ("query", "-e", "SELECT * { ?s ?p ?o } LIMIT 1"), ("validate",)])
@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_dash_o_replaces_only_a_regular_file(shared, tmp_path, command, kind):
    make_special(kind, tmp_path / "target")
    mode = os.lstat(tmp_path / "target").st_mode
    assert_refused(run_cli(*command, "-o", str(tmp_path / "target"), cwd=shared), "only a regular file is replaced")
    assert os.lstat(tmp_path / "target").st_mode == mode


def test_viz_o_refuses_a_device(shared, tmp_path):
    make_special("device", tmp_path / "null")
    assert_refused(run_cli("viz", "--format", "svg", "-o", str(tmp_path / "null"), cwd=shared), "it is a device")
    assert stat.S_ISCHR(os.lstat(tmp_path / "null").st_mode)


@pytest.mark.parametrize("target", ["graph/sources/hubei.ttl", "ontology/new.ttl", "queries/checks/x.rq"])
def test_export_never_writes_into_the_projects_input_folders(shared, target):
    before = everything(shared)
    assert_refused(run_cli("export", "--format", "turtle", "-o", target, cwd=shared), "which the build reads")
    assert everything(shared) == before


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_o_dash_and_dev_stdout_write_to_standard_output(shared, name):
    result = run_cli("export", "--format", "nt", "-o", name, cwd=shared)
    assert result.code == 0, result.err
    assert result.out.count("\n") > 10 and result.out == run_cli("export", "--format", "nt", cwd=shared).out


@pytest.mark.parametrize(
    "command",
    [
        ("query", "-e", "SELECT * { ?s ?p ?o }"),
        ("export", "--format", "nt"),
        ("stats",),
        ("explain", "Hubei"),
        ("validate",),
    ],
)
def test_standard_output_on_a_full_disk_is_one_line_and_exit_4(shared, command):
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "aizones", *command], cwd=shared, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120
        )
    assert done.returncode == 4, done.stderr
    assert done.stderr.startswith("aizones: standard output: cannot write (No space left on device)"), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_query_all_never_replaces_the_saved_queries_or_a_strangers_folder(project, tmp_path):
    before = everything(project / "queries")
    assert_refused(run_cli("query", "--all", "--out", ".", cwd=project), "it is the project's queries/ folder")
    assert everything(project / "queries") == before
    other = tmp_path / "other"
    (other / "queries").mkdir(parents=True)
    (other / "queries" / "mine.csv").write_text("the user's")
    assert_refused(run_cli("query", "--all", "--out", str(other), cwd=project), "it is not empty and has no manifest.json")
    assert (other / "queries" / "mine.csv").read_text() == "the user's"
    assert run_cli("query", "--all", cwd=project).code == 0
    assert run_cli("query", "--all", cwd=project).code == 0  # its own answers, again
    assert run_cli("build", "-q", "--no-pictures", cwd=project).code == 0  # a build over a dist holding answers


@pytest.mark.slow
def test_synth_replaces_only_its_own_graph_synth(project, tmp_path):
    out = tmp_path / "synth"
    (out / "graph" / "synth").mkdir(parents=True)
    (out / "graph" / "synth" / "mine.ttl").write_text("the user's data")
    assert_refused(run_cli("synth", "--triples", "1000", "-o", str(out), cwd=project), "it is not empty")
    assert (out / "graph" / "synth" / "mine.ttl").read_text() == "the user's data"
    (out / "graph" / "synth" / "mine.ttl").unlink()
    assert run_cli("synth", "--triples", "1000", "-o", str(out), cwd=project).code == 0
    first = snapshot(out)
    assert run_cli("synth", "--triples", "1000", "-o", str(out), cwd=project).code == 0  # its own output, again
    assert snapshot(out) == first
    assert ".aizones-manifest.json" in {p.name for p in (out / "graph" / "synth").iterdir()}
    before = everything(project)
    assert_refused(run_cli("synth", "--triples", "1000", "-o", ".", cwd=project), "inside the project's graph/ folder")
    assert everything(project) == before


def test_the_report_beside_a_rejected_build_replaces_only_an_earlier_report(project, tmp_path):
    rejected = tmp_path / "site.rejected"
    rejected.mkdir()
    (rejected / "validation.txt").write_text("a report of an earlier version, without a manifest")
    assert run_cli("build", "-q", "--no-pictures", "--out", str(tmp_path / "site"), cwd=project).code == 0
    (rejected / "mine.txt").write_text("the user's")
    assert_refused(run_cli("build", "-q", "--out", str(tmp_path / "site"), cwd=project), "site.rejected: refused as an output folder")
    assert (rejected / "mine.txt").read_text() == "the user's"
