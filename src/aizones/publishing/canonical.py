"""The canonical form of a set of quads: the one order and the one set of blank node labels.

Every file the project writes, and every comparison of two datasets, goes through this form. It
is kept as bytes: per graph, the N-Triples lines of its triples, unique and sorted. Oxigraph
writes the lines (in Rust, from the store when the quads are in one), Python sorts bytes, and
only the few quads that mention a blank node are ever turned into Python objects: they are
relabelled by the W3C RDF Dataset Canonicalization (RDFC-1.0), which labels a blank node from
the quads that mention blank nodes alone. At a million triples this takes seconds where sorting
Python quad objects by their text took minutes (``benchmarks/results.md``).

Sorted lines keep a subject's triples together (a line starts with its subject), so the Turtle
and TriG writers group them, and graphs come one after the other, the default graph first.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from aizones.core.limits import run

NQ = ox.RdfFormat.N_QUADS
NT = ox.RdfFormat.N_TRIPLES
DEFAULT = b""  # the key of the default graph: sorts before every graph name
CHUNK_LINES = 8192  # lines per piece of text handed on: about a megabyte

# Below this many quads with blank nodes the worst case (7 blank nodes all alike) takes 0.1 s, so
# RDFC-1.0 runs in the process; above it, under the time and memory limits in a child process
# (eight blank nodes all linked alike take it 10 s, a chain of 500 over 30 s: docs/reliability.md).
IN_PROCESS_BLANK_QUADS = 32


@dataclass(frozen=True)
class CanonicalForm:
    """Per graph (its N-Quads term, ``b""`` for the default graph), its sorted unique triple lines."""

    graphs: dict[bytes, list[bytes]]
    blank_graphs: frozenset[bytes] = frozenset()  # the graphs with quads that mention a blank node

    def __len__(self) -> int:
        return sum(len(lines) for lines in self.graphs.values())

    def nquads(self) -> bytes:
        """The whole dataset as N-Quads, graph by graph."""
        return b"".join(self.chunks(carries_graphs=True))

    @functools.cached_property
    def union_lines(self) -> list[bytes]:
        """The triples of all graphs together, once each, sorted."""
        if len(self.graphs) == 1:
            return next(iter(self.graphs.values()))
        # Each graph's lines are sorted already: Timsort merges such runs in one pass over them,
        # and dict.fromkeys drops the repeats in order (a set and a full sort took 3x as long).
        merged = [line for lines in self.graphs.values() for line in lines]
        merged.sort()
        return list(dict.fromkeys(merged))

    def ntriples(self) -> bytes:
        """The union of the graphs as N-Triples."""
        return b"".join(self.chunks(carries_graphs=False))

    def chunks(self, *, carries_graphs: bool) -> Iterator[bytes]:
        """``nquads()`` (or ``ntriples()``) in pieces of a few thousand lines, for a file or a parser
        to take in turn: the whole text of a million triples is never held at once."""
        if not carries_graphs:
            lines = self.union_lines
            for start in range(0, len(lines), CHUNK_LINES):
                yield b"\n".join(lines[start : start + CHUNK_LINES]) + b"\n"
            return
        for graph, lines in self.graphs.items():
            suffix = b" " + graph + b" .\n"
            for start in range(0, len(lines), CHUNK_LINES):
                text = b"\n".join(lines[start : start + CHUNK_LINES]) + b"\n"
                # "s p o ." → "s p o g .": a line holds no newline, so each " .\n" ends a line
                yield text if graph == DEFAULT else text.replace(b" .\n", suffix)

    def quads(self) -> list[ox.Quad]:
        return list(ox.parse(self.nquads(), NQ))

    def only(self, keep: Iterable[bytes]) -> CanonicalForm | None:
        """The form of some of the graphs (their keys, as in ``graphs``), or None when it differs.

        It differs when both a kept and a left-out graph have blank nodes: RDFC-1.0 would label the
        blank nodes of the kept graphs alone differently.
        """
        wanted = set(keep)
        if self.blank_graphs & wanted and self.blank_graphs - wanted:
            return None
        return CanonicalForm({g: lines for g, lines in self.graphs.items() if g in wanted}, self.blank_graphs & wanted)


def graph_key(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bytes:
    return DEFAULT if isinstance(graph, ox.DefaultGraph) else str(graph).encode()


def of_store(store: ox.Store, graphs: Sequence[ox.NamedNode]) -> CanonicalForm:
    """The canonical form of some named graphs of a store, written out by Oxigraph graph by graph."""
    # A store holds each triple of a graph once, so its lines need no deduplication; one graph's
    # text at a time is held (the inferred graph's alone is over 100 MB at a million triples).
    return _finish(((graph_key(graph), store.dump(format=NT, from_graph=graph)) for graph in graphs), unique=True)


def part_of_store(whole: CanonicalForm, store: ox.Store, graphs: Sequence[ox.NamedNode]) -> CanonicalForm:
    """The form of some of the graphs ``whole`` was made from: taken from it when the labels agree."""
    return whole.only(graph_key(graph) for graph in graphs) or of_store(store, graphs)


def of_release(nquads: bytes, graphs: Sequence[ox.NamedNode]) -> CanonicalForm:
    """The form a build's own ``aizones.nq`` was written from: that file *is* the canonical form of
    these graphs, line for line, graph after graph in key order (``CanonicalForm.chunks``), so it is
    split back rather than canonicalised again (seconds at a million triples on an on-disk store).
    ``graphs`` are the graphs it holds; a line of any other graph is a damaged file.

    A line holds no newline, so ``" <g> .\n"`` occurs only where a line of graph ``g`` ends. Each
    graph's run of lines is found by halving (``_run_end``), checked to hold as many line ends as
    endings, and split with bytes methods in C rather than line by line in Python (2.6 s to a
    fraction of that at a million triples)."""
    if nquads and not nquads.endswith(b"\n"):
        nquads += b"\n"
    found: dict[bytes, list[bytes]] = {}
    blank: set[bytes] = set()
    start = 0
    for key in sorted(graph_key(graph) for graph in graphs):
        ending = b" " + key + b" .\n"
        if start == len(nquads) or not nquads.endswith(ending, start, nquads.index(b"\n", start) + 1):
            continue  # no line of this graph here: it is empty
        end = _run_end(nquads, start, ending)
        if nquads.count(ending, start, end) != nquads.count(b"\n", start, end):
            break  # a line of another graph among this one's: reported below
        run_of_lines = nquads[start:end]
        found[key] = run_of_lines.replace(ending, b" .\n").split(b"\n")[:-1]
        if b"_:" in run_of_lines:  # a blank node, or a literal that holds "_:" (as ``_finish`` counts it)
            blank.add(key)
        start = end
    if start != len(nquads):
        line = nquads.count(b"\n", 0, start) + 1
        raise ValueError(f"line {line} of the release's N-Quads is in no graph the manifest names")
    return CanonicalForm(found, frozenset(blank))


def _run_end(data: bytes, start: int, ending: bytes) -> int:
    """Where the run of lines ending in ``ending`` that begins at ``start`` ends, found by halving
    the bytes after it: every line before ``good`` is of the run, every line from ``bad`` on is not."""
    good, bad = data.index(b"\n", start) + 1, len(data)
    while good < bad:
        middle = (good + bad) // 2
        line_end = data.index(b"\n", middle) + 1
        if data.endswith(ending, 0, line_end):
            good = line_end
        else:
            bad = data.rfind(b"\n", 0, middle) + 1
    return good


def of_quads(quads: Iterable[ox.Quad]) -> CanonicalForm:
    """The canonical form of any quads (a query result, a parsed file)."""
    grouped: dict[bytes, list[ox.Triple]] = {}
    for quad in quads:
        grouped.setdefault(graph_key(quad.graph_name), []).append(quad.triple)
    return _finish(((graph, ox.serialize(triples, format=NT)) for graph, triples in grouped.items()), unique=False)


def _lines(triples: Iterable[ox.Triple]) -> list[bytes]:
    return ox.serialize(triples, format=NT).split(b"\n")[:-1]


def _finish(raw: Iterable[tuple[bytes, bytes]], *, unique: bool) -> CanonicalForm:
    """Relabel the blank nodes, drop repeated lines (unless ``unique``: none repeat), sort; ``raw``
    holds each graph's triples as N-Triples text in any order."""
    plain: dict[bytes, list[bytes]] = {}
    blank: list[ox.Quad] = []
    blank_graphs: set[bytes] = set()
    for graph, text in raw:
        lines = text.split(b"\n")
        lines.pop()  # the text ends with a newline
        graph_name = _graph_term(graph)
        if isinstance(graph_name, ox.BlankNode):  # every quad of a blank-named graph is relabelled
            kept, suspects = [], lines
        elif b"_:" not in text:  # one scan of the text in C clears most graphs whole
            kept, suspects = lines, []
        else:  # a line without "_:" has no blank node; one with it may (or a literal holds "_:")
            kept = [line for line in lines if b"_:" not in line]
            suspects = [line for line in lines if b"_:" in line]
        for triple in ox.parse(b"\n".join(suspects), NT) if suspects else ():
            quad = ox.Quad(triple.subject, triple.predicate, triple.object, graph_name)
            if _has_blank(quad):
                blank.append(quad)
                blank_graphs.add(graph)
            else:
                kept.extend(_lines([triple]))
        plain.setdefault(graph, []).extend(kept)
    # RDFC-1.0 labels distinct quads distinctly, and a relabelled line has a blank node where no
    # kept line has one: the store's lines stay unique.
    for quad in _relabelled(blank) if blank else ():
        plain.setdefault(graph_key(quad.graph_name), []).extend(_lines([quad.triple]))
    graphs: dict[bytes, list[bytes]] = {}
    for graph in sorted(plain):
        lines = plain[graph]
        lines.sort()  # in place: a graph dumped from the store is often close to sorted already
        if lines:
            graphs[graph] = lines if unique else list(dict.fromkeys(lines))
    return CanonicalForm(graphs, frozenset(blank_graphs))


