"""Where a diagram's edges and labels go so that nothing reads wrong: curves around nodes, labels apart.

An edge drawn straight between two neighbours of the focus can pass through the focus itself, and
then reads as if the focus pointed at the far node; ``curve_around`` bends it (matplotlib's
``arc3`` curve, the same one the picture draws) just enough to clear every node it does not
join. Labels on a ring can run into one another; ``keep_apart`` measures every drawn label with
the figure's own renderer and moves a label that overlaps one placed before it outward along its
own direction, step by step, and leaves it out when no step clears it or it would leave the canvas (the least important
labels come last, so they are the ones that move or go). Both are deterministic: the same
drawing gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

Point = tuple[float, float]
_BENDS = (0.0, 0.25, -0.25, 0.45, -0.45, 0.7, -0.7, 1.0, -1.0)
_SAMPLES = 24


def on_curve(start: Point, end: Point, rad: float, t: float) -> Point:
    """A point of matplotlib's ``arc3,rad=…`` curve: a quadratic Bézier whose control point lies
    ``rad`` times the chord's length off its midpoint, to the chord's right."""
    (x1, y1), (x2, y2) = start, end
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t**2
    return a * x1 + b * cx + c * x2, a * y1 + b * cy + c * y2


def clears(start: Point, end: Point, rad: float, obstacles: Iterable[tuple[Point, float]]) -> bool:
    """Whether the curve keeps each obstacle's clearance from it (its own ends excluded by the caller)."""
    points = [on_curve(start, end, rad, i / _SAMPLES) for i in range(1, _SAMPLES)]
    return all(math.dist(p, at) >= clearance for at, clearance in obstacles for p in points)


def curve_around(start: Point, end: Point, obstacles: Sequence[tuple[Point, float]], offset: float = 0.0) -> float:
    """The ``rad`` of the least bent curve from ``start`` to ``end`` that keeps clear of every
    ``(point, clearance)`` (``offset`` is added to each try: parallel edges between one pair bend apart)."""
    for bend in _BENDS:
        rad = bend + offset if bend >= 0 else bend - offset
        if clears(start, end, rad, obstacles):
            return rad
    return offset  # nothing clears (a crowded diagram): as it was drawn before


def _overlaps(box, others) -> bool:
    return any(box.overlaps(other) for other in others)


def keep_apart(figure, texts: Sequence, directions: Sequence[Point], *, steps: int = 6, step_points: float = 5.0) -> int:
    """Move or hide ``texts`` (matplotlib annotations, most important first) so that no two
    overlap; ``directions`` are unit vectors each label may move along (outward from the focus).
    Texts hidden already are passed over. Returns how many this call hid."""
    renderer = figure.canvas.get_renderer()
    canvas = figure.bbox
    placed, hidden = [], 0
    for text, (dx, dy) in zip(texts, directions, strict=True):
        if not text.get_visible():  # left out by an earlier pass
            continue
        x0, y0 = text.xyann if hasattr(text, "xyann") else (0.0, 0.0)
        for step in range(steps + 1):
            if hasattr(text, "xyann"):
                text.xyann = (x0 + dx * step * step_points, y0 + dy * step * step_points)
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            if not canvas.contains(box.x0, box.y0) or not canvas.contains(box.x1, box.y1):
                continue  # off the canvas (a further step goes further off): left out below
            if not _overlaps(box, placed):
                placed.append(box)
                break
        else:
            text.set_visible(False)
            hidden += 1
    return hidden
