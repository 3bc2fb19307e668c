"""Narrow the projected graph: a focus neighbourhood, some kinds, one province, or an overview of a size.

Entities and classes are named the way a person would name them: a full IRI, a prefixed name
(``id:changsha``, ``aiz:Facility``), the bare slug (``changsha``), the local name (``Facility``),
or an English or Chinese label (``Changsha``, ``长沙市``, ``长沙``), read and matched as
``aizones.core.names`` does for the store: the same name means the same entity to ``aizones viz``
and to a saved query. A name that matches nothing, or more than one thing, is a usage error that
lists what it could have meant.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from aizones.core.errors import UsageError
from aizones.core.names import closest, direct_iri, match
from aizones.core.namespaces import AIZ

if TYPE_CHECKING:
    import networkx as nx


def resolve_entity(graph: nx.MultiDiGraph, name: str, option: str = "--focus") -> str:
    """The node ``name`` stands for (IRI, prefixed name, slug, English or Chinese label)."""
    iri = direct_iri(name.strip())
    if iri in graph:  # the usual case, without a table of every node's names (a million-triple graph has 90,000)
        return iri
    return _resolve(name, graph.nodes(data=True), "entity", option, "entities")


def resolve_class(graph: nx.MultiDiGraph, name: str, option: str = "--kind") -> str:
    """The class ``name`` stands for (IRI, ``aiz:Facility``, ``Facility`` or its label ``facility``)."""
    classes = graph.graph["classes"]
    iri = direct_iri(name.strip())
    if iri in classes:
        return iri
    return _resolve(name, classes.items(), "class", option, "classes")


def _resolve(name: str, described: Iterable[tuple[str, dict]], what: str, option: str, plural: str) -> str:
    """The one node or class whose label or local name is ``name``, by ``aizones.core.names.match``."""
    labels: dict[str, list[str]] = {}
    for iri, data in described:
        for label in (data["label"], data["label_zh"]):
            if label:
                labels.setdefault(label, []).append(iri)
    wanted = name.strip()
    found = match(wanted, labels)
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(f"{option} {name!r} names {len(found)} {plural} ({', '.join(found[:5])}); give the IRI or prefixed name")
    close = closest(wanted, labels, 3)
    hint = (
        f"; did you mean {', '.join(repr(c) for c in close)}?"
        if close
        else "; give an IRI, a prefixed name like id:changsha, or an English or Chinese label"
    )
    raise UsageError(f"{option} {name!r}: no {what} has that IRI, slug or label{hint}")


def select(
    graph: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    kinds: Iterable[str] = (),
    province: str | None = None,
) -> nx.MultiDiGraph:
    """The part of ``graph`` a person asked for, as a new graph with the same attributes.

    ``focus``: the nodes within ``depth`` steps of that entity, whatever the edges' direction.
    ``kinds``: only nodes of these classes or their subclasses. ``province``: only nodes placed in
    that province-level division (and the division itself). The focus itself is always kept.
    """
    if depth < 0:
        raise UsageError(f"--depth {depth}: give a number of steps, 0 or more")
    keep = set(graph.nodes)
    centre = resolve_entity(graph, focus) if focus else None
    if centre:
        import networkx as nx

        keep = set(nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre, cutoff=depth))
    wanted_kinds = {resolve_class(graph, k) for k in kinds}
    if wanted_kinds:
        classes = graph.graph["classes"]
        keep = {n for n in keep if wanted_kinds & set(classes[graph.nodes[n]["kind"]]["ancestors"])}
    if province:
        place = resolve_entity(graph, province, "--province")
        keep = {n for n in keep if n == place or graph.nodes[n]["province"] == place}
    if centre:
        keep.add(centre)
    return induced(graph, keep, focus=centre or "")


# Always first in an overview: what the graph is about (the zones, their programmes) and where (the provinces).
FRAME = (AIZ.PilotZone, AIZ.Programme, AIZ.ProvinceLevelDivision)


def overview(graph: nx.MultiDiGraph, limit: int) -> nx.MultiDiGraph:
    """At most ``limit`` nodes of ``graph``: every pilot zone, programme and province-level division,
    then the entities with the most relations; ties by IRI, so the same graph gives the same choice.

    Keeps all of ``graph`` when it is small enough. The frame comes first whatever its degree so that
    the page of a large graph still shows every zone and where it lies; within each tier the best
    connected come first, since a node with many relations carries most of the picture.
    """
    if graph.number_of_nodes() <= limit:
        return graph
    return induced(graph, overview_nodes(dict(graph.nodes(data="kind")), graph.graph["classes"], graph.degree(), limit))


def overview_nodes(kinds: Mapping[str, str], classes: Mapping[str, dict], degree: Mapping[str, int], limit: int) -> set[str]:
    """The nodes ``overview`` keeps, from each node's kind and degree (``outline.Outline`` has them without a graph)."""
    framing = {k: any(c in classes[k]["ancestors"] for c in FRAME) for k in set(kinds.values())}  # once per kind, not per node

    def rank(node: str) -> tuple[int, int, str]:
        return (0 if framing[kinds[node]] else 1, -degree[node], node)

    return set(sorted(kinds, key=rank)[:limit])


def induced(graph: nx.MultiDiGraph, keep: set[str], **attributes) -> nx.MultiDiGraph:
    """The subgraph on ``keep``, built in sorted order: networkx's own subgraph views iterate a set,
    whose order changes from one process to the next, and the pictures must not."""
    import networkx as nx

    chosen = nx.MultiDiGraph(**{**graph.graph, **attributes})
    chosen.add_nodes_from((n, graph.nodes[n]) for n in sorted(keep))
    # the kept nodes' own edges, not a pass over every edge: a diagram keeps a few dozen of 100,000
    edges = [(u, v, k, d) for u in keep for v, keyed in graph.succ[u].items() if v in keep for k, d in keyed.items()]
    chosen.add_edges_from(sorted(edges, key=lambda e: e[:3]))
    return chosen
