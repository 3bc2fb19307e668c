"""One measured step of the benchmark, run in a fresh process so that time and peak memory are its own.

    python benchmarks/step.py build ROOT OUT        the whole fast build, with the time of each stage
    python benchmarks/step.py queries ROOT OUT      every saved query: aizones, bare pyoxigraph, (rdflib)
    python benchmarks/step.py exports ROOT OUT      every export format from the built dataset
    python benchmarks/step.py plain ROOT TASK       the plain-library path: parse, pyshacl, owlrl, turtle
    python benchmarks/step.py startup ROOT          aizones --help and aizones query NAME, from process start
    python benchmarks/step.py page ROOT             the graph page of ROOT: written, then first drawn in Chromium

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


def build(root: Path, out: Path) -> dict:
    from aizones.drawing import pictures
    from aizones.ontodoc import page
    from aizones.pipeline import build as run_build

    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    # what `aizones build` does: the RDF files, then the ontology pages and the pictures
    summary = run_build(
        root,
        out,
        step=lambda message: marks.append((message.split()[0], time.perf_counter())),
        extra_outputs=[page.add_to_build, pictures.add_to_build],
    )
    end = time.perf_counter()
    marks.append(("end", end))
    stages = {name: round(marks[i + 1][1] - t, 3) for i, (name, t) in enumerate(marks[:-1])}
    return {
        "total": round(end - start, 3),
        "stages": stages,
        "peak_mb": round(peak_mb()),
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


def queries(root: Path, out: Path, with_rdflib: bool) -> dict:
    import pyoxigraph as ox

    from aizones.core.namespaces import PREFIXES
    from aizones.core.sparql import with_values
    from aizones.publishing.reopen import load_built
    from aizones.querying import saved

    dataset = load_built(root, out)
    assert dataset is not None, "build first"
    bare = ox.Store()
    bare.load(path=str(out / "aizones.nq"), format=ox.RdfFormat.N_QUADS)
    results = {}
    rdflib_dataset = _rdflib_dataset(out) if with_rdflib else None
    for query in saved.catalogue(root / "queries"):
        substitutions = saved.bind(dataset, query, {})
        # the bare store runs the very text aizones runs: the parameters as a VALUES row
        text = with_values(query.file.text, substitutions) or query.file.text
        ours, rows = _median_time(lambda q=query: sum(1 for _ in saved.run(dataset, q, {})))
        plain, _ = _median_time(lambda t=text: sum(1 for _ in bare.query(t, prefixes=PREFIXES, use_default_graph_as_union=True)))
        entry = {"aizones_s": round(ours, 5), "pyoxigraph_s": round(plain, 5), "rows": rows}
        if rdflib_dataset is not None:
            entry["rdflib_s"] = _rdflib_query(rdflib_dataset, query.file.text, substitutions)
        results[query.name] = entry
    return {"queries": results, "peak_mb": round(peak_mb())}


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
        result = queries(root, Path(argv[2]), with_rdflib=len(argv) > 3 and argv[3] == "rdflib")
    elif command == "exports":
        result = exports(root, Path(argv[2]))
    elif command == "plain":
        result = plain(root, argv[2])
    elif command == "startup":
        result = startup(root)
    elif command == "page":
        result = page(root)
    else:
        raise SystemExit(f"unknown step {command}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
