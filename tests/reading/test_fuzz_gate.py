"""A bounded fuzz run of the input gate: any bytes, in any format, give quads or one clear InputError.

Mutations of a valid document per format (the interesting inputs sit near valid ones) and plain
random bytes. A crash of a parser in Rust would end this very process, so a pass also means no
input here crashed one. About 1,500 inputs, a few seconds.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aizones.core.errors import InputError
from aizones.reading import parser

SEEDS = {
    "turtle": '@prefix e: <http://example.org/> .\ne:s e:p "v"@en, 12, [ e:q ( e:a e:b ) ] ;\n  e:r """long\ntext""" .\n',
    "trig": "@prefix e: <http://example.org/> .\n{ e:s e:p e:o . }\ne:g { e:s e:p [ e:q 1.5 ] . }\n",
    "nt": '<http://example.org/s> <http://example.org/p> "v\\u00e9"@en .\n_:b <http://example.org/p> <http://example.org/o> .\n',
    "nq": '<http://example.org/s> <http://example.org/p> "v" <http://example.org/g> .\n<http://example.org/s> <http://example.org/p> _:o .\n',
    "jsonld": '{"@context": {"e": "http://example.org/", "name": "e:name"}, "@id": "e:s", "name": "v", "e:p": {"@id": "e:o", "e:q": [1, true]}}',
    "xml": '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://example.org/">\n'
    '<rdf:Description rdf:about="http://example.org/s"><e:p rdf:parseType="Resource"><e:q>v</e:q></e:p></rdf:Description>\n</rdf:RDF>\n',
}
SPECIAL = [
    *"<>\"'[](){}.;,:@#_\\^%&!=/- \n\t\r\x00",
    "\ufeff",
    "\u00e9",
    "\U0001f600",
    "<!DOCTYPE",
    "<<",
    ">>",
    "@context",
    "]" * 3,
    "[" * 80,
]


@st.composite
def mutated(draw, seed: str) -> bytes:
    text = seed
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.sampled_from(SPECIAL) | st.text(max_size=4))
        cut = draw(st.integers(0, 3))
        text = text[:at] + piece + text[at + cut :]
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and data:  # now and then a byte that is not UTF-8
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0x80, 0xFF))]) + data[at + 1 :]
    return data


def survives(data: bytes, syntax: str) -> None:
    started = time.monotonic()
    try:
        parser.parse(data, parser.syntax_named(syntax), shown_as="fuzz", base_iri="http://example.org/base/")
    except InputError as error:
        message = str(error)
        assert message.startswith("fuzz") and "\n" not in message.strip(), message
    assert time.monotonic() - started < 2


FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.mark.slow
@pytest.mark.parametrize("syntax", sorted(SEEDS))
def test_mutated_documents_never_escape_the_gate(syntax):
    parser.parse(
        SEEDS[syntax].encode(), parser.syntax_named(syntax), shown_as="seed", base_iri="http://example.org/base/"
    )  # the seed is valid

    @FUZZ
    @given(mutated(SEEDS[syntax]))
    def run(data):
        survives(data, syntax)

    run()


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(sorted(SEEDS)))
def test_random_bytes_never_escape_the_gate(data, syntax):
    survives(data, syntax)
