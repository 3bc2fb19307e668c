"""The real command line, run as a user would run it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from aizones.core.errors import EXIT_BUG


@dataclass
class Run:
    code: int
    out: str
    err: str


# Crash logs of the commands the tests run go here (made only by a crash), not into ~/.local/state.
CRASH_LOGS = Path(tempfile.gettempdir()) / "aizones-test-state"


def run_cli(*args: str, cwd: Path, stdin: str | None = None, timeout: float = 300, crash_ok: bool = False) -> Run:
    """Run ``python -m aizones`` for real, in a fresh process, as a user would.

    Whatever the outcome, stderr must hold no Python traceback (every error a user can cause is one
    line) and the exit code must not be 70 (the last-resort handler's: a bug, which it turns into
    one line naming a crash log, so the traceback check alone would no longer see it). Every CLI
    test in the suite checks both; ``crash_ok`` opts out, for the test of that handler itself."""
    env = {**os.environ, "PYTHONUTF8": "1", "XDG_STATE_HOME": str(CRASH_LOGS)}
    env.pop("CI", None)
    done = subprocess.run(
        [sys.executable, "-m", "aizones", *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=timeout, env=env
    )
    if not crash_ok:
        assert "Traceback" not in done.stderr, f"aizones {' '.join(args)} printed a traceback:\n{done.stderr}"
        assert done.returncode != EXIT_BUG, f"aizones {' '.join(args)} crashed (exit 70):\n{done.stderr}"
    return Run(done.returncode, done.stdout, done.stderr)
