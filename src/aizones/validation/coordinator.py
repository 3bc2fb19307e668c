"""Validate the asserted data: SHACL shapes and the SPARQL checks of ``queries/checks/``.

Validation sees the union of the asserted graphs, never the inferred one: OWL RL closure adds
transitive ``locatedIn`` links and inherited types that would break cardinalities and class checks
everywhere (see ``shared/design/MEASURED.md``). Two SHACL engines give the same results
(``aizones.validation.shacl.engines``): ``fast``, the default, evaluates the shapes as SPARQL on the Oxigraph store;
``pyshacl`` is the reference. Results of every validator become ``Finding`` rows.

Validation fails closed: a dataset with no shapes graph (``ontology/shapes.ttl`` removed, or left
without a single ``sh:NodeShape`` or ``sh:PropertyShape``), or whose shapes target nothing, is an
``InputError`` (exit 2) rather than "0 errors", unless the caller says validating without shapes is
meant (``no_shapes=True``, ``--no-shapes``), which leaves SHACL out and keeps the checks and HermiT.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from aizones.core.dataset import ROLE_DATA, ROLE_ONTOLOGY, ROLE_SHAPES, Dataset
from aizones.core.errors import InputError, UsageError
from aizones.core.limits import started
from aizones.core.namespaces import OWL, RDF, RDFS, SH
from aizones.core.policy import check_query
from aizones.validation.checks import run_checks
from aizones.validation.consistency import consistency_findings
from aizones.validation.findings import ERROR, SEVERITY_OF_SHACL, WARNING, Finding, at_or_above, finding, sort_findings
from aizones.validation.shacl import DEFAULT_ENGINE, ENGINES
from aizones.validation.shacl.engines import run_shacl
from aizones.validation.shacl.messages import message_of, rule_of
from aizones.validation.shacl.results import ShaclResult
from aizones.validation.shacl.shapes import ShapesError, ShapesGraph, path_text

__all__ = ["DEFAULT_ENGINE", "ENGINES", "ValidationResult", "guard_shapes", "require_shapes", "shacl_results", "validate"]

# What sh:declare may put into a query: an IRI (SPARQL's IRIREF, nothing that closes it) and a prefix (PN_PREFIX).
_WRITTEN_INTO_QUERIES = {
    SH.namespace: ("sh:namespace", "an IRI", re.compile(r'[^<>"{}|^`\\\x00-\x20]*')),
    SH.prefix: ("sh:prefix", "a prefix name", re.compile(r"(?:[^\W\d_](?:[\w.-]*[\w-])?)?")),
}


@dataclass
class ValidationResult:
    findings: list[Finding] = field(default_factory=list)

    def failing(self, fail_on: str = ERROR) -> list[Finding]:
        return at_or_above(self.findings, fail_on)

    @property
    def conforms(self) -> bool:
        return not self.failing(ERROR)


def validate(dataset: Dataset, *, engine: str = DEFAULT_ENGINE, checks: Path | None = None, no_shapes: bool = False) -> ValidationResult:
    """SHACL (the shapes files against the ontology and data files), the SPARQL checks, and OWL
    consistency (HermiT). Without shapes this raises ``InputError``, unless ``no_shapes`` (then
    SHACL is left out)."""
    return ValidationRun(dataset, engine=engine, checks=checks, no_shapes=no_shapes).result()


class ValidationRun:
    """Validation started in a child process (under --timeout / --memory) that sees the asserted
    graphs as they are when it starts, so the caller may go on meanwhile: the build reasons while
    its data is validated, and the inferred graph it adds is never what SHACL sees. ``result()``
    waits for SHACL and the checks, then runs the OWL consistency check (HermiT, its own child)."""

    def __init__(self, dataset: Dataset, *, engine: str = DEFAULT_ENGINE, checks: Path | None = None, no_shapes: bool = False) -> None:
        if not no_shapes:
            require_shapes(dataset)
        self._dataset, self._args = dataset, (dataset, engine, checks, no_shapes)
        self._pending = started("validation", _timed, *self._args)
        self.seconds: float | None = None  # how long SHACL and the checks took in the child
        self.done = False

    def result(self) -> ValidationResult:
        if self._pending is None:
            result, self.seconds = _timed(*self._args)
        else:
            with self._pending:
                result, self.seconds = self._pending.result()
        # OWL consistency with HermiT: its own module, its own child process (``aizones.validation.consistency``)
        result.findings = sort_findings([*result.findings, *consistency_findings(self._dataset)])
        self.done = True
        return result

    def abandon(self) -> None:
        """Stop the child (the caller failed meanwhile)."""
        if self._pending is not None:
            self._pending.__exit__(None, None, None)


def _timed(dataset: Dataset, engine: str, checks: Path | None, no_shapes: bool) -> tuple[ValidationResult, float]:
    begun = time.perf_counter()
    return _validate(dataset, engine, checks, no_shapes), time.perf_counter() - begun


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_NO_SHAPES_HINT = "restore the shapes, or pass --no-shapes if validating without them is meant"


def require_shapes(dataset: Dataset) -> None:
    """Refuse to validate (``InputError``) when there are no shapes, or none of them targets anything."""
    shapes = dataset.graphs(ROLE_SHAPES)
    if not shapes:
        named = [f.path for f in dataset.files if Path(f.path).stem.lower().startswith("shapes")]
        what = (
            f"{named[0]} defines no SHACL shape (no sh:NodeShape or sh:PropertyShape)"
            if named
            else "no file in ontology/ or graph/ defines a SHACL shape (ontology/shapes.ttl is missing?)"
        )
        raise InputError(f"{what}, so nothing would be validated; {_NO_SHAPES_HINT}")
    store = dataset.store

    def has(predicate: str, obj=None) -> bool:
        node = ox.NamedNode(predicate)
        return any(next(iter(store.quads_for_pattern(None, node, obj, g)), None) for g in shapes)

    implicit = any(has(RDF.type, ox.NamedNode(c)) for c in (RDFS.Class, OWL.Class))  # a shape that is a class targets it
    if not implicit and not any(has(t) for t in _TARGETS):
        files = ", ".join(dataset.file_of_graph(g.value) or g.value for g in shapes)
        raise InputError(
            f"no SHACL shape has a target (sh:targetClass, sh:targetNode, …), so nothing would be validated; {_NO_SHAPES_HINT}", files
        )


def _validate(dataset: Dataset, engine: str, checks: Path | None, no_shapes: bool = False) -> ValidationResult:
    findings = [] if no_shapes else shacl_findings(dataset, engine=engine)
    if checks is not None and checks.is_dir():
        findings += run_checks(dataset, checks)
    return ValidationResult(sort_findings(findings))


def shacl_findings(dataset: Dataset, *, engine: str = DEFAULT_ENGINE) -> list[Finding]:
    return findings_from_results(dataset, shacl_results(dataset, engine=engine))


def shacl_results(dataset: Dataset, *, engine: str = DEFAULT_ENGINE) -> list[ShaclResult]:
    """The raw SHACL results of one engine, before they become findings (the tests compare these)."""
    if engine not in ENGINES:
        raise UsageError(f"unknown validation engine {engine!r}; use --engine {' or --engine '.join(ENGINES)}")
    shapes = dataset.graphs(ROLE_SHAPES)
    if not shapes:
        return []
    guard_shapes(dataset, shapes)
    try:
        return run_shacl(engine, dataset.store, dataset.graphs(ROLE_ONTOLOGY, ROLE_DATA), shapes)
    except ShapesError as error:
        files = ", ".join(dataset.file_of_graph(g.value) or g.value for g in shapes)
        raise InputError(f"the shapes cannot be used: {error}; fix the shape, or try --engine pyshacl", files) from None
    except Exception as error:
        if type(error).__module__.startswith("pyshacl"):  # pySHACL's own errors about bad shapes
            files = ", ".join(dataset.file_of_graph(g.value) or g.value for g in shapes)
            raise InputError(f"pySHACL refused the shapes: {' '.join(str(error).split())[:300]}", files) from None
        raise


def findings_from_results(dataset: Dataset, results: list[ShaclResult]) -> list[Finding]:
    """One finding per result, worded from the shapes graph so that every engine reads the same."""
    shapes = ShapesGraph(dataset.store, dataset.graphs(ROLE_SHAPES))
    findings = []
    for result in results:
        path = ox.NamedNode(result.path[1]) if result.path and result.path[0] == "p" else None
        findings.append(
            finding(
                dataset,
                result.focus,
                level=SEVERITY_OF_SHACL.get(result.severity, WARNING),
                rule=rule_of(shapes, result),
                message=message_of(shapes, result),
                validator="shacl",
                predicate=path,
                value=result.value,
                property=path_text(result.path),
                component=result.component,
                shape=_shape_iri(shapes, result.shape),
            )
        )
    return findings


def _shape_iri(shapes: ShapesGraph, shape) -> str:
    """The shape's IRI, or for a blank-node shape the named shape it belongs to (the report can name only that)."""
    if isinstance(shape, ox.NamedNode):
        return shape.value
    owner = shapes.named_owner(shape)
    return owner.value if owner is not None else ""


def guard_shapes(dataset: Dataset, shapes: list[ox.NamedNode]) -> None:
    """Refuse SHACL-SPARQL that would reach outside the data graph, before any engine runs it.

    Both engines write ``PREFIX p: <namespace>`` lines from ``sh:declare`` into the query text, so a
    prefix or namespace that is not one could carry query text of its own: refused too (exit 2).
    """
    for predicate in (SH.select, SH.ask, SH.construct, SH.update, SH.namespace, SH.prefix):
        for graph in shapes:
            for quad in dataset.store.quads_for_pattern(None, ox.NamedNode(predicate), None, graph):
                if not isinstance(quad.object, ox.Literal):
                    continue
                shown_as = f"{dataset.file_of_graph(graph.value)}: the SPARQL of {quad.subject}"
                if predicate in _WRITTEN_INTO_QUERIES:
                    what, kind, pattern = _WRITTEN_INTO_QUERIES[predicate]
                    if not pattern.fullmatch(quad.object.value):
                        raise InputError(f"{what} {quad.object.value[:60]!r} is not {kind}; write {kind} alone", shown_as)
                    continue
                check_query(quad.object.value, shown_as=shown_as, update=predicate == SH.update)
