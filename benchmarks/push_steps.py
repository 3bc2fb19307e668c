"""The benchmark's push step for issue 16: ``aizones push`` beside each store's own bulk loader.

    python benchmarks/step.py push ROOT OUT

On a built project, each in one run on scratch databases on 127.0.0.1, timed from process start:
- Oxigraph: ``aizones push`` into a fresh ``oxigraph serve``, beside ``oxigraph load`` of the same
  release into a fresh store with the server stopped (the named graphs from ``aizones.nq``, then
  the merge from ``aizones.nt`` and ``inferred.ttl``, as the README's offline steps do: the same
  triples the push sends);
- Virtuoso (where ``virtuoso-t`` is installed): ``aizones push`` into a fresh database, beside
  ``ld_dir`` + ``rdf_loader_run`` + ``checkpoint`` of ``aizones.nq`` into another fresh database.
The target of issue 16 is the push within twice the native loader's time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OXIGRAPH = REPO / ".venv" / "bin" / "oxigraph"


def _seconds(command: list[str], cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} failed: {done.stderr.strip().splitlines()[-3:]}")
    return round(time.perf_counter() - started, 3)


def _oxigraph(root: Path, out: Path, scratch: Path) -> dict:
    sys.path.insert(0, str(REPO))
    from tests.support.server import free_port  # the tests' own helper: one way to pick a port

    native_store = scratch / "native"
    native = 0.0
    for name in ("aizones.nq", "aizones.nt", "inferred.ttl"):
        native += _seconds([str(OXIGRAPH), "load", "--location", str(native_store), "--file", str(out / name)], root)
    port = free_port()
    server = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(scratch / "pushed"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/")
        pushed = _seconds(
            [sys.executable, "-m", "aizones", "push", "--endpoint", f"http://127.0.0.1:{port}/query", "--out", str(out), "-q"], root
        )
    finally:
        server.kill()
        server.wait()
    return {"push_s": pushed, "native_s": round(native, 3)}


def _virtuoso(root: Path, out: Path, scratch: Path) -> dict | None:
    if shutil.which("virtuoso-t") is None:
        return None
    sys.path.insert(0, str(REPO))
    from tests.support.virtuoso import PASSWORD, USER, Virtuoso

    native_db = Virtuoso(scratch / "virtuoso-native", readable=(out,)).start()
    try:
        native = _seconds(
            [
                "isql-vt",
                str(native_db.sql_port),
                USER,
                PASSWORD,
                f"exec=ld_dir('{out}', 'aizones.nq', 'urn:unused'); rdf_loader_run(); checkpoint;",
            ],
            root,
        )
    finally:
        native_db.stop()
    pushed_db = Virtuoso(scratch / "virtuoso-pushed").start()
    try:
        command = [sys.executable, "-m", "aizones", "push", "--endpoint", pushed_db.endpoint, "--graph-store", pushed_db.graph_store]
        pushed = _seconds([*command, "--out", str(out), "-q"], root, env={"AIZONES_STORE_USER": USER, "AIZONES_STORE_PASSWORD": PASSWORD})
    finally:
        pushed_db.stop()
    return {"push_s": pushed, "native_s": native}


def _wait(url: str) -> None:
    import urllib.request

    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer")


def push(root: Path, out: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="aizones-push-") as folder:
        scratch = Path(folder)
        result = {"oxigraph": _oxigraph(root, out, scratch)}
        found = _virtuoso(root, out, scratch)
        if found:
            result["virtuoso"] = found
    with open(out / "aizones.nq", "rb") as handle:
        quads = sum(1 for _line in handle)
    return {**result, "quads": quads}
