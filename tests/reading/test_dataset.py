"""Reading the project files: a named graph per file, strict syntax, file:line:column errors."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from aizones.core.dataset import ROLE_DATA, ROLE_ONTOLOGY, ROLE_SHAPES
from aizones.core.errors import InputError
from aizones.core.namespaces import graph_iri_for
from aizones.reading.loader import discover, load_dataset


def test_every_file_becomes_its_own_named_graph(mini):
    dataset = load_dataset(mini)
    assert [f.path for f in dataset.files] == [
        "graph/sources/hubei.ttl",
        "graph/sources/hunan.ttl",
        "ontology/mini.ttl",
        "ontology/shapes.ttl",
    ]
    assert {f.path: f.role for f in dataset.files} == {
        "graph/sources/hubei.ttl": ROLE_DATA,
        "graph/sources/hunan.ttl": ROLE_DATA,
        "ontology/mini.ttl": ROLE_ONTOLOGY,
        "ontology/shapes.ttl": ROLE_SHAPES,
    }
    hunan = ox.NamedNode("https://w3id.org/aizones/graph/graph/sources/hunan")
    assert ox.NamedNode("http://example.org/mini#changsha") in {q.subject for q in dataset.store.quads_for_pattern(None, None, None, hunan)}
    assert sum(f.triples for f in dataset.files) == len(dataset.store)


def test_graph_iri_is_the_path_without_extension_and_refuses_paths_outside():
    assert graph_iri_for("graph/sources/000-x.ttl") == "https://w3id.org/aizones/graph/graph/sources/000-x"
    with pytest.raises(ValueError):
        graph_iri_for("../elsewhere.ttl")


def test_blank_nodes_of_two_files_stay_apart(mini):
    (mini / "graph" / "a.ttl").write_text('_:b0 <http://example.org/p> "a" .\n')
    (mini / "graph" / "b.ttl").write_text('_:b0 <http://example.org/p> "b" .\n')
    dataset = load_dataset(mini)
    subjects = {q.subject for q in dataset.store.quads_for_pattern(None, ox.NamedNode("http://example.org/p"), None, None)}
    assert len(subjects) == 2


def test_syntax_error_names_file_line_and_column(mini):
    (mini / "graph" / "sources" / "broken.ttl").write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n'
    )
    with pytest.raises(InputError) as caught:
        load_dataset(mini)
    message = str(caught.value)
    assert message.startswith("graph/sources/broken.ttl:3:"), message
    assert "\n" not in message


def test_hidden_files_and_other_extensions_are_not_read(mini):
    (mini / "graph" / ".draft.ttl").write_text("this is not turtle")
    (mini / "graph" / "notes.txt").write_text("this is not turtle either")
    assert all(p.name not in (".draft.ttl", "notes.txt") for p in discover(mini))
