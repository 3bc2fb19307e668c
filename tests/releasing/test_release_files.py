"""A release as a user of another tool gets it: ``aizones build --release`` (the shortcut for build
then release) writes every file of ``publishing.release_layout.RELEASED`` under its versioned name;
``sha256sum -c`` passes; rdflib and Oxigraph read every RDF file to the same quads, as many as its
manifest says; the JSON-LD resolves its context inside the file, offline, and the released context
file is that context; and ``check_release`` finds a planted corruption.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pyoxigraph as ox
import pytest
import rdflib
from pyld import jsonld

import aizones
from aizones.core.formats import RDF_FORMATS
from aizones.core.namespaces import AIZ, RDF
from aizones.publishing.layout import JSONLD_CONTEXT, MANIFEST, ONTOLOGY_FILES
from aizones.publishing.release_layout import CHANGELOG, CHECKSUMS, RELEASED, released_name
from aizones.releasing.release import check_release
from tests.support.cli import run_cli
from tests.support.paths import REPO

pytestmark = pytest.mark.slow  # a build of the project

_BY_SUFFIX = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".trig": "trig", ".nq": "nq", ".jsonld": "jsonld"}
_RDFLIB = {"turtle": "turtle", "nt": "nt", "xml": "xml", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A copy of the project built and released in one command; its release folder and manifest."""
    root = tmp_path_factory.mktemp("cut")
    for folder in ("graph", "ontology", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    done = run_cli("build", "--release", "-q", cwd=root)  # with the pictures, as aizones.build makes them (the manifest lists them)
    assert done.code == 0, done.err
    (folder,) = (root / "release").glob("aizones-*")
    version = folder.name.removeprefix("aizones-")
    assert f"released {version} into" in done.err
    return root, folder, version, json.loads((folder / released_name(MANIFEST, version)).read_text())


def rdfc(quads) -> set[str]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(ox.serialize(dataset, format=ox.RdfFormat.N_QUADS).decode().splitlines())


def test_build_release_writes_every_released_file_by_version_with_checksums(released):
    root, folder, version, _manifest = released
    names = {p.name for p in folder.iterdir()}
    assert names == {released_name(n, version) for n in RELEASED} | {CHECKSUMS, CHANGELOG}
    assert f"aizones-{version}-context.jsonld" in names
    assert all((folder / released_name(n, version)).read_bytes() == (root / "dist" / n).read_bytes() for n in RELEASED)
    if shutil.which("sha256sum"):
        checked = subprocess.run(["sha256sum", "-c", CHECKSUMS], cwd=folder, capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    assert check_release(folder) == []
    assert (root / "release" / CHANGELOG).read_text().count(f"## {version}") == 1


def _rdf_files() -> list[str]:
    return [n for n in RELEASED if n.endswith(tuple(_BY_SUFFIX)) and n != JSONLD_CONTEXT]  # a context holds no quads


@pytest.mark.parametrize("name", _rdf_files())
def test_rdflib_and_oxigraph_read_every_released_rdf_file_to_the_same_quads(released, name):
    _root, folder, version, manifest = released
    path = folder / released_name(name, version)
    fmt = _BY_SUFFIX[path.suffix]
    carries_graphs = RDF_FORMATS[fmt].carries_graphs
    by_oxigraph = list(ox.parse(path=str(path), format=RDF_FORMATS[fmt].oxigraph))
    back = rdflib.Dataset() if carries_graphs else rdflib.Graph()
    back.parse(path, format=_RDFLIB[fmt])
    by_rdflib = list(ox.parse(back.serialize(format="nquads" if carries_graphs else "nt", encoding="utf-8"), format=ox.RdfFormat.N_QUADS))
    if not carries_graphs:
        by_oxigraph = [ox.Quad(q.subject, q.predicate, q.object) for q in by_oxigraph]
    assert by_oxigraph and rdfc(by_rdflib) == rdfc(by_oxigraph)
    if "triples" in manifest["files"].get(name, {}):
        assert len(by_oxigraph) == manifest["files"][name]["triples"]


def _offline(url, options=None):
    raise jsonld.JsonLdError(f"a released file asked for {url}", "loading document failed", code="loading document failed")


def test_the_released_jsonld_resolves_its_context_inside_the_release_offline(released):
    _root, folder, version, _manifest = released
    document = json.loads((folder / f"aizones-{version}.jsonld").read_bytes())
    context = json.loads((folder / f"aizones-{version}-context.jsonld").read_bytes())
    assert isinstance(document["@context"], dict), "inline: the file refers to no other file"
    assert not [v for v in document["@context"].values() if isinstance(v, str) and v.endswith(".jsonld")]
    assert set(context) == {"@context"} and context["@context"] == document["@context"]
    zones = {
        q.subject.value
        for q in ox.parse(path=str(folder / f"aizones-{version}.nq"), format=ox.RdfFormat.N_QUADS)
        if q.predicate.value == RDF.type and q.object.value == AIZ.PilotZone
    }
    framed = jsonld.frame(document, {**context, "@type": "PilotZone"}, {"documentLoader": _offline})
    found = {context["@context"][p] + local for p, _, local in (node["@id"].partition(":") for node in framed["@graph"])}
    assert len(zones) > 10 and found == zones


def test_building_and_releasing_again_through_the_api_changes_nothing(released):
    """``aizones.release(build_first=True)``, the API of ``build --release``: a new build of the same
    files is byte-identical where it is released, so the release is already there."""
    root, folder, version, _manifest = released
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    (root / "dist" / "aizones.nq").unlink()  # a stale dist/: release alone would refuse it
    summary = aizones.release(root, "dist", build_first=True)
    assert summary.version == version and not summary.changed
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_check_release_finds_a_changed_a_missing_and_an_unlisted_file(released, tmp_path):
    _root, folder, version, _manifest = released
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    (copy / f"aizones-{version}.nt").write_bytes(b"")
    (copy / released_name(next(iter(ONTOLOGY_FILES)), version)).unlink()
    (copy / "notes.txt").write_text("x")
    problems = check_release(copy)
    assert any(f"aizones-{version}.nt: sha256 differs" in p for p in problems)
    assert any("listed in SHA256SUMS but missing" in p for p in problems)
    assert any("notes.txt: not in SHA256SUMS" in p for p in problems)
    assert check_release(tmp_path) != []
