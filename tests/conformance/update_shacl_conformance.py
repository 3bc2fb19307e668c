"""Regenerate ``docs/shacl-conformance.md``: both SHACL engines over the W3C SHACL test suite.

Run ``.venv/bin/python tests/conformance/update_shacl_conformance.py`` after changing an engine;
``tests/conformance/test_conformance_shacl.py`` fails while the page and the engines disagree.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for tests.conformance

from tests.conformance.shacl_suite import SUITE, Outcome, load_suite, run_test

DOC = Path(__file__).resolve().parents[2] / "docs" / "shacl-conformance.md"
ENGINES = ("fast", "pyshacl")

# Why a test fails, for each failure we understand; a new failure shows up without one.
REASONS = {
    "core/property/uniqueLang-002": (
        'The shape says `sh:uniqueLang "1"^^xsd:boolean`, which the test expects to be ignored (only `true` activates it). '
        "Oxigraph's store writes booleans in canonical form, so the engines read `true` and apply the constraint. "
        "Every aizones graph goes through that store, so both engines fail it the same way."
    ),
    "sparql/pre-binding/shapesGraph-001": (
        "Uses `$shapesGraph` (a SHACL-SPARQL feature the recommendation marks optional): neither engine lets a "
        "query see the shapes graph; both refuse the query with an error."
    ),
    "sparql/node/prefixes-001": (
        "The prefixes are declared on an ontology that the `sh:prefixes` node `owl:imports`. "
        "pySHACL does not follow that import (it reports `Unknown namespace prefix`); the fast engine does, inside the shapes graph only."
    ),
}


def run_suite() -> dict[str, list[Outcome]]:
    tests = load_suite()
    return {engine: [run_test(test, engine) for test in tests] for engine in ENGINES}


def render(outcomes: dict[str, list[Outcome]]) -> str:
    tests = [o.test for o in outcomes[ENGINES[0]]]
    folders = sorted({t.folder for t in tests})
    totals = Counter(t.folder for t in tests)
    passed = {engine: Counter(o.test.folder for o in found if o.passed) for engine, found in outcomes.items()}
    lines = [
        "# SHACL conformance: the W3C SHACL test suite",
        "",
        "How many tests of the W3C SHACL test suite (`../shared/conformance/w3c-shacl-tests/`, from the",
        "w3c/data-shapes repository) each validation engine of aizones passes. `fast` is the default engine",
        "(the shapes compiled into SPARQL and evaluated by Oxigraph, `src/aizones/validation/shacl/fast.py`); `pyshacl` is",
        "the reference, run on rdflib copies of the same graphs.",
        "",
        "Each `sht:Validate` test is run the way aizones validates: the data graph and the shapes graph are",
        "read into an Oxigraph store, and the engine's results are compared with the expected report as the",
        "suite specifies: the same `sh:conforms`, and the same results, each compared by focus node, result",
        "path, value, severity, constraint component and source shape (when the shape has an IRI; blank-node",
        "labels are arbitrary). Messages are not compared. A test expecting `sht:Failure` passes when the",
        "engine refuses the shapes with an error.",
        "",
        "| folder | tests | fast | pyshacl |",
        "|---|---:|---:|---:|",
    ]
    for folder in folders:
        lines.append(f"| {folder} | {totals[folder]} | {passed['fast'][folder]} | {passed['pyshacl'][folder]} |")
    lines.append(f"| **all** | **{len(tests)}** | **{sum(passed['fast'].values())}** | **{sum(passed['pyshacl'].values())}** |")
    lines += ["", "## Tests an engine fails", ""]
    failing = sorted({o.test.name for found in outcomes.values() for o in found if not o.passed})
    if not failing:
        lines.append("None.")
    for name in failing:
        engines = [engine for engine, found in outcomes.items() if any(o.test.name == name and not o.passed for o in found)]
        lines.append(f"- `{name}` ({' and '.join(engines)}): {REASONS.get(name, 'no explanation recorded yet.')}")
    lines += [
        "",
        "## What the store does to literals",
        "",
        'Oxigraph\'s store keeps typed literals in canonical form: `"007"^^xsd:integer` becomes `"7"`,',
        '`12500000000.0` becomes `"12500000000"^^xsd:decimal`, `"1"^^xsd:boolean` becomes `"true"`,',
        "and the integer types derived from `xsd:integer` (`xsd:byte`, `xsd:nonNegativeInteger`, ...) become",
        "`xsd:integer`. The expected reports go through the same store, so `core/property/datatype-ill-formed`",
        "compares canonical values on both sides. For aizones data this means a shape asking for `sh:datatype",
        "xsd:byte` (or another derived integer type) cannot be met; the shapes use `xsd:string`, `xsd:decimal`,",
        "`xsd:integer`, `xsd:anyURI` and the date types, whose datatypes the store keeps.",
        "",
        "## What the fast engine refuses",
        "",
        "Where the fast engine cannot give the recommendation's answer it stops with an error naming the",
        "shape (exit code 2, `--engine pyshacl` as the way out) rather than guess:",
        "",
        "- a shape that refers to itself through `sh:node`, `sh:not`, `sh:and`, `sh:or`, `sh:xone` or",
        "  `sh:qualifiedValueShape` (recursive shapes; the recommendation leaves them undefined);",
        "- `sh:sparql` or a SPARQL-based constraint component inside a shape used by another shape;",
        "- a blank node as a target (`sh:targetNode`) or as a constraint value (`sh:in`, `sh:hasValue`);",
        "- `$shapesGraph` in a SPARQL constraint (pySHACL refuses it too).",
        "",
        "Regenerate this page with `.venv/bin/python tests/conformance/update_shacl_conformance.py`;",
        "`tests/conformance/test_conformance_shacl.py` checks that it is current.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    if not SUITE.is_dir():
        print(f"the W3C SHACL test suite is not at {SUITE}", file=sys.stderr)
        return 2
    DOC.write_text(render(run_suite()), encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
