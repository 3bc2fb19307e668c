"""Which literals HermiT (through owlready2) can read, and the N-Triples it is given without the rest.

HermiT stops at the first literal it cannot read with a Java stack trace and no verdict, so one
odd value in the data would end the whole validation. Found by trying each case on HermiT 1.4
through owlready2 0.4x (``tests/validation/test_consistency.py`` keeps the list honest):

- owlready2 reads ``xsd:double``, ``xsd:float`` and ``xsd:decimal`` as Python floats and writes
  them back for HermiT: ``NaN`` becomes "None", ``INF``, ``1e400`` or a 400-digit decimal become
  "inf", and HermiT refuses both ("MalformedLiteralException"), although NaN and INF are proper
  XSD values.
- owlready2's N-Triples reader fails on an integer beyond 64 bits, and on a number whose lexical
  form is not one ("abc"^^xsd:integer).
- HermiT refuses a malformed ``xsd:dateTime`` (month 13, a five-digit year, no time),
  ``xsd:hexBinary``, ``xsd:base64Binary`` or ``xsd:anyURI`` ("%%").
- On a property declared ``owl:DatatypeProperty``, HermiT refuses every datatype outside the OWL 2
  datatype map (``xsd:date``, ``xsd:gYear``, ``xsd:duration``, a datatype of one's own), well
  formed or not; on an annotation property it reads them (the ontology keeps its dates there).

Such a value is left out of what HermiT reads (``readable``), and the caller reports each one as
a warning naming the entity, the property and the value (``consistency_findings``), so the check
still runs on everything else. Whether the value itself is right is the shapes' business
(``sh:datatype``), not HermiT's. Anything HermiT still fails on becomes an error finding there.
"""

from __future__ import annotations

import datetime
import math
import re

import pyoxigraph as ox

from aizones.core.namespaces import OWL, RDF, RDFS, XSD

_INTEGERS = {
    XSD[name]
    for name in (
        "integer", "long", "int", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
        "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
}  # fmt: skip
_FLOATS = {XSD.double, XSD.float, XSD.decimal}
_FLOAT_MAX = 3.4028234663852886e38  # the largest finite xsd:float
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DOUBLE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_DATETIME = re.compile(r"(-?[0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?")
_HEX = re.compile(r"([0-9a-fA-F]{2})*")
_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")  # spaces removed first
# Outside the OWL 2 datatype map; HermiT reads well-formed values of these (owlready2 converts them).
_DATE = re.compile(r"-?[0-9]{4}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?")
_GYEAR = re.compile(r"-?[0-9]{4}(Z|[+-][0-9]{2}:[0-9]{2})?")
_GYEARMONTH = re.compile(r"-?[0-9]{4}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?")
_ANY_URI = re.compile(r'([^\s<>"{}|\\^`%]|%[0-9a-fA-F]{2})*')
_SHAPED = {
    XSD.date: _DATE, XSD.gYear: _GYEAR, XSD.gYearMonth: _GYEARMONTH, XSD.hexBinary: _HEX, XSD.base64Binary: _BASE64,
    XSD.anyURI: _ANY_URI,
}  # fmt: skip
# The OWL 2 datatype map (OWL 2 Structural Specification, section 4), with RDF 1.1's language strings.
OWL2_DATATYPES = {
    *_INTEGERS, *_FLOATS, XSD.string, XSD.normalizedString, XSD.token, XSD.language, XSD.Name, XSD.NCName, XSD.NMTOKEN,
    XSD.boolean, XSD.hexBinary, XSD.base64Binary, XSD.anyURI, XSD.dateTime, XSD.dateTimeStamp,
    RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, RDFS.Literal, OWL.real, OWL.rational,
}  # fmt: skip


def unreadable(literal: ox.Literal) -> str | None:
    """Why HermiT cannot read ``literal`` (a phrase to put in a message), or None if it can."""
    datatype, text = literal.datatype.value, literal.value.strip()
    if datatype in _INTEGERS:
        if not _INTEGER.fullmatch(text):
            return "it is not an integer"
        if not -(2**63) <= int(text) < 2**63:
            return "owlready2 reads integers of up to 64 bits only"
        return None
    if datatype in _FLOATS:
        if text in ("NaN", "INF", "-INF", "+INF"):
            return f"owlready2 passes {text} to HermiT as a float it refuses"
        if not (_DECIMAL if datatype == XSD.decimal else _DOUBLE).fullmatch(text):
            return f"it is not an {_short(datatype)}"
        number = float(text)
        if not math.isfinite(number) or (datatype == XSD.float and abs(number) > _FLOAT_MAX):
            return "it is too large for a floating-point number, which is how owlready2 passes it to HermiT"
        return None
    if datatype in (XSD.dateTime, XSD.dateTimeStamp):
        return _datetime_problem(text, timezone_needed=datatype == XSD.dateTimeStamp)
    shape = _SHAPED.get(datatype)
    if shape is not None and not shape.fullmatch(text.replace(" ", "") if datatype == XSD.base64Binary else text):
        return f"it is not an {_short(datatype)}"
    return None


def _datetime_problem(text: str, *, timezone_needed: bool) -> str | None:
    match = _DATETIME.fullmatch(text)
    if match is None:
        return "it is not an xsd:dateTime (YYYY-MM-DDThh:mm:ss)"
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    try:
        datetime.datetime(abs(year) or 1, month, day, hour % 24, minute, second)
    except ValueError:
        return "its date or time does not exist"
    if hour == 24 and (minute, second) != (0, 0):
        return "its time does not exist"
    if timezone_needed and match.group(8) is None:
        return "an xsd:dateTimeStamp needs a time zone"
    return None


def _short(iri: str) -> str:
    return "xsd:" + iri[len(XSD.base) :] if iri.startswith(XSD.base) else f"<{iri}>"


def readable(store: ox.Store, graphs: list[ox.NamedNode], ntriples: bytes) -> tuple[bytes, list[tuple[ox.Quad, str]]]:
    """``ntriples`` (the dump of ``graphs``) without the triples whose literal HermiT cannot read,
    and those quads with the reason for each, in a stable order."""
    data_properties = {
        quad.subject
        for graph in graphs
        for quad in store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(OWL.DatatypeProperty), graph)
    }
    left_out: list[tuple[ox.Quad, str]] = []
    for graph in graphs:
        for quad in store.quads_for_pattern(None, None, None, graph):
            if not isinstance(quad.object, ox.Literal):
                continue
            reason = unreadable(quad.object)
            datatype = quad.object.datatype.value
            if reason is None and datatype not in OWL2_DATATYPES and quad.predicate in data_properties:
                reason = f"{_short(datatype)} is not an OWL 2 datatype, the only ones HermiT takes on a data property; an annotation property takes any"
            if reason is not None:
                left_out.append((quad, reason))
    if not left_out:
        return ntriples, []
    left_out.sort(key=lambda item: (str(item[0].subject), str(item[0].predicate), str(item[0].object)))
    lines = set(ox.serialize([quad.triple for quad, _reason in left_out], format=ox.RdfFormat.N_TRIPLES).splitlines())
    kept = [line for line in ntriples.split(b"\n") if line and line not in lines]
    return b"\n".join(kept) + b"\n", left_out
