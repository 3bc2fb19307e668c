"""The ``aizones`` command line: ``arguments`` builds the parser, ``commands`` holds one handler per
command. Nothing in the package imports this one; it imports the stages it drives."""

import sys

try:
    from aizones.cli.arguments import main
except KeyboardInterrupt:  # Ctrl-C while the command line loads: the same line and code as later, no traceback
    exec("None")  # resets CPython's "uncaught Ctrl-C" note, as core.interrupts.interrupt_handled explains
    sys.stderr.write("aizones: interrupted; outputs were left as they were\n")
    raise SystemExit(130) from None

__all__ = ["main"]
