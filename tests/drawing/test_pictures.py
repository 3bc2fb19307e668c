"""The build writes the page, the diagrams and the charts into dist/viz/, in the manifest, the same bytes every time,
and at most a fixed number of each kind however large the graph."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from functools import partial

import pytest

from aizones.core.labels import PICTURE_LABEL_LIMIT, shorten
from aizones.core.namespaces import AIZ
from aizones.drawing import charts, completeness, pictures, zone_map
from aizones.drawing.charts import choose_charts
from aizones.drawing.diagrams import NEIGHBOURS, _nearest, neighbourhood_diagram, zone_overview
from aizones.drawing.figure_rows import figure_rows
from aizones.drawing.page import render_page
from aizones.drawing.pictures import _drawn, add_to_build, picture_plan
from aizones.drawing.projection import project
from aizones.publishing.staging import publish
from aizones.reading.loader import load_dataset
from aizones.synth import synthesise
from tests.support.cli import run_cli
from tests.support.folders import snapshot
from tests.support.paths import DATA, REPO


@pytest.fixture
def viz_project(tmp_path):
    target = tmp_path / "viz"
    shutil.copytree(DATA / "viz", target)
    return target


@pytest.mark.slow
def test_the_build_hook_publishes_viz_in_the_manifest_byte_identical_run_to_run(viz_project):
    # publish() with only the hook: the part of build() that is this module's (the RDF files have their own tests)
    dataset = load_dataset(viz_project)
    out = viz_project / "dist"
    publish(out, lambda staging: add_to_build(dataset, staging))
    first = snapshot(out)
    manifest = json.loads(first["manifest.json"])
    assert set(manifest["files"]) == set(first) - {"manifest.json"}
    # the page, the overview, the three best-connected places, and every chart the figures allow
    expected = {
        "graph.html",
        "zones-overview.svg", "zones-overview.png",
        "zones-completeness.svg", "zones-completeness.png",
        "neighbourhood-changsha.svg", "neighbourhood-changsha.png",
        "neighbourhood-wuhan.svg", "neighbourhood-wuhan.png",
        "neighbourhood-beijing.svg", "neighbourhood-beijing.png",
        "over-time-hunan.svg", "over-time-hunan.png",
        "indicator-core-ai-output-cny.svg", "indicator-core-ai-output-cny.png",
        "targets-hunan.svg", "targets-hunan.png",
        "targets-hubei.svg", "targets-hubei.png",
    }  # fmt: skip
    assert set(manifest["files"]) == {f"viz/{name}" for name in expected}
    assert all(entry["bytes"] > 5_000 for entry in manifest["files"].values())
    for name, entry in manifest["files"].items():
        assert hashlib.sha256(first[name]).hexdigest() == entry["sha256"]
    publish(out, lambda staging: add_to_build(load_dataset(viz_project), staging))
    assert snapshot(out) == first


@pytest.mark.slow
def test_the_build_command_draws_the_pictures_unless_told_not_to(mini, monkeypatch):
    drawn = []
    for seed in ("1", "2"):  # another string hash order in each process: the same bytes
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        result = run_cli("build", "-q", cwd=mini)
        assert result.code == 0, result.err
        drawn.append(snapshot(mini / "dist" / "viz"))
    assert drawn[0] == drawn[1]
    assert (mini / "dist" / "viz" / "graph.html").is_file()
    assert sorted(drawn[0]) == ["graph.html"], "no zones, no figures, no aiz: places: the page alone"
    assert "viz/graph.html" in json.loads((mini / "dist" / "manifest.json").read_text())["files"]
    result = run_cli("build", "-q", "--no-pictures", cwd=mini)
    assert result.code == 0, result.err
    assert not (mini / "dist" / "viz").exists()


# --- bounded: whatever the graph's size, the build draws at most its caps of each kind ----------


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A generated graph of 10,000 triples: 904 entities, more candidates than every chart cap, a hub of 67 neighbours."""
    root = tmp_path_factory.mktemp("synth")
    synthesise(triples=10_000, seed=1, out=root, ontology=REPO / "ontology")
    return project(load_dataset(root))


def kinds_of(names: list[str]) -> Counter:
    prefixes = ("graph.html", "zones-overview", "neighbourhood-", "over-time-", "indicator-", "targets-")
    return Counter(next(p for p in prefixes if name.startswith(p)) for name in names)


