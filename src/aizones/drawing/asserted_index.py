"""The asserted triples the projection draws on, read from the store once and indexed by subject.

Only the files' own graphs are read: data graphs for statements and types, data and ontology graphs
for labels, the ontology for classes (never the inferred graph, see ``projection.py``). At a million
triples, turning store quads into Python values is most of the projection's cost, so each data quad
is read once, in one loop that also picks out types and labels, and kept as three strings: the
predicate, the object's key (``term_key``) and the graph. Strings rather than pyoxigraph terms: a
term carries its own copy of its text and costs three times as much to free, and statements are
told apart by the key anyway.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

from aizones.core.dataset import ROLE_DATA, ROLE_ONTOLOGY, Dataset
from aizones.core.labels import LABEL_PROPERTIES, LABEL_RANKS, pick_label
from aizones.core.names import local_name
from aizones.core.namespaces import AIZ, DCTERMS, OWL, RDF, RDFS, SCHEMA, SKOS

# A source document's title: unlike a label, dcterms:title first.
TITLE_PROPERTIES = (DCTERMS.title, RDFS.label, SCHEMA.name)
TYPE = RDF.type
SOURCE_DOCUMENT = AIZ.SourceDocument
CLASS_TYPES = (OWL.Class, RDFS.Class)


class Asserted:
    """Labels, types and statements of a dataset's asserted graphs.

    ``rows[subject]`` lists ``(predicate, object key, graph)`` for every quad of a data graph with an
    IRI subject, in the order the store gives them graph by graph (files in project order): the
    order the panel falls back on when two facts sort equal.
    """

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.ontology: list[ox.Quad] = dataset.quads(dataset.graphs(ROLE_ONTOLOGY))
        # IRI -> (predicate, language tag, text) of its labels, as aizones.core.labels.pick_label takes them
        self.labels: dict[str, list[tuple[str, str | None, str]]] = defaultdict(list)
        self._picked: dict[str, dict[str, str]] = defaultdict(dict)  # language -> IRI -> its label, once picked
        self.notations: dict[str, list[str]] = defaultdict(list)
        self.types: dict[str, set[str]] = defaultdict(set)
        self.documents: dict[str, list[str]] = defaultdict(list)  # graph -> the aiz:SourceDocuments it types
        self.rows: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for graph in dataset.graphs(ROLE_DATA, ROLE_ONTOLOGY):
            self._read_notations(dataset.store, graph)
        for graph in dataset.graphs(ROLE_ONTOLOGY):
            self._read_labels(dataset.store, graph)
        self._read_data(dataset)

    def _read_data(self, dataset: Dataset) -> None:
        """The data graphs, in project order (``outline.Outline`` reads them without keeping every row)."""
        for graph in dataset.graphs(ROLE_DATA):
            self._read_rows(dataset.store, graph)

    def _read_rows(self, store: ox.Store, graph: ox.NamedNode) -> None:
        """Every quad of one data graph with an IRI subject, as a row of its subject; types and labels on the way."""
        name = graph.value
        rows, types, labels, label_ranks = self.rows, self.types, self.labels, LABEL_RANKS
        # pyoxigraph's term classes cannot be subclassed, so ``type(x) is`` is isinstance, only faster.
        blank, named, literal = ox.BlankNode, ox.NamedNode, ox.Literal
        for quad in store.quads_for_pattern(None, None, None, graph):
            subject = quad.subject
            if type(subject) is blank:
                continue
            iri, predicate, obj = subject.value, quad.predicate.value, quad.object
            kind = type(obj)
            if kind is named:
                key = obj.value
                if predicate == TYPE:
                    types[iri].add(key)
                    if key == SOURCE_DOCUMENT:
                        self.documents[name].append(iri)
            elif kind is literal:
                value, language = obj.value, obj.language
                key = '"' + value + "\x00" + (language or obj.datatype.value)
                if predicate in label_ranks:
                    labels[iri].append((predicate, language, value))
            else:
                key = term_key(obj)
            rows[iri].append((predicate, key, name))

    def _read_labels(self, store: ox.Store, graph: ox.NamedNode) -> None:
        for predicate in LABEL_PROPERTIES:
            for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, graph):
                obj = quad.object
                if isinstance(obj, ox.Literal) and not isinstance(quad.subject, ox.BlankNode):
                    self.labels[quad.subject.value].append((predicate, obj.language, obj.value))

    def _read_notations(self, store: ox.Store, graph: ox.NamedNode) -> None:
        for quad in store.quads_for_pattern(None, ox.NamedNode(SKOS.notation), None, graph):
            if isinstance(quad.object, ox.Literal):
                self.notations[quad.subject.value].append(quad.object.value)

    def label(self, iri: str, language: str) -> str:
        """The label in ``language`` only, by ``pick_label``; in English the readable local name if none."""
        picked = self._picked[language]
        found = picked.get(iri)
        if found is None:
            labels = self.labels.get(iri)
            found = pick_label(labels, (language,)) if labels else ""
            if not found and language == "en":
                found = readable_name(iri)
            picked[iri] = found
        return found

    def inverses(self) -> dict[str, str]:
        """Each property of an ``owl:inverseOf`` pair mapped to the other, for the side an edge is not
        drawn with: of ``p owl:inverseOf q``, edges are drawn with ``p``, the declaring side (the lesser
        IRI when both sides declare it), so the two triples of a pair make one edge."""
        pairs = sorted(
            (q.subject.value, q.object.value)
            for q in self.ontology
            if q.predicate.value == OWL.inverseOf and type(q.subject) is ox.NamedNode and type(q.object) is ox.NamedNode
        )
        drawn_as: dict[str, str] = {}
        for kept, other in pairs:
            if kept != other and kept not in drawn_as and other not in drawn_as and other not in drawn_as.values():
                drawn_as[other] = kept
        return drawn_as

    def classes(self) -> dict[str, dict]:
        """Every class the ontology declares, with its labels, ancestors (itself included) and family."""
        declared = {q.subject.value for q in self.ontology if q.predicate.value == TYPE and q.object.value in CLASS_TYPES}
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
        found = {}
        for file in self.dataset.files:
            if file.role != ROLE_DATA:
                continue
            described = sorted(self.documents.get(file.graph, []))
            if len(described) == 1:
                title = next((t for p in TITLE_PROPERTIES for t in sorted(self._literals(described[0], p))), "") or file.path
                found[file.graph] = {"file": file.path, "title": title, "document": described[0]}
            else:
                found[file.graph] = {"file": file.path, "title": file.path, "document": ""}
        return found

    def _literals(self, subject: str, predicate: str) -> list[str]:
        return [key_value(key) for p, key, _ in self.rows.get(subject, ()) if p == predicate and key.startswith('"')]


def term_key(term) -> str:
    """One string per RDF term: IRIs as they are, literals and blank nodes marked so they never collide.

    A literal is ``"``, its value, NUL and its language or datatype (``str(literal)`` costs five
    times more). An IRI never starts with ``"`` or ``_:``, and a language tag never holds the ``:``
    every datatype IRI has, so the key gives the term's value and language back (``key_value``,
    ``key_language``).
    """
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return '"' + term.value + "\x00" + (term.language or term.datatype.value)


def key_value(key: str) -> str:
    """The ``value`` of the term a ``term_key`` stands for."""
    if key.startswith('"'):
        return key[1 : key.rindex("\x00")]
    return key[2:] if key.startswith("_:") else key


def key_language(key: str) -> str:
    """The language of the literal a ``term_key`` stands for ("" for none)."""
    tail = key[key.rindex("\x00") + 1 :]
    return "" if ":" in tail else tail


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def readable_name(iri: str) -> str:
    """The fallback English label: the local name, with ``wasDerivedFrom`` spelt ``was derived from``."""
    name = local_name(iri)
    if "-" in name or "_" in name or not any(c.isupper() for c in name[1:]):
        return name
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower() if name[0].islower() else name
