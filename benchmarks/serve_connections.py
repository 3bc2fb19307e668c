"""The path page's latency on a release: ``/connections`` between random pairs of entities, first made, then from the cache.

    python benchmarks/serve_connections.py [PROJECT] [--pairs N] [--seed S]

Starts the server (uvicorn, 127.0.0.1, a free port) over PROJECT's ``dist/`` (the repository's by
default), picks ``--pairs`` pairs of entities of the network (seeded), and requests the path page
of each once (made: names looked up, paths searched in a query worker, the diagram drawn by the
chart worker, the template) and once more (the page cache), one request at a time; then
``/network`` twice. Prints p50, p99 and the slowest of each. The first request of the process
(which starts the workers and loads the path search) is timed apart. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path
from urllib.parse import urlencode

from aizones.connections.store_links import StoreLinks
from aizones.core.names import compact
from aizones.pipeline import open_dataset
from aizones.serving.app import create_app
from aizones.serving.context import Served
from benchmarks.serve_pages import entities, percentile, timed
from tests.support.server import running


def pairs(served: Served, count: int, seed: int) -> list[tuple[str, str]]:
    links, chooser = StoreLinks(served.dataset), random.Random(seed)
    named = entities(served)
    nodes: list[str] = []
    while len(nodes) < 2 * count:
        iri = chooser.choice(named)
        if links.kind(iri):  # a node of the network, not a document or a figure
            nodes.append(iri)
    return list(zip(nodes[::2], nodes[1::2], strict=True))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--pairs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    root = Path(args.project)
    served = Served(root=root, out=root / "dist", dataset=open_dataset(root, root / "dist"), queries=root / "queries")
    asked = ["/connections?" + urlencode({"from": compact(a), "to": compact(b)}) for a, b in pairs(served, args.pairs + 1, args.seed)]
    with running(create_app(served)) as base:
        print(f"first request of the process (workers started, not counted): {timed(base + asked.pop(0)):.0f} ms")
        first = [timed(base + page) for page in asked]
        again = [timed(base + page) for page in asked]
        network = [timed(base + "/network") for _ in range(2)]
    for name, values in (("path page, made", first), ("path page, cached", again)):
        print(
            f"{name:20} {len(values):4} requests  p50 {statistics.median(values):7.1f} ms  "
            f"p99 {percentile(values, 0.99):7.1f} ms  max {max(values):7.1f} ms"
        )
    print(f"/network: made {network[0]:.1f} ms, cached {network[1]:.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
