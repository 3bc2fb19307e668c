"""Shortest paths between two nodes of the projection, searched in the store (``store_links``).

Edges are followed either way round: "how is A connected to B" does not care which way a triple
reads (the answer shows it). The search goes out from both ends at once, a whole ring at a time,
always from the side whose ring is smaller, so that a hub (a province with thousands of
companies) is crossed, not read, when the other side is small; it stops at the first ring where the
two sides meet, or when their rings add up to ``max_length``.

Every shortest path is known then: each one has exactly one node at ``min(start side's depth,
length)`` steps from the start, and that node was reached by both sides with its true distances,
with every neighbour one step nearer kept as its parent. The paths come out in the order of their
nodes' IRIs, at most ``limit`` of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aizones.connections.store_links import StoreLinks, other_end

# A start's component is explored this far at most when looking for the nearest entities of the
# end's kind after a failed search: enough for any graph of this project's shape within a second.
NEAREST_BUDGET = 200_000


@dataclass
class Found:
    """The outcome of one search: the paths (node sequences, shortest first) and, when there are
    none, whether the start's whole component was seen (so no length would do)."""

    paths: list[list[str]]
    exhausted: bool


def shortest(links: StoreLinks, start: str, end: str, max_length: int, limit: int) -> Found:
    """Up to ``limit`` shortest paths from ``start`` to ``end`` of at most ``max_length`` edges."""
    if start == end:
        return Found([[start]], False)
    depth: tuple[dict[str, int], dict[str, int]] = ({start: 0}, {end: 0})
    parents: tuple[dict[str, list[str]], dict[str, list[str]]] = ({start: []}, {end: []})
    rings = [[start], [end]]
    reached = [0, 0]
    while rings[0] and rings[1] and reached[0] + reached[1] < max_length:
        side = 0 if len(rings[0]) <= len(rings[1]) else 1
        rings[side] = _ring(links, rings[side], depth[side], parents[side], reached[side] + 1)
        reached[side] += 1
        other = depth[1 - side]
        meeting = [node for node in rings[side] if node in other]
        if meeting:
            length = min(reached[side] + other[node] for node in meeting)
            middle = min(reached[0], length)
            centre = sorted(n for n, d in depth[0].items() if d == middle and depth[1].get(n) == length - middle)
            return Found(_paths(parents, centre, limit), False)
    return Found([], not rings[0] or not rings[1])


def _ring(links: StoreLinks, ring: list[str], depth: dict[str, int], parents: dict[str, list[str]], step: int) -> list[str]:
    """The nodes first reached at ``step``, sorted, each with every node of ``ring`` next to it as a parent."""
    found: list[str] = []
    for node in ring:
        for link in links.links(node):
            far = other_end(link, node)
            seen = depth.get(far)
            if seen is None:
                depth[far] = step
                parents[far] = [node]
                found.append(far)
            elif seen == step and node not in parents[far]:
                parents[far].append(node)
    for node in found:
        parents[node].sort()
    return sorted(found)


def _paths(parents: tuple[dict[str, list[str]], dict[str, list[str]]], centre: list[str], limit: int) -> list[list[str]]:
    out: list[list[str]] = []
    for node in centre:
        for head in _back(parents[0], node):
            for tail in _back(parents[1], node):
                out.append([*reversed(head), *tail[1:]])
                if len(out) >= limit:
                    return out
    return out


def _back(parents: dict[str, list[str]], node: str) -> Iterator[list[str]]:
    """Every way from ``node`` back to its side's end, through parents: ``[node, …, end]``."""
    before = parents[node]
    if not before:
        yield [node]
        return
    for parent in before:
        for rest in _back(parents, parent):
            yield [node, *rest]


def reach(links: StoreLinks, start: str, max_length: int, budget: int = NEAREST_BUDGET) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Every node within ``max_length`` edges of ``start`` (at most about ``budget``), with its
    distance and its parents one step nearer."""
    depth, parents, ring = {start: 0}, {start: []}, [start]
    for step in range(1, max_length + 1):
        if not ring or len(depth) > budget:
            break
        ring = _ring(links, ring, depth, parents, step)
    return depth, parents


def via(links: StoreLinks, start: str, end: str, kind: str, max_length: int, limit: int) -> Found:
    """The shortest paths from ``start`` to ``end`` through at least one other node of ``kind`` (a class IRI).

    Two one-sided searches, since the node in between is not known: at a million triples these can
    read much of the graph, so ``--via`` is the slow form of ``aizones path``.
    """
    there, from_start = reach(links, start, max_length - 1)
    back, from_end = reach(links, end, max_length - 1)
    candidates = [(there[n] + back[n], n) for n in there if n in back and n not in (start, end) and kind in links.lineage(links.kind(n))]
    if not candidates:
        return Found([], False)
    best = min(length for length, _ in candidates)
    if best > max_length:
        return Found([], False)
    out: list[list[str]] = []
    for _, node in sorted(c for c in candidates if c[0] == best):
        for head in _back(from_start, node):
            for tail in _back(from_end, node):
                path = [*reversed(head), *tail[1:]]
                if len(set(path)) == len(path):  # a walk that comes back on itself is no path
                    out.append(path)
                if len(out) >= limit:
                    return Found(out, False)
    return Found(out, False)


def nearest_of_kind(links: StoreLinks, start: str, kind: str, max_length: int, count: int = 3) -> list[str]:
    """The ``count`` nodes of ``kind`` (a class IRI) nearest ``start`` within ``max_length``, nearest first, then by IRI."""
    depth, _ = reach(links, start, max_length)
    near = sorted((d, n) for n, d in depth.items() if n != start and kind in links.lineage(links.kind(n)))
    return [n for _, n in near[:count]]
