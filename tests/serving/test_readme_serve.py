"""The README's ``aizones serve`` section runs: its curl example gives the output it shows, its
SPARQLWrapper example runs, and its table of flags names every option of ``aizones serve``."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
import subprocess

import pytest

from aizones.cli.arguments import make_parser
from tests.support.paths import REPO

SECTION = (REPO / "README.md").read_text(encoding="utf-8").split("## `aizones serve`", 1)[1].split("\n## ", 1)[0]
SHOWN = "http://127.0.0.1:8000"


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", SECTION, re.DOTALL)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_example_shows_real_output(base_url):
    command = next(line for block in blocks("sh") for line in block.splitlines() if line.startswith("curl "))
    shown = next(block for block in blocks("text") if block.startswith("zone\n"))
    done = subprocess.run(shlex.split(command.replace(SHOWN, base_url)), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.replace("\r\n", "\n") == shown


def test_the_sparqlwrapper_example_runs(base_url):
    code = blocks("python")[0].replace(SHOWN, base_url)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    lines = printed.getvalue().splitlines()
    assert len(lines) >= 29 and all(line.startswith("https://w3id.org/aizones/id/") for line in lines)


def test_the_flags_table_names_every_option():
    serve = make_parser()._subparsers._group_actions[0].choices["serve"]
    options = {option for action in serve._actions for option in action.option_strings if option.startswith("--") and option != "--help"}
    table = "\n".join(line for line in SECTION.splitlines() if line.startswith("| `--"))
    missing = sorted(option for option in options - {"--out"} if f"`{option}" not in table and f", `{option}" not in table)
    assert missing == []
