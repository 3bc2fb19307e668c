"""The input gate: every RDF file the project reads is parsed here, strictly.

Parsing goes through Oxigraph's parsers, which follow the W3C grammars (rdflib's accept some
Turtle the W3C suite rejects; ``tests/conformance/test_conformance_rdf.py`` runs the W3C syntax suites through
this gate), never fetch anything, and are an order of magnitude faster. Before a parser sees the
bytes, ``prescan`` checks the encoding (UTF-8 only), the nesting depth, DTDs in XML and remote
contexts in JSON-LD; after it, ``portable`` refuses terms one export format could not carry.
Any error becomes an ``InputError`` that reads ``graph/sources/x.ttl:12:5: <what is wrong>``
followed by what to do (``docs/reliability.md`` lists every case).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from aizones.core.errors import InputError
from aizones.core.formats import RDF_FORMATS, RdfFormat
from aizones.core.namespaces import RDF
from aizones.reading import portable, prescan

# Files larger than this are refused while they are read (``reading.files``) and before parsing:
# the graph files of this project are kilobytes to a few hundred megabytes; anything bigger is
# almost certainly a mistake.
MAX_FILE_BYTES = 2 * 1024**3

# JSON-LD contexts known by IRI, read from these local copies instead of the network (none yet:
# the project's own files put their contexts inline).
KNOWN_CONTEXTS: dict[str, object] = {}

_LOCATION = re.compile(r"line (\d+) (?:between )?columns? (\d+)(?: and \d+)?")
# Text that may hold a literal RDF/XML cannot carry (a control character, raw or escaped) or an RDF
# 1.2 syntax (triple terms, reifiers, directions); without any, the literals need no look one by one.
_MAYBE_UNPORTABLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|\\u00[01][0-9a-fA-F]|\\u[fF]{3}[eEfF]|\\U0000|\\[bf]|&#|--|<<"
    r"|@direction|dir=|parseType|annotation"
)


def syntax_for(path: Path | str) -> RdfFormat:
    """The syntax of a file, from its extension."""
    suffix = Path(path).suffix.lower()
    for syntax in RDF_FORMATS.values():
        if suffix in syntax.extensions:
            return syntax
    known = ", ".join(ext for s in RDF_FORMATS.values() for ext in s.extensions)
    raise InputError(f"unknown RDF file extension {suffix or '(none)'!r}; use one of {known}", str(path))


def syntax_named(name: str) -> RdfFormat:
    """The syntax called ``name`` (``turtle``, ``nt``, …), for input read from stdin."""
    if name in RDF_FORMATS:
        return RDF_FORMATS[name]
    raise InputError(f"unknown RDF syntax {name!r}; use one of {', '.join(RDF_FORMATS)}")


def load_into(
    store: ox.Store,
    data: bytes,
    syntax: RdfFormat,
    *,
    shown_as: str,
    base_iri: str,
    graph: ox.NamedNode | None = None,
    contexts: Mapping[str, object] | None = None,
) -> None:
    """Parse ``data`` into ``store``; into ``graph`` when given (a triples syntax only).

    All or nothing: a file that fails a check leaves ``store`` as it was. A triples file bound for
    a new graph is loaded straight into it (and the graph dropped on failure); anything else goes
    through a scratch store. ``contexts`` maps JSON-LD context IRIs to local copies
    (``KNOWN_CONTEXTS`` by default); any other remote context is refused.
    """
    direct = graph is not None and not syntax.carries_graphs and not store.contains_named_graph(graph)
    target = store if direct else ox.Store()
    try:
        _checked(target, data, syntax, shown_as=shown_as, base_iri=base_iri, graph=graph, contexts=contexts, publishable=True)
    except InputError:
        if direct and store.contains_named_graph(graph):
            store.remove_graph(graph)
        raise
    if not direct:
        store.extend(target)


def parse(
    data: bytes,
    syntax: RdfFormat,
    *,
    shown_as: str,
    base_iri: str | None = None,
    graph: ox.NamedNode | None = None,
    contexts: Mapping[str, object] | None = None,
    publishable: bool = True,
) -> list[ox.Quad]:
    """The quads of ``data``, or an ``InputError`` naming ``file:line:column`` and what to do.

    With ``publishable`` (as for every project file) a term that one export format cannot carry is
    refused too; without it the gate is the plain strict reader the W3C suites check.
    """
    text = _checked(ox.Store(), data, syntax, shown_as=shown_as, base_iri=base_iri, graph=graph, contexts=contexts, publishable=publishable)
    # Parsed again rather than read from the store: a store keeps numbers by value ("+01" becomes "1").
    quads = ox.parse(text.encode(), syntax.oxigraph, base_iri=base_iri, rename_blank_nodes=True)
    if graph is None:
        return list(quads)
    return [ox.Quad(q.subject, q.predicate, q.object, graph if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name) for q in quads]


def _checked(store: ox.Store, data: bytes, syntax: RdfFormat, *, shown_as, base_iri, graph, contexts, publishable: bool) -> str:
    """Load ``data`` into ``store`` (into ``graph``) and check it; return the text it was read from."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"the input is {len(data)} bytes, over the {MAX_FILE_BYTES}-byte limit; split it", shown_as)
    text = prescan.decode(data, shown_as)
    if syntax.oxigraph == ox.RdfFormat.RDF_XML:
        prescan.check_xml(text, shown_as)
    elif syntax.oxigraph == ox.RdfFormat.JSON_LD:
        text = prescan.jsonld(text, shown_as, KNOWN_CONTEXTS if contexts is None else contexts)
    # The bytes as read when the scans changed nothing (no second copy of a large file), else the new text.
    unchanged = syntax.oxigraph != ox.RdfFormat.JSON_LD and not data.startswith(prescan.BOM)
    try:
        # Loading renames blank nodes, so that ``_:b0`` in two files stays two nodes; it is a
        # transaction, so a syntax error writes nothing.
        store.load(data if unchanged else text.encode(), syntax.oxigraph, base_iri=base_iri, to_graph=graph)
    except SyntaxError as error:
        raise _syntax_error(error, shown_as, syntax) from None
    except (ValueError, OSError) as error:
        raise InputError(f"cannot parse as {syntax.name}: {error}", shown_as) from None
    if graph is not None and syntax.carries_graphs:
        named = sorted(str(name) for name in store.named_graphs() if name != graph)
        if named:
            raise InputError(
                f"the file declares named graph {named[0]}; each project file is one graph, so put its triples in their own file",
                shown_as,
            )
    _check_terms(store, graph, text, shown_as, syntax, xml=publishable)
    return text


