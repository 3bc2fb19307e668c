"""Entity pages' latency on a release: every ``/id/`` entity requested in turn, first made, then again from the cache.

    python benchmarks/serve_pages.py [PROJECT] [--rounds N]

Starts the server (uvicorn, 127.0.0.1, a free port) over PROJECT's ``dist/`` (the repository's by
default, built if missing), lists the entities with a page (every IRI under ``id:`` with a
statement), then requests each page once (made: explain, drawing, template) and ``--rounds`` times
more (served from the page cache), one request at a time, and prints p50, p99 and the slowest of
each. The first requests of the process, which load what every later one shares (the search index,
the templates), are timed apart. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from aizones.core.namespaces import ID
from aizones.pipeline import open_dataset
from aizones.serving.app import create_app
from aizones.serving.context import Served
from aizones.serving.links import page_for
from tests.support.server import request, running


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def entities(served: Served) -> list[str]:
    query = f'SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?s), "{ID[""]}")) }} ORDER BY ?s'
    solutions = served.dataset.store.query(query)
    found = [row["s"].value for row in solutions]
    del solutions  # Oxigraph's solutions must be dropped in the thread that made them
    return found


def timed(url: str, expected: int = 200) -> float:
    start = time.perf_counter()
    status, _headers, _body = request(url)
    elapsed = (time.perf_counter() - start) * 1000
    if status != expected:
        raise SystemExit(f"{url}: {status}")
    return elapsed


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    root = Path(args.project)
    served = Served(root=root, out=root / "dist", dataset=open_dataset(root, root / "dist"), queries=root / "queries")
    pages = [page_for(iri) for iri in entities(served)]
    with running(create_app(served)) as base:
        # the first requests of a process load what later ones share: the search index, the templates
        warm = timed(base + "/id/no-such-entity", 404) + timed(base + "/")
        print(f"warm-up (a missing page and the home page, not counted): {warm:.0f} ms")
        first = [timed(base + page) for page in pages]
        again = [timed(base + page) for _ in range(args.rounds) for page in pages]
    for name, values in (("first request (made)", first), (f"cached ({args.rounds} rounds)", again)):
        print(
            f"{name:24} {len(values):6} requests  p50 {statistics.median(values):6.1f} ms  "
            f"p99 {percentile(values, 0.99):6.1f} ms  max {max(values):6.1f} ms"
        )
    slowest = sorted(zip(first, pages, strict=True), reverse=True)[:5]
    print("slowest to make: " + ", ".join(f"{page} {ms:.0f} ms" for ms, page in slowest))


if __name__ == "__main__":
    main(sys.argv[1:])
