"""Compacted JSON-LD with a published context, written from the canonical lines.

What a web developer expects of JSON-LD: short keys (``name``, ``locatedIn``), ``@type`` with class
names (``"PilotZone"``), ``@id`` with prefixed names (``"id:zone-wuhan"``), names as language maps
(``{"en": ..., "zh": ...}``), typed values as plain strings where the context declares the type,
lists as ``@list``; so that a frame such as ``{"@type": "PilotZone"}`` matches. The context is made
from the data it describes (``context_of``): a property whose objects are all IRIs is ``"@type":
"@id"``, all language-tagged strings (with lower-case tags) a ``"@container": "@language"``, all of
one datatype that datatype; any other keeps its values as JSON-LD value objects. Each term is the
local name of its IRI; when two IRIs share one, the ontology's own (``aiz:``) keeps it and the other
is written as a prefixed name. So the file always holds exactly the quads of the N-Quads, which the
build checks by parsing it back and the tests by expanding it with PyLD.

The context is written into the file itself (any JSON-LD processor reads the file alone, and none
is asked to fetch a remote context) and, the same, as ``dist/context.jsonld`` for frames and for
data of one's own. Only JSON-LD 1.0 features are used. Named graphs are ``{"@id": ..., "@graph":
[...]}`` objects after the default graph's nodes; nodes are in the canonical lines' order, keys
``@type``, ``@id``, then sorted: the output is a function of the lines, byte-identical every build.
That order (``@context`` first, then ``@type``, then ``@id``) is the one the JSON-LD streaming
profile asks for, so a streaming parser reads the file without holding it: the build's re-read
check does (``aizones.publishing.reread``), 0.5 s and 115 MB less than the buffering parser at
100k triples.

One pass over the lines gathers what the context needs, a second writes the nodes (about two
seconds per million triples, in Python); nothing but the current subject's statements is held.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring as quoted  # type: ignore[attr-defined]
from typing import BinaryIO

from aizones.core.namespaces import AIZ, PREFIXES, XSD
from aizones.publishing.statements import NO_LISTS, RDF_TYPE, Lists, subjects

_TERM = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")  # a term: no colon, no keyword, no slash
_NOT_TERMS = frozenset({*PREFIXES, "http", "https", "urn", "file", "mailto", "tag"})  # read as prefixes or schemes
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_IRI, _LANGUAGE = b"<", b"@"  # the kinds of object ``context_of`` tells apart, with b"" (a string) and b"^^<dt>"
BATCH = 2048  # nodes written at a time


def _unescape(raw: bytes) -> str:
    """The text of an N-Triples string or IRI (its escapes undone)."""
    text = raw.decode()
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)) if (m[1] or m[2]) else _SIMPLE_ESCAPES[m[3]], text)


@dataclass(frozen=True)
class Term:
    """How one predicate is written: its key, and what its context entry declares of its values."""

    key: str
    coerce: str | None = None  # "@id", "@language" (a language map) or a datatype's N-Triples term


class Context:
    """The context of some canonical lines, and the spelling of their terms under it."""

    def __init__(self, predicates: Mapping[bytes, set[bytes]], classes: Iterable[bytes], prefixes: Mapping[str, str] = PREFIXES) -> None:
        self._namespaces = sorted(((ns, name) for name, ns in prefixes.items()), key=lambda p: -len(p[0]))
        self._iris: dict[bytes, str] = {}
        self.entries: dict[str, object] = dict(prefixes)
        keyed = [p for p in predicates if not (p == RDF_TYPE and predicates[p] == {_IRI})]  # else ``@type``
        names = self._names([*keyed, *classes])
        short = set(names.values())
        self.terms: dict[bytes, Term] = {}
        for predicate in sorted(keyed):
            term = Term(names.get(predicate) or self.iri(predicate), _coercion(predicates[predicate]))
            self.terms[predicate] = term
            if term.coerce is not None:
                entry: dict[str, str] = {"@id": self.iri(predicate)}
                if term.coerce == "@language":
                    entry["@container"] = "@language"
                else:
                    entry["@type"] = term.coerce if term.coerce == "@id" else self.iri(term.coerce.encode())
                self.entries[term.key] = entry
            elif term.key in short:
                self.entries[term.key] = self.iri(predicate)
        self.classes = {iri: names.get(iri) or self.iri(iri) for iri in classes}
        for iri, written in self.classes.items():
            if written == names.get(iri) and written not in self.entries:  # a predicate too: its entry serves
                self.entries[written] = self.iri(iri)

    def _names(self, iris: Iterable[bytes]) -> dict[bytes, str]:
        """A short key for each IRI whose local name is a term; where two share one, an ``aiz:`` term
        first, else the first by prefix and IRI."""
        by_name: dict[str, list[tuple[bool, str, bytes]]] = {}
        for term in sorted(set(iris)):
            if not term.startswith(b"<"):
                continue
            iri = _unescape(term[1:-1])
            for namespace, prefix in self._namespaces:
                local = iri[len(namespace) :]
                if iri.startswith(namespace) and _TERM.fullmatch(local) and local not in _NOT_TERMS:
                    by_name.setdefault(local, []).append((namespace != AIZ.base, prefix, term))
                    break
        return {min(claims)[2]: name for name, claims in by_name.items()}

    def iri(self, term: bytes) -> str:
        """An IRI (N-Triples term) or blank node as written in ``@id`` or a datatype: a prefixed
        name where one reads back as the IRI."""
        written = self._iris.get(term)
        if written is None:
            written = self._iris[term] = self._compact(term)
        return written

    def _compact(self, term: bytes) -> str:
        if not term.startswith(b"<"):
            return term.decode()  # a blank node label, ``_:c14n0``
        iri = _unescape(term[1:-1])
        for namespace, prefix in self._namespaces:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and not local.startswith("/"):
                return f"{prefix}:{local}"
        return iri

    def text(self) -> str:
        """The context object, one entry a line, sorted by key."""
        entries = (f"  {quoted(key)}: {json.dumps(self.entries[key], sort_keys=True, ensure_ascii=False)}" for key in sorted(self.entries))
        return "{\n" + ",\n".join(entries) + "\n}"


def _coercion(kinds: set[bytes]) -> str | None:
    if kinds == {_IRI}:
        return "@id"
    if all(kind.startswith(_LANGUAGE) and kind == kind.lower() for kind in kinds):
        return "@language"  # JSON-LD 1.0 lower-cases a language map's keys: only lower-case tags fit
    if len(kinds) == 1:
        (kind,) = kinds
        if kind.startswith(b"^^") and kind != f"^^<{XSD.string}>".encode():
            return kind[2:].decode()
    return None


def context_of(graphs: Iterable[Sequence[bytes]]) -> Context:
    """The context for these lines: every predicate with the kinds of its objects, and every class."""
    seen: set[tuple[bytes, bytes]] = set()
    classes: set[bytes] = set()
    for lines in graphs:
        for line in lines:
            _, predicate, rest = line.split(b" ", 2)
            if rest[0] == 34:  # '"': a literal; its kind is what follows the closing quote
                seen.add((predicate, rest[rest.rindex(b'"') + 1 : -2]))
            else:
                seen.add((predicate, _IRI))
                if predicate == RDF_TYPE:
                    classes.add(rest[:-2])
    predicates: dict[bytes, set[bytes]] = {}
    for predicate, kind in seen:
        predicates.setdefault(predicate, set()).add(kind)
    return Context(predicates, sorted(classes))


def context_document(context: Context) -> bytes:
    """``dist/context.jsonld``: the context alone."""
    return ('{\n  "@context": ' + _indented(context.text(), "  ") + "\n}\n").encode()


def write(graphs: Mapping[bytes, Sequence[bytes]], lists: Mapping[bytes, Lists], context: Context, handle: BinaryIO) -> None:
    """Write the graphs (key ``b""`` the default graph) as one JSON-LD document under ``context``."""
    handle.write(('{\n  "@context": ' + _indented(context.text(), "  ") + ',\n  "@graph": [').encode())
    started = False
    for key, lines in graphs.items():
        graph_lists = lists.get(key, NO_LISTS)
        nodes = (_node(context, subject, pairs, graph_lists) for subject, pairs in subjects(lines) if subject not in graph_lists.nodes)
        if key == b"":
            started = _write_nodes(nodes, "    ", handle, started)
            continue
        handle.write(((",\n" if started else "\n") + "    {\n      " + f'"@id": {quoted(context.iri(key))},\n      "@graph": [').encode())
        _write_nodes(nodes, "        ", handle, False)
        handle.write(b"\n      ]\n    }")
        started = True
    handle.write(b"\n  ]\n}\n" if started else b"]\n}\n")


def _write_nodes(nodes: Iterable[str], pad: str, handle: BinaryIO, started: bool) -> bool:
    batch: list[str] = []
    for node in nodes:
        batch.append(_indented(node, pad))
        if len(batch) == BATCH:
            handle.write(((",\n" if started else "\n") + pad + (",\n" + pad).join(batch)).encode())
            started, batch = True, []
    if batch:
        handle.write(((",\n" if started else "\n") + pad + (",\n" + pad).join(batch)).encode())
        started = True
    return started


def _indented(text: str, pad: str) -> str:
    return text.replace("\n", "\n" + pad)


def _node(context: Context, subject: bytes, pairs: list[tuple[bytes, bytes]], lists: Lists) -> str:
    """One node object, keys ``@type``, ``@id`` then sorted (the streaming profile's order), one a
    line; a value object on one line."""
    members = []
    types = [quoted(context.classes[obj]) for predicate, obj in pairs if predicate == RDF_TYPE and not obj.startswith(b'"')]
    if types:
        members.append('"@type": ' + _many(types, "  "))
    members.append(f'"@id": {quoted(context.iri(subject))}')
    by_key: dict[str, tuple[Term, list[bytes]]] = {}
    for predicate, obj in pairs:
        term = context.terms.get(predicate)
        if term is None:
            continue  # rdf:type with IRIs only: ``@type``
        if predicate == RDF_TYPE and not obj.startswith(b'"'):
            continue
        by_key.setdefault(term.key, (term, []))[1].append(obj)
    for key in sorted(by_key):
        term, objects = by_key[key]
        if term.coerce == "@language":
            value = _language_map(objects)
        else:
            value = _many([_value(context, term.coerce, obj, lists) for obj in objects], "  ")
        members.append(f"{quoted(key)}: {value}")
    return "{\n  " + ",\n  ".join(members) + "\n}"


def _many(values: list[str], pad: str, *, array: bool = False) -> str:
    """One value as it is (unless ``array``); several as an array, one a line; ``pad`` is the
    indentation of the line the value starts on."""
    if len(values) == 1 and not array:
        return _indented(values[0], pad)
    inner = ",\n" + pad + "  "
    return "[\n" + pad + "  " + inner.join(_indented(v, pad + "  ") for v in values) + "\n" + pad + "]"


def _language_map(objects: list[bytes]) -> str:
    by_language: dict[str, list[str]] = {}
    for obj in objects:
        close = obj.rindex(b'"')
        by_language.setdefault(obj[close + 2 :].decode(), []).append(quoted(_unescape(obj[1:close])))
    entries = [f"{quoted(language)}: {_many(values, '    ')}" for language, values in sorted(by_language.items())]
    return "{\n    " + ",\n    ".join(entries) + "\n  }"


def _value(context: Context, coerce: str | None, obj: bytes, lists: Lists) -> str:
    """An object as a JSON value: a bare string where the term's context entry gives it its kind."""
    if obj.startswith(b'"'):
        close = obj.rindex(b'"')
        text, tail = quoted(_unescape(obj[1:close])), obj[close + 1 :]
        if not tail:
            return text if coerce is None else '{"@value": ' + text + "}"
        if tail.startswith(b"@"):
            return '{"@language": ' + quoted(tail[1:].decode()) + ', "@value": ' + text + "}"
        datatype = tail[2:].decode()
        if coerce == datatype:
            return text
        return '{"@type": ' + quoted(context.iri(tail[2:])) + ', "@value": ' + text + "}"
    items = lists.items.get(obj)
    if items is not None:
        return '{\n  "@list": ' + _many([_value(context, coerce, item, lists) for item in items], "  ", array=True) + "\n}"
    written = quoted(context.iri(obj))
    return written if coerce == "@id" else '{"@id": ' + written + "}"
