"""Every label of a release in one SQLite table, kept inside the release's on-disk store.

Showing a result's IRIs by their labels (``labels.Labeller``) asks the store for four label
properties of each IRI: four look-ups, which in memory cost nothing but on the on-disk store
(``aizones.publishing.release_store``) took 3.3 of the 6.8 s that ``aizones query
missing-chinese-label`` (71,508 rows) spent at a million triples. The store's builder therefore
also writes the ``(IRI, property, language tag, text)`` of every literal label of a named node
into ``aizones-labels.sqlite`` inside the store's folder, where one indexed look-up per IRI
answers (about 3 µs); RocksDB leaves files it did not write alone. The table is part of the store:
made with it, named and removed with it, and so never of another release.

The table holds the same values ``labels.store_labels`` reads, so ``labels.pick_label`` picks the
same label from either. A store made before the table existed, or a table that cannot be read,
gives ``None`` and the labeller asks the store as before.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import pyoxigraph as ox

FILE_NAME = "aizones-labels.sqlite"
_BATCH = 10_000  # rows per executemany: the whole table is never one list in memory


def write(store: ox.Store, folder: Path, properties: tuple[str, ...]) -> None:
    """Write the label table of ``store`` into ``folder`` (the store's own folder)."""
    staging = folder / f".{FILE_NAME}.staging-{os.getpid()}"
    staging.unlink(missing_ok=True)
    connection = sqlite3.connect(staging)
    try:
        connection.execute("PRAGMA journal_mode = OFF")  # written once, renamed into place whole
        connection.execute(
            "CREATE TABLE labels (iri TEXT NOT NULL, property TEXT NOT NULL, language TEXT NOT NULL, "
            "text TEXT NOT NULL, PRIMARY KEY (iri, property, language, text)) WITHOUT ROWID"
        )
        for prop in properties:
            # every graph, the default one too: what quads_for_pattern(node, prop, None, None) reads
            found = store.query(
                f"SELECT DISTINCT ?s ?o WHERE {{ {{ ?s <{prop}> ?o }} UNION {{ GRAPH ?g {{ ?s <{prop}> ?o }} }} "
                "FILTER(isIRI(?s) && isLiteral(?o)) }"
            )
            rows = ((row[0].value, prop, row[1].language or "", row[1].value) for row in found)
            while batch := [row for _, row in zip(range(_BATCH), rows, strict=False)]:
                connection.executemany("INSERT OR IGNORE INTO labels VALUES (?, ?, ?, ?)", batch)
        connection.commit()
    finally:
        connection.close()
    os.replace(staging, folder / FILE_NAME)


class LabelTable:
    """The label table of one store, read-only; opened in the process that first reads it, since a
    SQLite connection must not cross a fork (queries are answered in a forked child)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    @classmethod
    def of_store(cls, folder: Path) -> LabelTable | None:
        """The table in a store's folder, or None when it has none that can be read."""
        table = cls(folder / FILE_NAME)
        try:
            table._cursor().execute("SELECT 1 FROM labels LIMIT 1").fetchall()
        except (sqlite3.Error, OSError):
            return None
        return table

    def labels(self, iri: str) -> list[tuple[str, str, str]]:
        """The ``(property, language tag, text)`` of every label ``iri`` has, as ``store_labels`` gives them."""
        return self._cursor().execute("SELECT property, language, text FROM labels WHERE iri = ?", (iri,)).fetchall()

    def _cursor(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            # immutable: the file never changes once renamed into place, so SQLite takes no locks
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            self._connection, self._pid = sqlite3.connect(uri, uri=True, check_same_thread=False), os.getpid()
        return self._connection

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
        self._connection = None
