"""The W3C SHACL test suite: read its manifests, run an engine on each test, compare the reports.

A test passes when the engine's report matches the expected one the way the suite specifies:
the same ``sh:conforms`` and the same results, each compared by focus node, path, value,
severity, constraint component and source shape (when the shape is an IRI; the labels of
blank-node shapes are arbitrary). Messages are not compared. A test whose expected result is
``sht:Failure`` passes when the engine refuses the shapes with an error.

Used by ``tests/conformance/test_conformance_shacl.py`` and ``tests/conformance/update_shacl_conformance.py``.
"""

from __future__ import annotations

import functools
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from aizones.core.namespaces import RDF, SH
from aizones.validation.shacl.engines import run_shacl
from aizones.validation.shacl.results import ShaclResult, read_report

SUITE = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "w3c-shacl-tests"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
DATA_GRAPH, SHAPES_GRAPH = ox.NamedNode("urn:aizones:test:data"), ox.NamedNode("urn:aizones:test:shapes")


@dataclass(frozen=True)
class SuiteTest:
    name: str  # folder/file#entry, e.g. core/node/minInclusive-001
    folder: str  # core/node
    data: Path
    shapes: Path
    expected: tuple | None  # (conforms, sorted result keys), or None when an error is expected


@dataclass(frozen=True)
class Outcome:
    test: SuiteTest
    passed: bool
    detail: str
    seconds: float


@functools.cache
def _read(path: Path) -> tuple[ox.Quad, ...]:
    # Parsed once: anonymous blank nodes get new labels at each parse, and the expected report
    # must name the same nodes as the data graph.
    return tuple(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()))


def _iri(node: ox.NamedNode) -> Path:
    return Path(node.value.removeprefix("file://"))


def load_suite(root: Path = SUITE) -> list[SuiteTest]:
    """Every ``sht:Validate`` test reachable from the top manifests, in a stable order."""
    tests: list[SuiteTest] = []
    seen: set[Path] = set()

    def visit(manifest: Path) -> None:
        if manifest in seen:
            return
        seen.add(manifest)
        store = ox.Store()
        store.extend(_read(manifest))
        for row in store.query(f"SELECT ?inc WHERE {{ ?m <{MF}include> ?inc }}"):
            visit(_iri(row["inc"]))
        query = f"""SELECT ?entry ?data ?shapes ?result WHERE {{
            ?m <{MF}entries>/<{RDF.rest}>*/<{RDF.first}> ?entry . ?entry a <{SHT}Validate> ;
               <{MF}action> ?action ; <{MF}result> ?result .
            ?action <{SHT}dataGraph> ?data ; <{SHT}shapesGraph> ?shapes }}"""
        for row in store.query(query):
            name = Path(row["entry"].value.removeprefix("file://")).relative_to(root).as_posix()
            expected = None if row["result"] == ox.NamedNode(SHT + "Failure") else _expected(store, row["result"])
            tests.append(SuiteTest(name, name.rsplit("/", 1)[0], _iri(row["data"]), _iri(row["shapes"]), expected))

    for top in ("core", "sparql"):
        if (root / top / "manifest.ttl").is_file():
            visit(root / top / "manifest.ttl")
    return sorted(tests, key=lambda t: t.name)


def _expected(store: ox.Store, report: ox.BlankNode) -> tuple:
    """The expected report, its results keyed like the engines' results."""
    conforms = next(store.quads_for_pattern(report, ox.NamedNode(SH.conforms), None, None)).object.value == "true"
    return conforms, result_keys(read_report(store, report))


def result_keys(results: list[ShaclResult]) -> tuple:
    return tuple(sorted(Counter(r.key() for r in results).items(), key=repr))


def run_test(test: SuiteTest, engine: str) -> Outcome:
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object, DATA_GRAPH) for q in _read(test.data))
    store.extend(ox.Quad(q.subject, q.predicate, q.object, SHAPES_GRAPH) for q in _read(test.shapes))
    started = time.perf_counter()
    try:
        results = run_shacl(engine, store, [DATA_GRAPH], [SHAPES_GRAPH])
    except Exception as error:  # an engine refusing the shapes is an outcome, not a crash of the harness
        seconds = time.perf_counter() - started
        if test.expected is None:
            return Outcome(test, True, "refused, as expected", seconds)
        return Outcome(test, False, f"error: {type(error).__name__}: {str(error)[:300]}", seconds)
    seconds = time.perf_counter() - started
    if test.expected is None:
        return Outcome(test, False, "no error, but the test expects the shapes to be refused", seconds)
    got = (not results, result_keys(results))
    if got == test.expected:
        return Outcome(test, True, "", seconds)
    missing = Counter(dict(test.expected[1])) - Counter(dict(got[1]))
    extra = Counter(dict(got[1])) - Counter(dict(test.expected[1]))
    return Outcome(
        test, False, f"conforms {got[0]} (expected {test.expected[0]}); missing {list(missing)}; unexpected {list(extra)}", seconds
    )
