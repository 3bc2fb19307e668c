"""The input gate: every RDF file the project reads is parsed here, strictly.

Parsing goes through Oxigraph's parsers, which follow the W3C grammars (rdflib's accept some
Turtle the W3C suite rejects), never fetch anything (no remote JSON-LD context, no DTD), and are an
order of magnitude faster. A syntax error becomes an ``InputError`` that reads
``graph/sources/x.ttl:12:5: <what is wrong>`` followed by what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from aizones.errors import InputError


@dataclass(frozen=True)
class RdfSyntax:
    """One RDF syntax the gate reads: its name, file extensions and Oxigraph format."""

    name: str
    extensions: tuple[str, ...]
    format: ox.RdfFormat
    has_graphs: bool


SYNTAXES: tuple[RdfSyntax, ...] = (
    RdfSyntax("turtle", (".ttl",), ox.RdfFormat.TURTLE, False),
    RdfSyntax("trig", (".trig",), ox.RdfFormat.TRIG, True),
    RdfSyntax("nt", (".nt",), ox.RdfFormat.N_TRIPLES, False),
    RdfSyntax("nq", (".nq",), ox.RdfFormat.N_QUADS, True),
    RdfSyntax("jsonld", (".jsonld",), ox.RdfFormat.JSON_LD, True),
    RdfSyntax("xml", (".rdf", ".owl", ".xml"), ox.RdfFormat.RDF_XML, False),
)

# Files larger than this are refused before parsing: the graph files of this project are
# kilobytes to a few hundred megabytes; anything bigger is almost certainly a mistake.
MAX_FILE_BYTES = 2 * 1024**3

_LOCATION = re.compile(r"line (\d+) (?:between )?columns? (\d+)(?: and \d+)?")
_XML_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def syntax_for(path: Path | str) -> RdfSyntax:
    """The syntax of a file, from its extension."""
    suffix = Path(path).suffix.lower()
    for syntax in SYNTAXES:
        if suffix in syntax.extensions:
            return syntax
    known = ", ".join(ext for s in SYNTAXES for ext in s.extensions)
    raise InputError(f"unknown RDF file extension {suffix or '(none)'!r}; use one of {known}", str(path))


def syntax_named(name: str) -> RdfSyntax:
    """The syntax called ``name`` (``turtle``, ``nt``, …), for input read from stdin."""
    for syntax in SYNTAXES:
        if syntax.name == name:
            return syntax
    raise InputError(f"unknown RDF syntax {name!r}; use one of {', '.join(s.name for s in SYNTAXES)}")


def read_bytes(path: Path, shown_as: str) -> bytes:
    """The bytes of a file, refusing ones too large to be graph data."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit; split it", shown_as)
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file ({error.strerror}); check that it exists and is readable", shown_as) from None


def load_into(
    store: ox.Store,
    data: bytes,
    syntax: RdfSyntax,
    *,
    shown_as: str,
    base_iri: str,
    graph: ox.NamedNode | None = None,
) -> None:
    """Parse ``data`` into ``store``; into ``graph`` when given (a triples syntax only).

    Parsing is all-or-nothing: the triples go into a scratch store first, so a syntax error on the
    last line leaves ``store`` as it was.
    """
    if syntax.format == ox.RdfFormat.RDF_XML and _XML_DECLARATIONS.search(data):
        raise InputError("RDF/XML with a DOCTYPE or ENTITY declaration is refused (entity expansion); remove it", shown_as, 1, 1)
    try:
        # Blank nodes get fresh identifiers so that ``_:b0`` in two files stays two nodes.
        parsed = list(ox.parse(data, syntax.format, base_iri=base_iri, rename_blank_nodes=True))
    except SyntaxError as error:
        raise _syntax_error(error, shown_as, syntax) from None
    except (ValueError, OSError) as error:
        raise InputError(f"cannot parse as {syntax.name}: {error}", shown_as) from None
    if graph is None:
        store.extend(parsed)
        return
    if syntax.has_graphs:
        named = sorted({str(q.graph_name) for q in parsed if not isinstance(q.graph_name, ox.DefaultGraph)})
        if named:
            raise InputError(
                f"the file declares named graph {named[0]}; each project file is one graph, so put its triples in their own file",
                shown_as,
            )
    store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed)


def _syntax_error(error: SyntaxError, shown_as: str, syntax: RdfSyntax) -> InputError:
    line, column = error.lineno, error.offset
    message = error.msg or str(error)
    found = _LOCATION.search(message)
    if found:
        line, column = int(found.group(1)), int(found.group(2))
        message = message[found.end() :].lstrip(": ") or message
    message = message.replace("Parser error at ", "").strip()
    return InputError(f"{message} (not valid {syntax.name}; fix the file and run again)", shown_as, line, column)
