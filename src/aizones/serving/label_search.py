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

import bisect
import re
from dataclasses import dataclass, replace

import pyoxigraph as ox

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
# The kinds: the most specific aiz: class (else, for ontology terms and concepts, any type); and the classes
# the saved queries' parameter types stand for, with the closure's types, for ``kind=``.
_FILTERED = sorted({c for classes in ENTITY_TYPES.values() for c in classes})
_KINDS_QUERY = f"SELECT ?entity ?kind WHERE {{ ?entity <{AIZ.mostSpecificKind}> ?kind }}"
_CLASSES_QUERY = (
    "SELECT ?entity ?type WHERE { VALUES ?type { "
    + " ".join(f"<{c}>" for c in _FILTERED)
    + f" }} ?entity <{RDF.type}> ?type FILTER(isIRI(?entity)) }}"
)
# Types that say less than any other an entity has: shown as its kind only when it has no other.
_GENERIC_TYPES = {OWL.NamedIndividual, OWL.Thing, RDFS.Resource}
_BRACKETED = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")
_WORD_START = re.compile(r"[\s\-/(,]")  # what ends a word: a name's next word starts after it
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
    """The names of one release, searchable; made by ``read`` (a few queries, once per release).

    Found tier by tier, best first, so that a search of a large release stops early: the whole
    name and its other forms are dictionary look-ups, names starting with the text a range of the
    sorted names, and only when those give fewer than ``limit`` entities is the text looked for
    inside names (one ``str.find`` scan of all of them joined, in C), then word by word.
    """

    def __init__(self, entities: list[Hit], classes: list[frozenset[str]], names: list[_Name], labels: dict[str, set[str]]) -> None:
        self.entities, self.classes = entities, classes
        self.names = sorted(names, key=lambda n: (n.folded, n.preference, n.entity))
        self.labels = labels  # each name as written, with the entities it names: what ``names.closest`` reads
        self.by_iri = {hit.iri: hit for hit in entities}
        self._kinds: dict[str, LabelSearch] = {}
        self._folded = [n.folded for n in self.names]
        self._by_key: dict[str, list[int]] = {}
        for index, name in enumerate(self.names):
            for key in name.keys:
                self._by_key.setdefault(key, []).append(index)
        self._starts, offset = [], 0
        for folded in self._folded:
            self._starts.append(offset)
            offset += len(folded) + 1
        self._joined = "\n".join(self._folded)  # no name holds a line break (``visible`` made it a space)

    def find(self, text: str, *, kind: str | None = None, limit: int = LIMIT) -> list[Hit]:
        """The entities with a name matching ``text``, best first (module docstring); ``kind`` a key of ``ENTITY_TYPES``."""
        wanted = visible(text).casefold().strip()
        limit = max(0, min(limit, MAX_LIMIT))
        if not wanted or not limit:
            return []
        if kind:
            return self._of_kind(kind).find(text, limit=limit)
        best: dict[int, tuple] = {}

        def take(index: int, rank: int) -> None:
            name = self.names[index]
            key = (rank, name.preference, len(name.folded), name.folded)
            if name.entity not in best or key < best[name.entity]:
                best[name.entity] = key

        for index in self._by_key.get(wanted, ()):
            take(index, 0 if self._folded[index] == wanted else 1)
        at = bisect.bisect_left(self._folded, wanted)
        while at < len(self._folded) and self._folded[at].startswith(wanted):
            take(at, 0 if self._folded[at] == wanted else 2)
            at += 1
        if len(best) < limit:
            self._inside(wanted, take)
        words = wanted.split()
        if len(best) < limit and len(words) > 1:
            self._all_words(words, take)
        ordered = sorted(best, key=lambda e: (*best[e], self.entities[e].label, self.entities[e].iri))
        return [self.entities[e] for e in ordered[:limit]]

    def _of_kind(self, kind: str) -> LabelSearch:
        """The names of the entities of one ``ENTITY_TYPES`` kind, as a search of their own (made on first use):
        a filter applied while scanning would read every name of a large release to find a few regions."""
        if kind not in self._kinds:
            allowed = frozenset(ENTITY_TYPES[kind])
            kept = [i for i, classes in enumerate(self.classes) if not allowed or allowed & classes]
            index = {old: new for new, old in enumerate(kept)}
            self._kinds[kind] = LabelSearch(
                [self.entities[i] for i in kept],
                [self.classes[i] for i in kept],
                [replace(n, entity=index[n.entity]) for n in self.names if n.entity in index],
                self.labels,
            )
        return self._kinds[kind]

    def _inside(self, wanted: str, take) -> None:
        """Names holding ``wanted`` after their start: at the start of a word (rank 3) or anywhere (rank 4)."""
        joined, starts = self._joined, self._starts
        at = joined.find(wanted)
        while at >= 0:
            index = bisect.bisect_right(starts, at) - 1
            if at != starts[index]:
                take(index, 3 if _WORD_START.fullmatch(joined[at - 1]) else 4)
            at = joined.find(wanted, at + 1)

    def _all_words(self, words: list[str], take) -> None:
        """Names holding every word of the text, in any order (rank 5): found by the longest word, checked for the others."""
        longest = max(words, key=len)
        others = [w for w in words if w is not longest]
        joined, starts = self._joined, self._starts
        at, last = joined.find(longest), -1
        while at >= 0:
            index = bisect.bisect_right(starts, at) - 1
            if index != last and all(w in self._folded[index] for w in others):
                take(index, 5)
            last = index
            at = joined.find(longest, at + 1)


