"""Turtle and TriG a person can read, written from the canonical lines.

Oxigraph's writers are fast but write every ``rdf:first``/``rdf:rest`` node, ``rdf:type`` where it
sorts, all objects of a subject on one line and every prefix given. This writer keeps their speed
class (one pass over the sorted lines, in Python, about a second per million triples) and writes:

- only the prefixes that are used, sorted, then a blank line;
- each subject on a line of its own, its statements below it, one predicate and object a line,
  ``a`` (``rdf:type``) first, further objects of the same predicate on their own lines after ``,``;
- a blank line between subjects; in TriG each named graph as ``<name> { ... }``, its subjects
  indented, the default graph's statements first and outside braces;
- RDF lists as ``( ... )`` (``aizones.publishing.statements`` says which), on one line when short,
  else one item a line;
- literals as N-Triples writes them (escaped, on one line; a long one on a line of its own below
  its predicate), integers, decimals and booleans bare.

The output is a function of the canonical lines alone, so it is byte-identical from build to build.
The body goes to a spooled temporary file while the used prefixes are collected, then the header and
the body are copied out: neither the quads nor the whole text are held in memory.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from typing import BinaryIO

from aizones.core.namespaces import PREFIXES, XSD
from aizones.publishing.statements import NO_LISTS, RDF_TYPE, Lists, subjects

# A local name written as a prefixed name: a safe subset of Turtle's PN_LOCAL (ASCII, no escapes).
_LOCAL = re.compile(rb"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?)?")
_BARE = {
    f"<{XSD.integer}>".encode(): re.compile(rb"[+-]?[0-9]+"),
    f"<{XSD.decimal}>".encode(): re.compile(rb"[+-]?[0-9]*\.[0-9]+"),
    f"<{XSD.boolean}>".encode(): re.compile(rb"true|false"),
}
LINE_WIDTH = 100  # a list longer than this on its line is written one item a line
SPOOL_BYTES = 32 * 2**20  # the body is held in memory up to this size, then on disk
BATCH = 4096  # subjects written at a time


class Terms:
    """Turtle's spelling of N-Triples terms, remembering which prefixes it used."""

    def __init__(self, prefixes: Mapping[str, str] = PREFIXES) -> None:
        # Longest namespace first, so a namespace inside another is matched before it.
        self._namespaces = sorted(((ns.encode(), name.encode()) for name, ns in prefixes.items()), key=lambda p: -len(p[0]))
        self._iris: dict[bytes, bytes] = {}
        self.used: set[bytes] = set()

    def iri(self, term: bytes) -> bytes:
        written = self._iris.get(term)
        if written is None:
            written = self._iris[term] = self._compact(term)
        return written

    def _compact(self, term: bytes) -> bytes:
        iri = term[1:-1]
        if b"\\" not in iri:  # an escaped IRI stays as N-Triples wrote it
            for namespace, prefix in self._namespaces:
                if iri.startswith(namespace) and _LOCAL.fullmatch(iri, len(namespace)):
                    self.used.add(prefix)
                    return prefix + b":" + iri[len(namespace) :]
        return term

    def term(self, term: bytes) -> bytes:
        first = term[:1]
        if first == b"<":
            return self.iri(term)
        if first != b'"':
            return term  # a blank node label
        close = term.rindex(b'"')
        if term[close + 1 : close + 3] != b"^^":
            return term  # a plain or language-tagged string
        datatype = term[close + 3 :]
        bare = _BARE.get(datatype)
        if bare is not None and bare.fullmatch(term, 1, close):
            return term[1:close]
        return term[: close + 3] + self.iri(datatype)

    def header(self, prefixes: Mapping[str, str] = PREFIXES) -> bytes:
        lines = [f"@prefix {name}: <{prefixes[name]}> .\n".encode() for name in sorted(p.decode() for p in self.used)]
        return b"".join(lines) + (b"\n" if lines else b"")


def write(graphs: Mapping[bytes, Sequence[bytes]], lists: Mapping[bytes, Lists], handle: BinaryIO, *, dataset: bool) -> None:
    """Write the graphs (key ``b""`` the default graph) as TriG when ``dataset``, else as Turtle
    (then ``graphs`` holds only the default graph: the union)."""
    terms = Terms()
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as body:
        first = True
        for key, lines in graphs.items():
            named = dataset and key != b""
            if not first:
                body.write(b"\n")
            first = False
            if named:
                body.write(terms.iri(key) if key.startswith(b"<") else key)
                body.write(b" {\n")
            _write_graph(terms, lines, lists.get(key, NO_LISTS), body, "    " if named else "")
            if named:
                body.write(b"}\n")
        body.seek(0)
        handle.write(terms.header())
        shutil.copyfileobj(body, handle)


def _write_graph(terms: Terms, lines: Sequence[bytes], lists: Lists, out: BinaryIO, indent: str) -> None:
    pad = indent.encode()
    blocks: list[bytes] = []
    started = False
    for subject, pairs in subjects(lines):
        if subject in lists.nodes:
            continue  # written inside the statement whose object its list is
        blocks.append(_block(terms, subject, pairs, lists, pad))
        if len(blocks) == BATCH:
            started = _flush(blocks, out, started)
            blocks = []
    if blocks:
        _flush(blocks, out, started)


def _flush(blocks: list[bytes], out: BinaryIO, started: bool) -> bool:
    """Write subjects' blocks with a blank line between each (and before them, after earlier ones)."""
    if started:
        out.write(b"\n")
    out.write(b"\n".join(blocks))
    return True


def _block(terms: Terms, subject: bytes, pairs: list[tuple[bytes, bytes]], lists: Lists, pad: bytes) -> bytes:
    """One subject with its statements: the subject alone on a line, ``a`` first, ``;`` and ``,``
    at the end of lines, ``.`` after the last."""
    typed = [pair for pair in pairs if pair[0] == RDF_TYPE]
    if typed:
        pairs = typed + [pair for pair in pairs if pair[0] != RDF_TYPE]
    out = [pad, terms.term(subject), b"\n"]
    inner, deeper = pad + b"    ", pad + b"        "
    previous = None
    for predicate, obj in pairs:
        written = _list(terms, lists, lists.items[obj], inner) if obj in lists.items else terms.term(obj)
        if predicate == previous:
            out += [b" ,\n", deeper]
        else:
            if previous is not None:
                out.append(b" ;\n")
            verb = b"a" if predicate == RDF_TYPE else terms.iri(predicate)
            # a long literal on a line of its own below its predicate
            long = len(inner) + len(verb) + 1 + len(written) + 2 > LINE_WIDTH and written[:1] == b'"'
            out += [inner, verb, b"\n" + deeper if long else b" "]
            previous = predicate
        out.append(written)
    out.append(b" .\n")
    return b"".join(out)


def _list(terms: Terms, lists: Lists, items: list[bytes], inner: bytes) -> bytes:
    written = [terms.term(item) for item in items]
    one_line = b"( " + b" ".join(written) + b" )"
    if len(inner) + len(one_line) <= LINE_WIDTH - 30:  # room for the predicate before it
        return one_line
    item_pad = b"\n" + inner + b"    "
    return b"(" + b"".join(item_pad + item for item in written) + b"\n" + inner + b")"
