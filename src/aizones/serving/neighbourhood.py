"""The small drawing of an entity's neighbourhood on its page: an SVG the server writes, no script.

The edges are the projection's (``connections.store_links``, the rules of the graph page and the
diagrams, docs/projection.md): only entities drawn on the graph page are nodes, inverse pairs are
one edge pointing the way the declaring property reads. The entity sits in the centre and its
neighbours around it, on one ring (two when there are many), each a link to its page, coloured by
the family of its kind as the graph page colours it (``drawing.page.family_colour``). At most
``NEIGHBOURS`` are drawn, sorted by relation then label; the caption says how many are left out.
The template writes the SVG, so every label is escaped like the rest of the page.
"""

from __future__ import annotations

import math

from aizones.connections.store_links import StoreLinks, other_end
from aizones.core.labels import Labeller, shorten
from aizones.drawing.page import family_colour
from aizones.serving.links import page_for

NEIGHBOURS = 24
WIDTH, HEIGHT = 760, 460
_LABEL = 26  # characters of a label under a node
_FSI, _PDI = "\u2068", "\u2069"  # a label's own direction, none of its overrides leaking (SVG text has no <bdi>)


def drawing(links: StoreLinks, iri: str, labeller: Labeller) -> dict | None:
    """The nodes and edges to draw around ``iri``, placed; None when ``iri`` is no node of the projection."""
    kind = links.kind(iri)
    if not kind:
        return None
    edges = links.links(iri)
    others: dict[str, list] = {}
    for link in edges:
        others.setdefault(other_end(link, iri), []).append(link)
    others.pop(iri, None)
    ordered = sorted(others, key=lambda o: (min(labeller.label(link.relation) for link in others[o]), labeller.label(o), o))
    shown = ordered[:NEIGHBOURS]
    cx, cy = WIDTH / 2, HEIGHT / 2
    nodes = [_node(links, labeller, iri, cx, cy, centre=True)]
    lines = []
    count = len(shown)
    for index, other in enumerate(shown):
        ring = 1 if count <= 16 or index % 2 == 0 else 0.6
        angle = 2 * math.pi * index / max(count, 1) - math.pi / 2
        x, y = cx + ring * (WIDTH / 2 - 110) * math.cos(angle), cy + ring * (HEIGHT / 2 - 50) * math.sin(angle)
        nodes.append(_node(links, labeller, other, x, y))
        relations = others[other]
        outward = any(link.subject == iri for link in relations)
        inward = any(link.object == iri for link in relations)
        lines.append(
            {
                "x1": round(cx, 1),
                "y1": round(cy, 1),
                "x2": round(x, 1),
                "y2": round(y, 1),
                # the arrow points the way the triple reads: to the neighbour, from it, or both ways
                "start": inward,
                "end": outward,
                "label": _isolated(shorten(", ".join(sorted({labeller.label(link.relation) for link in relations})), _LABEL)),
                "lx": round(cx + (x - cx) * 0.55, 1),
                "ly": round(cy + (y - cy) * 0.55 - 3, 1),
            }
        )
    return {"width": WIDTH, "height": HEIGHT, "nodes": nodes, "lines": lines, "left_out": len(ordered) - len(shown), "total": len(ordered)}


def _node(links: StoreLinks, labeller: Labeller, iri: str, x: float, y: float, *, centre: bool = False) -> dict:
    kind = links.kind(iri)
    family = links.classes.get(kind, {}).get("family", kind)
    return {
        "iri": iri,
        "page": page_for(iri),
        "x": round(x, 1),
        "y": round(y, 1),
        "r": 14 if centre else 8,
        "colour": family_colour(family, 0),
        "label": _isolated(shorten(labeller.label(iri), _LABEL)),
        "full": labeller.label(iri),
        "kind": labeller.label(kind) if kind else "",
        "centre": centre,
    }


def _isolated(text: str) -> str:
    return f"{_FSI}{text}{_PDI}"
