"""The benchmark behind ``make bench``: the whole pipeline at 10k, 100k and 1M triples.

For each size it writes a synthetic project (``aizones synth``) beside a copy of the real graph
and saved queries, then measures, each in a fresh process: the build and each of its stages
(median of 3, with peak memory), every saved query on the built dataset against the same query on
a bare pyoxigraph store (median of 5), every export format, and the plain-library path (rdflib
parsing, pySHACL, owlrl, rdflib's Turtle writer and rdflib's SPARQL) where it finishes in
reasonable time. It ends with start-up times and the serve section (``benchmarks/serve_bench.py``: ``aizones serve``
against the Oxigraph server, side by side) and writes ``benchmarks/results.md``.

    python benchmarks/run.py [--skip-1m] [--with-10m] [--only 1M] [--plain-max 100000] [--out benchmarks/results.md]

From 100k up it also times, from process start, each saved query with ``aizones query`` against the
Oxigraph CLI on its own store of the same quads, and each export with ``aizones export``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STEP = REPO / "benchmarks" / "step.py"
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "10M": 10_000_000}
BASELINE = REPO / "benchmarks" / "baseline-2026-11-21.json"  # the figures before issue 14, the "today" its targets name
PLAIN_TIMEOUT = 180  # the plain path is stopped here and reported as "> 180 s"


def step(*args: str, timeout: float = 3600) -> dict | None:
    try:
        done = subprocess.run([sys.executable, str(STEP), *args], capture_output=True, text=True, timeout=timeout, cwd=REPO)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def project(size: int, folder: Path) -> Path:
    root = folder / f"bench-{size}"
    subprocess.run(
        [sys.executable, "-m", "aizones", "synth", "--triples", str(size), "--seed", "1", "-o", str(root)],
        check=True,
        cwd=REPO,
        capture_output=True,
    )
    for name in ("graph", "queries"):
        shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    return root


def measure(label: str, size: int, folder: Path, plain_max: int) -> dict:
    print(f"[{label}] writing a synthetic project of {size} triples", file=sys.stderr, flush=True)
    root = project(size, folder)
    out = root / "dist"
    builds = []
    repeats = 1 if size > 1_000_000 else 3  # a 10M build takes minutes: one is measured
    for attempt in range(repeats):
        print(f"[{label}] build {attempt + 1}/{repeats}", file=sys.stderr, flush=True)
        builds.append(step("build", str(root), str(out)))
    good = [b for b in builds if b and "error" not in b]
    result: dict = {"size": size}
    if good:
        result["build"] = {
            "total": statistics.median(b["total"] for b in good),
            "peak_mb": max(b["peak_mb"] for b in good),
            "children_peak_mb": max(b.get("children_peak_mb", 0) for b in good),
            "tree_peak_mb": max(b.get("tree_peak_mb", 0) for b in good),
            "stages": {stage: statistics.median(b["stages"].get(stage, 0) for b in good) for stage in good[0]["stages"]},
            "overlapping": {
                name: statistics.median(b.get("overlapping", {}).get(name, 0) for b in good) for name in good[0].get("overlapping", {})
            },
            "triples": good[0]["triples"],
        }
    else:
        result["build"] = {"error": builds}
        return result
    with_rdflib = size <= plain_max
    print(f"[{label}] saved queries", file=sys.stderr, flush=True)
    big = size > 1_000_000  # at ten million only what a user meets: each command once, from process start
    if not big:
        result["queries"] = step("queries", str(root), str(out), "rdflib" if with_rdflib else "-", timeout=3600)
    if size <= plain_max:
        result["exports"] = step("exports", str(root), str(out))
    if size >= 100_000:
        print(f"[{label}] from process start: saved queries against the Oxigraph CLI, exports", file=sys.stderr, flush=True)
        result["cold"] = step("cold", str(root), str(out), "1" if big else "3", timeout=7200)
    if size in (100_000, 1_000_000):
        print(f"[{label}] aizones path between random entities", file=sys.stderr, flush=True)
        result["path"] = step("path", str(root), str(out), timeout=1800)
    if size in (100_000, 1_000_000):
        print(f"[{label}] aizones push beside each store's bulk loader", file=sys.stderr, flush=True)
        result["push"] = step("push", str(root), str(out), timeout=3600)
    if size == 100_000:
        print(f"[{label}] aizones network", file=sys.stderr, flush=True)
        result["network"] = step("network", str(root), str(out), timeout=1800)
    if with_rdflib:
        for task in ("parse", "pyshacl", "owlrl", "turtle"):
            print(f"[{label}] plain path: {task}", file=sys.stderr, flush=True)
            result.setdefault("plain", {})[task] = step("plain", str(root), task, timeout=PLAIN_TIMEOUT)
    shutil.rmtree(root, ignore_errors=True)
    return result


PAGE_TRIPLES = 58_000  # a synthetic project whose projection has about 5,000 nodes


def measure_page() -> dict | None:
    """The graph page of about 5,000 nodes: how long it takes to write and to draw first in Chromium."""
    with tempfile.TemporaryDirectory(prefix="aizones-page-") as folder:
        root = Path(folder) / "page"
        subprocess.run(
            [sys.executable, "-m", "aizones", "synth", "--triples", str(PAGE_TRIPLES), "-o", str(root)],
            check=True,
            cwd=REPO,
            capture_output=True,
        )
        return step("page", str(root), timeout=900)


def serve_section() -> dict | None:
    """``benchmarks/serve_bench.py`` in a process of its own: the servers side by side."""
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "serve_bench.py")], capture_output=True, text=True, cwd=REPO, timeout=3600
    )
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def versions() -> str:
    names = ("pyoxigraph", "rdflib", "pyshacl", "owlrl", "owlready2", "networkx", "matplotlib")
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor(),
    )
    memory = next(
        (int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0
    )
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def _baseline() -> dict:
    return json.loads(BASELINE.read_text())["runs"] if BASELINE.exists() else {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-1m", action="store_true", help="leave out the 1M-triple run (and the 10M one)")
    parser.add_argument("--with-10m", action="store_true", help="also build and query ten million triples (about 15 minutes more)")
    parser.add_argument("--only", choices=list(SIZES), action="append", help="run only these sizes (repeatable)")
    parser.add_argument("--plain-max", type=int, default=100_000, help="largest size at which the plain-library path is run")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results.md")
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results.json")
    parser.add_argument("--report-only", action="store_true", help="rewrite the table from the last results.json")
    parser.add_argument("--merge", action="store_true", help="keep the sizes of the last results.json that this run leaves out")
    args = parser.parse_args()
    if args.report_only:
        from report import write_report

        saved = json.loads(args.json.read_text())
        args.out.write_text(write_report(saved["header"], saved["runs"], _baseline()))
        return
    runs = json.loads(args.json.read_text())["runs"] if args.merge and args.json.exists() else {}
    with tempfile.TemporaryDirectory(prefix="aizones-bench-") as folder:
        for label, size in SIZES.items():
            if (
                (label in ("1M", "10M") and args.skip_1m)
                or (label == "10M" and not args.with_10m)
                or (args.only and label not in args.only)
            ):
                continue
            runs[label] = measure(label, size, Path(folder), args.plain_max)
    subprocess.run([sys.executable, "-m", "aizones", "build", "-q"], cwd=REPO, check=True, capture_output=True)
    runs["startup"] = step("startup", str(REPO))
    runs["page"] = measure_page()
    print("[serve] aizones serve against the Oxigraph server", file=sys.stderr, flush=True)
    runs["serve"] = serve_section()
    from report import write_report

    header = {"date": datetime.date.today().isoformat(), "machine": machine(), "versions": versions()}
    args.json.write_text(json.dumps({"header": header, "runs": runs}, indent=2) + "\n")
    args.out.write_text(write_report(header, runs, _baseline()))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