def _check_terms(store: ox.Store, graph: ox.NamedNode | None, text: str, shown_as: str, syntax: RdfFormat, *, xml: bool) -> None:
    """Refuse RDF 1.2 terms, blank nodes nested too deep, and with ``xml`` what RDF/XML could not carry.

    The checks run as queries inside the store, on the file's graph only (no quad passes through
    Python); literals are looked at one by one only when the text holds something that could make
    one a problem (a control character, raw or escaped; RDF 1.2 syntax).
    """
    where = f"GRAPH <{graph.value}> {{ ?s ?p ?o }}" if graph is not None else "?s ?p ?o"
    union = {"use_default_graph_as_union": graph is None}
    for row in store.query(f"SELECT DISTINCT ?p WHERE {{ {where} }}", **union):
        if xml and not portable.writable_predicate(row["p"].value):
            example = next(store.quads_for_pattern(None, row["p"], None, graph))
            raise _located(portable.problem_with(example, xml=xml), row["p"], text, shown_as)
    if _MAYBE_UNPORTABLE.search(text):
        for quad in store.quads_for_pattern(None, None, None, graph):
            if type(quad.object) is not ox.NamedNode:
                problem = portable.problem_with(quad, xml=xml)
                if problem:
                    raise _located(problem, quad.subject, text, shown_as)
    blank_links = f"SELECT ?s ?o WHERE {{ {where} FILTER(isBlank(?s) && isBlank(?o) && ?p != <{RDF.rest}>) }}"
    links = [(row["s"], row["o"]) for row in store.query(blank_links, **union)]
    if links and _deepest(links) + 1 > prescan.MAX_NESTING:
        if syntax.oxigraph in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            prescan.check_turtle_nesting(text, shown_as)  # finds the line and column, when it is nesting
        raise InputError(
            f"blank nodes hang from each other more than {prescan.MAX_NESTING} deep (canonical labelling would take "
            "minutes); give the nodes IRIs or flatten the data",
            shown_as,
        )


def _deepest(links: list[tuple[ox.BlankNode, ox.BlankNode]]) -> int:
    """The longest chain of blank nodes, each the object of the one before (lists' rdf:rest aside)."""
    parent: dict[ox.BlankNode, ox.BlankNode] = {}
    for subject, obj in links:
        parent.setdefault(obj, subject)
    depth: dict[ox.BlankNode, int] = {}
    deepest = 0
    for start in parent:
        chain, on_chain, node = [], set(), start
        while node in parent and node not in depth and node not in on_chain:
            chain.append(node)
            on_chain.add(node)
            node = parent[node]
        level = depth.get(node, 0)  # a root, or where a cycle closed
        for node in reversed(chain):
            level += 1
            depth[node] = level
        deepest = max(deepest, level)
    return deepest


def _located(problem: str | None, term, text: str, shown_as: str) -> InputError:
    """Where the offending predicate, or the subject of the offending literal, first appears in the text."""
    offset = text.find(term.value) if isinstance(term, ox.NamedNode) else -1
    if offset < 0:
        return InputError(problem or "", shown_as)
    line, column = prescan.location(text, offset)
    return InputError(problem or "", shown_as, line, column)


def _syntax_error(error: SyntaxError, shown_as: str, syntax: RdfFormat) -> InputError:
    line, column = error.lineno, error.offset
    message = error.msg or str(error)
    found = _LOCATION.search(message)
    if found:
        line, column = int(found.group(1)), int(found.group(2))
        message = message[found.end() :].lstrip(": ") or message
    message = " ".join(message.replace("Parser error at ", "").split())  # one line, whatever the parser quoted
    if len(message) > 200:
        message = message[:199] + "…"
    if "LoadDocumentCallback" in message:  # a remote context the pre-scan could not see
        message = "the file needs a remote JSON-LD context, which aizones does not fetch; put the context inline"
    return InputError(f"{message} (not valid {syntax.name}; fix the file and run again)", shown_as, line, column)
