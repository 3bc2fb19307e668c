"""Node positions for the page and the diagrams, computed once in Python, the same on every run.

A force-directed layout (Fruchterman and Reingold: edges pull, every pair of nodes pushes) run per
connected component from seeded starting points, then the components packed in rows, largest
first. It is written here with numpy rather than taken from networkx because networkx's
``spring_layout`` needs scipy above 500 nodes and still loops over the nodes in Python; this one
works on blocks of node pairs at once, so 5,000 nodes take seconds, and the browser never has to
run a layout at load (it draws the precomputed positions).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

UNIT = 60.0  # pixels between two linked nodes on the page
BLOCK = 512  # rows of the pair matrix computed at once: bounds memory at BLOCK x nodes
PAIR_BUDGET = 6e8  # node pairs visited per component over all iterations (at least 50): bounds the time


def positions(graph: nx.Graph, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Each node's (x, y) in pixels, y downwards, components packed left to right, top to bottom."""
    import networkx as nx
    import numpy as np

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in graph.edges() if u != v))
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    placed: list[tuple[list[str], np.ndarray]] = []
    for nodes in components:
        index = {n: i for i, n in enumerate(nodes)}
        # Each edge once, lower index first, in sorted order: a subgraph view would hand them out in
        # the order of a set of strings, which changes with PYTHONHASHSEED, and so would the float
        # sums of the forces, and the page's bytes with them.
        pairs = sorted((index[u], index[v]) for u in nodes for v in simple[u] if index[u] < index[v])
        edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        placed.append((nodes, _spring(len(nodes), edges, np.random.default_rng(seed))))
    return _pack(placed)


def _spring(count: int, edges, rng):
    """Fruchterman-Reingold in the unit where a relaxed edge has length 1 (float32: half the memory traffic)."""
    import numpy as np

    if count == 1:
        return np.zeros((1, 2))
    side = math.sqrt(count)
    x, y = (rng.uniform(0, side, size=count).astype(np.float32) for _ in range(2))
    iterations = int(min(300, max(50, PAIR_BUDGET / (count * count))))
    temperature = side / 8
    for step in range(iterations):
        mx, my = np.empty_like(x), np.empty_like(y)
        for start in range(0, count, BLOCK):
            dx, dy = x[start : start + BLOCK, None] - x[None, :], y[start : start + BLOCK, None] - y[None, :]
            inverse = dx * dx
            inverse += dy * dy
            np.reciprocal(np.maximum(inverse, 1e-4, out=inverse), out=inverse)
            mx[start : start + BLOCK] = (dx * inverse).sum(axis=1)  # push k^2 / d along the unit vector delta / d
            my[start : start + BLOCK] = (dy * inverse).sum(axis=1)
        if len(edges):
            dx, dy = x[edges[:, 0]] - x[edges[:, 1]], y[edges[:, 0]] - y[edges[:, 1]]
            length = np.sqrt(dx * dx + dy * dy)  # pull d^2 / k along the unit vector
            for move, delta in ((mx, dx * length), (my, dy * length)):
                np.add.at(move, edges[:, 0], -delta)
                np.add.at(move, edges[:, 1], delta)
        mx -= (x - x.mean()) * 0.02  # a faint pull to the centre keeps stray leaves close
        my -= (y - y.mean()) * 0.02
        length = np.maximum(np.sqrt(mx * mx + my * my), 1e-9)
        scale = np.minimum(length, temperature * (1 - step / iterations) + 0.01) / length
        x += mx * scale
        y += my * scale
    pos = np.stack([x, y], axis=1).astype(np.float64)
    return pos - pos.min(axis=0)


def _pack(placed) -> dict[str, tuple[float, float]]:
    """Shelf packing: components in rows about as wide as the largest one or the square root of the total."""
    boxes = [(nodes, pos, pos.max(axis=0) + 1.5) for nodes, pos in placed]
    width = max(max(b[2][0] for b in boxes), math.sqrt(sum(b[2][0] * b[2][1] for b in boxes)))
    found: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for nodes, pos, size in boxes:
        if x > 0 and x + size[0] > width:
            x, y, row = 0.0, y + row, 0.0
        for node, (px, py) in zip(nodes, pos, strict=True):
            found[node] = (round((x + px) * UNIT, 1), round((y + py) * UNIT, 1))
        x += size[0]
        row = max(row, size[1])
    return found
