"""A source file whose labels and address attack the pages: planted into a scratch copy of the project.

The label opens an ``<img>`` whose ``onerror`` would set ``window.__xss``, then a right-to-left
override (U+202E) that it never closes, which would reverse the words after it if it leaked; the
document's address is a ``javascript:`` URL, which must never become a link.
"""

from __future__ import annotations

HOSTILE_LABEL = '<img src=x onerror="window.__xss=1"> Evil \u202ecorp'
HOSTILE_URL = "javascript:window.__xss=2"
HOSTILE_FILE = "graph/sources/999-hostile-labels.ttl"
HOSTILE_ENTITY = "https://w3id.org/aizones/id/hostile-company"

_QUOTED = HOSTILE_LABEL.replace('"', '\\"')
TURTLE = f"""@prefix aiz: <https://w3id.org/aizones/ontology#> .
@prefix aizc: <https://w3id.org/aizones/concept/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/aizones/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:doc-999-hostile a aiz:SourceDocument ;
    rdfs:label "A hostile document {_QUOTED}"@en ;
    aiz:publisherName "Hostile publisher" ;
    aiz:publicationDate "2024-01-01"^^xsd:date ;
    aiz:datePrecision aizc:precision-day ;
    dcterms:language "en"^^xsd:language ;
    aiz:url "{HOSTILE_URL}"^^xsd:anyURI .

id:hostile-company a aiz:Company ;
    rdfs:label "{_QUOTED}"@en ;
    aiz:locatedIn id:changsha .
"""


def plant(root) -> None:
    (root / HOSTILE_FILE).write_text(TURTLE, encoding="utf-8")
