"""What a table's cells mean: entities by label, concepts of a vocabulary, kinds, dates, numbers.

Each reader takes a cell's text and returns RDF terms, or raises ``CellError`` saying what is
wrong and what to write. Entities are found by ``core.names`` (``direct_iri`` and ``match``: the
same steps as every other name a user gives, in English or Chinese), among the labels of every
graph read so far and of the rows already turned into triples; a name that matches two entities is
refused, never guessed. Units, qualifiers, kinds of figures and statuses must be concepts of their
SKOS scheme in the graph (``skos:inScheme``), and kinds of organisations, facilities and events
classes under the ontology's (``rdfs:subClassOf``), so a table can use only what the vocabularies
define and the shapes check.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from aizones.core import names
from aizones.core.namespaces import AIZC, ID, RDF, RDFS, SKOS, XSD

_DATE_FORMS = ((re.compile(r"\d{4}"), XSD.gYear, "year"), (re.compile(r"\d{4}-\d{2}"), XSD.gYearMonth, "month"))
_DATE_FORMS += ((re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date, "day"),)
# Scale words an analyst may copy from a report: "300 billion", "3000亿", "1.5万".
_SCALED = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*(trillion|billion|million|亿|万)", re.IGNORECASE)
_SCALE = {"trillion": 12, "billion": 9, "million": 6, "亿": 8, "万": 4}
_SEPARATORS = re.compile(r"[\s_-]+")
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
LIST_SEPARATOR = ";"


class CellError(Exception):
    """A cell that cannot be read: ``str`` is what is wrong and what to write."""


class Lookup:
    """Labels, types, concepts and classes of the store, read once, plus what the tables add."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._labels: dict[str, set[str]] | None = None
        self.hidden = False  # whether a label holds an invisible character (set with the labels)
        self._members: dict[tuple[str, ...], set[str]] = {}
        self._labelled: dict[tuple[str, ...], dict[str, set[str]]] = {}
        self._below: dict[tuple[str, ...], set[str]] = {}  # the classes at or below each set of classes
        self._schemes: dict[str, dict[str, str]] = {}
        self._classes: dict[str, dict[str, str]] = {}
        self._new: dict[str, set[str]] = {}  # entity → classes, of rows already read

    def labels(self) -> dict[str, set[str]]:
        """Every label (``names.NAME_PROPERTIES``) of an entity with an IRI, in any graph: read from the
        store's index pattern by pattern, several times faster than a query at a million triples."""
        if self._labels is None:
            self._labels = {}
            for predicate in names.NAME_PROPERTIES:
                for quad in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
                    if type(quad.subject) is ox.NamedNode and type(quad.object) is ox.Literal:
                        self._labels.setdefault(quad.object.value, set()).add(quad.subject.value)
            # a label with an invisible character also matches its visible form (names.visible_labels)
            self.hidden = any(not label.isprintable() for label in self._labels)
        return self._labels

    def labels_of(self, classes: tuple[str, ...]) -> dict[str, set[str]]:
        """The labels of the entities of ``classes`` (all labels for none), made once per set of classes."""
        if not classes:
            return self.labels()
        if classes not in self._labelled:
            members = self.members(classes)
            self._labelled[classes] = {label: found & members for label, found in self.labels().items() if not found.isdisjoint(members)}
        return self._labelled[classes]

    def members(self, classes: tuple[str, ...]) -> set[str]:
        """The entities typed with one of ``classes`` or a class below them, in any graph."""
        if classes not in self._members:
            below = self._below[classes] = {c for base in classes for c in self.subclasses(base).values()}
            typed = ox.NamedNode(RDF.type)
            found = {
                q.subject.value
                for c in below
                for q in self.store.quads_for_pattern(None, typed, ox.NamedNode(c), None)
                if type(q.subject) is ox.NamedNode
            }
            self._members[classes] = found | {e for e, kinds in self._new.items() if kinds & below}
        return self._members[classes]

    def subclasses(self, base: str) -> dict[str, str]:
        """The classes at or below ``base``, by the keys a cell may name them with (local name, label)."""
        if base not in self._classes:
            query = (
                f"SELECT DISTINCT ?c ?k WHERE {{ ?c <{RDFS.subClassOf}>* <{base}> OPTIONAL {{ ?c <{RDFS.label}> ?k }} FILTER(isIRI(?c)) }}"
            )
            self._classes[base] = self._keyed(query)
        return self._classes[base]

    def concepts(self, scheme: str) -> dict[str, str]:
        """The concepts of ``scheme`` by their keys: local name, notation, preferred and other labels."""
        if scheme not in self._schemes:
            query = (
                f"SELECT ?c ?k WHERE {{ ?c <{SKOS.inScheme}> <{scheme}> . "
                f"OPTIONAL {{ ?c ?p ?k FILTER(?p IN (<{SKOS.prefLabel}>, <{SKOS.altLabel}>, <{SKOS.notation}>)) }} }}"
            )
            self._schemes[scheme] = self._keyed(query)
        return self._schemes[scheme]

    def _keyed(self, query: str) -> dict[str, str]:
        """``?c`` of each answer by its local name and by each ``?k``, in the form ``_key`` compares."""
        keys: dict[str, str] = {}
        for row in self.store.query(query, use_default_graph_as_union=True):
            iri = row["c"].value
            keys[_key(names.local_name(iri))] = iri
            if row["k"] is not None:
                keys.setdefault(_key(row["k"].value), iri)
        return keys

    def add(self, entity: str, kinds: set[str], labels: list[str]) -> None:
        """Make an entity of a row findable by the rows and files read after it."""
        self._new.setdefault(entity, set()).update(kinds)
        for label in labels:
            self.labels().setdefault(label, set()).add(entity)
        for classes, members in self._members.items():  # kept up to date, not made again: rows are many
            if kinds & self._below[classes]:
                members.add(entity)
                for label in labels if classes in self._labelled else ():
                    self._labelled[classes].setdefault(label, set()).add(entity)

    def described(self, iri: str) -> bool:
        return iri in self._new or next(self.store.quads_for_pattern(ox.NamedNode(iri), None, None, None), None) is not None


