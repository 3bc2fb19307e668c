"""One measured step of the benchmark, run in a fresh process so that time and peak memory are its own.

    python benchmarks/step.py build ROOT OUT        the whole fast build, with the time of each stage
    python benchmarks/step.py queries ROOT OUT      every saved query: aizones, bare pyoxigraph, (rdflib)
    python benchmarks/step.py exports ROOT OUT      every export format from the built dataset, in this process
    python benchmarks/step.py cold ROOT OUT         from process start: each saved query against the Oxigraph CLI, each export
    python benchmarks/step.py plain ROOT TASK       the plain-library path: parse, pyshacl, owlrl, turtle
    python benchmarks/step.py startup ROOT          aizones --help and aizones query NAME, from process start
    python benchmarks/step.py page ROOT             the graph page of ROOT: written, then first drawn in Chromium
    python benchmarks/step.py path ROOT OUT         aizones path between random entities, from process start
    python benchmarks/step.py network ROOT OUT      aizones network, from process start (network_steps.py)
    python benchmarks/step.py push ROOT OUT         aizones push beside oxigraph load and Virtuoso's ld_dir (push_steps.py)

Prints one JSON object on stdout.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPEATS = 5


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TreeMemory:
    """The peak memory of this process and all its descendants together, sampled every 0.2 s: the
    proportional set size (PSS) of each, so pages a forked child shares with its parent count once."""

    def __init__(self) -> None:
        import threading

        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import os

        me = os.getpid()
        while not self._stop.wait(0.2):
            parents: dict[int, int] = {}
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    except OSError:
                        continue
                    parents[int(entry.name)] = int(fields[1])
            tree = {me}
            grown = True
            while grown:
                grown = False
                for pid, parent in parents.items():
                    if parent in tree and pid not in tree:
                        tree.add(pid)
                        grown = True
            total = 0
            for pid in tree:
                try:
                    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                        if line.startswith("Pss:"):
                            total += int(line.split()[1])
                            break
                except OSError:
                    continue
            self.peak_mb = max(self.peak_mb, total / 1024)


def build(root: Path, out: Path) -> dict:
    from aizones.drawing import pictures
    from aizones.ontodoc import page
    from aizones.pipeline import build as run_build

    marks: list[tuple[str, float]] = []
    memory = TreeMemory().__enter__()
    start = time.perf_counter()
    # what `aizones build` does: the RDF files, then the ontology pages and the pictures
    summary = run_build(
        root,
        out,
        step=lambda message: marks.append((message.split()[0], time.perf_counter())),
        extra_outputs=[page.add_to_build, pictures.add_to_build],
    )
    end = time.perf_counter()
    memory.__exit__()
    marks.append(("end", end))
    stages = {name: round(marks[i + 1][1] - t, 3) for i, (name, t) in enumerate(marks[:-1])}
    return {
        "total": round(end - start, 3),
        "stages": stages,
        "peak_mb": round(peak_mb()),
        "children_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "tree_peak_mb": round(memory.peak_mb),
        "overlapping": {name: round(seconds, 3) for name, seconds in summary.timings.items()},
        "triples": summary.asserted_triples,
        "inferred": summary.inferred_triples,
    }


def _median_time(run, repeats: int = REPEATS) -> tuple[float, int]:
    """Median of ``repeats`` runs; a run over a second is not repeated (the benchmark must end)."""
    times, rows = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - started)
        if times[-1] > 1.0:
            break
    return statistics.median(times), rows


def queries(root: Path, out: Path, with_rdflib: bool, in_memory: bool = True) -> dict:
    """Every saved query in this process: aizones on the build's on-disk store, bare pyoxigraph on the
    same store (opened read-only a second time) and on an in-memory store of the same quads."""
    import pyoxigraph as ox

    from aizones.core.namespaces import PREFIXES
    from aizones.core.sparql import with_values
    from aizones.publishing import release_store
    from aizones.publishing.reopen import load_built
    from aizones.querying import saved

    dataset = load_built(root, out)
    assert dataset is not None, "build first"
    bare = ox.Store.read_only(str(release_store.store_folder(out) / release_store.digest((out / "manifest.json").read_bytes())))
    memory = None
    if in_memory:
        memory = ox.Store()
        memory.bulk_load(path=str(out / "aizones.nq"), format=ox.RdfFormat.N_QUADS)
    results = {}
    rdflib_dataset = _rdflib_dataset(out) if with_rdflib else None
    for query in saved.catalogue(root / "queries"):
        substitutions = saved.bind(dataset, query, {})
        # the bare stores run the very text aizones runs: the parameters as a VALUES row
        text = with_values(query.file.text, substitutions) or query.file.text
        ours, rows = _median_time(lambda q=query: sum(1 for _ in saved.run(dataset, q, {})))
        # of which: resolving the parameters' default names (bare pyoxigraph is given them resolved)
        binding, _ = _median_time(lambda q=query: saved.bind(dataset, q, {}))
        # the store's default graph holds the merge of its named graphs (``core.merged_graph``): read as is
        plain, _ = _median_time(lambda t=text: sum(1 for _ in bare.query(t, prefixes=PREFIXES)))
        entry = {"aizones_s": round(ours, 5), "pyoxigraph_s": round(plain, 5), "bind_s": round(binding, 6), "rows": rows}
        if memory is not None:
            held, _ = _median_time(lambda t=text: sum(1 for _ in memory.query(t, prefixes=PREFIXES, use_default_graph_as_union=True)))
            entry["memory_s"] = round(held, 5)
        if rdflib_dataset is not None:
            entry["rdflib_s"] = _rdflib_query(rdflib_dataset, query.file.text, substitutions)
        results[query.name] = entry
    return {"queries": results, "peak_mb": round(peak_mb())}


COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COLD_REPEATS = 3


def _wall(command: list[str], cwd: Path, repeats: int = COLD_REPEATS) -> tuple[float, float]:
    """Median seconds of a command from process start, and its peak memory in MB (the largest run)."""
    times, peaks = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", *command], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip().splitlines()[-3:]}")
        peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
        if times[-1] > 5:
            break
    return statistics.median(times), max(peaks)


def _oxigraph_cli() -> str:
    import shutil

    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        raise SystemExit("the Oxigraph CLI is missing: pip install oxigraph (the test extras have it)")
    return found


def _as_installed() -> None:
    """Compile aizones' modules to bytecode first, as ``pip install`` leaves a package and as any run
    does where Python may write its cache: this machine sets PYTHONDONTWRITEBYTECODE=1, and the
    project is installed editable, so every start from here compiled all of its modules again
    (about 30 ms of each ``aizones query``)."""
    import compileall

    import aizones

    compileall.compile_dir(str(Path(aizones.__file__).parent), quiet=1)


def cold(root: Path, out: Path, repeats: int = COLD_REPEATS) -> dict:
    """From process start, as a user meets them: each saved query with ``aizones query NAME`` against
    the Oxigraph CLI on its own store of the same quads (``oxigraph load`` once, then ``oxigraph
    query`` of the very text aizones runs, prefixes and parameter values written in), a bare count,
    and each export with ``aizones export``."""
    import tempfile

    from aizones.core.namespaces import PREFIXES
    from aizones.core.sparql import with_values
    from aizones.publishing import release_store
    from aizones.publishing.reopen import load_built
    from aizones.querying import saved

    dataset = load_built(root, out)
    assert dataset is not None, "build first"
    _as_installed()
    cli = _oxigraph_cli()
    aizones = [sys.executable, "-m", "aizones"]
    header = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in sorted(PREFIXES.items()))
    result: dict = {"queries": {}, "exports": {}}
    with tempfile.TemporaryDirectory(prefix="aizones-cold-") as scratch:
        location = Path(scratch) / "oxigraph"
        started = time.perf_counter()
        subprocess.run([cli, "load", "--location", str(location), "--file", str(out / "aizones.nq")], check=True, capture_output=True)
        result["cli_load_s"] = round(time.perf_counter() - started, 3)

        def both(name: str, ours: list[str], text: str) -> dict:
            query_file = Path(scratch) / f"{name}.rq"
            query_file.write_text(header + text, encoding="utf-8")
            mine, mine_mb = _wall([*aizones, *ours], root, repeats)
            theirs, theirs_mb = _wall(
                [
                    cli,
                    "query",
                    "--location",
                    str(location),
                    "--query-file",
                    str(query_file),
                    "--results-format",
                    "csv",
                    "--union-default-graph",
                ],
                root,
                repeats,
            )
            return {"aizones_s": round(mine, 4), "aizones_mb": round(mine_mb), "cli_s": round(theirs, 4), "cli_mb": round(theirs_mb)}

        result["count"] = both("count", ["query", "-e", COUNT_QUERY, "--format", "csv"], COUNT_QUERY)
        # the floor of any Python program here: the interpreter started, pyoxigraph imported, the store opened
        store = release_store.store_folder(out) / release_store.digest((out / "manifest.json").read_bytes())
        opening = f"import pyoxigraph as ox; ox.Store.read_only({str(store)!r})"
        result["python_floor_s"] = round(_wall([sys.executable, "-c", opening], root, 5)[0], 4)
        for query in saved.catalogue(root / "queries"):
            text = with_values(query.file.text, saved.bind(dataset, query, {})) or query.file.text
            result["queries"][query.name] = both(query.name, ["query", query.name, "--format", "csv"], text)
        for name in ("turtle", "trig", "nt", "nq", "jsonld", "xml"):
            target = Path(scratch) / f"export.{name}"
            seconds, peak = _wall([*aizones, "export", "--format", name, "-o", str(target)], root, repeats=1)
            result["exports"][name] = {"seconds": round(seconds, 3), "peak_mb": round(peak)}
    return result


def _rdflib_dataset(out: Path):
    import rdflib

    data = rdflib.Dataset(default_union=True)
    data.parse(str(out / "aizones.nq"), format="nquads")
    return data


RDFLIB_QUERY_LIMIT = 10


class _TooSlow(Exception):
    pass


def _rdflib_query(data, text: str, substitutions) -> float | str:
    """Seconds rdflib takes for one query, or "> 60 s" (rdflib is pure Python, so an alarm stops it)."""
    import signal

    import rdflib

    from aizones.core.namespaces import PREFIXES

    def stop(_signum, _frame):
        raise _TooSlow

    bindings = {rdflib.Variable(v.value): _to_rdflib(t) for v, t in (substitutions or {}).items()}
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(RDFLIB_QUERY_LIMIT)
    started = time.perf_counter()
    try:
        list(data.query(text, initNs=PREFIXES, initBindings=bindings))
    except _TooSlow:
        return f"> {RDFLIB_QUERY_LIMIT} s"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return round(time.perf_counter() - started, 4)


def _to_rdflib(term):
    import pyoxigraph as ox
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value) if term.datatype else None)


def exports(root: Path, out: Path) -> dict:
    from aizones.core.formats import RDF_FORMATS
    from aizones.publishing.reopen import load_built
    from aizones.publishing.writers import export_dataset

    dataset = load_built(root, out)
    timings = {}
    for name, fmt in RDF_FORMATS.items():
        seconds, _ = _median_time(lambda f=fmt: len(export_dataset(dataset, f)), repeats=3)
        timings[name] = round(seconds, 3)
    return {"exports": timings, "peak_mb": round(peak_mb())}


def plain(root: Path, task: str) -> dict:
    """The plain-library path on the same files: what a user of rdflib, pySHACL and owlrl gets."""
    import rdflib

    files = sorted(p for folder in ("ontology", "graph") for p in (root / folder).rglob("*.ttl"))
    started = time.perf_counter()
    graph, shapes = rdflib.Graph(), rdflib.Graph()
    for path in files:
        (shapes if path.name.startswith("shapes") else graph).parse(path, format="turtle")
    parsed = time.perf_counter() - started
    result = {"parse_s": round(parsed, 3), "triples": len(graph)}
    started = time.perf_counter()
    if task == "pyshacl":
        import pyshacl

        pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    elif task == "owlrl":
        import owlrl

        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    elif task == "turtle":
        graph.serialize(format="turtle")
    if task != "parse":
        result[f"{task}_s"] = round(time.perf_counter() - started, 3)
    result["peak_mb"] = round(peak_mb())
    return result


def startup(root: Path) -> dict:
    _as_installed()

    def wall(*args: str) -> float:
        times = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "aizones", *args], cwd=root, capture_output=True, check=True)
            times.append(time.perf_counter() - started)
        return round(statistics.median(times), 3)

    return {"help_s": wall("--help"), "query_s": wall("query", "pilot-zones")}


def page(root: Path) -> dict:
    """Write the whole graph's page, then time its first drawing in Debian's Chromium (median of 3)."""
    from aizones.drawing.page import render_page
    from aizones.drawing.projection import project
    from aizones.reading.loader import load_dataset

    started = time.perf_counter()
    graph = project(load_dataset(root))
    html = render_page(graph, title="benchmark")
    written = time.perf_counter() - started
    target = root / "page.html"
    target.write_bytes(html if isinstance(html, bytes) else html.encode())
    result = {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "write_s": round(written, 3),
        "bytes": target.stat().st_size,
    }
    from aizones.drawing.page import CHROMIUM, CHROMIUM_ARGS

    chromium = Path(CHROMIUM)
    if not chromium.exists():
        return {**result, "draw_ms": None}
    from playwright.sync_api import sync_playwright

    draws = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(chromium), args=list(CHROMIUM_ARGS))
        for _ in range(3):
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.goto(target.as_uri())
            tab.wait_for_function("document.body.dataset.drawn !== undefined", timeout=120_000)
            draws.append(int(tab.evaluate("document.body.dataset.drawn")))
            tab.close()
        browser.close()
    return {**result, "draw_ms": statistics.median(draws)}


def main(argv: list[str]) -> None:
    command, root = argv[0], Path(argv[1])
    if command == "build":
        result = build(root, Path(argv[2]))
    elif command == "queries":
        result = queries(
            root, Path(argv[2]), with_rdflib=len(argv) > 3 and argv[3] == "rdflib", in_memory=not (len(argv) > 4 and argv[4] == "disk-only")
        )
    elif command == "exports":
        result = exports(root, Path(argv[2]))
    elif command == "cold":
        result = cold(root, Path(argv[2]), int(argv[3]) if len(argv) > 3 else COLD_REPEATS)
    elif command == "plain":
        result = plain(root, argv[2])
    elif command == "startup":
        result = startup(root)
    elif command == "page":
        result = page(root)
    elif command == "push":
        sys.path.insert(0, str(Path(__file__).parent))
        import push_steps  # beside this file, not a package

        result = push_steps.push(root, Path(argv[2]))
    elif command in ("path", "network"):
        sys.path.insert(0, str(Path(__file__).parent))
        import network_steps  # beside this file, not a package

        result = getattr(network_steps, command)(root, Path(argv[2]))
    else:
        raise SystemExit(f"unknown step {command}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
