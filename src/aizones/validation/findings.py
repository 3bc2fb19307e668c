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
    # For the SHACL report (``report.render_turtle``): the constraint component and the IRI of the
    # shape that gave a SHACL result; empty for the checks and the reasoner, whose own are documented there.
    component: str = ""
    shape: str = ""
    value_is_iri: bool = False  # ``value`` is an IRI (``sh:value`` is then written as one)

    def sort_key(self) -> tuple:
        # Every field, so the order is total: one value can break two constraints of one shape (a
        # string where the Wikidata shape wants an IRI of a pattern), and findings that tied on the
        # first six fields came out in the order of a set, which changes from run to run.
        return (
            _RANK[self.level],
            self.file,
            self.entity,
            self.property,
            self.value,
            self.rule,
            self.component,
            self.shape,
            self.message,
            self.label,
            self.validator,
            self.value_is_iri,
        )


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
    component: str = "",
    shape: str = "",
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
        component=component,
        shape=shape,
        value_is_iri=value_text is None and isinstance(value, ox.NamedNode),
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
    """The files that state the offending triple, or else the first file that describes the entity.

    Every file stating the triple is named (``a.ttl, b.ttl``): a value two files give is in both.
    A result with a path and no value (``sh:uniqueLang``, ``sh:maxCount``) is about several values
    of the path: the files stating those in a language that has more than one (the duplicate
    labels: the one file stating them all, else the first file stating each), else all of them,
    are named; so a second English label is reported against the file that states both, and
    against both files when two files each state one.
    """
    if isinstance(focus, ox.Literal):
        return ""
    asserted = {g.value for g in dataset.asserted}

    def stating(subject, predicate, obj) -> list[ox.Quad]:
        quads = dataset.store.quads_for_pattern(subject, predicate, obj, None)
        return [q for q in quads if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in asserted]

    found: list[ox.Quad] = []
    if path is not None and value is not None:
        found = stating(focus, path, value)
    if not found and path is not None:
        found = _in_repeated_languages(stating(focus, path, None)) if value is None else stating(focus, path, None)[:1]
    if not found:
        found = stating(focus, ox.NamedNode(RDF.type), None) or stating(focus, None, None)
        found = [min(found, key=lambda q: q.graph_name.value)] if found else []
    files = sorted({dataset.file_of_graph(q.graph_name.value) or "" for q in found} - {""})
    return ", ".join(files)


def _in_repeated_languages(quads: list[ox.Quad]) -> list[ox.Quad]:
    """For a language that more than one distinct value has: the quads of the one file stating all
    those values, else of the first file stating each value; all the quads if no language repeats."""
    values: dict[str, set[ox.Literal]] = {}
    for quad in quads:
        if isinstance(quad.object, ox.Literal) and quad.object.language:
            values.setdefault(quad.object.language.lower(), set()).add(quad.object)
    repeated = {term for terms in values.values() if len(terms) > 1 for term in terms}
    if not repeated:
        return quads
    graphs_of: dict[ox.Literal, list[str]] = {}
    for quad in quads:
        if quad.object in repeated:
            graphs_of.setdefault(quad.object, []).append(quad.graph_name.value)
    every = set.intersection(*(set(graphs) for graphs in graphs_of.values()))
    chosen = {min(every)} if every else {min(graphs) for graphs in graphs_of.values()}
    return [q for q in quads if q.object in repeated and q.graph_name.value in chosen]
