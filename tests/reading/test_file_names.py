"""Any file name is read, every RDF extension in any case, and nothing else is skipped in silence.

Before, a space, a newline, ``#``, ``%`` or a non-UTF-8 byte in a data file's name crashed every
build with a traceback; broken ``.TTL``, ``.rdf`` and ``.trig`` files were left out with exit 0;
other files were skipped without a word.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from aizones.core.errors import InputError
from aizones.core.namespaces import GRAPH, graph_iri_for
from aizones.reading.loader import discover, load_dataset
from tests.support.cli import run_cli
from tests.support.paths import REPO

NAMES = {
    "with space.ttl": "with%20space",
    "new\nline.ttl": "new%0Aline",
    "hash#1.ttl": "hash%231",
    "per%cent.ttl": "per%25cent",
    "长沙.ttl": "%E9%95%BF%E6%B2%99",
    "caf\udce9.ttl": "caf%E9",  # the byte 0xe9 alone: Latin-1, not UTF-8
}


def test_a_build_reads_files_whatever_their_names(mini):
    source = mini / "graph" / "sources" / "hubei.ttl"
    for name in NAMES:
        shutil.copy(source, os.fsencode(mini / "graph" / "sources" / name))
    result = run_cli("build", "-q", "--no-pictures", cwd=mini, timeout=120)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    inputs = json.loads((mini / "dist" / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    graphs = {entry["graph"] for entry in inputs}
    assert {GRAPH[f"graph/sources/{encoded}"] for encoded in NAMES.values()} <= graphs
    shown = {entry["path"] for entry in inputs}
    assert {"graph/sources/new\\nline.ttl", "graph/sources/caf\\xe9.ttl", "graph/sources/with space.ttl"} <= shown


def test_graph_iris_percent_encode_the_bytes_of_each_part():
    for name, encoded in NAMES.items():
        assert graph_iri_for(f"graph/sources/{name}") == GRAPH[f"graph/sources/{encoded}"]


def test_the_real_graph_keeps_its_graph_iris():
    """Names of letters, digits and ``-._~`` are left as they are: the published graph IRIs do not change."""
    for path in discover(REPO):
        relative = path.relative_to(REPO).as_posix()
        assert graph_iri_for(relative) == GRAPH[relative.rsplit(".", 1)[0]]


def test_an_error_in_a_file_with_a_newline_in_its_name_stays_on_one_line(mini):
    (mini / "graph" / "bad\nname.ttl").write_text("this is not turtle\n")
    with pytest.raises(InputError) as raised:
        load_dataset(mini)
    assert str(raised.value).startswith("graph/bad\\nname.ttl:1:"), raised.value
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("broken.TTL", "this is not turtle\n"),
        ("broken.rdf", "<rdf:RDF"),
        ("broken.trig", "@prefix e: <http://e/> . e:a e:b"),
        ("broken.NQ", "<http://e/a> <http://e/b> ."),
        ("broken.owl", "not xml at all"),
    ],
)
def test_every_syntax_the_gate_reads_is_read_in_any_case(mini, name, text):
    (mini / "graph" / name).write_text(text)
    with pytest.raises(InputError, match=rf"^graph/{name}"):
        load_dataset(mini)


def test_a_trig_file_of_default_graph_triples_is_read_into_its_own_graph(mini):
    (mini / "graph" / "more.trig").write_text('{ <http://example.org/mini#x> <http://example.org/mini#p> "y" . }\n')
    (mini / "graph" / "ALSO.TTL").write_text('<http://example.org/mini#z> <http://example.org/mini#p> "w" .\n')
    files = {f.path: f for f in load_dataset(mini).files}
    assert files["graph/more.trig"].triples == 1 and files["graph/more.trig"].graph == GRAPH["graph/more"]
    assert files["graph/ALSO.TTL"].triples == 1


def test_two_files_that_would_be_one_graph_are_refused(mini):
    (mini / "graph" / "twin.ttl").write_text("")
    (mini / "graph" / "twin.nt").write_text("")
    with pytest.raises(InputError, match=r"graph/twin.nt and graph/twin.ttl would both be the graph <.*/graph/graph/twin>; rename one"):
        load_dataset(mini)


def test_files_that_are_not_read_are_named_in_one_warning(mini):
    for name in ("notes.txt", "zones.ttl.bak", "zones.ttl~", "#zones.ttl#"):
        (mini / "graph" / name).write_text("x")
    (mini / "graph" / "sources" / "linked").symlink_to(mini / "ontology")
    (mini / "graph" / "README.md").write_text("the folder's own documentation")
    (mini / "graph" / ".zones.ttl.swp").write_text("an editor's swap file")
    (mini / "graph" / ".hidden").mkdir()
    (mini / "graph" / ".hidden" / "draft.ttl").write_text("not turtle, never read")
    result = run_cli("validate", cwd=mini, timeout=120)
    assert result.code == 0, result.err
    warnings = result.err.strip().splitlines()
    assert warnings == [
        "warning: not read (not an RDF file by its extension: .ttl, .trig, .nt, .nq, .jsonld, .rdf, .owl, .xml): "
        "graph/#zones.ttl#, graph/notes.txt, graph/zones.ttl.bak, graph/zones.ttl~",
        "warning: not read (a link to a folder is not followed; link each file instead): graph/sources/linked",
    ], result.err


def test_the_real_project_reads_without_a_warning(capsys):
    load_dataset(REPO)
    assert capsys.readouterr().err == ""
