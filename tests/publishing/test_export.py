"""Every export format parses back, with rdflib's parsers as well as Oxigraph's, to the same graph."""

from __future__ import annotations

import dataclasses
import json

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import to_isomorphic

from aizones.core.dataset import Published
from aizones.core.formats import RDF_FORMATS
from aizones.core.namespaces import DESCRIPTION_GRAPH
from aizones.pipeline import build, open_dataset
from aizones.publishing import canonical
from aizones.publishing.layout import MANIFEST
from aizones.publishing.reopen import load_built
from aizones.publishing.writers import Writer, canonical_nquads, export_dataset, format_for_extension
from tests.support.cli import run_cli

RDFLIB_NAMES = {"turtle": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads", "jsonld": "json-ld", "xml": "xml"}


def _expected(dataset, carries_graphs: bool) -> rdflib.Dataset | rdflib.Graph:
    """The dataset (or its union) as rdflib reads the N-Quads that Oxigraph writes, the neutral form."""
    graphs = [*dataset.asserted, dataset.inferred]
    quads = dataset.quads(graphs)
    if carries_graphs:
        expected = rdflib.Dataset()
        expected.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
        return expected
    expected = rdflib.Graph()
    expected.parse(data=ox.serialize({q.triple for q in quads}, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    return expected


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_export_round_trips_through_rdflib(mini, name):
    dataset = open_dataset(mini)
    fmt = RDF_FORMATS[name]
    data = export_dataset(dataset, fmt)
    if fmt.carries_graphs:
        back = rdflib.Dataset()
        back.parse(data=data.decode(), format=RDFLIB_NAMES[name])
        expected = _expected(dataset, True)
        graph_names = lambda d: sorted(str(g.identifier) for g in d.graphs() if len(g))  # noqa: E731
        assert graph_names(back) == graph_names(expected)
        for graph in expected.graphs():
            if len(graph):
                assert to_isomorphic(back.graph(graph.identifier)) == to_isomorphic(graph), graph.identifier
    else:
        back = rdflib.Graph()
        back.parse(data=data.decode(), format=RDFLIB_NAMES[name])
        assert to_isomorphic(back) == to_isomorphic(_expected(dataset, False))


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_export_round_trips_through_oxigraph_and_is_deterministic(mini, name):
    dataset = open_dataset(mini)
    fmt = RDF_FORMATS[name]
    data = export_dataset(dataset, fmt)
    assert export_dataset(open_dataset(mini), fmt) == data
    back = list(ox.parse(data, fmt.oxigraph))
    quads = dataset.quads([*dataset.asserted, dataset.inferred])
    if not fmt.carries_graphs:
        quads = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
    assert canonical_nquads(back) == canonical_nquads(quads)


def test_export_command_takes_the_format_from_the_extension(mini):
    result = run_cli("export", "-o", "out.trig", cwd=mini)
    assert result.code == 0, result.err
    text = (mini / "out.trig").read_text()
    assert "<https://w3id.org/aizones/graph/graph/sources/hunan> {" in text
    assert format_for_extension("x.jsonld").name == "jsonld"
    unknown = run_cli("export", "-o", "out.docx", cwd=mini)
    assert unknown.code == 2 and "--format" in unknown.err


def test_export_without_inference_leaves_the_inferred_graph_out(mini):
    result = run_cli("export", "--format", "nq", "--no-inference", cwd=mini)
    assert result.code == 0
    assert "graph/inferred" not in result.out
    assert "graph/inferred" in run_cli("export", "--format", "nq", cwd=mini).out


def test_an_export_from_an_opened_build_is_that_build_s_file_byte_for_byte(mini, monkeypatch):
    """``Dataset.published``: the dataset formats with inference (every graph, the description
    included) and the triples formats without are the build's own files, handed on as they are; the triples formats with inference are split back
    from the build's N-Quads; a file changed since is written again instead."""
    build(mini, mini / "dist")
    opened = load_built(mini, mini / "dist")
    files = json.loads((mini / "dist" / MANIFEST).read_text())["files"]
    assert opened.published == Published(mini / "dist", {name: entry["sha256"] for name, entry in files.items()})
    plain = dataclasses.replace(opened, published=None)  # the reference: written from the store
    written = {
        (name, inference): export_dataset(plain, fmt, inference=inference)
        for name, fmt in RDF_FORMATS.items()
        for inference in (True, False)
    }
    # The dataset formats of a build carry its description too (``publishing.description``), which the
    # store readers open leaves out: the reference is the release's own quads written anew.
    release = ox.Store()
    release.load(path=str(mini / "dist" / "aizones.nq"), format=ox.RdfFormat.N_QUADS)
    every_graph = [*opened.asserted, opened.inferred, ox.NamedNode(DESCRIPTION_GRAPH)]
    for name, fmt in RDF_FORMATS.items():
        if fmt.carries_graphs:
            written[(name, True)] = Writer(canonical.of_store(release, every_graph)).write(fmt)
    (mini / "dist" / "aizones.ttl").write_bytes(b"changed since")

    def unused(*_args):
        raise AssertionError("written again, not taken from the build")

    monkeypatch.setattr(canonical, "of_store", unused)
    for name in RDF_FORMATS:
        assert export_dataset(opened, RDF_FORMATS[name]) == written[(name, True)], name
    for name in ("nt", "xml"):
        assert export_dataset(opened, RDF_FORMATS[name], inference=False) == written[(name, False)]
    monkeypatch.undo()
    assert export_dataset(opened, RDF_FORMATS["turtle"], inference=False) == written[("turtle", False)]  # the changed file
    (mini / "dist" / "aizones.nq").write_bytes(b"changed since")
    assert export_dataset(opened, RDF_FORMATS["turtle"]) == written[("turtle", True)]  # from the store again


def test_a_release_s_n_quads_split_back_is_the_form_it_was_written_from():
    """``canonical.of_release`` on the real project: the same form, graph by graph, as canonicalising
    the store, and a line of a graph the manifest does not name is refused."""
    from aizones.api import load

    dataset = load(".", out=None)
    graphs = [*dataset.asserted, dataset.inferred]
    form = canonical.of_store(dataset.store, graphs)
    back = canonical.of_release(form.nquads(), graphs)
    assert back.graphs == form.graphs and back.union_lines == form.union_lines
    with pytest.raises(ValueError, match="no graph the manifest names"):
        canonical.of_release(form.nquads() + b'<http://e/s> <http://e/p> "o" <http://e/elsewhere> .\n', graphs)


def test_a_damaged_release_s_n_quads_is_refused_wherever_the_stray_line_is():
    """``of_release`` finds each graph's run of lines by halving: a line of another graph inside a
    run, at its start or at its end, and a graph listed but empty, are each seen."""
    first, second, third = (ox.NamedNode(f"http://e/g{i}") for i in (1, 2, 3))
    lines = {g: [f'<http://e/s{i}> <http://e/p> "v{i}" {g} .\n'.encode() for i in range(50)] for g in (first, third)}
    good = b"".join(lines[first] + lines[third])
    form = canonical.of_release(good, [third, second, first])  # g2 is listed but has no line
    assert sorted(form.graphs) == [b"<http://e/g1>", b"<http://e/g3>"] and len(form) == 100
    assert form.nquads() == good
    stray = b'<http://e/x> <http://e/p> "stray" <http://e/g3> .\n'
    for at in (0, 1, 25, 49):
        damaged = b"".join(lines[first][:at] + [stray] + lines[first][at:] + lines[third])
        with pytest.raises(ValueError, match="no graph the manifest names"):
            canonical.of_release(damaged, [first, second, third])
    # a literal holding what looks like another graph's ending stays in its own graph
    tricky = b'<http://e/s> <http://e/p> "a <http://e/g3> ." <http://e/g1> .\n' + b"".join(lines[third])
    assert len(canonical.of_release(tricky, [first, third]).graphs[b"<http://e/g1>"]) == 1