def written(iri: str) -> str:
    """How a cell names an entity by id: its slug under ``id:``, else the IRI in angle brackets."""
    return iri[len(ID.base) :] if iri.startswith(ID.base) else f"<{iri}>"


def _key(text: str) -> str:
    return _SEPARATORS.sub("", names.visible(text).casefold())


def entity(lookup: Lookup, text: str, classes: tuple[str, ...], what: str) -> ox.NamedNode:
    """The one entity (of ``classes``) that ``text`` names, by id, IRI or label in English or Chinese."""
    members = lookup.members(classes) if classes else None
    iri = names.direct_iri(text)
    if iri and (iri in members if members is not None else lookup.described(iri)):
        return ox.NamedNode(iri)
    labels = lookup.labels_of(classes)
    # a label written exactly (names' first two steps), looked up at once; otherwise every step
    exact = [labels.get(form, set()) for form in (text, *(text + suffix for suffix in names.ADDED_SUFFIXES))]
    found = [] if lookup.hidden else sorted(exact[0] or set().union(*exact[1:]))
    found = found or names.match(text, labels)
    if len(found) == 1:
        return ox.NamedNode(found[0])
    if found:
        listed = ", ".join(names.compact(e) for e in found[:6])
        raise CellError(f"{text!r} is ambiguous: it names {listed}; write the id of the one meant, e.g. {written(found[0])}")
    close = names.closest(text, labels, 3)
    hint = f" (closest: {', '.join(close)})" if close else ""
    raise CellError(f"no {what} called {text!r} in the graph{hint}; write the English or Chinese label or the id of one, or add it first")


def entities(lookup: Lookup, text: str, classes: tuple[str, ...], what: str) -> list[ox.NamedNode]:
    """Several entities, separated by ``;``."""
    return [entity(lookup, part.strip(), classes, what) for part in text.split(LIST_SEPARATOR) if part.strip()]


