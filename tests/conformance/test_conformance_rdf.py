"""The W3C RDF 1.1 syntax suites, run through the input gate, format by format.

Every negative syntax test must be refused, every positive syntax test and every evaluation
test's input accepted, and each evaluation test must give exactly the expected graph. The counts
are written into ``docs/reliability.md``; this test checks the numbers there. After a change of
the suite or the gate, rewrite them with::

    .venv/bin/python tests/conformance/test_conformance_rdf.py --update

The suites live in ``../shared/conformance/w3c-rdf-tests/`` beside the repository; where that
folder is absent (a clone outside this workplace) the tests skip and say so. JSON-LD has no suite
there, so ``tests/reading/test_gate.py`` covers its cases one by one.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

REPO = Path(__file__).resolve().parents[2]
SUITES = REPO.parent / "shared" / "conformance" / "w3c-rdf-tests"
DOC = REPO / "docs" / "reliability.md"
FOLDERS = {"rdf-turtle": "turtle", "rdf-trig": "trig", "rdf-n-triples": "nt", "rdf-n-quads": "nq", "rdf-xml": "xml"}
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
BEGIN, END = "<!-- w3c-counts:begin -->", "<!-- w3c-counts:end -->"

# Evaluation tests whose input the gate accepts but whose graph differs from the expected one, and
# why. Oxigraph writes an rdf:parseType="Literal" value with the namespace declarations in scope
# (``<br xmlns:rdf="…" xmlns:eg="…"></br>``) where the test expects exclusive XML canonical form
# (``<br></br>``): the same XML, a different lexical form. No file of this project uses XML literals.
KNOWN_DIFFERENCES = {
    "rdf-xml": {
        "xml-canon-test001": "a different graph than the expected result",
        "xml-canon-test002": "a different graph than the expected result",
    }
}

needs_suites = pytest.mark.skipif(
    not SUITES.is_dir(), reason=f"the W3C suites are not here ({SUITES} is absent: a clone outside the workplace)"
)


@dataclass(frozen=True)
class Case:
    folder: str
    name: str
    kind: str  # positive, negative, eval
    action: Path
    result: Path | None
    base: str

    @property
    def iri(self) -> str:
        """Where the test file lives on the web: its base IRI (RDF/XML tests sit in sub-folders)."""
        return self.base + self.action.resolve().relative_to((SUITES / self.folder).resolve()).as_posix()


def cases(folder: str) -> list[Case]:
    """The entries of one manifest, in its order (entries commented out there are not run)."""
    where = SUITES / folder
    manifest_iri = where.resolve().as_uri() + "/manifest.ttl"
    store = ox.Store()
    store.load(path=str(where / "manifest.ttl"), format=ox.RdfFormat.TURTLE, base_iri=manifest_iri)

    def value(subject, predicate):
        found = next(store.quads_for_pattern(subject, ox.NamedNode(predicate), None), None)
        return found.object if found else None

    test_base = value(ox.NamedNode(manifest_iri), MF + "assumedTestBase")
    base = test_base.value if test_base else f"https://w3c.github.io/rdf-tests/rdf/rdf11/{folder}/"
    found, node = [], value(ox.NamedNode(manifest_iri), MF + "entries")
    while node != ox.NamedNode(RDF + "nil"):
        entry = value(node, RDF + "first")
        kind = value(entry, RDF + "type").value
        kind = "negative" if "Negative" in kind else "positive" if "Positive" in kind else "eval"
        action = Path(value(entry, MF + "action").value.removeprefix("file://"))
        result = value(entry, MF + "result")
        found.append(
            Case(
                folder, value(entry, MF + "name").value, kind, action, Path(result.value.removeprefix("file://")) if result else None, base
            )
        )
        node = value(node, RDF + "rest")
    return found


def outcome(case: Case) -> str:
    """``ok`` when the gate does what the test expects, else what went wrong."""
    from aizones.core.errors import InputError
    from aizones.publishing.writers import canonical_nquads
    from aizones.reading import parser

    syntax = parser.syntax_named(FOLDERS[case.folder])
    try:
        quads = parser.parse(case.action.read_bytes(), syntax, shown_as=case.action.name, base_iri=case.iri, publishable=False)
    except InputError as error:
        return "ok" if case.kind == "negative" else f"refused: {error}"
    if case.kind == "negative":
        return "accepted a negative test"
    if case.kind == "eval" and case.result is not None:
        expected = list(ox.parse(path=str(case.result), format=ox.RdfFormat.N_QUADS if syntax.carries_graphs else ox.RdfFormat.N_TRIPLES))
        if canonical_nquads(quads) != canonical_nquads(expected):
            return "a different graph than the expected result"
    return "ok"


def publishable_refusals(case: Case) -> bool:
    """True when the project's rule "every term fits every export format" refuses a valid test file."""
    from aizones.core.errors import InputError
    from aizones.reading import parser

    if case.kind == "negative":
        return False
    try:
        parser.parse(case.action.read_bytes(), parser.syntax_named(FOLDERS[case.folder]), shown_as="x", base_iri=case.iri)
    except InputError:
        return True
    return False


