"""The serve section of ``make bench``: ``aizones serve`` side by side with the Oxigraph server, in one run.

For the real graph and a synthetic 100k-triple project (``aizones synth --triples 100000 --seed 1``
plus the real graph and queries, as the rest of the benchmark makes them), it builds the release,
starts three servers on 127.0.0.1 over the same data:

- ``aizones serve`` as shipped (its answer cache on),
- ``aizones serve --cache-mb 0`` (every request evaluated by a worker),
- ``oxigraph serve-read-only`` (PyPI's ``oxigraph``) on a copy of the release's own store, whose
  default graph holds the same merge of the named graphs,

and for every saved query (``dist/queries/NAME.rq``, the defaults bound) at 1, 8 and 32 clients
measures requests per second and p50/p99 latency with ``serve_load`` (keep-alive, one connection
per client, ``--seconds`` each). On the real graph it also times the entity pages ``/id/NAME``
the server has. Prints one JSON object; ``--merge`` puts it into ``benchmarks/results.json`` as
``serve`` and rewrites ``results.md`` from it (the other sections as they were measured).

    python benchmarks/serve_bench.py [--seconds 1] [--merge] [--from EARLIER.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.serve_load import ENTITIES, REPO, run_load, served

CLIENTS = (1, 8, 32)
OXIGRAPH = Path(sys.executable).with_name("oxigraph")


def project(kind: str, folder: Path) -> Path:
    from aizones.pipeline import build
    from aizones.querying.portable_queries import build_writer

    root = folder / kind
    if kind != "real":
        subprocess.run(
            [sys.executable, "-m", "aizones", "synth", "--triples", "100000", "--seed", "1", "-o", str(root)],
            check=True,
            capture_output=True,
        )
    for name in ("graph", "ontology", "queries"):
        shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    build(root, root / "dist", extra_outputs=[build_writer(root / "queries")])
    return root


@contextlib.contextmanager
def oxigraph_server(root: Path):
    """``oxigraph serve-read-only`` on a copy of the release's store; yields its base URL."""
    from aizones.publishing.release_store import digest, store_folder

    store = store_folder(root / "dist") / digest((root / "dist" / "manifest.json").read_bytes())
    copy = root / "oxigraph-store"
    shutil.copytree(store, copy)
    from tests.support.server import free_port

    port = free_port()
    process = subprocess.Popen(
        [str(OXIGRAPH), "serve-read-only", "--location", str(copy), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(30)


def _wait_for(port: int) -> None:
    import socket

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError("the Oxigraph server did not start")


def measure(kind: str, folder: Path, seconds: float) -> dict:
    root = project(kind, folder)
    queries = {path.stem: as_sent(path.read_text(encoding="utf-8")) for path in sorted((root / "dist" / "queries").glob("*.rq"))}
    result: dict = {"queries": {name: {} for name in queries}, "pages": {}}
    servers = {
        "aizones": lambda: served(root),
        "aizones, no cache": lambda: served(root, "--cache-mb", "0"),
        "oxigraph": lambda: oxigraph_server(root),
    }
    for server, start in servers.items():
        print(f"[serve {kind}] {server}", file=sys.stderr, flush=True)
        with start() as (url, _pid):
            path = "/query" if server == "oxigraph" else "/sparql"
            for name, text in queries.items():
                request = [f"{path}?query={quote(text)}"]
                result["queries"][name][server] = {str(n): _cell(run_load(url, request, clients=n, seconds=seconds)) for n in CLIENTS}
            if server == "aizones" and kind == "real":
                pages = [f"/id/{name}" for name in ENTITIES]
                if _answers(url, pages[0]):
                    result["pages"] = {str(n): _cell(run_load(url, pages, clients=n, seconds=seconds * 2)) for n in CLIENTS}
    return result


def as_sent(text: str) -> str:
    """A saved query as both servers are sent it: without its comment lines. The Oxigraph server
    refuses a GET whose address passes about 8 KB (400 Bad Request), and zone-completeness with its
    description and comments is 10.6 KB once encoded, so it measured only errors on that side."""
    return "".join(line + "\n" for line in text.splitlines() if not line.lstrip().startswith("#"))


def _answers(url: str, page: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url + page, timeout=30) as answer:
            return answer.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _cell(figures: dict) -> dict:
    return {key: figures[key] for key in ("rps", "p50_ms", "p99_ms", "errors")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=1.0, help="load per query, per server, per number of clients")
    parser.add_argument("--only", choices=("real", "100k"), action="append")
    parser.add_argument("--merge", action="store_true", help="write it into benchmarks/results.json and results.md")
    parser.add_argument("--from", dest="saved", type=Path, help="merge this earlier run's JSON instead of measuring again")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONPATH", os.pathsep.join([str(REPO / "src"), str(REPO)]))
    if args.saved:
        section = json.loads(args.saved.read_text().strip().splitlines()[-1])
    else:
        with tempfile.TemporaryDirectory(prefix="aizones-serve-bench-") as folder:
            section = {"seconds": args.seconds, "clients": list(CLIENTS), "load": os.getloadavg()[0]}
            for kind in args.only or ("real", "100k"):
                section[kind] = measure(kind, Path(folder), args.seconds)
            section["load_after"] = os.getloadavg()[0]
    print(json.dumps(section))
    if args.merge:
        sys.path.insert(0, str(REPO / "benchmarks"))
        from report import write_report
        from run import _baseline

        results = REPO / "benchmarks" / "results.json"
        saved = json.loads(results.read_text())
        saved["runs"]["serve"] = section
        results.write_text(json.dumps(saved, indent=2) + "\n")
        (REPO / "benchmarks" / "results.md").write_text(write_report(saved["header"], saved["runs"], _baseline()))


if __name__ == "__main__":
    main()
