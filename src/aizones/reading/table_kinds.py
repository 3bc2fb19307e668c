"""The kinds of table and their columns: which cell becomes which triple (``docs/tables.md``).

Each kind is a list of columns, each with its reader (``table_cells``) and the property its value
is written with, the same properties the Turtle files of ``graph/sources/`` use, so the same
shapes apply. What no single column says is made by the kind's ``node``: the node's IRI (its
``id`` cell, else minted from the row's content, as ``docs/conventions.md`` mints slugs), its
class, its generated label, the source document it is stated in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from aizones.core import amounts, names
from aizones.core.namespaces import AIZ, AIZC, DCTERMS, ID, PROV, RDFS, SKOS
from aizones.reading import table_cells as cells
from aizones.reading.table_cells import CellError, Lookup

# The classes a figure's subject, a place, a body may be (with every class below them).
SUBJECTS = (AIZ.Region, AIZ.PilotZone, AIZ.Organisation, AIZ.Facility, AIZ.Product, AIZ.Programme, AIZ.Project, AIZ.Event)
PLACES = (AIZ.Region,)
BODIES = (AIZ.Organisation,)


@dataclass(frozen=True)
class Column:
    name: str
    read: Callable[[Lookup, str], object]
    predicate: str | None = None  # None: the kind's ``node`` uses the value
    required: bool = False
    precision: bool = False  # a date whose precision is also written (aiz:datePrecision)


def _entity(classes: tuple[str, ...], what: str, many: bool = False) -> Callable[[Lookup, str], object]:
    if many:
        return lambda lookup, text: cells.entities(lookup, text, classes, what)
    return lambda lookup, text: cells.entity(lookup, text, classes, what)


def _concept(scheme: str) -> Callable[[Lookup, str], object]:
    return lambda lookup, text: cells.concept(lookup, text, AIZC[scheme])


def _kind(base: str) -> Callable[[Lookup, str], object]:
    return lambda lookup, text: cells.kind(lookup, text, base)


def _text(read: Callable[[str], object]) -> Callable[[Lookup, str], object]:
    return lambda _lookup, text: read(text)


_ID = Column("id", _text(cells.slug))
_LABEL_EN = Column("label_en", _text(cells.english), RDFS.label, required=True)
_LABEL_ZH = Column("label_zh", _text(cells.chinese), RDFS.label)
_COMMENT = Column("comment", _text(cells.english), RDFS.comment)
_NOTE = Column("note", _text(cells.english), AIZ.note)
_ZONE = Column("zone", _entity((AIZ.PilotZone,), "pilot zone"), AIZ.concernsZone)


def _named(base: str, *columns: Column) -> tuple[Column, ...]:
    """The columns of a kind whose rows are named things (organisations, facilities, events): an id,
    labels, a kind of ``base``, then ``columns``, then the zone they concern, a comment and a note."""
    kind = Column("kind", _kind(base), required=True)
    return (_ID, _LABEL_EN, _LABEL_ZH, kind, *columns, _ZONE, _COMMENT, _NOTE)


COLUMNS: dict[str, tuple[Column, ...]] = {
    "source": (
        Column("label_en", _text(cells.english), RDFS.label, required=True),
        Column("title_en", _text(cells.english), DCTERMS.title),
        Column("title_zh", _text(cells.chinese), DCTERMS.title),
        Column("publisher", _entity(BODIES, "organisation"), AIZ.publishedBy),
        Column("publisher_name", _text(cells.plain), AIZ.publisherName, required=True),
        Column("date", _text(cells.date), AIZ.publicationDate, required=True, precision=True),
        Column("language", _text(cells.language), DCTERMS.language, required=True),
        Column("url", _text(cells.url), AIZ.url),
        Column("copy_url", _text(cells.url), AIZ.copyUrl),
        Column("no_url_reason", _text(cells.plain), AIZ.noUrlReason),
        Column("description", _text(cells.english), DCTERMS.description),
        _NOTE,
    ),
    "organisations": _named(
        AIZ.Organisation,
        Column("located_in", _entity(PLACES, "place"), AIZ.locatedIn),
        Column("headquartered_in", _entity(PLACES, "place"), AIZ.headquarteredIn),
        Column("jurisdiction", _entity(PLACES, "place"), AIZ.jurisdiction),
        Column("parent", _entity(BODIES, "organisation"), AIZ.parentOrganisation),
        Column("affiliated_with", _entity(BODIES, "organisation", many=True), AIZ.affiliatedWith),
    ),
    "facilities": _named(
        AIZ.Facility,
        Column("located_in", _entity(PLACES, "place"), AIZ.locatedIn),
        Column("operated_by", _entity(BODIES, "organisation", many=True), AIZ.operatedBy),
        Column("status", _concept("statuses"), AIZ.status),
        Column("status_date", _text(cells.date), AIZ.statusDate),
    ),
    "events": _named(
        AIZ.Event,
        Column("date", _text(cells.date), AIZ.eventDate),
        Column("held_in", _entity(PLACES, "place"), AIZ.heldIn),
        Column("organised_by", _entity(BODIES, "organisation", many=True), AIZ.organisedBy),
    ),
    "designations": (
        _ID,
        Column("label_en", _text(cells.english), RDFS.label),
        Column("zone", _entity((AIZ.PilotZone,), "pilot zone"), AIZ.designates, required=True),
        Column("designated_by", _entity((AIZ.GovernmentBody,), "government body"), AIZ.designatedBy, required=True),
        Column("date", _text(cells.date), AIZ.designationDate, required=True, precision=True),
        Column("batch", _text(cells.integer), AIZ.batch),
        Column("letter_number", _text(cells.plain), AIZ.letterNumber),
        Column("confidence", _concept("confidence-levels"), AIZ.confidence),
        Column("confidence_note", _text(cells.plain), AIZ.confidenceNote),
        _NOTE,
    ),
    "figures": (
        _ID,
        Column("label_en", _text(cells.english), RDFS.label),
        Column("subject", _entity(SUBJECTS, "entity"), AIZ.subject, required=True),
        Column("indicator", _concept("indicators"), AIZ.indicator, required=True),
        Column("period", _text(cells.date), AIZ.period, required=True),
        Column("period_end", _text(cells.date), AIZ.periodEnd),
        Column("value", _text(cells.decimal), AIZ.value, required=True),
        Column("unit", _concept("units"), AIZ.unit, required=True),
        Column("qualifier", _concept("qualifiers"), AIZ.qualifier, required=True),
        Column("kind", _concept("figure-kinds"), AIZ.figureKind, required=True),
        Column("growth_rate", _text(cells.decimal), AIZ.growthRate),
        Column("reported_by", _entity(BODIES, "organisation"), AIZ.reportedBy),
        Column("about_product", _entity((AIZ.Product,), "product"), AIZ.aboutProduct),
        Column("converted_from", _entity((AIZ.ReportedFigure,), "figure"), AIZ.convertedFrom),
        _NOTE,
    ),
}
# The order files are read in: what a later kind names (a publisher, a reporting body, a zone's
# designation) may be a row of an earlier one.
ORDER = ("source", "organisations", "facilities", "events", "designations", "figures")
KINDS = tuple(sorted(COLUMNS))


@dataclass(frozen=True)
class Node:
    """What a row says beyond its columns: the node, its classes, and triples of its own."""

    iri: str
    classes: tuple[str, ...]
    extra: tuple[tuple[str, ox.Literal | ox.NamedNode], ...] = ()


def node(kind: str, document: str, values: dict[str, object], lookup: Lookup) -> Node:
    """The node a row describes, or ``CellError`` naming the column to fix (as ``column: message``)."""
    doc = ox.NamedNode(ID[f"doc-{document}"])
    if kind == "source":
        return Node(doc.value, (AIZ.SourceDocument,))
    if kind == "figures":
        return _figure(document, values, lookup, doc)
    if kind == "designations":
        zone = values["zone"]
        # as the reference layer names them: most-zone-suzhou is designated by designation-most-suzhou
        slug = values.get("id") or f"designation-{names.local_name(zone.value).replace('-zone-', '-', 1)}"
        extra = [(PROV.wasDerivedFrom, doc)]
        if "label_en" not in values:
            extra.append((RDFS.label, cells.english(f"Designation of the {lookup_label(lookup, zone.value)}")))
        return Node(ID[slug], (AIZ.Designation,), tuple(extra))
    slug = values.get("id") or _minted(values["label_en"].value)
    return Node(ID[slug], (values["kind"].value,))


def introduced(kind: str, row, lookup: Lookup) -> tuple[str, set[str], list[str]] | None:
    """The node, classes and labels a row of named things (organisations, facilities, events)
    introduces, read before any table is turned into triples so that a table read earlier (a source
    naming its publisher) may name it; None where the row cannot say (its problems are reported when
    its own table is read)."""
    if kind not in ("organisations", "facilities", "events"):
        return None
    try:
        slug = cells.slug(row.get("id")) if row.get("id") else _minted(row.get("label_en"))
        classes = {cells.kind(lookup, row.get("kind"), _BASES[kind]).value}
    except CellError:
        return None
    return ID[slug], classes, [text for text in (row.get("label_en"), row.get("label_zh")) if text]


_BASES = {"organisations": AIZ.Organisation, "facilities": AIZ.Facility, "events": AIZ.Event}


def _figure(document: str, values: dict[str, object], lookup: Lookup, doc: ox.NamedNode) -> Node:
    number = document.split("-")[0] if document.split("-")[0].isdigit() else document
    parts = ["fig", number, names.local_name(values["subject"].value), names.local_name(values["indicator"].value)]
    parts += [values["period"][0].value, names.local_name(values["unit"].value)]
    if values["kind"].value == AIZC.target:
        parts.append("target")
    slug = values.get("id") or "-".join(parts).lower()
    extra: list[tuple[str, object]] = [(AIZ.reportedIn, doc)]
    if "label_en" not in values:
        said = amounts.amount(values["value"].value.removesuffix(".0"), values["unit"].value, values["qualifier"].value)
        target = " (target)" if values["kind"].value == AIZC.target else ""
        subject, indicator = lookup_label(lookup, values["subject"].value), lookup_label(lookup, values["indicator"].value)
        extra.append((RDFS.label, cells.english(f"{subject}: {indicator} {values['period'][0].value}{target}, {said}")))
    return Node(ID[slug], (AIZ.ReportedFigure,), tuple(extra))


def lookup_label(lookup: Lookup, iri: str) -> str:
    """An entity's or concept's English label (``skos:prefLabel`` or ``rdfs:label``), else its local name."""
    node_ = ox.NamedNode(iri)
    for predicate in (RDFS.label, SKOS.prefLabel):
        for quad in lookup.store.quads_for_pattern(node_, ox.NamedNode(predicate), None, None):
            if isinstance(quad.object, ox.Literal) and quad.object.language == "en":
                return quad.object.value
    english = sorted(label for label, found in lookup.labels().items() if iri in found and label.isascii())
    return english[0] if english else names.local_name(iri)


def _minted(label: str) -> str:
    """A slug from an English label: ``Suzhou Big Data Exchange`` → ``suzhou-big-data-exchange``."""
    ascii_ = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower().replace("'", "")).strip("-")
    if not slug:
        raise CellError(f"label_en: no id can be made from {label!r}; write one in the id column")
    return slug
