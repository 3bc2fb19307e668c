"""The real command line, run as a user would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path, stdin: str | None = None, timeout: float = 300) -> Run:
    """Run ``python -m aizones`` for real, in a fresh process, as a user would."""
    env = {**os.environ, "PYTHONUTF8": "1"}
    env.pop("CI", None)
    done = subprocess.run(
        [sys.executable, "-m", "aizones", *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=timeout, env=env
    )
    return Run(done.returncode, done.stdout, done.stderr)