def _graph_term(key: bytes) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    if key == DEFAULT:
        return ox.DefaultGraph()
    text = key.decode()
    return ox.BlankNode(text[2:]) if text.startswith("_:") else ox.NamedNode(text[1:-1])


def _relabelled(blank: list[ox.Quad]) -> list[ox.Quad]:
    """The quads mentioning blank nodes, with RDFC-1.0 labels."""
    if len(blank) < IN_PROCESS_BLANK_QUADS:
        data = canonical_nquads_of(blank)
    else:
        data = run("canonicalising the blank nodes", canonical_nquads_of, blank)
    return list(ox.parse(data, NQ))


class LineSums:
    """An order-free digest of N-Quads lines: how many, and the sum of their hashes; the lines that
    may mention a blank node are set aside for ``finish`` to relabel (RDFC-1.0) before they count.

    Two texts of the same quads, in any order and with any blank node labels, give the same sums,
    so a readable file parsed back is compared with its canonical form without sorting either
    side's lines (which cost 10 s and 4.4 GB at a million triples). Python's hash of bytes (SipHash,
    64 bits) is used because ``map`` and ``sum`` run it in C; it is keyed per process, so two sums
    compare only within one process and the children it forks. Text comes in pieces of whole lines
    (``write``, a sink for ``ox.serialize``, keeps a piece's unfinished last line for the next)."""

    def __init__(self) -> None:
        self.count = 0
        self.total = 0
        self._blank: list[bytes] = []
        self._rest = b""

    def write(self, data: bytes) -> int:
        text = self._rest + data
        cut = text.rfind(b"\n") + 1
        self._rest = text[cut:]
        self.add(text[:cut])
        return len(data)

    def flush(self) -> None:
        """Nothing is held but the last unfinished line."""

    def add(self, text: bytes, *, canonical: bool = False) -> None:
        """Count whole lines; unless ``canonical`` (labels already RDFC-1.0's), those with ``_:``
        wait for ``finish``."""
        lines = text.split(b"\n")
        lines.pop()  # the text ends with a newline
        if not canonical and b"_:" in text:
            self._blank += [line for line in lines if b"_:" in line]
            lines = [line for line in lines if b"_:" not in line]
        self.count += len(lines)
        self.total += sum(map(hash, lines))

    def finish(self) -> tuple[int, int]:
        """The count and sum of every line, the set-aside ones relabelled together."""
        if self._rest:
            self.add(self._rest + b"\n")
            self._rest = b""
        if self._blank:
            quads = list(ox.parse(b"\n".join(self._blank) + b"\n", NQ))
            self._blank = []
            data = (
                canonical_nquads_of(quads)
                if len(quads) < IN_PROCESS_BLANK_QUADS
                else run("canonicalising the blank nodes", canonical_nquads_of, quads)
            )
            self.add(data, canonical=True)
        return self.count, self.total


def line_sums(form: CanonicalForm, *, carries_graphs: bool = True) -> tuple[int, int]:
    """``LineSums`` of a canonical form's N-Quads, or of the union of its graphs as a dataset of its
    own: its blank nodes are then relabelled among the union's triples alone, since RDFC-1.0 labels
    them otherwise in one graph than among named graphs (graph names count in its hashes)."""
    sums = LineSums()
    for chunk in form.chunks(carries_graphs=carries_graphs):
        sums.add(chunk, canonical=carries_graphs)  # a form's own labels are RDFC-1.0's already
    return sums.finish()


def canonical_nquads_of(quads: list[ox.Quad]) -> bytes:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return ox.serialize(dataset, format=NQ)


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode) or isinstance(quad.graph_name, ox.BlankNode)
