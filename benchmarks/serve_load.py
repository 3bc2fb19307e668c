"""Load on a running server: N clients for S seconds on 127.0.0.1, each request timed, memory watched.

The load generator is asyncio over raw sockets (HTTP/1.1 with keep-alive, one connection per
client, chunked answers read too): one Python process sends some thousands of requests a second,
more than the servers measured here answer, so it is not what limits them (``docs/serving.md``).
Each client goes round the list of requests from its own starting point; a request is an error
unless it is answered 200 (or 304) in full. Every 0.2 s the resident memory (RSS) of the server
process and of its children (the query workers) is read from ``/proc``.

    python benchmarks/serve_load.py [--seconds 60] [--clients 32] [--doc docs/serving.md]

starts ``aizones serve`` on a built copy of this project (as shipped, then with ``--cache-mb 0``, every
request evaluated), finds the requests (every saved query as
``dist/queries/NAME.rq`` holds it, through ``GET /sparql``; the home page; entity pages ``/id/NAME``
where the server has them), runs the load and prints one JSON object; ``--doc`` also writes the
figures into ``docs/serving.md`` between its ``load-test`` markers (what ``make load`` does). The
test suite runs the same for 10 s (``tests/serving/test_load.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parents[1]
ENTITIES = ("changsha", "hunan", "miit", "miit-zone-changsha", "beijing", "shanghai")  # candidate /id/ pages


def saved_requests(out: Path) -> list[str]:
    """``/sparql?query=…`` of each saved query as the build bound it (``dist/queries/NAME.rq``)."""
    return [f"/sparql?query={quote(path.read_text(encoding='utf-8'))}" for path in sorted((out / "queries").glob("*.rq"))]


async def _request(reader, writer, host: str, path: str, accept: str) -> tuple[int, int]:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: {accept}\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = re.search(rb"\r\ncontent-length:\s*(\d+)", head, re.IGNORECASE)
    if length:
        body = await reader.readexactly(int(length.group(1)))
        return status, len(body)
    if re.search(rb"\r\ntransfer-encoding:\s*chunked", head, re.IGNORECASE):
        size = 0
        while True:
            chunk = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if chunk == 0:
                await reader.readuntil(b"\r\n")
                return status, size
            size += len(await reader.readexactly(chunk + 2)) - 2
    return status, 0


async def _client(host: str, port: int, requests: list[str], start: int, until: float, times: list, errors: list) -> None:
    reader, writer = await asyncio.open_connection(host, port, limit=1 << 24)
    index = start
    try:
        while time.monotonic() < until:
            path = requests[index % len(requests)]
            index += 1
            begun = time.perf_counter()
            try:
                status, _size = await _request(reader, writer, host, path, "application/sparql-results+json, text/html;q=0.9, */*;q=0.1")
            except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                errors.append(f"{path[:60]}: {type(error).__name__}")
                writer.close()
                reader, writer = await asyncio.open_connection(host, port, limit=1 << 24)
                continue
            times.append(time.perf_counter() - begun)
            if status not in (200, 304):
                errors.append(f"{path[:60]}: HTTP {status}")
    finally:
        writer.close()


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children, MB (0 once it is gone)."""
    total = 0
    pids = [pid] + [int(p) for p in _children(pid)]
    for one in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            line = next(x for x in Path(f"/proc/{one}/status").read_text().splitlines() if x.startswith("VmRSS:"))
            total += int(line.split()[1])
    return total / 1024


def _children(pid: int) -> list[str]:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return []


class _Memory:
    def __init__(self, pid: int | None) -> None:
        self.pid, self.samples = pid, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while self.pid and not self._stop.wait(0.2):
            self.samples.append(rss_mb(self.pid))

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_exc):
        self._stop.set()
        self._thread.join()


def run_load(
    base_url: str, requests: list[str], *, clients: int = 32, seconds: float = 10.0, pid: int | None = None, warm: bool = True
) -> dict:
    """Run the load; its figures: requests, errors, requests per second, p50/p99 (ms), memory (MB)."""
    parts = urlsplit(base_url)
    host, port = parts.hostname, parts.port
    if warm:  # each request once, so that start-up costs (workers, first answers) are not counted
        asyncio.run(_load(host, port, requests, 1, 0, len(requests)))
    before = rss_mb(pid) if pid else None
    with _Memory(pid) as memory:
        begun = time.monotonic()
        times, errors = asyncio.run(_load(host, port, requests, clients, seconds))
        took = time.monotonic() - begun
    after = rss_mb(pid) if pid else None
    ordered = sorted(times)
    figures = {
        "clients": clients,
        "seconds": round(took, 1),
        "requests": len(times),
        "errors": len(errors),
        "first_errors": errors[:5],
        "rps": round(len(times) / took, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 2) if ordered else None,
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2) if ordered else None,
    }
    if pid:
        figures |= {
            "rss_before_mb": round(before, 1),
            "rss_peak_mb": round(max(memory.samples, default=after), 1),
            "rss_after_mb": round(after, 1),
        }
        figures["rss_growth_mb"] = round(figures["rss_peak_mb"] - before, 1)
    return figures


