"""Static diagrams: written, non-empty, byte-identical from run to run, and drawable with or without a CJK font."""

from __future__ import annotations

import shutil
import warnings
import xml.etree.ElementTree as ET

import pytest

from aizones.core.errors import UsageError
from aizones.drawing import plotting
from aizones.drawing.diagrams import neighbourhood_diagram, zone_overview
from aizones.drawing.pictures import visualise
from aizones.drawing.projection import project
from aizones.reading.loader import load_dataset
from tests.support.cli import run_cli
from tests.support.paths import DATA

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def graph():
    return project(load_dataset(DATA / "viz"))


def check_picture(data: bytes, fmt: str) -> None:
    assert len(data) > 5_000
    if fmt == "png":
        assert data.startswith(PNG)
    else:
        root = ET.fromstring(data)
        assert root.tag.endswith("svg")
        assert b"<dc:date>" not in data and b"Matplotlib v" not in data, "no date and no version inside"


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_neighbourhood_diagram(graph, fmt):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph warns: it must not
        first = neighbourhood_diagram(graph, "id:changsha", 2, fmt)
    check_picture(first, fmt)
    assert neighbourhood_diagram(graph, "Changsha", 2, fmt) == first
    if fmt == "svg":  # matplotlib keeps every text as a comment beside its glyph paths
        text = first.decode()
        for shown in ("Changsha and what lies within 2 steps", "Changsha Supercomputing", "located in", "covers region", "Hunan"):
            assert shown in text
        assert "Wuhan" not in text, "three steps away"


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_zone_overview(graph, fmt):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        first = zone_overview(graph, fmt)
    check_picture(first, fmt)
    assert zone_overview(graph, fmt) == first
    if fmt == "svg":
        text = first.decode()
        assert "MOST pilot zones (1)" in text and "MIIT pilot zones (1)" in text
        assert "Changsha MOST zone" in text and "Wuhan MIIT zone" in text and "Hubei" in text


def test_without_a_cjk_font_chinese_is_left_out_and_nothing_warns(graph, monkeypatch):
    monkeypatch.setattr(plotting, "cjk_font", lambda: None)
    plotting._drawable.cache_clear()
    try:
        assert plotting.printable("Hubei 湖北省 〔2019〕") == "Hubei ??? ?2019?"
        assert plotting.name_of("Changsha", "长沙市") == "Changsha"
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            data = neighbourhood_diagram(graph, "Hunan", 1, "svg")
        assert "长沙市" not in data.decode() and "Changsha" in data.decode()
    finally:
        plotting._drawable.cache_clear()


def test_a_cjk_font_when_there_is_one_draws_the_chinese_name(graph):
    if not plotting.cjk_font():
        pytest.skip("no CJK font on this machine (Debian: apt-get install fonts-noto-cjk)")
    assert "长沙市" in neighbourhood_diagram(graph, "Changsha", 1, "svg").decode()


def test_unknown_focus_is_a_usage_error(graph):
    with pytest.raises(UsageError, match="--focus 'Atlantis'"):
        neighbourhood_diagram(graph, "Atlantis")


@pytest.mark.slow
def test_viz_writes_a_diagram_when_asked_for_svg_or_png(tmp_path):
    project_copy = tmp_path / "viz"
    shutil.copytree(DATA / "viz", project_copy)
    focus = run_cli("viz", "--focus", "Hunan", "--depth", "2", "-o", "hunan.png", cwd=project_copy)
    assert focus.code == 0, focus.err
    assert (project_copy / "hunan.png").read_bytes().startswith(PNG)
    overview = visualise(load_dataset(project_copy), fmt="svg")  # without --focus: the zone overview
    assert "MIIT pilot zones" in overview.decode()
    wrong = run_cli("viz", "-o", "zones.pdf", cwd=project_copy)
    assert wrong.code == 2 and "must end in .html, .svg or .png" in wrong.err
