"""Neighbourhood diagrams that read right (issue 19, item 8), on the real graph's Chengdu and Changsha:
the legend inside the canvas, no two labels over one another, no edge through a node it does not
join, the kinds of one family told apart by shape as well as shade, and SVG text kept as text."""

from __future__ import annotations

import io
import itertools
import math

import pytest

from aizones.drawing import plotting
from aizones.drawing.diagram_layout import on_curve
from aizones.drawing.diagrams import CLEARANCE, kind_markers, neighbourhood_diagram, neighbourhood_figure
from aizones.drawing.page import kind_colours
from aizones.drawing.projection import project
from aizones.drawing.selection import induced, resolve_entity
from aizones.reading.loader import load_dataset
from tests.support.paths import REPO

FOCI = ["Chengdu", "Changsha", "Wuhan"]


@pytest.fixture(scope="module")
def graph():
    return project(load_dataset(REPO))


@pytest.fixture(scope="module", params=FOCI)
def drawn(request, graph):
    with plotting.style():
        figure = neighbourhood_figure(graph, request.param)
        figure.draw_without_rendering()
        yield request.param, figure


def _visible_texts(figure):
    axes = figure.axes[0]
    return [t for t in axes.texts if t.get_visible() and t.get_text().strip()]


def test_no_two_labels_overlap(drawn):
    _focus, figure = drawn
    renderer = figure.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in _visible_texts(figure)]
    assert len(boxes) > 10
    crossing = [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.overlaps(box_b)]
    assert not crossing, crossing[:3]


def test_the_legend_and_every_label_lie_inside_the_canvas(drawn):
    _focus, figure = drawn
    renderer = figure.canvas.get_renderer()
    canvas = figure.bbox
    legend = figure.legends[0].get_window_extent(renderer)
    assert canvas.x0 <= legend.x0 and legend.x1 <= canvas.x1 and canvas.y0 <= legend.y0
    for text in _visible_texts(figure):
        box = text.get_window_extent(renderer)
        assert canvas.x0 <= box.x0 and box.x1 <= canvas.x1 and canvas.y0 <= box.y0 and box.y1 <= canvas.y1, text.get_text()


def test_no_edge_runs_through_a_node_it_does_not_join(drawn):
    _focus, figure = drawn
    axes = figure.axes[0]
    nodes = [tuple(c.get_offsets()[0]) for c in axes.collections]
    arrows = [p for p in axes.patches if hasattr(p, "get_connectionstyle")]
    assert arrows
    for arrow in arrows:
        start, end = arrow._posA_posB
        rad = arrow.get_connectionstyle().rad
        others = [n for n in nodes if math.dist(n, start) > 1e-6 and math.dist(n, end) > 1e-6]
        closest = min(math.dist(on_curve(start, end, rad, i / 40), n) for n in others for i in range(2, 39))
        assert closest >= CLEARANCE * 0.99, (start, end, rad)


def test_the_kinds_of_one_family_differ_in_shape_and_no_two_kinds_look_alike(graph):
    centre = resolve_entity(graph, "Chengdu")
    part = induced(graph, {centre, *graph.successors(centre), *graph.predecessors(centre)}, focus=centre)
    _, _, colours = kind_colours(part)
    markers = kind_markers(part, colours)
    classes = part.graph["classes"]
    regions = [k for k in colours if classes[k]["family"] == classes[part.nodes[centre]["kind"]]["family"]]
    assert len(regions) >= 3  # city, province, science city, macro-region: the greens the issue names
    assert len({markers[k] for k in regions}) == len(regions)
    assert len({(colours[k], markers[k]) for k in colours}) == len(colours)


def test_svg_text_is_text_that_can_be_searched(graph):
    svg = neighbourhood_diagram(graph, "Chengdu", 1, "svg").decode()
    assert "<text" in svg and "Chengdu Science City" in svg
    assert 'style="font' in svg or "font-family" in svg


def test_the_png_has_nothing_cut_at_its_edges(graph):
    import matplotlib.image

    pixels = matplotlib.image.imread(io.BytesIO(neighbourhood_diagram(graph, "Chengdu", 1, "png")), format="png")
    edges = [pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]]
    assert all((edge[..., :3] > 0.98).all() for edge in edges), "something is drawn on the outermost pixels"
