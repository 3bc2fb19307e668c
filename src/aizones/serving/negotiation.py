"""Which format an answer is written in: the request's ``Accept`` header (with q-values), or ``format=``.

The formats come from the one registry (``core.formats``): SPARQL JSON, XML, CSV and TSV for the
solutions of SELECT and ASK; Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads and TriG for the triples
of CONSTRUCT and DESCRIBE (and for the service description). Each list is in order of preference:
the first is what ``*/*`` or no ``Accept`` at all gets. ``application/json`` and
``application/xml`` are taken as the SPARQL results formats, as most endpoints do. An ``Accept``
that matches none of a list gets ``None``, which the endpoint answers 406, naming the list.
"""

from __future__ import annotations

import functools

import pyoxigraph as ox

from aizones.core.formats import RDF_FORMATS, RESULT_FORMATS

_SPARQL = [RESULT_FORMATS[name] for name in ("sparql-json", "sparql-xml", "sparql-csv", "sparql-tsv")]
SOLUTION_TYPES: dict[str, ox.QueryResultsFormat] = {f.media_type: f.sparql for f in _SPARQL}
SOLUTION_TYPES |= {"application/json": ox.QueryResultsFormat.JSON, "application/xml": ox.QueryResultsFormat.XML}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    RDF_FORMATS[name].media_type: RDF_FORMATS[name].oxigraph for name in ("turtle", "nt", "jsonld", "xml", "nq", "trig")
}
# ``format=`` names: the registry's, and the short names other endpoints take
_SOLUTION_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_GRAPH_NAMES = {name: f.media_type for name, f in RDF_FORMATS.items()} | {
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


@functools.lru_cache(maxsize=512)  # clients send the same few headers again and again
def accepted(header: str) -> tuple[tuple[str, str, float], ...]:
    """The media ranges of an ``Accept`` header as ``(type, subtype, q)``; a malformed q counts as 0."""
    ranges = []
    for part in header.split(","):
        media, *parameters = part.split(";")
        media = media.strip().lower()
        if "/" not in media:
            continue
        kind, _slash, subtype = media.partition("/")
        q = 1.0
        for parameter in parameters:
            name, _eq, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((kind.strip(), subtype.strip(), q))
    return tuple(ranges)


def choose(header: str | None, offered: dict[str, object]) -> str | None:
    """The offered media type the header prefers (ties go to the offer's order), or None."""
    if not header or not header.strip():
        return next(iter(offered))
    ranges = accepted(header)
    best, best_q = None, 0.0
    for media in offered:
        kind, _slash, subtype = media.partition("/")
        q, specificity = 0.0, -1
        for r_kind, r_subtype, r_q in ranges:  # the most specific range that matches decides
            if r_kind == kind and r_subtype == subtype:
                rank = 2
            elif r_kind == kind and r_subtype == "*":
                rank = 1
            elif r_kind == "*" and r_subtype == "*":
                rank = 0
            else:
                continue
            if rank > specificity:
                q, specificity = r_q, rank
        if q > best_q:
            best, best_q = media, q
    return best


def named(name: str, offered: dict[str, object]) -> str | None:
    """The media type that ``format=NAME`` asks for among ``offered`` (a short name or a media type)."""
    name = name.strip().lower()
    media = _SOLUTION_NAMES.get(name) if offered is SOLUTION_TYPES else _GRAPH_NAMES.get(name)
    media = media or name
    return media if media in offered else None


def listed(offered: dict[str, object]) -> str:
    return ", ".join(offered)
