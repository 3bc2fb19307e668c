"""The default graph of every query is the RDF merge of the dataset's graphs: each triple once.

Oxigraph's ``use_default_graph_as_union`` gives one solution per named graph that states a
triple, so a triple three files state was counted three times, and a list of default graphs
does the same while looking every pattern up in each graph in turn. RDF semantics wants the set
union, so the store's own default graph holds it, copied from the named graphs (asserted plus
inferred): a saved query then reads one graph, 35 % faster in all at a million triples than the
union of ~20 graphs (``docs/architecture.md``, issue 16). ``GRAPH ?g`` still sees each source's
named graph, and the exports never read the default graph (they name their graphs).

Three places fill it: the release's on-disk store, in the same bulk load as its quads
(``with_default_graph``: a second load would give its blank nodes other identities), a dataset
read from the files, on its first query (``scope``), and a query without inference on a store
that holds the inferred graph, in an in-memory copy of the asserted graphs alone.
"""

from __future__ import annotations

import io

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.namespaces import DESCRIPTION_GRAPH

MARK = "default-graph-merged"  # in a store's folder: its default graph holds the merge (older stores lack it)
_CHUNK = 1 << 20


class _WithDefaultGraph(io.RawIOBase):
    """An N-Quads stream with each line repeated without its graph, so that one bulk load fills the
    named graphs and their merge. Our N-Quads name a graph on every line, last, as an IRI (which
    holds no space), so the graph is what follows the line's last ``" <"``."""

    def __init__(self, handle) -> None:
        self.handle, self.pending = handle, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while len(self.pending) < len(buffer):
            lines = self.handle.readlines(_CHUNK)
            if not lines:
                break
            self.pending += b"".join(map(_twice, lines))
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


# The dataset description is metadata of the release's files, not data (``publishing.description``):
# its lines are left out of the store, which then holds exactly the dataset's graphs.
_DESCRIPTION_END = f" <{DESCRIPTION_GRAPH}> .\n".encode()


def _twice(line: bytes) -> bytes:
    if line.endswith(_DESCRIPTION_END):
        return b""
    graph = line.rfind(b" <")
    return line + line[:graph] + b" .\n" if graph > 0 else line  # an empty line stays as it is


def with_default_graph(handle) -> io.BufferedReader:
    """A release's N-Quads (an open binary file) as a stream that also fills the default graph,
    without the dataset description's graph."""
    return io.BufferedReader(_WithDefaultGraph(handle), _CHUNK)


def merge_into_default(store: ox.Store, graphs: list[ox.NamedNode]) -> None:
    """Replace the default graph of a store by the merge of ``graphs`` (blank nodes kept as they are)."""
    store.clear_graph(ox.DefaultGraph())
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for g in graphs for q in list(store.quads_for_pattern(None, None, None, g)))


def graphs_for(dataset: Dataset, inference: bool) -> list[ox.NamedNode]:
    """The graphs a query reads: the asserted ones, and the inferred one with ``inference`` if present."""
    graphs = dataset.asserted
    # one quad is enough to know the inferred graph is there (counting it would read all of it)
    if inference and next(dataset.store.quads_for_pattern(None, None, None, dataset.inferred), None) is not None:
        graphs = [*graphs, dataset.inferred]
    return graphs


def scope(dataset: Dataset, inference: bool = True) -> tuple[ox.Store, dict]:
    """The store to query and Oxigraph's dataset options for it: the merge of the graphs the query
    reads as its default graph, each of them by name for ``GRAPH``."""
    graphs = graphs_for(dataset, inference)
    wanted = frozenset(g.value for g in graphs)
    if dataset.merged != wanted:
        if dataset.published is not None:  # a release's store, read-only: the asserted graphs alone, copied
            return _asserted_copy(dataset, graphs)
        merge_into_default(dataset.store, graphs)
        dataset.merged = wanted
    present = {g.value for g in dataset.store.named_graphs()}
    # Naming the graphs makes Oxigraph look every GRAPH pattern up in each in turn (ten times slower
    # at a million triples); only a store holding more graphs than the query may read needs it.
    return dataset.store, ({} if present == wanted else {"named_graphs": graphs})


def for_lookups(dataset: Dataset) -> tuple[ox.Store, dict]:
    """Options for a look-up that reads every graph as a set (names, labels): the merge where the
    store has one, else the union as it is, so that a look-up never makes the build fill one."""
    if dataset.merged and dataset.merged == {g.value for g in dataset.store.named_graphs()}:
        return dataset.store, {}
    return dataset.store, {"use_default_graph_as_union": True}


def _asserted_copy(dataset: Dataset, graphs: list[ox.NamedNode]) -> tuple[ox.Store, dict]:
    """An in-memory store of ``graphs`` and their merge, made once per dataset (seconds at a million
    triples: only a query asked ``--no-inference`` on a built release pays it)."""
    key = frozenset(g.value for g in graphs)
    cached = dataset.copies.get(key)
    if cached is None:
        cached = ox.Store()
        for graph in graphs:
            triples = dataset.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
            cached.bulk_load(triples, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        merge_into_default(cached, graphs)
        dataset.copies[key] = cached
    return cached, {}