@pytest.mark.slow
def test_the_build_draws_at_most_its_caps_of_each_kind_the_most_informative_first(large):
    rows = figure_rows(large)
    classes = large.graph["classes"]
    places = {n for n, d in large.nodes(data=True) if {AIZ.Region, AIZ.PilotZone} & set(classes[d["kind"]]["ancestors"])}
    every = choose_charts(rows, places, over_time=10**6, indicator=10**6, targets=10**6)
    caps = {"over-time": pictures.OVER_TIME_CHARTS, "indicator": pictures.INDICATOR_CHARTS, "targets": pictures.TARGETS_CHARTS}
    assert all(len(every[kind]) > cap for kind, cap in caps.items()), "the graph must offer more than each cap, or the test shows nothing"

    names = [name for name, _draw in picture_plan(large)]
    assert names == [name for name, _draw in picture_plan(large)], "the same graph, the same choice"
    assert len(names) == len(set(names))
    assert kinds_of(names) == {
        "graph.html": 1,
        "zones-overview": 2,
        "neighbourhood-": 2 * pictures.FOCUS_DIAGRAMS,
        "over-time-": 2 * caps["over-time"],
        "indicator-": 2 * caps["indicator"],
        "targets-": 2 * caps["targets"],
    }
    # the chosen are those with most figures: no subject left out has more than one drawn
    chosen = choose_charts(rows, places, over_time=caps["over-time"], indicator=caps["indicator"], targets=caps["targets"])
    dated = Counter(r.subject for r in rows if r.year is not None)
    assert min(dated[s] for s in chosen["over-time"]) >= max(dated[s] for s in set(every["over-time"]) - set(chosen["over-time"]))
    reported = Counter(
        (r.indicator, r.unit) for r in {(r.subject, r.indicator, r.unit): r for r in rows if r.subject in places and not r.target}.values()
    )
    assert min(reported[k] for k in chosen["indicator"]) >= max(reported[k] for k in set(every["indicator"]) - set(chosen["indicator"]))


@pytest.mark.slow
def test_a_hub_diagram_draws_its_most_connected_neighbours_and_says_how_many_more(large):
    hub = max(large, key=lambda n: (len(set(large.predecessors(n)) | set(large.successors(n))), n))
    neighbours = set(large.predecessors(hub)) | set(large.successors(hub))
    assert len(neighbours) > NEIGHBOURS
    kept = _nearest(large, {hub: 0, **{n: 1 for n in neighbours}}, NEIGHBOURS)
    assert len(kept) == NEIGHBOURS + 1 and hub in kept
    degree = large.degree()
    assert min(degree[n] for n in kept if n != hub) >= max(degree[n] for n in neighbours - set(kept)), "most connected first"
    text = neighbourhood_diagram(large, hub, 1, "svg").decode()
    assert f"(the {NEIGHBOURS} most connected shown, {len(neighbours) - NEIGHBOURS} more left out)" in text
    two_steps = neighbourhood_diagram(large, hub, 2, "svg").decode()  # every ring-2 node hangs from a kept ring-1 node
    assert f"the {NEIGHBOURS} most connected shown" in two_steps


@pytest.mark.slow
def test_the_zone_overview_of_the_build_keeps_the_best_connected_zones_of_each_side(large):
    text = zone_overview(large, "svg", limit=2).decode()
    assert "MOST pilot zones (the 2 with most relations of 4)" in text
    assert "MIIT pilot zones (the 2 with most relations of 4)" in text
    assert "MOST pilot zones (4)" in zone_overview(large, "svg").decode(), "aizones viz draws every zone"


@pytest.mark.slow
def test_the_page_of_a_large_graph_shows_a_selection_and_says_what_it_left_out(large, monkeypatch):
    monkeypatch.setattr(pictures, "PAGE_NODES", 300)
    name, draw = picture_plan(large)[0]
    assert name == "graph.html"
    page = draw()
    assert page == picture_plan(large)[0][1](), "byte-identical"
    text = page.decode()
    note = re.search(r'<p id="left-out">([^<]*)</p>', text).group(1)
    assert f"{large.number_of_nodes() - 300:,} entities are left out" in note
    assert "up to 300" in note and "aizones viz --focus ENTITY, --kind CLASS or --province PROVINCE" in note
    data = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', text).group(1))
    assert len(data["nodes"]) == 300
    assert data["title"].startswith(f"300 of {large.number_of_nodes():,} entities")
    shown = {n["i"] for n in data["nodes"]}
    classes = large.graph["classes"]
    frame = {
        n
        for n, d in large.nodes(data=True)
        if {AIZ.PilotZone, AIZ.Programme, AIZ.ProvinceLevelDivision} & set(classes[d["kind"]]["ancestors"])
    }
    assert frame <= shown, "every zone, programme and province is on the page"
    degree = large.degree()
    assert min(degree[n] for n in shown - frame) >= max(degree[n] for n in set(large) - shown), "then the best connected"
    assert 'id="left-out"' not in render_page(large).decode(), "a page of the whole graph has no note"


