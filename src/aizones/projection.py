"""The one projection from the RDF dataset to a networkx graph: the page, the diagrams and the exports all draw it.

``project(dataset)`` returns a ``networkx.MultiDiGraph`` built from the *asserted* graphs only (the
OWL RL closure would add every transitive ``locatedIn`` and every inverse as an edge of its own):

Nodes
    Every IRI that a data file types with a class the ontology declares (``owl:Class``), except
    reported figures, source documents and SKOS concepts: those are details *of* nodes, shown in
    their panel, not things on the map. The node key is the IRI.
Edges
    Every asserted triple whose subject and object are both nodes (``rdf:type`` aside), directed
    from subject to object, keyed by the property IRI; the same triple in two files is one edge
    whose ``sources`` lists both named graphs.
Node attributes
    ``label`` / ``label_zh``: the English and Chinese ``rdfs:label`` (or ``skos:prefLabel``); the
    English one falls back to the IRI's local name. ``kind``: the most specific class the entity
    is typed with (``aiz:`` classes first), with ``kind_label`` and ``family`` (its top class in
    the same namespace, which sets its colour). ``province``: the province-level division reached
    through ``aiz:locatedIn``, transitively; an entity with no location of its own is placed
    through the first of ``PLACE_LINKS`` it has (a zone through the region it covers, a facility
    through its operator, ...). ``programme``: the ``aiz:programme`` of a zone (or of anything that
    names one). ``sources``: the named graphs holding a triple about it (as subject, or as the
    object of an edge), and ``source_count``. ``facts``: every asserted property value with the
    named graphs stating it; ``figures``: the reported figures whose ``aiz:subject`` it is.
Graph attributes
    ``sources`` (named graph → file and title: the one ``aiz:SourceDocument`` of a file under
    ``graph/sources/``, else the file's path), ``classes`` (every declared class with its labels and
    ancestors) and ``relations`` (property → English and Chinese labels).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

import pyoxigraph as ox

from aizones.dataset import ROLE_DATA, ROLE_ONTOLOGY, Dataset
from aizones.namespaces import AIZ, DCTERMS, OWL, RDF, RDFS, SCHEMA, SKOS

if TYPE_CHECKING:
    import networkx as nx

# Where an entity without an aiz:locatedIn of its own is placed, tried in this order.
PLACE_LINKS: tuple[str, ...] = (
    "locatedIn",
    "heldIn",
    "partOf",
    "coversRegion",
    "coreArea",
    "headquarteredIn",
    "jurisdiction",
    "producedAt",
    "hostedBy",
    "operatedBy",
    "madeBy",
    "designates",
    "signedAt",
    "issuedBy",
    "concernsZone",
)
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SCHEMA.name, DCTERMS.title)
TITLE_PROPERTIES = (DCTERMS.title, RDFS.label, SCHEMA.name)


def project(dataset: Dataset) -> nx.MultiDiGraph:
    """The dataset's asserted graphs as a directed multigraph (see the module docstring for the rules)."""
    import networkx as nx

    facts = _Facts(dataset)
    classes = facts.classes()
    hidden = {AIZ.ReportedFigure, AIZ.SourceDocument, SKOS.Concept, SKOS.ConceptScheme}
    kinds: dict[str, str] = {}
    for entity, types in facts.types.items():
        declared = [t for t in types if t in classes]
        if declared and not any(hidden & classes[t]["lineage"] for t in declared):
            kinds[entity] = _most_specific(declared, classes)
    graph = nx.MultiDiGraph(sources=facts.sources(), classes={k: _public(v) for k, v in sorted(classes.items())}, relations={})
    for entity in sorted(kinds):
        kind = kinds[entity]
        graph.add_node(
            entity,
            label=facts.label(entity, "en"),
            label_zh=facts.label(entity, "zh"),
            kind=kind,
            kind_label=classes[kind]["label"],
            family=classes[kind]["family"],
        )
    edge_sources: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    node_sources: dict[str, set[str]] = defaultdict(set)
    for (subject, predicate, obj), graphs in facts.statements.items():
        if subject in kinds:
            node_sources[subject] |= graphs
            if obj in kinds and predicate != RDF.type:
                edge_sources[(subject, predicate, obj)] |= graphs
                node_sources[obj] |= graphs
    for (subject, predicate, obj), graphs in sorted(edge_sources.items()):
        graph.add_edge(subject, obj, key=predicate, relation=predicate, label=facts.label(predicate, "en"), sources=sorted(graphs))
        graph.graph["relations"][predicate] = {"label": facts.label(predicate, "en"), "label_zh": facts.label(predicate, "zh")}
    provinces = {e for e, k in kinds.items() if AIZ.ProvinceLevelDivision in classes[k]["lineage"]}
    links = [AIZ[name] for name in PLACE_LINKS]
    for entity, data in graph.nodes(data=True):
        data["sources"] = sorted(node_sources[entity])
        data["source_count"] = len(data["sources"])
        data["province"] = _province(entity, facts, kinds, provinces, links)
        data["province_label"] = graph.nodes[data["province"]]["label"] if data["province"] else ""
        programme = min(facts.objects(entity, AIZ.programme), default="")
        data["programme"] = programme
        data["programme_label"] = facts.label(programme, "en") if programme else ""
        data["facts"] = facts.facts_of(entity, kinds)
        data["figures"] = []
    figure_classes = {c for c, info in classes.items() if AIZ.ReportedFigure in info["lineage"]}
    about = AIZ.subject
    for figure in sorted(e for e, types in facts.types.items() if types & figure_classes):
        for subject in facts.objects(figure, about):
            if subject in kinds:
                graph.nodes[subject]["figures"].append(facts.figure(figure))
    return graph