def counts_table() -> str:
    rows = [
        "| format | negative syntax tests refused | positive syntax tests accepted | evaluation inputs accepted"
        " | evaluation tests giving the expected graph | valid files the export rule refuses |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for folder, name in FOLDERS.items():
        total, passed, policy = Counter(), Counter(), 0
        for case in cases(folder):
            result = outcome(case)
            total[case.kind] += 1
            passed[case.kind] += result == "ok"
            if case.kind == "eval":
                total["eval input"] += 1
                passed["eval input"] += not result.startswith("refused")
            policy += publishable_refusals(case)
        cells = [f"{passed[kind]} / {total[kind]}" if total[kind] else "—" for kind in ("negative", "positive", "eval input", "eval")]
        rows.append(f"| {name} ({folder}) | {' | '.join(cells)} | {policy} |")
    return "\n".join(rows)


@needs_suites
@pytest.mark.parametrize("folder", list(FOLDERS))
def test_every_w3c_syntax_test_passes_through_the_gate(folder):
    found = cases(folder)
    assert len(found) > 50
    failures = {case.name: result for case in found if (result := outcome(case)) != "ok"}
    assert failures == KNOWN_DIFFERENCES.get(folder, {}), "\n".join(f"{name}: {result}" for name, result in failures.items())


@needs_suites
def test_the_counts_in_docs_reliability_are_the_measured_ones():
    text = DOC.read_text(encoding="utf-8")
    match = re.search(re.escape(BEGIN) + r"\n(.*?)\n" + re.escape(END), text, re.DOTALL)
    assert match, f"{DOC} has no {BEGIN} … {END} block"
    assert match.group(1) == counts_table(), (
        "the W3C counts changed: run .venv/bin/python tests/conformance/test_conformance_rdf.py --update"
    )


def update_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    DOC.write_text(text[:start] + "\n" + counts_table() + "\n" + text[end:], encoding="utf-8")
    print(f"wrote the W3C counts into {DOC}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/conformance/test_conformance_rdf.py --update")
    if not SUITES.is_dir():
        sys.exit(f"{SUITES} is absent: nothing to count")
    sys.path.insert(0, str(REPO / "src"))
    update_doc()


def test_every_test_named_in_docs_reliability_exists():
    """The table names its tests as ``module::name_prefix…``: each must be a real test."""
    named = re.findall(r"\b([a-z_]+)::([a-z0-9_]+)", DOC.read_text(encoding="utf-8"))
    assert len(named) > 40
    missing = []
    for module, prefix in named:
        source = next((REPO / "tests").rglob(f"test_{module}.py"), REPO / "tests" / f"test_{module}.py")
        if prefix == "*":
            continue
        if not source.is_file() or not re.search(rf"^def test_{re.escape(prefix)}", source.read_text(encoding="utf-8"), re.MULTILINE):
            missing.append(f"{module}::{prefix}")
    assert not missing, f"docs/reliability.md names tests that do not exist: {missing}"
