"""The errors a user can meet, each with its documented exit code.

The command line turns any of these into one line on stderr and its exit code; nothing else
escapes as a traceback. The codes are part of the API: ``EXIT_CODES`` below is the one table of
them, printed by every ``--help`` (``exit_codes_help``) and checked against the README's table by
``tests/cli``.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NONCONFORMANT = 1
EXIT_BAD_INPUT = 2
EXIT_POLICY = 3
EXIT_IO = 4
EXIT_LIMIT = 5
EXIT_REMOTE = 6
EXIT_BUG = 70  # sysexits.h EX_SOFTWARE: an internal error, with the traceback in a log file
EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C (128 + SIGINT)

# Each code with what it means and, in brackets in ``--help``, what typically causes it.
EXIT_CODES: dict[int, tuple[str, str]] = {
    EXIT_OK: ("success", ""),
    EXIT_NONCONFORMANT: ("the data does not conform", "findings at or above --fail-on"),
    EXIT_BAD_INPUT: ("bad input or usage", "syntax error with file:line:column, unknown option or query"),
    EXIT_POLICY: ("refused by policy", "a query that would reach the network: SERVICE, FROM, LOAD; a link out of the project"),
    EXIT_IO: ("I/O failure", "cannot read or write a file, disk full, read-only output; serve: the port is in use"),
    EXIT_LIMIT: ("a time or memory limit was reached", ""),
    EXIT_REMOTE: ("the remote store failed", "push or query --endpoint: no answer, wrong credentials, an HTTP error"),
    EXIT_BUG: ("an internal error (a bug)", "one line pointing at a crash log with the traceback; please report it"),
    EXIT_INTERRUPTED: ("interrupted", "Ctrl-C, SIGTERM or SIGHUP; outputs were left as they were (serve exits 0 when stopped)"),
}


def exit_codes_help() -> str:
    """The table as every ``--help`` ends: one line per code."""
    lines = [f"  {code:>3}  {meaning}" + (f" ({cause})" if cause else "") for code, (meaning, cause) in EXIT_CODES.items()]
    return "exit codes:\n" + "\n".join(lines)


class AizonesError(Exception):
    """Base class: ``str(error)`` is the one-line message shown to the user."""

    exit_code = EXIT_BAD_INPUT


class InputError(AizonesError):
    """A file or argument the user gave cannot be read as what it claims to be."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, path: str | None = None, line: int | None = None, column: int | None = None):
        self.path, self.line, self.column, self.reason = path, line, column, message
        where = ":".join(str(part) for part in (path, line, column) if part is not None)
        super().__init__(f"{where}: {message}" if where else message)


class InputErrors(InputError):
    """Several problems of one input found together (every bad cell of a table): one line each.

    ``errors`` holds them one by one; ``str`` is their lines, which the command line prints as it
    prints any error, each line on its own.
    """

    errors: list[InputError]

    @classmethod
    def of(cls, errors: list[InputError]) -> InputErrors:
        combined = cls("\n".join(str(error) for error in errors))
        combined.errors = list(errors)
        return combined


class UsageError(AizonesError):
    """The command was called wrongly (unknown query name, bad parameter, bad format)."""

    exit_code = EXIT_BAD_INPUT


class NonConformantError(AizonesError):
    """Validation found problems at or above the level the user fails on."""

    exit_code = EXIT_NONCONFORMANT


class PolicyError(AizonesError):
    """The work was refused before it ran, for example because it would reach the network."""

    exit_code = EXIT_POLICY


class OutputError(AizonesError):
    """Reading or writing a file failed for a reason outside the data (permissions, full disk)."""

    exit_code = EXIT_IO


class LimitError(AizonesError):
    """A time or memory limit stopped the work."""

    exit_code = EXIT_LIMIT


class RemoteError(AizonesError):
    """The SPARQL store given with --endpoint did not answer, refused, or failed."""

    exit_code = EXIT_REMOTE
