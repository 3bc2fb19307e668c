"""Validate the asserted data: SHACL shapes and the SPARQL checks of ``queries/checks/``.

Validation sees the union of the asserted graphs, never the inferred one: OWL RL closure adds
transitive ``locatedIn`` links and inherited types that would break cardinalities and class checks
everywhere (see ``shared/design/MEASURED.md``). Results of every validator become ``Finding`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from aizones.dataset import ROLE_DATA, ROLE_ONTOLOGY, ROLE_SHAPES, Dataset
from aizones.findings import ERROR, SEVERITY_OF_SHACL, WARNING, Finding, at_or_above, sort_findings
from aizones.namespaces import RDF, RDFS, SH

ENGINES = ("pyshacl",)


@dataclass
class ValidationResult:
    findings: list[Finding] = field(default_factory=list)

    def failing(self, fail_on: str = ERROR) -> list[Finding]:
        return at_or_above(self.findings, fail_on)

    @property
    def conforms(self) -> bool:
        return not self.failing(ERROR)


def validate(dataset: Dataset, *, engine: str = "pyshacl", checks: Path | None = None) -> ValidationResult:
    """SHACL (the shapes files against the ontology and data files) plus the SPARQL checks."""
    findings = shacl_findings(dataset, engine=engine)
    if checks is not None and checks.is_dir():
        from aizones.checks import run_checks

        findings += run_checks(dataset, checks)
    return ValidationResult(sort_findings(findings))


def shacl_findings(dataset: Dataset, *, engine: str = "pyshacl") -> list[Finding]:
    if engine not in ENGINES:
        from aizones.errors import UsageError

        raise UsageError(f"unknown validation engine {engine!r}; use one of {', '.join(ENGINES)}")
    shapes = dataset.graphs(ROLE_SHAPES)
    if not shapes:
        return []
    guard_shapes(dataset, shapes)
    report = _run_pyshacl(dataset, shapes)
    return _findings_from_report(dataset, report)


def _to_rdflib(dataset: Dataset, graphs: list[ox.NamedNode]):
    import rdflib

    graph = rdflib.Graph()
    data = b"".join(dataset.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name) for name in graphs)
    graph.parse(data=data, format="nt")
    return graph


def guard_shapes(dataset: Dataset, shapes: list[ox.NamedNode]) -> None:
    """Refuse SHACL-SPARQL constraints that would reach outside the data graph, before any engine runs them."""
    from aizones.query import guard_query

    for predicate in (SH.select, SH.ask, SH.construct, SH.update):
        for graph in shapes:
            for quad in dataset.store.quads_for_pattern(None, ox.NamedNode(predicate), None, graph):
                if isinstance(quad.object, ox.Literal):
                    guard_query(quad.object.value, shown_as=f"{dataset.file_of_graph(graph.value)}: the SPARQL of {quad.subject}")


def _run_pyshacl(dataset: Dataset, shapes: list[ox.NamedNode]) -> ox.Store:
    import pyshacl

    from aizones.network import offline

    data_graph = _to_rdflib(dataset, dataset.graphs(ROLE_ONTOLOGY, ROLE_DATA))
    shapes_graph = _to_rdflib(dataset, shapes)
    with offline():
        _conforms, report_graph, _text = pyshacl.validate(
            data_graph,
            shacl_graph=shapes_graph,
            inference="none",
            advanced=True,
            allow_warnings=True,
            do_owl_imports=False,
        )
    report = ox.Store()
    report.load(report_graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return report


_RESULTS = """
SELECT ?severity ?shape ?focus ?path ?value ?message ?component WHERE {
  ?result a sh:ValidationResult ; sh:resultSeverity ?severity ; sh:focusNode ?focus .
  OPTIONAL { ?result sh:sourceShape ?shape }
  OPTIONAL { ?result sh:resultPath ?path FILTER(isIRI(?path)) }
  OPTIONAL { ?result sh:value ?value }
  OPTIONAL { ?result sh:resultMessage ?message }
  OPTIONAL { ?result sh:sourceConstraintComponent ?component }
}"""


def _findings_from_report(dataset: Dataset, report: ox.Store) -> list[Finding]:
    findings = []
    for row in report.query(_RESULTS, prefixes={"sh": SH.base}):
        focus, path, value = row["focus"], row["path"], row["value"]
        shape = row["shape"]
        rule = shape.value if isinstance(shape, ox.NamedNode) else (row["component"].value if row["component"] else "shacl")
        message = row["message"].value if row["message"] else f"fails {rule}"
        findings.append(
            Finding(
                level=SEVERITY_OF_SHACL.get(row["severity"].value, WARNING),
                rule=rule,
                entity=focus.value,
                label=label_of(dataset, focus),
                file=file_of(dataset, focus, path, value),
                property=path.value if path else "",
                value=value.value if value is not None else "",
                message=message,
                validator="shacl",
            )
        )
    return findings


def label_of(dataset: Dataset, node: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """The English label of ``node`` (any label if none is in English), or ''."""
    if isinstance(node, ox.Literal):
        return ""
    labels = [q.object for q in dataset.store.quads_for_pattern(node, ox.NamedNode(RDFS.label), None, None)]
    english = sorted(label.value for label in labels if isinstance(label, ox.Literal) and label.language == "en")
    return english[0] if english else (sorted(label.value for label in labels)[0] if labels else "")


def file_of(dataset: Dataset, focus, path, value) -> str:
    """The file that states the offending triple, or else the first file that describes the entity."""
    if isinstance(focus, ox.Literal):
        return ""
    patterns = []
    if path is not None and value is not None:
        patterns.append((focus, path, value))
    if path is not None:
        patterns.append((focus, path, None))
    patterns += [(focus, ox.NamedNode(RDF.type), None), (focus, None, None)]
    asserted = {g.value for g in dataset.asserted}
    for pattern in patterns:
        graphs = sorted(
            {
                q.graph_name.value
                for q in dataset.store.quads_for_pattern(*pattern, None)
                if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in asserted
            }
        )
        if graphs:
            return dataset.file_of_graph(graphs[0]) or ""
    return ""
