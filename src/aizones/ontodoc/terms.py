"""The ontology as its documentation sees it: terms, their labels, hierarchy and alignments.

``read_terms`` reads the ontology files of a dataset (the ``ontology`` role: classes, properties,
SKOS vocabularies) into plain Python values that ``aizones.ontodoc.page`` renders. A term is documented
when the ontology files declare it (a class, a property, a concept or a concept scheme) *and* give
it a label or a definition: the external terms ``aizones.ttl`` declares bare (``schema:Place a
owl:Class``) so that reasoners never fetch anything are alignment targets, not terms of ours.

Everything is sorted by content, never by blank-node identifiers (those change with every parse),
so the same files always give the same documentation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.labels import LABEL_PROPERTIES, pick_label
from aizones.core.namespaces import DCTERMS, OWL, RDF, RDFS, SKOS

Node = ox.NamedNode | ox.BlankNode | ox.Literal

CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_KINDS = {  # declared type -> section of the page, in the order the page shows them
    OWL.ObjectProperty: "object",
    OWL.DatatypeProperty: "datatype",
    OWL.AnnotationProperty: "annotation",
    RDF.Property: "other",
}
CHARACTERISTICS = {
    OWL.TransitiveProperty: "transitive",
    OWL.SymmetricProperty: "symmetric",
    OWL.AsymmetricProperty: "asymmetric",
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.ReflexiveProperty: "reflexive",
    OWL.IrreflexiveProperty: "irreflexive",
}
LABELS = LABEL_PROPERTIES
DEFINITIONS = (SKOS.definition, RDFS.comment, DCTERMS.description)
# Links to other vocabularies, by the words the page uses for them.
ALIGNMENTS = {
    RDFS.subClassOf: "subclass of",
    RDFS.subPropertyOf: "subproperty of",
    OWL.equivalentClass: "equivalent to",
    OWL.equivalentProperty: "equivalent to",
    SKOS.exactMatch: "exact match",
    SKOS.closeMatch: "close match",
    SKOS.broadMatch: "broader match",
    SKOS.narrowMatch: "narrower match",
    SKOS.relatedMatch: "related match",
    OWL.sameAs: "same as",
    RDFS.seeAlso: "see also",
}


def sort_key(node: Node) -> tuple[int, str, str]:
    """A content order for terms: IRIs, then literals; blank nodes last and equal to each other."""
    if isinstance(node, ox.NamedNode):
        return (0, node.value, "")
    if isinstance(node, ox.Literal):
        return (1, node.value, node.language or node.datatype.value)
    return (2, "", "")


class Triples:
    """An index over a set of quads: the objects of a subject and predicate, and the reverse."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.spo: dict[Node, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
        self.pos: dict[str, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        for quad in quads:
            self.spo[quad.subject][quad.predicate.value].append(quad.object)
            self.pos[quad.predicate.value][quad.object].append(quad.subject)

    def objects(self, subject: Node, predicate: str) -> list[Node]:
        found = self.spo.get(subject, {}).get(predicate, [])
        return sorted(set(found), key=sort_key)

    def subjects(self, predicate: str, obj: Node) -> list[Node]:
        return sorted(set(self.pos.get(predicate, {}).get(obj, [])), key=sort_key)

    def iris(self, subject: Node, predicate: str) -> list[str]:
        return [o.value for o in self.objects(subject, predicate) if isinstance(o, ox.NamedNode)]

    def typed(self, *classes: str) -> set[str]:
        return {s.value for c in classes for s in self.subjects(RDF.type, ox.NamedNode(c)) if isinstance(s, ox.NamedNode)}

    def items(self, head: Node) -> list[Node]:
        """The members of an RDF list, in order (a broken list stops where it breaks)."""
        found: list[Node] = []
        while isinstance(head, ox.NamedNode | ox.BlankNode) and head.value != RDF.nil and len(found) < 10_000:
            first, rest = self.spo.get(head, {}).get(RDF.first), self.spo.get(head, {}).get(RDF.rest)
            if not first or not rest:
                break
            found.append(first[0])
            head = rest[0]
        return found

    def texts(self, subject: Node, predicates: Iterable[str]) -> list[tuple[str, str]]:
        """``(language, text)`` of literal values: English first, then Chinese, then the others."""
        found = {(o.language or "", o.value) for p in predicates for o in self.objects(subject, p) if isinstance(o, ox.Literal)}
        return sorted(found, key=lambda pair: ({"en": 0, "": 1}.get(pair[0], 3 if not pair[0].startswith("zh") else 2), pair))

    def labelled(self, subject: Node) -> list[tuple[str, str, str]]:
        """``(predicate, language, text)`` of the subject's labels, as ``aizones.core.labels.pick_label`` takes them."""
        return [(p, o.language or "", o.value) for p in LABELS for o in self.objects(subject, p) if isinstance(o, ox.Literal)]


@dataclass
class Term:
    iri: str
    kind: str  # class, object, datatype, annotation, other, scheme or concept
    labels: list[tuple[str, str]]  # (language, text), as the page lists them: English first, then Chinese
    definitions: list[tuple[str, str]]
    named: list[tuple[str, str, str]] = field(default_factory=list)  # (predicate, language, text) of the labels

    def label(self, lang: str = "en") -> str:
        """The label in ``lang`` only, by ``pick_label``; "" if it has none."""
        return pick_label(self.named, (lang,))


@dataclass
class Ontology:
    """The documented terms of the ontology files, with the index they were read from."""

    triples: Triples
    headers: list[str]  # IRIs of the owl:Ontology resources
    terms: dict[str, Term] = field(default_factory=dict)

    def of_kind(self, *kinds: str) -> list[Term]:
        return sorted((t for t in self.terms.values() if t.kind in kinds), key=lambda t: (t.label().casefold(), t.iri))

    def documented(self, iri: str) -> bool:
        return iri in self.terms

    def supers(self, iri: str) -> list[str]:
        return self.triples.iris(ox.NamedNode(iri), RDFS.subClassOf)

    def subs(self, iri: str) -> list[str]:
        return [s.value for s in self.triples.subjects(RDFS.subClassOf, ox.NamedNode(iri)) if isinstance(s, ox.NamedNode)]

    def ancestors(self, iri: str) -> list[str]:
        """Every superclass of ``iri`` (through any number of rdfs:subClassOf), nearest first."""
        seen: list[str] = []
        frontier = [iri]
        while frontier:
            step = [s for c in frontier for s in self.supers(c) if s not in seen and s != iri]
            seen.extend(dict.fromkeys(step))
            frontier = list(dict.fromkeys(step))
        return seen


def read_terms(dataset: Dataset) -> Ontology:
    """The documented terms of the dataset's ontology files (not its shapes, not its data)."""
    triples = Triples(dataset.quads(dataset.graphs("ontology")))
    headers = sorted(triples.typed(OWL.Ontology))
    ontology = Ontology(triples, headers)

    def add(iri: str, kind: str) -> None:
        node = ox.NamedNode(iri)
        labels, definitions = triples.texts(node, LABELS), triples.texts(node, DEFINITIONS)
        if (labels or definitions) and iri not in ontology.terms:
            ontology.terms[iri] = Term(iri, kind, labels, definitions, triples.labelled(node))

    for iri in sorted(triples.typed(*CLASS_TYPES)):
        add(iri, "class")
    for declared, kind in PROPERTY_KINDS.items():
        for iri in sorted(triples.typed(declared, *(c for c in CHARACTERISTICS if kind == "object"))):
            add(iri, kind)
    for iri in sorted(triples.typed(SKOS.ConceptScheme)):
        add(iri, "scheme")
    for iri in sorted(triples.typed(SKOS.Concept)):
        add(iri, "concept")
    return ontology


def class_tree(ontology: Ontology) -> list[tuple[int, str]]:
    """The documented classes depth first as ``(depth, iri)``: roots are the classes without a
    documented superclass; a class with two documented superclasses appears under each."""
    classes = {t.iri for t in ontology.of_kind("class")}
    order = {t.iri: i for i, t in enumerate(ontology.of_kind("class"))}

    def children(iri: str) -> list[str]:
        return sorted((s for s in ontology.subs(iri) if s in classes), key=order.__getitem__)

    rows: list[tuple[int, str]] = []

    def walk(iri: str, depth: int, path: tuple[str, ...]) -> None:
        rows.append((depth, iri))
        for child in children(iri):
            if child not in path:  # a cycle in rdfs:subClassOf is shown once, not forever
                walk(child, depth + 1, (*path, child))

    roots = [c for c in sorted(classes, key=order.__getitem__) if not any(s in classes for s in ontology.supers(c) if s != c)]
    for root in roots:
        walk(root, 0, (root,))
    shown = {iri for _depth, iri in rows}
    for rest in sorted(classes - shown, key=order.__getitem__):  # classes only inside a cycle
        walk(rest, 0, (rest,))
    return rows


def disjoint_with(ontology: Ontology, iri: str) -> list[str]:
    """Classes declared disjoint with ``iri``, by owl:disjointWith or owl:AllDisjointClasses."""
    triples, node = ontology.triples, ox.NamedNode(iri)
    found = set(triples.iris(node, OWL.disjointWith)) | {s.value for s in triples.subjects(OWL.disjointWith, node)}
    for group in triples.subjects(RDF.type, ox.NamedNode(OWL.AllDisjointClasses)):
        members = {m.value for head in triples.objects(group, OWL.members) for m in triples.items(head) if isinstance(m, ox.NamedNode)}
        if iri in members:
            found |= members
    found.discard(iri)
    return sorted(found)


def alignments(ontology: Ontology, iri: str) -> list[tuple[str, str]]:
    """``(relation, external IRI)`` for every link from a term to a term that is not ours."""
    node = ox.NamedNode(iri)
    found = {
        (words, target)
        for predicate, words in ALIGNMENTS.items()
        for target in ontology.triples.iris(node, predicate)
        if not ontology.documented(target)
    }
    return sorted(found, key=lambda pair: (pair[1], pair[0]))
