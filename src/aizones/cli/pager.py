"""Long answers on a terminal go through a pager, as git's do; files and pipes get the bytes as they are.

A table of a hundred rows scrolls out of a terminal before it can be read. When standard output
is a terminal and the answer is taller than it, the answer is handed to ``$AIZONES_PAGER``, else
``$PAGER``, else ``less``, with ``LESS=FRX`` unless the user set ``LESS`` (quit at once if it fits
after all, keep colours, leave the text on screen after quitting: git's defaults). ``--no-pager``,
an empty pager variable or ``cat`` turn it off; a pager that cannot be started is passed over
and the answer printed. Nothing here runs for ``-o FILE`` or a pipe.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys


def pager_command(environ=os.environ) -> list[str] | None:
    """The pager to run, split as a shell would, or None for no pager."""
    chosen = environ.get("AIZONES_PAGER", environ.get("PAGER", "less"))
    words = shlex.split(chosen) if chosen.strip() else []
    if not words or words[0] == "cat":
        return None
    return words if shutil.which(words[0]) else None


def wants_pager(data: bytes, *, enabled: bool, is_terminal: bool, height: int) -> bool:
    """Whether an answer should be paged: on a terminal, allowed, and taller than the terminal."""
    return enabled and is_terminal and data.count(b"\n") >= max(1, height - 1)


def page(data: bytes, enabled: bool = True) -> bool:
    """Show ``data`` through the pager when it should be paged; False when it was not (print it then)."""
    if not wants_pager(data, enabled=enabled, is_terminal=sys.stdout.isatty(), height=shutil.get_terminal_size().lines):
        return False
    command = pager_command()
    if command is None:
        return False
    environment = {**os.environ, "LESS": os.environ.get("LESS", "FRX"), "LV": os.environ.get("LV", "-c")}
    sys.stdout.flush()
    try:
        subprocess.run(command, input=data, env=environment, check=False)
    except OSError:  # it vanished between the look-up and the start: print instead
        return False
    except KeyboardInterrupt:  # Ctrl-C in the pager stops the reading, not an error
        pass
    return True
