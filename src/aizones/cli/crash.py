"""The last resort: an error nobody foresaw becomes one line on stderr and a crash log.

A bug must not greet the user with a traceback, nor lose it for the report. ``report`` writes the
full traceback (with the notes a limited child adds, ``aizones.core.limits``) to a log file of its
own and returns the one line to show, which names the file. The log goes to
``$XDG_STATE_HOME/aizones/`` (by default ``~/.local/state/aizones/``, the XDG place for logs a
program keeps about itself), or, where that cannot be written, to the system's temporary folder;
never next to the outputs, so that builds stay byte-identical. Each log is named
``crash-<UTC time>-<pid>.log`` and never overwritten.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path


def log_folders() -> list[Path]:
    """Where a crash log may go, in order of preference."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return [Path(state) / "aizones", Path(tempfile.gettempdir())]


def report(error: BaseException, argv: list[str] | None = None) -> str:
    """Write ``error``'s traceback to a new crash log; the one line to print (without ``aizones: ``)."""
    text = "".join(traceback.format_exception(error))
    name = f"crash-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{os.getpid()}.log"
    header = f"aizones crashed\ncommand: {' '.join(argv if argv is not None else sys.argv)}\npython: {sys.version.split()[0]}\n\n"
    summary = " ".join(f"{type(error).__name__}: {error}".split())[:200]
    for folder in log_folders():
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            with open(path, "x", encoding="utf-8") as log:  # "x": never overwrite another crash's log
                log.write(header + text)
            return f"internal error ({summary}); this is a bug: the traceback is in {path}, please report it with that file"
    return f"internal error ({summary}); this is a bug, and its traceback could not be saved (no writable log folder); please report it"
