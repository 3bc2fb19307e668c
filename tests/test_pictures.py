"""The build writes the page, the diagrams and the charts into dist/viz/, in the manifest, the same bytes every time."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from aizones.dataset import load_dataset
from aizones.pictures import add_to_build
from aizones.publish import publish
from conftest import DATA, run_cli, snapshot


@pytest.fixture
def viz_project(tmp_path):
    target = tmp_path / "viz"
    shutil.copytree(DATA / "viz", target)
    return target


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