def test_pictures_are_the_same_bytes_drawn_in_one_process_or_in_workers(viz_project, monkeypatch):
    plan = picture_plan(project(load_dataset(viz_project)))[:4]
    monkeypatch.setattr(pictures, "WORKERS", 2)
    shared = _drawn(plan)
    monkeypatch.setattr(pictures, "WORKERS", 1)
    assert _drawn(plan) == shared


@pytest.mark.slow
def test_a_diagram_or_chart_saved_as_svg_and_png_from_one_figure_is_the_bytes_of_two_drawings(viz_project):
    # the build draws each figure once and saves it twice; the second save must not see the first's layout
    plan = picture_plan(project(load_dataset(viz_project)))
    shared = [draw for _name, draw in plan if draw.func is pictures._one_of]
    assert len(shared) == len(plan) - 1, "every file but the page comes from a drawing of two"
    for draw in shared:
        drawing, number = draw.args
        alone = partial(drawing.func, *drawing.args, **{**drawing.keywords, "fmt": pictures.BOTH[number]})
        assert draw() == alone(), (drawing.func.__name__, pictures.BOTH[number])


@pytest.mark.slow
def test_the_layout_does_not_depend_on_the_string_hash_seed():
    # edges once came out of a subgraph view in set order, and the page's coordinates moved by 0.1 px
    script = (
        "import hashlib, json; from pathlib import Path; from aizones.reading.loader import load_dataset; "
        "from aizones.drawing.projection import project; from aizones.drawing.positions import positions; "
        "print(hashlib.sha256(json.dumps(positions(project(load_dataset(Path('.')))), sort_keys=True).encode()).hexdigest())"
    )
    seen = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}
        )
        assert done.returncode == 0, done.stderr
        seen.add(done.stdout)
    assert len(seen) == 1


def test_the_readme_states_the_caps_the_code_has():
    text = (REPO / "README.md").read_text()
    table = text[text.index("**However large the graph**") : text.index("### How RDF becomes a picture")]
    for row in (
        f"| `graph.html` | {pictures.PAGE_NODES:,} entities |",
        f"| `zones-map` | every zone, {zone_map.LABELS} cities labelled |",
        f"| `zones-completeness` | {completeness.ZONES} zones |",
        f"| `zones-overview` | {pictures.OVERVIEW_ZONES} zones of each programme |",
        f"| `neighbourhood-*` | {pictures.FOCUS_DIAGRAMS} diagrams, {NEIGHBOURS} neighbours each |",
        f"| `over-time-*` | {pictures.OVER_TIME_CHARTS} charts |",
        f"| `indicator-*` | {pictures.INDICATOR_CHARTS} charts, {charts.BARS} bars each |",
        f"| `targets-*` | {pictures.TARGETS_CHARTS} charts |",
        f"at most {charts.PANELS} indicators",
        f"the {NEIGHBOURS}-neighbour cap",
    ):
        assert row in table, row


@pytest.mark.slow
def test_a_one_megabyte_label_is_shortened_in_every_picture_and_whole_in_the_panel(tmp_path):
    project_copy = tmp_path / "viz"
    shutil.copytree(DATA / "viz", project_copy)
    places = project_copy / "graph" / "reference" / "places.ttl"
    huge = "Hunan " + "long name " * 100_000  # 1 MB: drawn as paths it made a 76 MB SVG and took minutes
    places.write_text(places.read_text(encoding="utf-8").replace('"Hunan"@en', f'"{huge}"@en'), encoding="utf-8")
    graph = project(load_dataset(project_copy))
    drawn = {name: draw() for name, draw in picture_plan(graph)}
    assert any(name.startswith("over-time-hunan") for name in drawn) and any(name.startswith("zones-overview") for name in drawn)
    for name, content in drawn.items():  # without the long label each is 30 to 80 kB
        assert name.endswith(".html") or len(content) < 200_000, f"{name}: {len(content)} bytes"
    data = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', drawn["graph.html"].decode()).group(1))
    (hunan,) = [n for n in data["nodes"] if n["i"].endswith("/hunan")]
    assert hunan["en"] == huge, "the panel has the whole label"
    assert hunan["se"] == shorten(huge) and len(hunan["se"]) <= PICTURE_LABEL_LIMIT, "the canvas and the results have it short"
    assert len(drawn["graph.html"]) < 4 * len(huge), "the label is not copied into every fact that points to it"