_SUFFIXES = tuple(suffix.casefold() for suffix in ADDED_SUFFIXES)


def _keys(folded: str) -> frozenset[str]:
    """The forms of a name that a user typing it whole may mean: itself, without a generic word, and a bracketed end alone or left out."""
    keys = {folded}
    bracketed = _BRACKETED.match(folded) if folded.endswith(")") else None
    if bracketed:
        keys |= {bracketed.group(1), bracketed.group(2).strip()}
    for key in list(keys):
        for ending in _SUFFIXES:
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
    classes: dict[str, set[str]] = {}
    for entity, class_ in select(dataset, _CLASSES_QUERY)[1]:
        classes.setdefault(entity.value, set()).add(class_.value)
    # an entity without a most specific kind (an ontology term, a concept) is shown with its types,
    # read from the store's index for those few alone
    store, typed = dataset.store, ox.NamedNode(RDF.type)
    types = {
        iri: {q.object.value for q in store.quads_for_pattern(ox.NamedNode(iri), typed, None, None) if isinstance(q.object, ox.NamedNode)}
        for iri in values
        if iri not in kinds
    }
    labeller = Labeller(dataset)
    entities, entity_classes, names, labels, kind_labels = [], [], [], {}, {}
    for index, iri in enumerate(sorted(values)):
        kind = _kind(kinds.get(iri, set()), types.get(iri, set()))
        entities.append(
            Hit(
                iri,
                pick_label(values[iri]) or labeller.label(iri),
                pick_label(values[iri], ("zh",)) if any(lang.startswith("zh") for _p, lang, _t in values[iri]) else "",
                kind,
                kind_labels.setdefault(kind, labeller.label(kind) if kind else ""),
            )
        )
        entity_classes.append(frozenset(classes.get(iri, ())))
        seen = set()
        for prop, _language, text in values[iri]:
            labels.setdefault(text, set()).add(iri)
            folded = visible(text).casefold().strip()
            if folded and folded not in seen:
                seen.add(folded)
                names.append(_Name(folded, _keys(folded), _PREFERRED[prop], index))
    return LabelSearch(entities, entity_classes, names, labels)


def _kind(most_specific: set[str], types: set[str]) -> str:
    """The kind shown: the first most specific ``aiz:`` class, else the first type saying most."""
    if most_specific:
        return sorted(most_specific)[0]
    telling = sorted(types - _GENERIC_TYPES)
    return telling[0] if telling else ""
