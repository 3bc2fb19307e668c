"""The values of ``aizones diff`` in the domain's words: dates as dates, amounts as amounts, names
in English (in Chinese where the data has only Chinese), figures as a person reads them.

The diff keeps every value exactly (``term``: the IRI with its label, or a literal's lexical form,
datatype and language), which is what its JSON gives; only its Markdown says them in words, here:
``"2021-04-20"^^xsd:date`` reads "20 April 2021", ``"12500000000"^^xsd:decimal`` "12.5 billion", and a
reported figure "Wuhan: AI enterprises (2024) 1,000 → 1,326 (document 013 → 014)", its amount in
words by ``aizones.core.amounts`` (the one way every output says one).
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from aizones.core.amounts import amount, number_words
from aizones.core.labels import Labeller
from aizones.core.names import compact
from aizones.core.namespaces import DCTERMS, RDF, RDFS, SKOS, XSD

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_NUMBERS = frozenset({XSD.decimal, XSD.integer, XSD.double, XSD.float, XSD.nonNegativeInteger, XSD.positiveInteger})
_LANGUAGES = {"zh": "Chinese", "en": "English"}
_DATE = re.compile(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T.*|Z|[+-]\d{2}:\d{2})?")  # xsd:date, dateTime, gYear, gYearMonth
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# The properties of RDF, RDFS and SKOS the ontology does not label itself, in words.
_PROPERTY_WORDS = {RDF.type: "kind", RDFS.label: "name", SKOS.prefLabel: "name", RDFS.comment: "comment", DCTERMS.title: "title"}


def term(term: ox.NamedNode | ox.Literal | ox.BlankNode, labeller: Labeller, blank: str = "") -> dict[str, str]:
    """One value exactly as the data has it: ``{"iri", "label"}``, ``{"value", "datatype"[, "language"]}``
    (a tagged string's datatype is rdf:langString, as RDF 1.1 has it) or ``{"blank"}`` (its canonical form)."""
    if isinstance(term, ox.NamedNode):
        return {"iri": term.value, "label": labeller.label(term.value)}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"value": term.value, "datatype": _LANG_STRING, "language": term.language}
        return {"value": term.value, "datatype": term.datatype.value}
    return {"blank": blank or str(term)}


def words(value: dict[str, str]) -> str:
    """A value of ``term`` in words."""
    if "iri" in value:
        short = compact(value["iri"])
        return f"`{short}`" if value["label"] == short else value["label"]
    if "blank" in value:
        return "a blank node"
    text, datatype = value["value"], value["datatype"]
    if "language" in value:
        language = value["language"].split("-")[0].lower()
        said = _LANGUAGES.get(language, value["language"])
        return f"“{text}”" + ("" if language == "en" else f" (in {said})")
    if datatype in (XSD.date, XSD.dateTime, XSD.gYear, XSD.gYearMonth):
        return date_words(text)
    if datatype in _NUMBERS:
        return number_words(text)
    if datatype == XSD.anyURI:
        return f"<{text}>"
    if datatype == XSD.boolean:
        return "yes" if text in ("true", "1") else "no"
    return f"“{text}”"


def property_words(iri: str, label: str) -> str:
    """A property in words: its label, or what RDF's and SKOS's own properties mean ("kind", "name")."""
    return _PROPERTY_WORDS.get(iri, label)


def date_words(text: str) -> str:
    """``2021-04-20`` → "20 April 2021", ``2021-04`` → "April 2021", ``2021`` → "2021"; other text as it is."""
    found = _DATE.fullmatch(text)
    if found is None:
        return text
    year, month, day = found.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    return " ".join(part for part in (str(int(day)) if day else "", _MONTHS[int(month) - 1], year) if part)


def claimed(text: str) -> str:
    """A value as ``explain.conflicts`` gives it (its lexical form alone): a date in words, else quoted."""
    return date_words(text) if "-" in text[1:] and _DATE.fullmatch(text) else f"“{text}”"


def figure_words(before: dict | None, after: dict | None) -> str:
    """A reported figure (``diff_figures.figure``) on one line; with both sides, what changed as
    "before → after": its amount, and its document when that changed too."""
    shown = after or before
    assert shown is not None
    period = date_words(shown["period"]) if shown["period"] else ""
    when = ", ".join(part for part in (period, "target" if shown["target"] else "") if part)
    head = f"{shown['subject']}: {shown['indicator']}" + (f" ({when})" if when else "")
    amounts = [amount(f["value"], f["unit"], f["qualifier"]) for f in (before, after) if f is not None]
    documents = [f["document"] for f in (before, after) if f is not None]
    said = " → ".join(amounts) if len(set(amounts)) > 1 else amounts[0]
    where = documents[0]
    if len(set(documents)) > 1:  # "document 013 → 014", or the two documents' names
        later = documents[1].removeprefix("document ") if documents[0].startswith("document ") else documents[1]
        where = f"{documents[0]} → {later}"
    return f"{head} {said}" + (f" ({where})" if where else "")
