"""The input gate: every bad file ends in one clear line naming file:line:column, and nothing is half-read."""

from __future__ import annotations

import json
import re
import time

import pyoxigraph as ox
import pytest

from aizones.core.errors import InputError
from aizones.reading import parser, prescan
from tests.support.cli import run_cli

EX = "http://example.org/"
RDF_XML_HEAD = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://example.org/">'

# The "billion laughs": 710 bytes that expand to 3 GB in a parser that follows entities.
ENTITY_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
    + "".join(f' <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
    + "]>\n"
    + RDF_XML_HEAD
    + '<rdf:Description rdf:about="http://example.org/s"><e:p>&i;</e:p></rdf:Description></rdf:RDF>\n'
)


def read(text: str | bytes, syntax: str = "turtle", **options) -> list[ox.Quad]:
    data = text.encode() if isinstance(text, str) else text
    return parser.parse(data, parser.syntax_named(syntax), shown_as="graph/x", base_iri=EX, **options)


def refused(text: str | bytes, syntax: str = "turtle", **options) -> InputError:
    with pytest.raises(InputError) as raised:
        read(text, syntax, **options)
    assert "\n" not in str(raised.value)
    return raised.value


@pytest.mark.parametrize(
    ("syntax", "text", "where"),
    [
        ("turtle", "@prefix e: <http://example.org/> .\ne:a e:b e:c .\ne:a e:b\n", "graph/x:4:1"),
        ("trig", "<http://example.org/g> {\n  <http://example.org/a> <http://example.org/b> . }\n", "graph/x:2:"),
        ("nt", '<http://example.org/a> <http://example.org/b> "x" .\n<http://example.org/a> <b> "y" .\n', "graph/x:2:"),
        ("nq", '<http://example.org/a> <http://example.org/b> "x" <g> <h> .\n', "graph/x:1:"),
        ("jsonld", '{\n  "@id": "http://example.org/a",\n  "http://example.org/b": \n}', "graph/x:4:1"),
        ("xml", f'{RDF_XML_HEAD}\n<rdf:Description rdf:about="http://example.org/s"><e:p>x</e:q></rdf:Description></rdf:RDF>', "graph/x"),
    ],
)
def test_a_syntax_error_names_file_line_and_column(syntax, text, where):
    error = refused(text, syntax)
    assert str(error).startswith(where + ("" if where.endswith(":") else ":")), error
    assert "fix the file" in str(error) or "fix" in str(error)


def test_non_utf8_input_is_refused_with_its_position():
    error = refused('<http://example.org/s> <http://example.org/p> "caf\u00e9" .\n'.encode("latin-1"))
    assert str(error).startswith("graph/x:1:51: byte 0xe9 is not UTF-8 (it looks like Latin-1")
    utf16 = refused('<http://example.org/s> <http://example.org/p> "x" .'.encode("utf-16"))
    assert "UTF-16" in str(utf16) and "save the file as UTF-8" in str(utf16)
    assert len(read(b"\xef\xbb\xbf<http://example.org/s> <http://example.org/p> <http://example.org/o> .")) == 1  # a BOM is fine


@pytest.mark.slow
@pytest.mark.parametrize(
    ("syntax", "make"),
    [
        ("turtle", lambda n: "@prefix e: <http://example.org/> . e:s e:p " + "[ e:p " * n + "e:o" + " ]" * n + " ."),
        ("turtle", lambda n: "@prefix e: <http://example.org/> . e:s e:p " + "( " * n + "e:o" + " )" * n + " ."),
        ("trig", lambda n: "@prefix e: <http://example.org/> . e:g { e:s e:p " + "[ e:p " * n + "e:o" + " ]" * n + " . }"),
        (
            "jsonld",
            lambda n: '{"@id": "http://example.org/s", "http://example.org/p": ' + '{"http://example.org/p": ' * n + '"x"' + "}" * n + "}",
        ),
        (
            "xml",
            lambda n: (
                RDF_XML_HEAD
                + '<rdf:Description rdf:about="http://example.org/s">'
                + "<e:p><rdf:Description>" * n
                + "</rdf:Description></e:p>" * n
                + "</rdf:Description></rdf:RDF>"
            ),
        ),
    ],
)
def test_nesting_is_limited(syntax, make):
    """JSON-LD and RDF/XML before the parser runs; Turtle and TriG (parsed safely) from the graph."""
    assert read(make(prescan.MAX_NESTING - 1), syntax)
    error = refused(make(prescan.MAX_NESTING + 1), syntax)
    assert f"nested more than {prescan.MAX_NESTING} levels deep" in str(error) and str(error).startswith("graph/x:1:")
    # 100,000 levels: Oxigraph's JSON-LD parser would crash this very process (stack overflow), its
    # RDF/XML parser would take minutes, and canonicalising the blank nodes would never end.
    started = time.monotonic()
    refused(make(100_000), syntax)
    assert time.monotonic() - started < (2 if syntax in ("jsonld", "xml") else 10)


