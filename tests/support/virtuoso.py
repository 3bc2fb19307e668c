"""Virtuoso open source (Debian's ``virtuoso-opensource``) on a scratch database, for the push tests.

``Virtuoso(folder)`` writes an ini file from the package's own (``/etc/virtuoso-opensource-7/``)
with the database in ``folder`` and free ports for its SQL and HTTP servers, and starts
``virtuoso-t`` in the foreground (so the test owns the process). A new database has the user
``dba`` with the password ``dba``; its SPARQL endpoint is ``/sparql`` (read, anonymous) and its
Graph Store Protocol with Digest authentication is ``/sparql-graph-crud-auth``. ``stop`` and
``start`` again keep the data, as a restarted server would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.server import free_port

INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
USER = PASSWORD = "dba"  # a new database's administrator


def virtuoso_binary() -> str:
    found = shutil.which("virtuoso-t")
    if found is None or not INI.exists():
        pytest.skip("Virtuoso is not installed (virtuoso-t); .ci/run installs it with apt-get install virtuoso-opensource")
    return found


class Virtuoso:
    def __init__(self, folder: Path, *, readable: tuple[Path, ...] = ()) -> None:
        """``readable``: folders its bulk loader (``ld_dir``) may read, besides its own."""
        self.folder, self.process = folder, None
        self.sql_port, self.http_port = free_port(), free_port()
        folder.mkdir(parents=True, exist_ok=True)
        text = INI.read_text()
        text = text.replace("/var/lib/virtuoso-opensource-7/db", str(folder))
        text = re.sub(r"(\[Parameters\][^\[]*?ServerPort\s*=\s*)\d+", rf"\g<1>{self.sql_port}", text, flags=re.S)
        text = re.sub(r"(\[HTTPServer\][^\[]*?ServerPort\s*=\s*)\d+", rf"\g<1>{self.http_port}", text, flags=re.S)
        allowed = ", ".join(str(path) for path in (folder, *readable))
        text = re.sub(r"^(DirsAllowed\s*=\s*)(.*)$", rf"\g<1>\g<2>, {allowed}", text, flags=re.M)
        (folder / "virtuoso.ini").write_text(text)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def graph_store(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def start(self) -> Virtuoso:
        log = open(self.folder / "server.log", "ab")  # noqa: SIM115 (the process writes it while it runs)
        self.process = subprocess.Popen(
            [virtuoso_binary(), "-f", "-c", str(self.folder / "virtuoso.ini")], cwd=self.folder, stdout=log, stderr=log
        )
        deadline = time.monotonic() + 90  # a new database takes several seconds to create
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t stopped at start: {(self.folder / 'server.log').read_text()[-500:]}")
            try:
                urllib.request.urlopen(f"{self.endpoint}?query=ASK%7B%7D", timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("virtuoso-t did not answer within 90 s")

    def isql(self, statements: str) -> None:
        """Run SQL statements in Virtuoso's own client as ``dba`` (the bulk loader is SQL)."""
        subprocess.run(["isql-vt", str(self.sql_port), USER, PASSWORD, f"exec={statements}"], check=True, capture_output=True, timeout=3600)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()  # as a crash would; the next start recovers from its transaction log
            self.process.wait()
            self.process = None