async def _load(host, port, requests, clients, seconds, count: int | None = None):
    times: list[float] = []
    errors: list[str] = []
    if count is not None:  # a fixed number of requests, one client: the warm-up
        reader, writer = await asyncio.open_connection(host, port, limit=1 << 24)
        for path in requests[:count]:
            await _request(reader, writer, host, path, "*/*")
        writer.close()
        return times, errors
    until = time.monotonic() + seconds
    step = max(1, len(requests) // clients)
    await asyncio.gather(*(_client(host, port, requests, i * step, until, times, errors) for i in range(clients)))
    return times, errors


@contextlib.contextmanager
def served(root: Path, *flags: str):
    """``aizones serve --port 0`` on ``root`` as a process of its own; yields (base URL, pid)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    process = subprocess.Popen(
        [sys.executable, "-m", "aizones", "--root", str(root), "serve", "--port", "0", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        line = process.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        if not found:
            raise RuntimeError(f"aizones serve did not start: {line!r}")
        yield found.group(1), process.pid
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


def workload(base_url: str, out: Path) -> list[str]:
    """The saved queries, the home page, and the entity pages the server has (probed once each)."""
    import urllib.error
    import urllib.request

    pages = ["/", *(f"/id/{name}" for name in ENTITIES)]
    present = []
    for page in pages:
        with contextlib.suppress(urllib.error.URLError, OSError), urllib.request.urlopen(base_url + page, timeout=30) as answer:
            if answer.status == 200:
                present.append(page)
    return saved_requests(out) + present


def built_project(folder: Path) -> Path:
    sys.path.insert(0, str(REPO))
    from tests.support.release import built_copy

    return built_copy(folder / "project")


_MARKS = ("<!-- load-test: begin -->", "<!-- load-test: end -->")


def write_doc(doc: Path, runs: dict[str, dict], requests: list[str]) -> None:
    pages = sorted({r for r in requests if not r.startswith("/sparql")})
    first = next(iter(runs.values()))
    rows = [
        f"| {label} | {f['requests']:,} | {f['errors']} | {f['rps']:,.0f} | {f['p50_ms']:g} ms | {f['p99_ms']:g} ms | "
        f"{f['rss_before_mb']:g} → {f['rss_peak_mb']:g} → {f['rss_after_mb']:g} MB | {f['rss_growth_mb']:g} MB |"
        for label, f in runs.items()
    ]
    table = "\n".join(
        [
            _MARKS[0],
            f"Measured by `make load` ({first['seconds']:g} s each, {first['clients']} clients, 127.0.0.1, "
            f"{sum(r.startswith('/sparql') for r in requests)} saved queries and the pages {', '.join(pages) or 'none'}; "
            f"the machine's load average {os.getloadavg()[0]:.1f} at the end):",
            "",
            "| server | requests | errors | requests/s | p50 | p99 | server + workers RSS before → peak → after | growth |",
            "|---|---:|---:|---:|---:|---:|---|---:|",
            *rows,
            _MARKS[1],
        ]
    )
    text = doc.read_text(encoding="utf-8")
    start, end = text.index(_MARKS[0]), text.index(_MARKS[1]) + len(_MARKS[1])
    doc.write_text(text[:start] + table + text[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--doc", type=Path, help="write the figures into this file (docs/serving.md)")
    args = parser.parse_args()
    runs = {}
    with tempfile.TemporaryDirectory(prefix="aizones-load-") as folder:
        root = built_project(Path(folder))
        for label, flags in (("aizones serve", ()), ("aizones serve --cache-mb 0", ("--cache-mb", "0"))):
            with served(root, *flags) as (url, pid):
                requests = workload(url, root / "dist")
                runs[label] = run_load(url, requests, clients=args.clients, seconds=args.seconds, pid=pid)
    print(json.dumps(runs))
    if args.doc:
        write_doc(args.doc, runs, requests)


if __name__ == "__main__":
    main()
