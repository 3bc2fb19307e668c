"""Query files with a header: the saved queries of ``queries/`` and the checks of ``queries/checks/``.

A query file starts with comment lines of the form ``# key: value`` (a line starting with ``#``
and more spaces continues the previous value). Saved queries use ``title``, ``description`` and
``param``; checks use ``title``, ``severity``, ``problem`` and ``solution``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from aizones.core.errors import InputError, UsageError
from aizones.core.files import read_regular

_KEY = re.compile(r"^#\s?([a-z][a-z-]*):\s*(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")


@dataclass(frozen=True)
class QueryFile:
    """A ``.rq`` file: its name (the file stem), header fields and text."""

    name: str
    path: Path
    header: dict[str, list[str]] = field(hash=False)
    text: str

    def field(self, key: str, default: str = "") -> str:
        values = self.header.get(key)
        return values[0] if values else default

    @property
    def title(self) -> str:
        return self.field("title", self.name)


MAX_QUERY_BYTES = 16 * 2**20  # a query file is text someone wrote; this is thousands of pages


def read_query_file(path: Path) -> QueryFile:
    # a regular file only, bounded: a FIFO or /dev/zero among the checks must not hang validate
    data = read_regular(path, str(path), limit=MAX_QUERY_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"cannot read the query file ({error}); save it as UTF-8", str(path)) from None
    return QueryFile(path.stem, path, parse_header(text), text)


def parse_header(text: str) -> dict[str, list[str]]:
    header: dict[str, list[str]] = {}
    last: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        key = _KEY.match(line)
        continued = _CONTINUATION.match(line)
        if key:
            last = key.group(1)
            header.setdefault(last, []).append(key.group(2).strip())
        elif continued and last:
            header[last][-1] = f"{header[last][-1]} {continued.group(1).strip()}".strip()
    return header


def list_query_files(folder: Path) -> list[QueryFile]:
    """The query files of a folder (not its sub-folders), sorted by name."""
    if not folder.is_dir():
        return []
    return [read_query_file(p) for p in sorted(folder.glob("*.rq"))]


def find_query_file(folder: Path, name: str) -> QueryFile:
    path = folder / f"{name}.rq"
    if not path.is_file():
        known = [q.name for q in list_query_files(folder)]
        close = _closest(name, known)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(known)}" if known else ""
        raise UsageError(f"no saved query named {name!r} in {folder}{hint} (aizones query --list shows them all)")
    return read_query_file(path)


def _closest(name: str, known: list[str]) -> list[str]:
    return difflib.get_close_matches(name, known, n=3, cutoff=0.5)
