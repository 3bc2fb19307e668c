"""Everything the graph knows about one entity, grouped by the document that says it.

``explain(dataset, name)`` gathers the entity's statements from every asserted named graph and
names the source document behind each group (the one ``aiz:SourceDocument`` of an article's file,
or the ``prov:wasDerivedFrom`` documents of a claim in a reference file), the figures reported
about it, what OWL 2 RL reasoning adds (marked as inferred), the properties on which sources
disagree, and its neighbours in both directions.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from aizones.core.amounts import amount
from aizones.core.dataset import Dataset
from aizones.core.labels import Labeller
from aizones.core.names import resolve
from aizones.core.namespaces import AIZ, AIZC, INFERRED_GRAPH, PROV, RDF, RDFS, SKOS
from aizones.core.sparql import select

# Names are shown in the heading and documents in each group's title, not again as facts.
_SILENT = {RDFS.label, SKOS.altLabel, SKOS.prefLabel, PROV.wasDerivedFrom}


@dataclass
class Fact:
    property: str
    property_label: str
    value: str
    value_label: str
    is_iri: bool


@dataclass
class SourceGroup:
    graph: str
    file: str
    documents: list[dict[str, str]]
    facts: list[Fact] = field(default_factory=list)


@dataclass
class Conflict:
    property: str
    property_label: str
    claims: list[dict[str, str]]


@dataclass
class Explanation:
    entity: str
    label: str
    labels: list[str]
    kinds: list[str]
    inferred_kinds: list[str]
    sources: list[SourceGroup]
    figures: list[dict[str, str]]
    inferred: list[Fact]
    conflicts: list[Conflict]
    outgoing: list[Fact]
    incoming: list[Fact]
    # a zone's designations with their dates, one claim per source graph, and whether they disagree
    designations: list[dict] = field(default_factory=list)


def explain(dataset: Dataset, name: str, lang: str = "en") -> Explanation:
    """Resolve ``name`` to an entity and gather what the graph says about it."""
    entity = resolve(dataset, name)
    labeller = Labeller(dataset, lang)
    store, asserted = dataset.store, {g.value for g in dataset.asserted}
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in store.quads_for_pattern(entity, None, None, None):
        by_graph.setdefault(quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else "", []).append(quad)
    asserted_triples = {q.triple for g, quads in by_graph.items() if g in asserted for q in quads}

    def fact(predicate: ox.NamedNode, obj) -> Fact:
        is_iri = isinstance(obj, ox.NamedNode)
        value = obj.value if isinstance(obj, ox.NamedNode | ox.Literal) else str(obj)
        return Fact(predicate.value, labeller.label(predicate.value), value, labeller.label(value) if is_iri else value, is_iri)

    sources = []
    for graph in sorted(g for g in by_graph if g in asserted):
        quads = sorted(by_graph[graph], key=lambda q: (str(q.predicate), str(q.object)))
        group = SourceGroup(graph, dataset.file_of_graph(graph) or graph, _documents(dataset, entity, graph, labeller))
        group.facts = [fact(q.predicate, q.object) for q in quads if q.predicate.value not in _SILENT]
        sources.append(group)
    inferred = sorted(
        {q.triple for q in by_graph.get(INFERRED_GRAPH, [])} - asserted_triples,
        key=lambda t: (str(t.predicate), str(t.object)),
    )
    labels = sorted(
        {
            f"{q.object.value}@{q.object.language}"
            for quads in by_graph.values()
            for q in quads
            if q.predicate.value == RDFS.label and isinstance(q.object, ox.Literal)
        }
    )
    kinds = sorted(
        {labeller.label(q.object.value) for g, quads in by_graph.items() if g in asserted for q in quads if q.predicate.value == RDF.type}
    )
    inferred_kinds = sorted({labeller.label(t.object.value) for t in inferred if t.predicate.value == RDF.type} - set(kinds))
    outgoing = [
        fact(t.predicate, t.object)
        for t in sorted(asserted_triples, key=lambda t: (str(t.predicate), str(t.object)))
        if isinstance(t.object, ox.NamedNode) and t.predicate.value not in (RDF.type, *_SILENT) and not t.object.value.startswith(AIZC.base)
    ]
    incoming_triples = {q.triple for q in store.quads_for_pattern(None, None, entity, None) if _graph(q) in asserted}
    incoming = [
        Fact(t.predicate.value, labeller.label(t.predicate.value), t.subject.value, labeller.label(t.subject.value), True)
        for t in sorted(incoming_triples, key=lambda t: (str(t.predicate), str(t.subject)))
        if isinstance(t.subject, ox.NamedNode) and t.predicate.value != AIZ.subject
    ]
    return Explanation(
        entity=entity.value,
        label=labeller.label(entity.value),
        labels=labels,
        kinds=kinds,
        inferred_kinds=inferred_kinds,
        sources=sources,
        figures=_figures(dataset, entity, labeller),
        # the most specific kind is already the first of ``kinds``: not repeated as an inferred fact
        inferred=[fact(t.predicate, t.object) for t in inferred if t.predicate.value not in (RDF.type, AIZ.mostSpecificKind)],
        conflicts=conflicts(dataset, entity, labeller),
        outgoing=outgoing,
        incoming=incoming,
        designations=_designations(dataset, entity, labeller),
    )


def _designations(dataset: Dataset, entity: ox.NamedNode, labeller: Labeller) -> list[dict]:
    """The designations of a zone, each with its date as every source states it: explaining a zone
    should say when it was designated, by whom, how sure that is, and whether sources disagree,
    without a second ``explain`` of the designation."""
    asserted = dataset.asserted
    store = dataset.store
    found = sorted({q.object.value for g in asserted for q in store.quads_for_pattern(entity, ox.NamedNode(AIZ.designation), None, g)})
    out = []
    for iri in found:
        node = ox.NamedNode(iri)

        def value(predicate: str, graph: ox.NamedNode | None = None, node=node) -> str:
            quad = next(store.quads_for_pattern(node, ox.NamedNode(predicate), None, graph), None)
            if quad is None:
                return ""
            return labeller.label(quad.object.value) if isinstance(quad.object, ox.NamedNode) else quad.object.value

        claims = [
            {
                "date": q.object.value,
                "precision": value(AIZ.datePrecision, graph),
                "confidence": value(AIZ.confidence, graph),
                "file": dataset.file_of_graph(graph.value) or graph.value,
            }
            for graph in asserted
            for q in store.quads_for_pattern(node, ox.NamedNode(AIZ.designationDate), None, graph)
        ]
        claims.sort(key=lambda c: (c["date"], c["file"]))
        out.append(
            {
                "designation": iri,
                "label": labeller.label(iri),
                "by": value(AIZ.designatedBy),
                "claims": claims,
                "disputed": len({c["date"] for c in claims}) > 1,
            }
        )
    return out


def _documents(dataset: Dataset, entity: ox.NamedNode, graph: str, labeller: Labeller) -> list[dict[str, str]]:
    node = ox.NamedNode(graph)
    docs = {q.subject.value for q in dataset.store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(AIZ.SourceDocument), node)}
    chosen = (
        docs
        if len(docs) == 1
        else {q.object.value for q in dataset.store.quads_for_pattern(entity, ox.NamedNode(PROV.wasDerivedFrom), None, node)}
    )
    return [{"iri": d, "label": labeller.label(d)} for d in sorted(chosen)]


_FIGURES = """
SELECT ?entity ?indicator ?period ?value ?unit ?qualifier ?kind ?document WHERE {
  ?figure aiz:subject ?entity ; aiz:indicator ?indicator ; aiz:value ?value ; aiz:unit ?unit ;
          aiz:qualifier ?qualifier ; aiz:figureKind ?kind ; aiz:reportedIn ?document .
  OPTIONAL { ?figure aiz:period ?period }
} ORDER BY ?indicator ?period ?document"""


def _figures(dataset: Dataset, entity: ox.NamedNode, labeller: Labeller) -> list[dict[str, str]]:
    # Over the default graph with the closure (the merge the release's store holds): no rule derives any
    # property of this pattern (none has a sub-property, an inverse or an equivalent), so the rows are the
    # asserted ones, and a release's store answers at once where ``inference=False`` would first copy
    # every asserted graph into memory (43 s for the first entity at a million triples).
    names, rows = select(dataset, _FIGURES, substitutions={ox.Variable("entity"): entity})
    out = []
    for row in rows:
        cell = dict(zip(names, row, strict=True))
        out.append(
            {
                "indicator": labeller.label(cell["indicator"].value),
                "period": cell["period"].value if cell["period"] is not None else "",
                "amount": amount(cell["value"].value, cell["unit"].value, cell["qualifier"].value),
                "kind": labeller.label(cell["kind"].value),
                "document": labeller.label(cell["document"].value),
                # the IRIs behind the labels, for pages that link them (``aizones serve``'s entity pages)
                "indicator_iri": cell["indicator"].value,
                "document_iri": cell["document"].value,
            }
        )
    return out


def conflicts(dataset: Dataset, entity: ox.NamedNode, labeller: Labeller) -> list[Conflict]:
    """The properties of ``entity`` that the sources disagree on (``aiz:singleValuedPerSource`` ones,
    values neither of which extends the other): ``explain`` lists them, ``aizones path`` flags its hops."""
    single = {q.subject.value for q in dataset.store.quads_for_pattern(None, ox.NamedNode(AIZ.singleValuedPerSource), None, None)}
    single.discard(AIZ.datePrecision)
    asserted = {g.value for g in dataset.asserted}
    values: dict[str, dict[str, set[str]]] = {}
    for quad in dataset.store.quads_for_pattern(entity, None, None, None):
        if quad.predicate.value in single and _graph(quad) in asserted:
            shown = quad.object.value if isinstance(quad.object, ox.NamedNode | ox.Literal) else str(quad.object)
            values.setdefault(quad.predicate.value, {}).setdefault(shown, set()).add(quad.graph_name.value)
    conflicts = []
    for prop, by_value in sorted(values.items()):
        distinct = sorted(by_value)
        clash = any(not (a.startswith(b) or b.startswith(a)) for a in distinct for b in distinct)
        if clash:
            claims = [
                {"value": v, "source": ", ".join(_source_names(dataset, entity, g, labeller)), "file": dataset.file_of_graph(g) or g}
                for v in distinct
                for g in sorted(by_value[v])
            ]
            conflicts.append(Conflict(prop, labeller.label(prop), claims))
    return conflicts


def _source_names(dataset: Dataset, entity: ox.NamedNode, graph: str, labeller: Labeller) -> list[str]:
    return [d["label"] for d in _documents(dataset, entity, graph, labeller)] or [dataset.file_of_graph(graph) or graph]


def render_text(e: Explanation) -> str:
    lines = [f"{e.label} <{e.entity}>"]
    if e.labels:
        lines.append("  names: " + "; ".join(e.labels))
    lines.append("  kind: " + ", ".join(e.kinds) + (f" (inferred: {', '.join(e.inferred_kinds)})" if e.inferred_kinds else ""))
    for d in e.designations:
        lines += [
            "",
            f"Designated{' by ' + d['by'] if d['by'] else ''} ({d['label']})"
            + ("  DISPUTED: the sources give different dates" if d["disputed"] else ""),
        ]
        lines += [
            f"  {c['date']}"
            + (f" ({c['precision']})" if c["precision"] else "")
            + (f", confidence {c['confidence']}" if c["confidence"] else "")
            + f"  [{c['file']}]"
            for c in d["claims"]
        ] or ["  no date stated"]
    for group in e.sources:
        docs = "; ".join(d["label"] for d in group.documents) or "no document named"
        lines += ["", f"According to {docs}  [{group.file}]"]
        lines += [f"  {f.property_label}: {f.value_label}" for f in group.facts if f.property != RDF.type] or ["  (type and names only)"]
    if e.figures:
        lines += ["", "Figures reported about it"]
        lines += [f"  {f['period'] or 'no period'}  {f['indicator']}: {f['amount']} ({f['kind']}) — {f['document']}" for f in e.figures]
    if e.inferred:
        lines += ["", "Inferred by OWL 2 RL reasoning (not stated by any source)"]
        lines += [f"  {f.property_label}: {f.value_label}  [inferred]" for f in e.inferred]
    if e.conflicts:
        lines += ["", "CONFLICTS between sources"]
        for c in e.conflicts:
            lines += [f"  {c.property_label}:"] + [f"    {claim['value']}  — {claim['source']} [{claim['file']}]" for claim in c.claims]
    if e.outgoing or e.incoming:
        lines += ["", "Neighbours"]
        lines += [f"  → {f.property_label}: {f.value_label}" for f in e.outgoing]
        lines += [f"  ← {f.value_label} ({f.property_label})" for f in e.incoming]
    return "\n".join(lines) + "\n"


def render_json(e: Explanation) -> str:
    return json.dumps(asdict(e), indent=2, ensure_ascii=False) + "\n"


def _graph(quad: ox.Quad) -> str:
    """The named graph of a quad, or "" for the default graph (the merge, which states nothing itself)."""
    return quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