def _public(info: dict) -> dict:
    return {"label": info["label"], "label_zh": info["label_zh"], "family": info["family"], "ancestors": sorted(info["lineage"])}


def _most_specific(types: list[str], classes: dict[str, dict]) -> str:
    """The type none of the others is a subclass of; ``aiz:`` classes before others, then by IRI."""
    leaves = [t for t in types if not any(t != other and t in classes[other]["lineage"] for other in types)]
    return sorted(leaves, key=lambda t: (t not in AIZ, t))[0]


def _province(entity: str, facts: _Facts, kinds: dict[str, str], provinces: set[str], links: list[str]) -> str:
    """The province-level division an entity lies in: breadth first along ``PLACE_LINKS``."""
    seen, frontier = {entity}, [entity]
    while frontier:
        following: list[str] = []
        for current in frontier:
            if current in provinces:
                return current
            for link in links:
                targets = [t for t in sorted(facts.objects(current, link)) if t in kinds and t not in seen]
                if targets:  # the first link the entity has decides; later ones are only fallbacks
                    following.extend(targets)
                    seen.update(targets)
                    break
        frontier = following
    return ""


class _Facts:
    """The asserted triples of a dataset, indexed once for the projection."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.statements: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        self.terms: dict[tuple[str, str, str], ox.Quad] = {}
        self.by_subject: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.types: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
        self.notations: dict[str, list[str]] = defaultdict(list)
        self.ontology: list[ox.Quad] = dataset.quads(dataset.graphs(ROLE_ONTOLOGY))
        for quad in dataset.quads(dataset.graphs(ROLE_DATA, ROLE_ONTOLOGY)):
            self._index_label(quad)
        for quad in dataset.quads(dataset.graphs(ROLE_DATA)):
            if isinstance(quad.subject, ox.BlankNode):
                continue
            key = (quad.subject.value, quad.predicate.value, _key(quad.object))
            if key not in self.terms:
                self.terms[key] = quad
                self.by_subject[key[0]].append((key[1], key[2]))
            self.statements[key].add(quad.graph_name.value)
            if key[1] == RDF.type and isinstance(quad.object, ox.NamedNode):
                self.types[key[0]].add(key[2])

    def _index_label(self, quad: ox.Quad) -> None:
        if quad.predicate.value == SKOS.notation and isinstance(quad.object, ox.Literal):
            self.notations[quad.subject.value].append(quad.object.value)
        if quad.predicate.value in LABEL_PROPERTIES and isinstance(quad.object, ox.Literal) and not isinstance(quad.subject, ox.BlankNode):
            language = (quad.object.language or "en").split("-")[0]
            self.labels[quad.subject.value][language].append((LABEL_PROPERTIES.index(quad.predicate.value), quad.object.value))

    def label(self, iri: str, language: str) -> str:
        found = sorted(self.labels.get(iri, {}).get(language, []))
        if found:
            return found[0][1]
        return "" if language != "en" else readable_name(iri)

    def objects(self, subject: str, predicate: str) -> list[str]:
        return [o for p, o in self.by_subject.get(subject, ()) if p == predicate and not o.startswith('"')]

    def classes(self) -> dict[str, dict]:
        """Every class the ontology declares, with its labels, ancestors (itself included) and family."""
        declared = {q.subject.value for q in self.ontology if q.predicate.value == RDF.type and q.object.value in (OWL.Class, RDFS.Class)}
        declared = {c for c in declared if not c.startswith("_:")}
        parents: dict[str, set[str]] = defaultdict(set)
        for q in self.ontology:
            if q.predicate.value == RDFS.subClassOf and isinstance(q.object, ox.NamedNode) and not isinstance(q.subject, ox.BlankNode):
                parents[q.subject.value].add(q.object.value)
        found = {}
        for cls in declared:
            lineage, stack = {cls}, [cls]
            while stack:
                for parent in parents.get(stack.pop(), ()):
                    if parent not in lineage:
                        lineage.add(parent)
                        stack.append(parent)
            namespace = _namespace(cls)
            tops = sorted(
                a for a in lineage if _namespace(a) == namespace and not any(_namespace(p) == namespace for p in parents.get(a, ()))
            )
            found[cls] = {
                "label": self.label(cls, "en"),
                "label_zh": self.label(cls, "zh"),
                "lineage": lineage,
                "family": tops[0] if tops else cls,
            }
        return found

    def sources(self) -> dict[str, dict[str, str]]:
        """Each data graph with its file and title: the one source document a file describes, else its path."""
        documents: dict[str, list[str]] = defaultdict(list)
        for (subject, predicate, obj), graphs in self.statements.items():
            if predicate == RDF.type and obj == AIZ.SourceDocument:
                for graph in graphs:
                    documents[graph].append(subject)
        found = {}
        for file in self.dataset.files:
            if file.role != ROLE_DATA:
                continue
            described = sorted(documents.get(file.graph, []))
            if len(described) == 1:
                title = next((t for p in TITLE_PROPERTIES for t in sorted(self._literals(described[0], p))), "") or file.path
                found[file.graph] = {"file": file.path, "title": title, "document": described[0]}
            else:
                found[file.graph] = {"file": file.path, "title": file.path, "document": ""}
        return found

    def _literals(self, subject: str, predicate: str) -> list[str]:
        return [
            self.terms[(subject, p, o)].object.value for p, o in self.by_subject.get(subject, ()) if p == predicate and o.startswith('"')
        ]

    def facts_of(self, entity: str, kinds: dict[str, str]) -> list[dict]:
        """Every asserted value of the entity, as the panel shows it, with the graphs stating it."""
        rows = []
        for predicate, obj in self.by_subject.get(entity, ()):
            if predicate == RDF.type:
                continue
            term = self.terms[(entity, predicate, obj)].object
            row = {
                "property": predicate,
                "property_label": self.label(predicate, "en"),
                "sources": sorted(self.statements[(entity, predicate, obj)]),
            }
            row.update(self.value(term, kinds))
            rows.append(row)
        return sorted(rows, key=lambda r: (r["property_label"], r["value"], r["property"]))

    def value(self, term, kinds: dict[str, str]) -> dict:
        if isinstance(term, ox.Literal):
            return {"value": term.value, "language": term.language or ""}
        if isinstance(term, ox.NamedNode):
            shown = {"value": self.label(term.value, "en"), "iri": term.value}
            if term.value in kinds:
                shown["node"] = term.value
            return shown
        return {"value": "(a nested description)"}

    def figure(self, figure: str) -> dict:
        """One reported figure, its parts by name, the way a chart caption and the panel show it."""

        values: dict[str, list[str]] = defaultdict(list)
        for p, o in self.by_subject.get(figure, ()):
            values[p].append(o)

        def first(name: str) -> str:
            predicate = AIZ[name]
            found = values.get(predicate)
            return self.terms[(figure, predicate, min(found))].object.value if found else ""

        parts = {
            name: first(name) for name in ("indicator", "period", "value", "unit", "qualifier", "figureKind", "growthRate", "reportedIn")
        }
        graphs = sorted({g for p, o in self.by_subject.get(figure, ()) for g in self.statements[(figure, p, o)]})
        return {
            "iri": figure,
            **parts,
            "indicator_label": self.label(parts["indicator"], "en") if parts["indicator"] else "",
            "unit_label": self.label(parts["unit"], "en") if parts["unit"] else "",
            "unit_code": min(self.notations.get(parts["unit"], []), default="") if parts["unit"] else "",
            "qualifier_label": self.label(parts["qualifier"], "en") if parts["qualifier"] else "",
            "kind_label": self.label(parts["figureKind"], "en") if parts["figureKind"] else "",
            "document_label": self.label(parts["reportedIn"], "en") if parts["reportedIn"] else "",
            "sources": graphs,
        }


def _key(term) -> str:
    """One string per RDF term: IRIs as they are, literals and blank nodes marked so they never collide.

    A literal is its value and its language or datatype (``str(literal)`` costs five times more).
    """
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return '"' + term.value + "\x00" + (term.language or term.datatype.value)


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def readable_name(iri: str) -> str:
    """The fallback English label: the local name, with ``wasDerivedFrom`` spelt ``was derived from``."""
    name = local_name(iri)
    if "-" in name or "_" in name or not any(c.isupper() for c in name[1:]):
        return name
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower() if name[0].islower() else name


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``: the fallback for a missing label."""
    return iri[max(iri.rfind("#"), iri.rfind("/")) + 1 :] or iri
