"""A named graph by any of the names a user meets for it.

Every source file is its own named graph, and people meet it under several names: the file's path
(``graph/sources/002-jinan-ai-industry-2020.ttl``), the short name tables show (the graph IRI after
``https://w3id.org/aizones/graph/``: the path without its extension), the full IRI from
``docs/conventions.md``, or just part of the file name (``002``, ``jinan``). ``resolve_graph`` takes each of them, and ``inferred`` for the inferred graph; a part
that fits several files is refused with the files it fits, one that fits none with the closest.
"""

from __future__ import annotations

import difflib

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.errors import UsageError
from aizones.core.names import expand
from aizones.core.namespaces import GRAPH

INFERRED_NAME = "inferred"


def graph_names(dataset: Dataset) -> dict[str, str]:
    """Each graph's short name (the file's path, or ``inferred``) → its IRI, in name order."""
    names = {f.path: f.graph for f in dataset.files}
    names[INFERRED_NAME] = dataset.inferred.value
    return dict(sorted(names.items()))


def resolve_graph(dataset: Dataset, name: str) -> ox.NamedNode:
    """The named graph ``name`` stands for; a usage error (exit 2) naming what to give otherwise."""
    wanted = name.strip()
    names = graph_names(dataset)
    iris = set(names.values())
    for candidate in (wanted, expand(wanted), GRAPH.base + wanted.removeprefix("./")):
        if candidate in iris:
            return ox.NamedNode(candidate)
    if wanted.removeprefix("./") in names:
        return ox.NamedNode(names[wanted.removeprefix("./")])
    folded = wanted.casefold()
    fitting = [short for short in names if folded and folded in short.casefold()]
    if len(fitting) == 1:
        return ox.NamedNode(names[fitting[0]])
    if fitting:
        shown = ", ".join(fitting[:8]) + (" …" if len(fitting) > 8 else "")
        raise UsageError(f"{wanted!r} fits {len(fitting)} graphs: {shown}; give more of the file's name")
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.4)
    hint = f"; closest: {', '.join(close)}" if close else ""
    raise UsageError(f"no named graph called {wanted!r}{hint} (aizones stats lists every graph)")


def resolve_graphs(dataset: Dataset, names: list[str]) -> list[ox.NamedNode]:
    """Each of ``names`` resolved, once each, in the order given."""
    return list(dict.fromkeys(resolve_graph(dataset, n) for n in names))