def test_a_chain_of_labelled_blank_nodes_is_limited_too():
    """No nesting in the syntax, the same chain in the graph: RDFC-1.0 takes 30 s at 500 links."""
    chain = "".join(f"_:b{i} <http://example.org/next> _:b{i + 1} .\n" for i in range(prescan.MAX_NESTING + 1))
    assert "blank nodes hang from each other more than 64 deep" in str(refused(chain, "nt"))
    listed = "@prefix e: <http://example.org/> . e:s e:p (" + " e:o" * 5000 + " ) ."
    assert len(read(listed)) == 10_001  # a long list is not deep: its rdf:rest links do not count


def test_nesting_marks_inside_strings_iris_and_comments_do_not_count():
    deep = "[" * 200
    text = f'@prefix e: <http://example.org/> .\n# {deep}\ne:s e:p "{deep}", """{deep}\n""" ; e:q <http://example.org/{"(" * 100}> .\n'
    assert len(read(text)) == 3


def test_the_710_byte_entity_bomb_is_refused_at_once():
    assert len(ENTITY_BOMB.encode()) == 710
    started = time.monotonic()
    error = refused(ENTITY_BOMB, "xml")
    assert time.monotonic() - started < 0.5
    assert str(error) == "graph/x:2:1: RDF/XML with a DOCTYPE or ENTITY declaration is refused (entity expansion); remove it"


def test_external_entities_are_refused():
    xxe = f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n{RDF_XML_HEAD}<rdf:Description rdf:about="http://example.org/s"><e:p>&x;</e:p></rdf:Description></rdf:RDF>'
    assert "DOCTYPE or ENTITY" in str(refused(xxe, "xml"))


@pytest.mark.parametrize(
    "context",
    [
        "http://127.0.0.1:9/context.jsonld",
        ["http://127.0.0.1:9/context.jsonld"],
        [{"@vocab": EX}, "https://schema.org/"],
        {"@version": 1.1, "@import": "http://127.0.0.1:9/context.jsonld"},
        {"p": {"@id": f"{EX}p", "@context": "http://127.0.0.1:9/scoped.jsonld"}},
    ],
)
def test_remote_jsonld_contexts_are_refused_with_a_clear_message(context):
    document = json.dumps({"@context": context, "@id": f"{EX}s", "p": "x"}, indent=1)
    error = refused(document, "jsonld")
    assert "remote JSON-LD context" in str(error) and "is not fetched" in str(error) and "inline" in str(error)
    assert str(error).startswith("graph/x:")


def test_a_known_context_is_read_from_the_local_map():
    document = json.dumps({"@context": "https://example.org/context.jsonld", "@id": f"{EX}s", "name": "x"})
    known = {"https://example.org/context.jsonld": {"@context": {"name": f"{EX}name"}}}
    quads = read(document, "jsonld", contexts=known)
    assert [(q.predicate.value, q.object.value) for q in quads] == [(f"{EX}name", "x")]


def test_jsonld_language_maps_are_read_as_language_maps():
    context = {"name": {"@id": f"{EX}name", "@container": "@language"}}
    quads = read(json.dumps({"@context": context, "@id": f"{EX}s", "name": {"en": "x", "zh-hans": ["y", "z"]}}), "jsonld")
    assert sorted(str(q.object) for q in quads) == ['"x"@en', '"y"@zh-hans', '"z"@zh-hans']


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ({"@context": {"name": f"{EX}name"}, "@id": f"{EX}s", "nmae": "x"}, "the key 'nmae' is not defined by any @context"),
        ({"@id": f"{EX}a b", f"{EX}p": "x"}, "is not an IRI"),
        # a language map's keys are tags only under a term that declares the map
        ({"@context": {"name": f"{EX}name"}, "@id": f"{EX}s", "name": {"en": "x"}}, "the key 'en' is not defined by any @context"),
        ({"@id": f"{EX}s", f"{EX}p": {"@value": "x", "@language": "not a tag!"}}, "is not a language tag"),
    ],
)
def test_jsonld_that_would_silently_drop_data_is_refused(document, says):
    # Oxigraph (as the JSON-LD algorithm says) drops these triples without a word.
    assert says in str(refused(json.dumps(document, indent=1), "jsonld"))


