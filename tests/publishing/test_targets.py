"""Where an output may go (``aizones.publishing.targets``): every refusal is decided before anything
is written, so the system paths below are asked about for real without any risk to them."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from aizones.core.errors import UsageError
from aizones.publishing.staging import publish, write_file_atomically
from aizones.publishing.targets import check_file, check_folder, is_stdout

SYSTEM = ["/", "/etc", "/usr", "/bin", "/boot", "/dev", "/proc", "/sys", "/var", "/lib", "/tmp", "/root", "/home"]


def listing(folder: str) -> list[tuple[str, int, float]]:
    """Names, modes and modification times: what a replacement or removal would change."""
    return sorted((e.name, e.stat(follow_symlinks=False).st_mode, e.stat(follow_symlinks=False).st_mtime) for e in os.scandir(folder))


def refused(call, *args, says: str, **kwargs) -> str:
    with pytest.raises(UsageError) as caught:
        call(*args, **kwargs)
    message = str(caught.value)
    assert says in message and "\n" not in message, message
    return message


@pytest.mark.parametrize("path", [*SYSTEM, "/etc/aizones-out", "/usr/share/x", "/dev/null", "/proc/self", "/sys/kernel"])
def test_system_folders_are_never_output_folders(path):
    before = listing("/etc")
    message = refused(check_folder, Path(path), says="refused as an output folder")
    assert "system folder" in message or "root of the file system" in message
    refused(publish, Path(path), lambda staging: pytest.fail("nothing may be written"), says="refused")
    assert listing("/etc") == before  # the real /etc untouched


def test_the_home_folder_is_never_an_output_folder():
    refused(check_folder, Path.home(), says="refused as an output folder")


@pytest.mark.parametrize("name", ["", "ontology", "graph", "queries", "src", "tests", ".git", "graph/sources", "graph/new/dist", ".."])
def test_the_project_its_folders_and_its_parents_are_never_output_folders(tmp_path, name):
    project = tmp_path / "box" / "project"
    for folder in ("ontology", "graph/sources", "queries", "src", "tests", ".git"):
        (project / folder).mkdir(parents=True)
    (project / "manifest.json").write_text('{"files": {}, "inputs": []}')  # a forged mark changes nothing
    refused(check_folder, project / name if name else project, project=project, says="project")


def test_the_folder_a_command_runs_in_and_its_parents_are_never_output_folders(tmp_path, monkeypatch):
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    refused(check_folder, Path("."), says="it is the folder this command runs in")
    refused(check_folder, Path(".."), says="it holds the folder this command runs in")


def test_absent_empty_and_earlier_outputs_are_taken(tmp_path):
    assert check_folder(tmp_path / "absent") == (tmp_path / "absent").resolve()
    (tmp_path / "empty").mkdir()
    check_folder(tmp_path / "empty")
    out = tmp_path / "dist"
    publish(out, lambda staging: staging.write_bytes("viz/a.svg", b"<svg/>"))
    publish(out / "queries", lambda staging: staging.write_bytes("q.csv", b"x\n"))  # an output inside an output
    (out / "viz" / "empty").mkdir()  # an empty folder loses nothing
    (out / ".queries.staging-999999999").mkdir()  # what a killed query --all left inside
    (out / ".queries.staging-999999999" / "q.csv").write_text("half")
    check_folder(out)
    publish(out, lambda staging: staging.write_bytes("b.txt", b"b"))
    assert sorted(p.name for p in out.iterdir()) == ["b.txt", "manifest.json"]


@pytest.mark.parametrize(
    ("plant", "says"),
    [
        ("mine.txt", "it is not empty and has no manifest.json"),
        ("viz/mine.txt", "it holds viz/mine.txt, which no aizones run wrote"),
        ("queries/mine.txt", "it holds queries/mine.txt, which no aizones run wrote"),
    ],
)
def test_a_folder_with_files_no_run_wrote_is_refused_and_left_alone(tmp_path, plant, says):
    out = tmp_path / "dist"
    if plant != "mine.txt":
        publish(out, lambda staging: staging.write_bytes("viz/a.svg", b"<svg/>"))
        publish(out / "queries", lambda staging: staging.write_bytes("q.csv", b"x\n"))
    (out / plant).parent.mkdir(parents=True, exist_ok=True)
    (out / plant).write_text("the user's own")
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    refused(publish, out, lambda staging: staging.write_bytes("b.txt", b"b"), says=says)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert (out / plant).read_text() == "the user's own"
    assert not list(tmp_path.glob(".dist.staging-*"))


def test_a_symlinked_output_folder_is_refused_naming_the_real_path(tmp_path):
    real = tmp_path / "real"
    publish(real, lambda staging: staging.write_bytes("a.txt", b"a"))
    (tmp_path / "link").symlink_to(real)
    refused(publish, tmp_path / "link", lambda staging: None, says=f"it is a symbolic link to {real}")
    assert (real / "a.txt").read_bytes() == b"a"
    publish(real, lambda staging: staging.write_bytes("a.txt", b"b"))  # the real path is taken
    assert (real / "a.txt").read_bytes() == b"b"
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    refused(check_folder, tmp_path / "loop1", says="its symbolic links cannot be followed")
    refused(check_file, tmp_path / "loop1", says="its symbolic links cannot be followed")


def special_files(tmp_path: Path) -> dict[str, Path]:
    """A folder, a FIFO, a socket and (where mknod is allowed) a character device, in ``tmp_path``."""
    made = {"a folder": tmp_path / "folder", "a named pipe (FIFO)": tmp_path / "fifo", "a socket": tmp_path / "socket"}
    made["a folder"].mkdir()
    os.mkfifo(made["a named pipe (FIFO)"])
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(made["a socket"]))
    try:
        os.mknod(tmp_path / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a twin of /dev/null
        made["a device"] = tmp_path / "null"
    except PermissionError:
        pass
    return made


def test_a_special_file_is_never_an_output_folder(tmp_path):
    for kind, path in special_files(tmp_path).items():
        if kind != "a folder":
            mode = os.lstat(path).st_mode
            refused(publish, path, lambda staging: None, says=f"it is {kind}, not a folder")
            assert os.lstat(path).st_mode == mode


def test_a_single_output_file_replaces_only_a_regular_file(tmp_path):
    for kind, path in special_files(tmp_path).items():
        mode = os.lstat(path).st_mode
        refused(write_file_atomically, path, b"data", says=f"it is {kind}, and only a regular file is replaced")
        assert os.lstat(path).st_mode == mode
    before = listing("/dev")
    refused(write_file_atomically, Path("/dev/null"), b"data", says="inside the system folder /dev")
    refused(write_file_atomically, Path("/etc/hostname"), b"data", says="inside the system folder /etc")
    assert listing("/dev") == before
    (tmp_path / "old.nq").write_bytes(b"old")
    write_file_atomically(tmp_path / "old.nq", b"new")
    assert (tmp_path / "old.nq").read_bytes() == b"new"
    (tmp_path / "link.nq").symlink_to(tmp_path / "old.nq")
    refused(check_file, tmp_path / "link.nq", says=f"it is a symbolic link to {tmp_path / 'old.nq'}")


def test_a_single_output_file_never_goes_into_the_projects_input_folders(tmp_path):
    project = tmp_path / "project"
    (project / "graph" / "sources").mkdir(parents=True)
    (project / "graph" / "sources" / "x.ttl").write_text("the data")
    for name in ("graph/sources/x.ttl", "graph/new.ttl", "ontology/o.ttl", "queries/q.rq"):
        refused(write_file_atomically, project / name, b"export", project=project, says="which the build reads")
    assert (project / "graph" / "sources" / "x.ttl").read_text() == "the data"
    write_file_atomically(project / "export.ttl", b"export", project=project)


def test_dash_and_dev_stdout_mean_standard_output():
    assert all(is_stdout(name) for name in (None, "-", "/dev/stdout"))
    assert not is_stdout("out.ttl")
