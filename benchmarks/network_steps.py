"""The benchmark's steps for issue 20, from process start on a built project (``step.py`` runs them).

    python benchmarks/step.py path ROOT OUT       aizones path between random pairs of entities
    python benchmarks/step.py network ROOT OUT    aizones network -o DIR, once

Pairs are drawn with a fixed seed from the entities the projection draws (``StoreLinks.kind``), so
every run times the same pairs; each pair is timed as a user meets it, ``aizones path <A> <B>``
from process start, median of three.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAIRS = 5


def _entities(root: Path, out: Path) -> list[str]:
    from aizones.connections.store_links import StoreLinks
    from aizones.publishing.reopen import load_built

    dataset = load_built(root, out)
    assert dataset is not None, "build first"
    links = StoreLinks(dataset)
    typed = dataset.store.query("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s a ?c } FILTER(isIRI(?s)) } ORDER BY ?s")
    return [row[0].value for row in typed if links.kind(row[0].value)]


def _timed(command: list[str], cwd: Path, repeats: int = 3) -> tuple[float, float, str]:
    """Median seconds from process start, the largest peak memory in MB, and the last run's first line."""
    times, peaks, first = [], [], ""
    for _ in range(repeats):
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip().splitlines()[-3:]}")
        peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
        first = (done.stdout.splitlines() or [""])[0]
    return statistics.median(times), max(peaks), first


def _compiled() -> None:
    """Bytecode first, as ``step.cold`` does: this machine sets PYTHONDONTWRITEBYTECODE=1, so every
    start would otherwise compile the modules again."""
    import compileall

    import aizones

    compileall.compile_dir(str(Path(aizones.__file__).parent), quiet=1)


def path(root: Path, out: Path) -> dict:
    _compiled()
    entities = _entities(root, out)
    chooser = random.Random(1)
    runs = []
    for _ in range(PAIRS):
        start, end = chooser.sample(entities, 2)
        seconds, peak, first = _timed([sys.executable, "-m", "aizones", "path", f"<{start}>", f"<{end}>", "--out", str(out)], root)
        runs.append({"start": start, "end": end, "s": round(seconds, 3), "peak_mb": round(peak), "answer": first[:200]})
    return {
        "entities": len(entities),
        "pairs": runs,
        "median_s": statistics.median(r["s"] for r in runs),
        "max_s": max(r["s"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
    }


def network(root: Path, out: Path) -> dict:
    _compiled()
    with tempfile.TemporaryDirectory(prefix="aizones-network-") as scratch:
        target = Path(scratch) / "report"
        seconds, peak, _ = _timed([sys.executable, "-m", "aizones", "network", "--out", str(out), "-o", str(target)], root, repeats=1)
    return {"s": round(seconds, 3), "peak_mb": round(peak)}