@pytest.mark.parametrize(
    ("syntax", "text", "says"),
    [
        ("turtle", "@prefix e: <http://example.org/> . << e:s e:p e:o >> e:q e:r .", "triple term"),
        ("nt", '<http://example.org/s> <http://example.org/p> "x"@ar--rtl .', "base direction"),
    ],
)
def test_rdf_1_2_terms_are_refused(syntax, text, says):
    assert says in str(refused(text, syntax))


@pytest.mark.parametrize(
    ("syntax", "text"),
    [
        ("nt", '<http://example.org/s> <http://example.org/p> "a\\u0001b" .'),
        ("turtle", '<http://example.org/s> <http://example.org/p> "a\\u0000b" .'),
        ("jsonld", '{"@id": "http://example.org/s", "http://example.org/p": "a\\u0001b"}'),
    ],
)
def test_a_literal_rdfxml_cannot_carry_is_refused_in_every_format(syntax, text):
    error = refused(text, syntax)
    assert "control character U+000" in str(error) and "RDF/XML cannot carry" in str(error)
    assert str(error).startswith("graph/x:1:")


@pytest.mark.parametrize("predicate", [f"{EX}123", f"{EX}p/", f"{EX}p#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#about"])
def test_a_predicate_rdfxml_cannot_write_is_refused_in_every_format(predicate):
    for syntax, text in (
        ("nt", f"<{EX}s> <{predicate}> <{EX}o> ."),
        ("jsonld", json.dumps({"@id": f"{EX}s", predicate: {"@id": f"{EX}o"}})),
    ):
        error = refused(text, syntax)
        assert f"the predicate <{predicate}> cannot be written in RDF/XML" in str(error)


def test_control_characters_rdfxml_can_carry_are_accepted():
    quads = read('<http://example.org/s> <http://example.org/p> "tab\\there\\r\\nand lines" .', "nt")
    assert quads[0].object.value == "tab\there\r\nand lines"


def test_an_error_leaves_the_store_as_it_was():
    store = ox.Store()
    parser.load_into(
        store,
        b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .",
        parser.syntax_named("nt"),
        shown_as="a",
        base_iri=EX,
    )
    with pytest.raises(InputError):
        parser.load_into(
            store,
            b"<http://example.org/d> <http://example.org/e> <http://example.org/f> .\n<x> .",
            parser.syntax_named("nt"),
            shown_as="b",
            base_iri=EX,
        )
    assert len(store) == 1


def test_oversized_input_is_refused(monkeypatch):
    monkeypatch.setattr(parser, "MAX_FILE_BYTES", 10)
    assert "over the 10-byte limit; split it" in str(refused("<http://example.org/a> <http://example.org/b> <http://example.org/c> ."))


def test_a_non_utf8_file_stops_the_build_with_one_line(mini):
    (mini / "graph" / "sources" / "latin.ttl").write_bytes(
        '<http://example.org/mini#x> <http://example.org/mini#p> "caf\u00e9" .\n'.encode("latin-1")
    )
    result = run_cli("build", "-q", cwd=mini)
    assert result.code == 2
    assert result.err.startswith("aizones: graph/sources/latin.ttl:1:61: byte 0xe9 is not UTF-8"), result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_named_graph_inside_a_project_file_is_refused():
    trig = b"<http://example.org/g> { <http://example.org/a> <http://example.org/b> <http://example.org/c> . }"
    with pytest.raises(InputError, match=re.escape("declares named graph <http://example.org/g>; each project file is one graph")):
        parser.parse(trig, parser.syntax_named("trig"), shown_as="graph/x.trig", graph=ox.NamedNode("http://example.org/file"))
