"""Each saved query with its default values bound, as a ``.rq`` file any SPARQL 1.1 endpoint runs.

A saved query's defaults live in its header comments, which only our command line reads: pasted
into another store, the raw text answers for every value (a region query gives every region's
rows). ``dist/queries/NAME.rq`` is the text that runs here: the defaults bound as a ``VALUES`` row
written from checked RDF terms (``sparql.with_values``, the same safe binding as ``--param``), and
a ``PREFIX`` line for each prefix our engine would have supplied. It reads the default graph as
the merge of the named graphs, which ``aizones push`` stores as the default graph of the remote
store (``README``, "Loading into your own store"). The text depends only on the query and the
dataset's labels, so the same build writes the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.errors import UsageError
from aizones.core.namespaces import PREFIXES
from aizones.core.sparql import with_values
from aizones.publishing.layout import ANSWERS_FOLDER
from aizones.querying import saved

SUFFIX = ".rq"
KNOWN = r"[A-Za-z0-9_.-]+\.rq"  # what a build leaves in the answers folder (``answers`` keeps it)
_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE | re.MULTILINE)


def bound_text(dataset: Dataset, query: saved.SavedQuery, values: dict[str, str] | None = None) -> str:
    """The query's text with ``values`` and its defaults bound and every prefix it uses declared."""
    bindings = saved.bind(dataset, query, values or {})
    return with_prefixes(with_values(query.file.text, bindings) or query.file.text)


def with_prefixes(text: str) -> str:
    """``text`` with a PREFIX line for each of our prefixes it does not declare, if it needs them."""
    if _parses_alone(text):
        return text
    declared = set(_DECLARED.findall(text))
    missing = [f"PREFIX {name}: <{iri}>\n" for name, iri in sorted(PREFIXES.items()) if name not in declared]
    header, body = _split_header(text)
    return header + "".join(missing) + body


def write_all(dataset: Dataset, queries: Path, write: Callable[[str, bytes], object], folder: str = ANSWERS_FOLDER) -> list[str]:
    """Write every saved query of ``queries`` bound, through ``write(name, data)``; the names written."""
    names = []
    for query in saved.catalogue(queries):
        name = f"{folder}/{query.name}{SUFFIX}" if folder else f"{query.name}{SUFFIX}"
        try:
            text = bound_text(dataset, query)
        except UsageError:  # a default that names nothing in this dataset: ``aizones query`` says so; no file
            continue
        write(name, text.encode("utf-8"))
        names.append(name)
    return names


def build_writer(queries: Path) -> Callable[[Dataset, object], None]:
    """The build's hook (``build(extra_outputs=...)``): the bound queries go into ``dist/queries/``."""

    def add_to_build(dataset: Dataset, staging) -> None:
        if queries.is_dir():
            write_all(dataset, queries, staging.write_bytes)

    return add_to_build


def _parses_alone(text: str) -> bool:
    """Whether the text parses with no prefixes supplied (run on an empty store: nothing to read)."""
    try:
        ox.Store().query(text)
    except SyntaxError:
        return False
    return True


def _split_header(text: str) -> tuple[str, str]:
    """The leading comment lines (title, parameters) and the rest, so prefixes go after the header."""
    lines = text.splitlines(keepends=True)
    cut = next((i for i, line in enumerate(lines) if not line.lstrip().startswith("#")), len(lines))
    return "".join(lines[:cut]), "".join(lines[cut:])
