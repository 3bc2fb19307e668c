"""Search by name: every label of every IRI of the release, read once, ranked against what a user typed.

The release is immutable, so its names are read once (one query for the names, one for the
kinds) into a list searched in memory: a search then costs a scan of casefolded strings, never a
query. A name is any ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel`` (where the graph keeps
abbreviations such as "MIIT" and "PRC", and other names), ``schema:name`` or ``dcterms:title``, in
any language; invisible characters do not count (``core.names.visible``), as in ``resolve``.

Ranking, best first: the whole name ignoring case ("MIIT", an alternative name of the ministry),
then the whole name but for a generic word such as "Province" or "市", or a bracketed
abbreviation at the end of a label ("… (MIIT)"), then a name that starts with the
text, then one with a word that starts with it, then one that holds it anywhere, then one that
holds each of its words; within a rank, a label before an alternative name, a shorter name
first, then the label's order. Each entity appears once, at its best name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aizones.core.dataset import Dataset
from aizones.core.labels import LABEL_PROPERTIES, Labeller, pick_label
from aizones.core.names import ADDED_SUFFIXES, visible
from aizones.core.namespaces import AIZ, OWL, RDF, RDFS, SKOS
from aizones.core.sparql import select
from aizones.querying.saved import ENTITY_TYPES
from aizones.serving.links import page_for

NAMES = (*LABEL_PROPERTIES, SKOS.altLabel)
_PREFERRED = {prop: rank for rank, prop in enumerate(NAMES)}
_NAMES_QUERY = (
    "SELECT ?entity ?property ?name WHERE { VALUES ?property { "
    + " ".join(f"<{p}>" for p in NAMES)
    + " } ?entity ?property ?name FILTER(isIRI(?entity) && isLiteral(?name)) }"
)
# The kinds: the most specific aiz: class, else any type (a concept, an ontology term), and the
# classes the saved queries' parameter types stand for, with the closure's types.
_FILTERED = sorted({c for classes in ENTITY_TYPES.values() for c in classes})
_KINDS_QUERY = f"SELECT ?entity ?kind WHERE {{ ?entity <{AIZ.mostSpecificKind}> ?kind }}"
_TYPES_QUERY = f"SELECT ?entity ?type WHERE {{ ?entity <{RDF.type}> ?type FILTER(isIRI(?entity) && isIRI(?type)) }}"
# Types that say less than any other an entity has: shown as its kind only when it has no other.
_GENERIC_TYPES = {OWL.NamedIndividual, OWL.Thing, RDFS.Resource}
_BRACKETED = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")
_WORD_START = re.compile(r"[\s\-/(,]+")  # what ends a word: a name's next word starts after it
LIMIT, MAX_LIMIT = 20, 100


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    label_zh: str
    kind: str
    kind_label: str

    def as_json(self) -> dict[str, str]:
        return {
            "iri": self.iri,
            "label": self.label,
            "label_zh": self.label_zh,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "page": page_for(self.iri),
        }


@dataclass(frozen=True)
class _Name:
    folded: str  # visible, casefolded, stripped
    keys: frozenset[str]  # the forms that count as the whole name
    preference: int  # the property's rank: a label before an alternative name
    entity: int  # index into LabelSearch.entities


class LabelSearch:
    """The names of one release, searchable; made by ``read`` (a few queries, once per release)."""

    def __init__(self, entities: list[Hit], classes: list[frozenset[str]], names: list[_Name], labels: dict[str, set[str]]) -> None:
        self.entities, self.classes, self.names = entities, classes, names
        self.labels = labels  # each name as written, with the entities it names: what ``names.closest`` reads
        self.by_iri = {hit.iri: hit for hit in entities}

    def find(self, text: str, *, kind: str | None = None, limit: int = LIMIT) -> list[Hit]:
        """The entities with a name matching ``text``, best first (module docstring); ``kind`` a key of ``ENTITY_TYPES``."""
        wanted = visible(text).casefold().strip()
        if not wanted:
            return []
        allowed = frozenset(ENTITY_TYPES[kind]) if kind else frozenset()
        words = wanted.split()
        best: dict[int, tuple] = {}
        for name in self.names:
            rank = _rank(name, wanted, words)
            if rank is None or (allowed and not allowed & self.classes[name.entity]):
                continue
            key = (rank, name.preference, len(name.folded), name.folded)
            if name.entity not in best or key < best[name.entity]:
                best[name.entity] = key
        ordered = sorted(best, key=lambda e: (*best[e], self.entities[e].label, self.entities[e].iri))
        return [self.entities[e] for e in ordered[: max(0, min(limit, MAX_LIMIT))]]


def _rank(name: _Name, wanted: str, words: list[str]) -> int | None:
    folded = name.folded
    if wanted == folded:
        return 0
    if wanted in name.keys:
        return 1
    at = folded.find(wanted)
    if at == 0:
        return 2
    if at > 0:
        return 3 if any(folded.startswith(wanted, m.end()) for m in _WORD_START.finditer(folded, 0, at + 1)) else 4
    if len(words) > 1 and all(word in folded for word in words):
        return 5
    return None


def _keys(folded: str) -> frozenset[str]:
    """The forms of a name that a user typing it whole may mean: itself, without a generic word, and a bracketed end alone or left out."""
    keys = {folded}
    bracketed = _BRACKETED.match(folded)
    if bracketed:
        keys |= {bracketed.group(1), bracketed.group(2).strip()}
    for key in list(keys):
        for suffix in ADDED_SUFFIXES:
            ending = suffix.casefold()
            if key.endswith(ending) and len(key) > len(ending):
                keys.add(key[: -len(ending)].strip())
    return frozenset(keys)


def read(dataset: Dataset) -> LabelSearch:
    """Every name of the release, with each named entity's labels and kind (blocking: run it off the event loop)."""
    _, name_rows = select(dataset, _NAMES_QUERY)
    values: dict[str, list[tuple[str, str, str]]] = {}
    for entity, prop, name in name_rows:
        values.setdefault(entity.value, []).append((prop.value, name.language or "", name.value))
    _, kind_rows = select(dataset, _KINDS_QUERY)
    kinds: dict[str, set[str]] = {}
    for entity, kind in kind_rows:
        kinds.setdefault(entity.value, set()).add(kind.value)
    _, type_rows = select(dataset, _TYPES_QUERY)
    types: dict[str, set[str]] = {}
    for entity, type_ in type_rows:
        if entity.value in values:
            types.setdefault(entity.value, set()).add(type_.value)
    labeller = Labeller(dataset)
    entities, classes, names, labels = [], [], [], {}
    for index, iri in enumerate(sorted(values)):
        kind = _kind(kinds.get(iri, set()), types.get(iri, set()))
        entities.append(
            Hit(
                iri,
                pick_label(values[iri]) or labeller.label(iri),
                pick_label(values[iri], ("zh",)),
                kind,
                labeller.label(kind) if kind else "",
            )
        )
        classes.append(frozenset(types.get(iri, set())))
        seen = set()
        for prop, _language, text in values[iri]:
            labels.setdefault(text, set()).add(iri)
            folded = visible(text).casefold().strip()
            if folded and folded not in seen:
                seen.add(folded)
                names.append(_Name(folded, _keys(folded), _PREFERRED[prop], index))
    return LabelSearch(entities, classes, names, labels)


def _kind(most_specific: set[str], types: set[str]) -> str:
    """The kind shown: the first most specific ``aiz:`` class, else the first type saying most."""
    if most_specific:
        return sorted(most_specific)[0]
    telling = sorted(types - _GENERIC_TYPES)
    return telling[0] if telling else ""
