"""The canonical lines read as statements: subjects with their predicates and objects, and RDF lists.

The Turtle, TriG and JSON-LD writers (``aizones.publishing.turtle``, ``aizones.publishing.jsonld``)
write from the canonical form's sorted N-Triples lines (``aizones.publishing.canonical``) without
turning them into Oxigraph terms: a line is ``subject predicate object .`` with single spaces, the
subject and predicate hold no space, so one ``split`` in C cuts it. Sorted lines keep a subject's
statements together, so a subject is a run of lines.

An RDF list (``rdf:first``/``rdf:rest`` chains of blank nodes) is written as ``( ... )`` in Turtle
and ``{"@list": [...]}`` in JSON-LD only where that syntax gives back exactly these statements:
every node of the chain is a blank node with one ``rdf:first`` and one ``rdf:rest`` and nothing else,
mentioned once as an object (the head by the statement the list is the value of, every other node
by the ``rdf:rest`` before it), in no other graph and never as a graph name, and the chain ends in
``rdf:nil``. A list inside a list is left as its nodes (JSON-LD 1.0 has no lists of lists). A
parser gives the nodes of a written list labels of its own: the re-read check relabels them
(``aizones.publishing.reread``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from aizones.core.namespaces import RDF

RDF_TYPE = f"<{RDF.type}>".encode()
RDF_FIRST = f"<{RDF.first}>".encode()
RDF_REST = f"<{RDF.rest}>".encode()
RDF_NIL = f"<{RDF.nil}>".encode()
BLANK = b"_:"


def statement(line: bytes) -> tuple[bytes, bytes, bytes]:
    """A canonical N-Triples line cut into its subject, predicate and object terms."""
    subject, predicate, rest = line.split(b" ", 2)
    return subject, predicate, rest[:-2]  # the object without its " ."


def subjects(lines: Sequence[bytes]) -> Iterator[tuple[bytes, list[tuple[bytes, bytes]]]]:
    """Each subject with its (predicate, object) pairs, in the lines' order (sorted: ``rdf:type``
    where it falls among the predicates; a writer that wants it first moves it)."""
    for subject, run in itertools.groupby(map(statement, lines), key=lambda cut: cut[0]):
        yield subject, [(predicate, obj) for _, predicate, obj in run]


@dataclass(frozen=True)
class Lists:
    """The lists of one graph: each head's items (object terms, in order), and every node of them."""

    items: dict[bytes, list[bytes]] = field(default_factory=dict)
    nodes: frozenset[bytes] = frozenset()


NO_LISTS = Lists()


def find_lists(graphs: Mapping[bytes, Sequence[bytes]], with_blank: frozenset[bytes] | None = None) -> dict[bytes, Lists]:
    """The lists of each graph (by its key) that can be written as lists; ``with_blank``, when given,
    the graphs that may mention a blank node (the others are not scanned)."""
    nodes: dict[bytes, dict[bytes, list[tuple[bytes, bytes]]]] = {}  # per graph: blank subject -> its pairs
    refs: dict[bytes, dict[bytes, list[tuple[bytes, bytes]]]] = {}  # per graph: blank object -> (subject, predicate)
    graphs_of: dict[bytes, set[bytes]] = {}  # blank node -> the graphs that mention it
    for key, lines in graphs.items():
        if with_blank is not None and key not in with_blank:
            continue
        here_nodes, here_refs = nodes.setdefault(key, {}), refs.setdefault(key, {})
        for line in lines:
            if BLANK not in line:
                continue
            subject, predicate, obj = statement(line)
            if subject.startswith(BLANK):
                here_nodes.setdefault(subject, []).append((predicate, obj))
                graphs_of.setdefault(subject, set()).add(key)
            if obj.startswith(BLANK):
                here_refs.setdefault(obj, []).append((subject, predicate))
                graphs_of.setdefault(obj, set()).add(key)
    named = set(graphs)
    found: dict[bytes, Lists] = {}
    for key, here_nodes in nodes.items():
        cells = {
            node: pairs
            for node, pairs in here_nodes.items()
            if len(pairs) == 2
            and pairs[0][0] == RDF_FIRST
            and pairs[1][0] == RDF_REST
            and (pairs[1][1] == RDF_NIL or pairs[1][1].startswith(BLANK))
            and graphs_of[node] == {key}
            and node not in named
        }
        found[key] = _chains(cells, refs[key])
    return found


def _chains(cells: dict[bytes, list[tuple[bytes, bytes]]], refs: dict[bytes, list[tuple[bytes, bytes]]]) -> Lists:
    items: dict[bytes, list[bytes]] = {}
    hidden: set[bytes] = set()
    for head in sorted(cells):
        referrers = refs.get(head, [])
        if len(referrers) != 1 or (referrers[0][0] in cells and referrers[0][1] in (RDF_FIRST, RDF_REST)):
            continue  # not a head: mentioned twice or never, a middle node, or a list inside a list
        chain, values, node = [head], [], head
        while True:
            values.append(cells[node][0][1])
            after = cells[node][1][1]
            if after == RDF_NIL:
                break
            if after not in cells or after in chain or refs.get(after) != [(node, RDF_REST)]:
                chain = []
                break
            chain.append(after)
            node = after
        if chain:
            items[head] = values
            hidden.update(chain)
    return Lists(items, frozenset(hidden))