def concept(lookup: Lookup, text: str, scheme: str) -> ox.NamedNode:
    """The concept of ``scheme`` named by its id (``cny``), notation (``CNY``) or label (``yuan (CNY)``, ``人民币元``)."""
    return _one_of(lookup.concepts(scheme), text, f"is not in the vocabulary {names.compact(scheme)}")


def kind(lookup: Lookup, text: str, base: str) -> ox.NamedNode:
    """A class at or below ``base``, by its name (``University``, ``municipal bureau``) or English label."""
    return _one_of(lookup.subclasses(base), text, f"is not a kind of {names.local_name(base)} in the ontology")


def _one_of(keys: dict[str, str], text: str, what_it_is_not: str) -> ox.NamedNode:
    found = keys.get(_key(text))
    if found:
        return ox.NamedNode(found)
    choices = ", ".join(sorted({names.local_name(iri) for iri in keys.values()}))
    raise CellError(f"{text!r} {what_it_is_not}; write one of {choices}")


def date(text: str) -> tuple[ox.Literal, ox.NamedNode]:
    """A date at the precision written (``2021``, ``2021-04``, ``2021-04-20``) and that precision's concept."""
    for form, datatype, precision in _DATE_FORMS:
        if form.fullmatch(text):
            try:
                datetime.date.fromisoformat((text + "-01-01")[:10])
            except ValueError:
                break
            return ox.Literal(text, datatype=ox.NamedNode(datatype)), ox.NamedNode(AIZC[f"precision-{precision}"])
    raise CellError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD; write it so, e.g. 2021-04-20, 2021-04 or 2021")


def decimal(text: str) -> ox.Literal:
    """A number: plain (``2000``, ``12.5``, ``-3``), or with a scale word (``300 billion``, ``3000亿``)."""
    scaled = _SCALED.fullmatch(text)
    try:
        number = Decimal(scaled.group(1)).scaleb(_SCALE[scaled.group(2).lower()]) if scaled else Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or "," in text:
        raise CellError(
            f"{text!r} is not a number; write digits with a decimal point and no thousands separators, e.g. 2000, 12.5 or 300 billion"
        )
    return ox.Literal(_canonical(number), datatype=ox.NamedNode(XSD.decimal))


def integer(text: str) -> ox.Literal:
    if not re.fullmatch(r"\d+", text):
        raise CellError(f"{text!r} is not a whole number; write digits only, e.g. 2")
    return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD.integer))


def url(text: str) -> ox.Literal:
    if not _URL.fullmatch(text):
        raise CellError(f"{text!r} is not a web address; write it in full, starting with https:// or http://, with spaces as %20")
    return ox.Literal(text, datatype=ox.NamedNode(XSD.anyURI))


def language(text: str) -> ox.Literal:
    if text not in names.LABEL_LANGUAGES:
        raise CellError(f"{text!r} is not a language of the graph; write {' or '.join(names.LABEL_LANGUAGES)}")
    return ox.Literal(text, datatype=ox.NamedNode(XSD.language))


def english(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def chinese(text: str) -> ox.Literal:
    if not re.search(r"[\u3400-\u9fff]", text):
        raise CellError(f"{text!r} holds no Chinese character; write the Chinese name here, or leave the cell empty")
    return ox.Literal(text, language="zh")


def plain(text: str) -> ox.Literal:
    return ox.Literal(text)


def slug(text: str) -> str:
    """An id as the conventions mint them: lowercase ASCII letters, digits and ``-``."""
    if not names.SLUG.fullmatch(text) or text.startswith("-") or text.endswith("-") or "--" in text:
        raise CellError(f"{text!r} is not an id; write lowercase letters, digits and single hyphens, e.g. suzhou-big-data-exchange")
    return text


def _canonical(number: Decimal) -> str:
    """The number as xsd:decimal writes it: no exponent, at least one digit after the point."""
    text = format(number.normalize(), "f")
    return text if "." in text else text + ".0"
