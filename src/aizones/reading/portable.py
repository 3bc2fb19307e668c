"""What every export format can carry, so that all of them agree.

Turtle, TriG, N-Triples, N-Quads and JSON-LD can write any RDF 1.1 term. RDF/XML cannot: XML 1.0
has no way at all to hold the control characters U+0000-U+0008, U+000B, U+000C, U+000E-U+001F
or U+FFFE/U+FFFF (not even as ``&#1;``); a predicate must be written as an element name, so an IRI
that does not end in an XML name (``…/123``, ``…/p/``, ``…#``) cannot be a predicate; and
``rdf:about``, ``rdf:li`` and the other RDF/XML syntax names cannot be predicates either.
Oxigraph's writer still writes the first two, as XML that no XML parser accepts, and fails on the
third. Rather than let one format differ, aizones refuses such a term in every format: the input
gate refuses it in a file (exit 2, with the file), and the writers refuse it in query results.

A carriage return, which XML turns into a line feed when read, is written as ``&#13;`` in RDF/XML
(``export.serialize``), so it too survives every format.

RDF 1.2 terms (triple terms ``<<( )>>`` and directional language strings ``"x"@ar--rtl``) are
refused the same way: rdflib, pySHACL and the reasoners cannot read them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from xml.parsers import expat

import pyoxigraph as ox

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def problem_with(quad: ox.Quad | ox.Triple, *, xml: bool = True) -> str | None:
    """Why one export format could not carry this quad, or None (``xml=False``: RDF 1.2 terms only)."""
    obj = quad.object
    if type(obj) is ox.Literal:
        if obj.direction is not None:
            return f"the literal {obj} has a base direction (RDF 1.2), which the RDF 1.1 tools cannot read; drop the --{obj.direction}"
        bad = _NOT_IN_XML.search(obj.value) if xml else None
        if bad:
            return (
                f"a literal of {quad.subject} holds the control character U+{ord(bad.group()):04X}, which RDF/XML cannot carry; "
                "remove it (aizones refuses it in every format so that all exports agree)"
            )
    elif type(obj) is ox.Triple:
        return (
            f"{quad.subject} {quad.predicate} has a triple term as object (RDF 1.2), which the RDF 1.1 tools cannot read; use plain triples"
        )
    return predicate_problem(quad.predicate) if xml else None


def predicate_problem(predicate: ox.NamedNode) -> str | None:
    """Why RDF/XML could not write ``predicate`` (and so no format writes it), or None."""
    if writable_predicate(predicate.value):
        return None
    return (
        f"the predicate {predicate} cannot be written in RDF/XML (it must end in an XML name and not be an RDF/XML "
        "syntax term); rename it (aizones refuses it in every format so that all exports agree)"
    )


def first_problem(quads: Iterable[ox.Quad | ox.Triple], *, xml: bool = True) -> str | None:
    for quad in quads:
        found = problem_with(quad, xml=xml)
        if found:
            return found
    return None


@functools.lru_cache(maxsize=4096)
def writable_predicate(iri: str) -> bool:
    """True when RDF/XML can write ``iri`` as a predicate: asks the real writer and an XML parser."""
    triple = ox.Triple(ox.NamedNode("urn:x-aizones:s"), ox.NamedNode(iri), ox.Literal("x"))
    try:
        data = ox.serialize([triple], format=ox.RdfFormat.RDF_XML)
        expat.ParserCreate(namespace_separator=" ").Parse(data, True)
    except (OSError, ValueError, expat.ExpatError):
        return False
    return True
