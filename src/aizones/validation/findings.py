"""One model for every problem found: SHACL results, SPARQL checks and the reasoner.

Each finding is one row (``Level, Rule, Entity, File, Property, Value, Message``). Every validator
makes its findings with ``finding`` below, which names the entity by its label and the file that
states the offending triple, so a finding reads the same whichever validator found it; the
formatters of ``aizones.validation.report`` render them as a table, TSV, JSON or Turtle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.errors import UsageError
from aizones.core.labels import ANY, pick_label, store_labels
from aizones.core.namespaces import RDF, SH

ERROR, WARNING, INFO = "error", "warning", "info"
LEVELS = (ERROR, WARNING, INFO)
_RANK = {ERROR: 0, WARNING: 1, INFO: 2}
SEVERITY_OF_SHACL = {SH.Violation: ERROR, SH.Warning: WARNING, SH.Info: INFO}
SHACL_OF_SEVERITY = {level: iri for iri, level in SEVERITY_OF_SHACL.items()}


@dataclass(frozen=True)
class Finding:
    """One problem: how serious, which rule, about what, where it came from and what to do."""

    level: str
    rule: str
    entity: str
    label: str
    file: str
    property: str
    value: str
    message: str
    validator: str

    def sort_key(self) -> tuple[int, str, str, str, str, str]:
        return (_RANK[self.level], self.file, self.entity, self.property, self.value, self.rule)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(set(findings), key=Finding.sort_key)


def at_or_above(findings: Iterable[Finding], fail_on: str) -> list[Finding]:
    """The findings as serious as ``fail_on`` or more."""
    if fail_on not in _RANK:
        raise UsageError(f"--fail-on takes one of {', '.join(LEVELS)}, not {fail_on!r}")
    return [f for f in findings if _RANK[f.level] <= _RANK[fail_on]]


def finding(
    dataset: Dataset,
    entity: ox.NamedNode | ox.BlankNode | ox.Literal,
    *,
    level: str,
    rule: str,
    message: str,
    validator: str,
    predicate: ox.NamedNode | None = None,
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None = None,
    property: str | None = None,
    value_text: str | None = None,
) -> Finding:
    """The one way to make a finding about ``entity``: its label and the file that states the problem
    are looked up in ``dataset`` from ``predicate`` and ``value``; ``property`` and ``value_text``
    replace what the finding shows when that is not the terms themselves (a SHACL path, a class)."""
    return Finding(
        level=level,
        rule=rule,
        entity=str(entity) if isinstance(entity, ox.BlankNode) else entity.value,
        label=label_of(dataset, entity),
        file=file_of(dataset, entity, predicate, value),
        property=property if property is not None else predicate.value if predicate is not None else "",
        value=value_text if value_text is not None else _text(value),
        message=message,
        validator=validator,
    )


def _text(term) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def label_of(dataset: Dataset, node: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """The English label of ``node`` (else one in any language, by ``pick_label``), or ''."""
    if isinstance(node, ox.Literal):
        return ""
    return pick_label(store_labels(dataset, node), ("en", ANY))


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
