"""Unit tests of ``aizones.reading.portable``: what every export format can carry.

``problem_with`` names a literal holding a control character XML cannot hold, a directional
language string and a triple term (RDF 1.2), and a predicate RDF/XML cannot write; it passes plain
terms, a carriage return, and (with ``xml=False``) everything but the RDF 1.2 terms.
``writable_predicate`` asks the real RDF/XML writer and an XML parser.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from aizones.core.namespaces import RDF
from aizones.reading.portable import first_problem, predicate_problem, problem_with, writable_predicate

S, P = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/name")


def _quad(obj, predicate: ox.NamedNode = P) -> ox.Quad:
    return ox.Quad(S, predicate, obj, ox.NamedNode("http://example.org/graph"))


@pytest.mark.parametrize(
    "obj",
    [
        ox.Literal("plain"),
        ox.Literal("line one\r\nline two\ttabbed"),
        ox.Literal("你好", language="zh"),
        ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.NamedNode("http://example.org/o"),
        ox.BlankNode("b"),
    ],
    ids=["plain", "carriage-return-and-tab", "language", "typed", "iri", "blank"],
)
def test_portable_terms_have_no_problem(obj):
    assert problem_with(_quad(obj)) is None
    assert problem_with(ox.Triple(S, P, obj)) is None


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff"])
def test_a_control_character_is_a_problem_naming_its_code_point(char):
    found = problem_with(_quad(ox.Literal(f"a{char}b")))
    assert found is not None
    assert f"U+{ord(char):04X}" in found and str(S) in found and "RDF/XML" in found
    assert problem_with(_quad(ox.Literal(f"a{char}b")), xml=False) is None


def test_a_directional_language_string_is_a_problem_in_every_mode():
    literal = ox.Literal("مرحبا", language="ar", direction=ox.BaseDirection.RTL)
    for xml in (True, False):
        found = problem_with(_quad(literal), xml=xml)
        assert found is not None and "base direction" in found and "--rtl" in found


def test_a_triple_term_is_a_problem_in_every_mode():
    inner = ox.Triple(S, P, ox.Literal("x"))
    for xml in (True, False):
        found = problem_with(ox.Triple(S, P, inner), xml=xml)
        assert found is not None and "triple term" in found


@pytest.mark.parametrize(
    "iri",
    [
        "http://example.org/p/",
        "http://example.org/123",
        "http://example.org/p#",
        RDF.base + "about",
        RDF.base + "li",
    ],
)
def test_predicates_rdf_xml_cannot_write(iri):
    assert writable_predicate(iri) is False
    message = predicate_problem(ox.NamedNode(iri))
    assert message is not None and iri in message
    assert problem_with(_quad(ox.Literal("fine"), ox.NamedNode(iri))) == message
    assert problem_with(_quad(ox.Literal("fine"), ox.NamedNode(iri)), xml=False) is None


@pytest.mark.parametrize("iri", ["http://example.org/name", "http://example.org/p/name", RDF.type, "urn:x:a-b_c.d"])
def test_predicates_rdf_xml_can_write(iri):
    assert writable_predicate(iri) is True
    assert predicate_problem(ox.NamedNode(iri)) is None


def test_first_problem_finds_the_first_in_order():
    fine = _quad(ox.Literal("fine"))
    bad_predicate = _quad(ox.Literal("fine"), ox.NamedNode("http://example.org/p/"))
    bad_literal = _quad(ox.Literal("\x01"))
    assert first_problem([]) is None
    assert first_problem([fine, fine]) is None
    assert first_problem([fine, bad_predicate, bad_literal]) == problem_with(bad_predicate)
    assert first_problem([fine, bad_literal, bad_predicate]) == problem_with(bad_literal)
    assert first_problem([bad_literal, bad_predicate], xml=False) is None
