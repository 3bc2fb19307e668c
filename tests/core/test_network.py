"""Nothing reaches the network: a listener on 127.0.0.1 counts every connection attempt."""

from __future__ import annotations

import contextlib
import json
import socket
import threading

import pytest

from aizones.core.errors import PolicyError
from aizones.core.offline import offline
from aizones.reasoning.materialise import ENGINES as REASONERS
from tests.support.cli import run_cli
from tests.support.listener import Listener


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def test_the_listener_does_count_connections(listener):
    # proves the fixture can see a connection, so a zero below means something
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    threading.Event().wait(0.5)
    assert listener.connections == 1


@pytest.mark.slow
@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <{url}/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <{url}/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_queries_naming_the_listener_never_connect(mini, listener, query):
    result = run_cli("query", "-e", query.replace("{url}", listener.url), cwd=mini)
    assert result.code == 3
    assert listener.connections == 0


def test_remote_jsonld_context_is_not_fetched(mini, listener):
    document = {"@context": f"{listener.url}/context.jsonld", "@id": "http://example.org/x", "name": "x"}
    (mini / "graph" / "remote.jsonld").write_text(json.dumps(document))
    result = run_cli("build", "-q", cwd=mini)
    assert result.code == 2 and "graph/remote.jsonld" in result.err
    assert listener.connections == 0


@pytest.mark.slow
def test_owl_imports_are_not_followed_by_any_step(mini, listener):
    (mini / "ontology" / "imports.ttl").write_text(
        f"<http://example.org/mini> <http://www.w3.org/2002/07/owl#imports> <{listener.url}/other.ttl> .\n"
    )
    result = run_cli("build", "-q", cwd=mini)
    assert result.code == 0, result.err
    assert run_cli("build", "-q", "--reasoner", "owlrl", cwd=mini).code == 0
    assert listener.connections == 0


def test_shacl_sparql_constraints_cannot_reach_outside(mini, listener):
    (mini / "ontology" / "shapes-remote.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<http://example.org/mini#RemoteShape> a sh:NodeShape ; sh:targetClass <http://example.org/mini#City> ;\n"
        f'  sh:sparql [ sh:select "SELECT $this WHERE {{ SERVICE <{listener.url}/sparql> {{ $this ?p ?o }} }}" ] .\n'
    )
    result = run_cli("validate", cwd=mini)
    assert result.code == 3 and "SERVICE is refused" in result.err
    assert listener.connections == 0


def test_python_level_connections_are_refused_while_offline(listener):
    with offline(), pytest.raises(PolicyError):
        socket.create_connection(("127.0.0.1", listener.port), timeout=2)
    assert listener.connections == 0


# --- every engine the project uses, with a positive control where the engine really would connect ---


@pytest.mark.slow
@pytest.mark.parametrize(
    "query",
    [
        "select * where { service <{url}/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE SILENT <{url}/sparql> { ?s ?p ?o } } } }",
        "LOAD <{url}/data.ttl>",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    ],
)
def test_more_ways_out_are_refused_before_they_run(mini, listener, query):
    result = run_cli("query", "-e", query.replace("{url}", listener.url), cwd=mini)
    assert result.code == 3, result.err
    assert "--allow-network" in result.err and len(result.err.strip().splitlines()) == 1
    assert listener.connections == 0


def test_the_words_in_comments_strings_and_iris_are_not_refused(mini):
    query = '# SERVICE FROM LOAD\nSELECT ?s WHERE { ?s ?p "FROM here" . FILTER(?s != <http://example.org/SERVICE>) } ORDER BY ?s'
    assert run_cli("query", "-e", query, cwd=mini).code == 0


def test_oxigraph_service_does_connect_when_allowed(mini, listener):
    """The positive control: Oxigraph's own HTTP client (in Rust, below Python's audit hook) reaches the listener."""
    run_cli(
        "query",
        "--allow-network",
        "--timeout",
        "20",
        "-e",
        f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}",
        cwd=mini,
    )
    threading.Event().wait(0.3)
    assert listener.connections >= 1


def _rdflib_service(url: str) -> None:
    import rdflib

    list(rdflib.Graph().query(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"))


def _rdflib_from(url: str) -> None:
    import rdflib

    list(rdflib.Dataset(default_union=True).query(f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}"))


def _rdflib_jsonld_context(url: str) -> None:
    import rdflib

    rdflib.Graph().parse(
        data=json.dumps({"@context": f"{url}/context.jsonld", "@id": "http://example.org/x", "name": "x"}), format="json-ld"
    )


def _owlready2_imports(url: str, tmp_path) -> None:
    import owlready2

    ontology = tmp_path / "imports.owl"
    ontology.write_text(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:owl="http://www.w3.org/2002/07/owl#">'
        f'<owl:Ontology rdf:about="http://example.org/o"><owl:imports rdf:resource="{url}/other.owl"/></owl:Ontology></rdf:RDF>'
    )
    owlready2.World().get_ontology(ontology.as_uri()).load()


@pytest.mark.slow
@pytest.mark.parametrize("reach", [_rdflib_service, _rdflib_from, _rdflib_jsonld_context, _owlready2_imports])
def test_python_engines_connect_without_the_guard_and_not_with_it(listener, reach, tmp_path):
    """rdflib (under pySHACL and owlrl) and owlready2 fetch on their own; inside ``offline()`` nothing leaves."""
    arguments = (listener.url, tmp_path) if reach is _owlready2_imports else (listener.url,)
    with contextlib.suppress(Exception):
        reach(*arguments)  # the positive control: the engine really opens a connection
    threading.Event().wait(0.3)
    assert listener.connections >= 1
    before = listener.connections
    failed = False
    with offline():
        try:
            reach(*arguments)
        except Exception:  # each engine wraps the PolicyError in an error of its own
            failed = True
    assert failed
    threading.Event().wait(0.3)
    assert listener.connections == before


def test_pyshacl_sparql_constraints_stay_offline_even_past_the_query_guard(mini, listener):
    """The second line of defence: pySHACL runs a SERVICE the first line did not see; the audit hook refuses it."""
    from aizones.core.dataset import ROLE_DATA, ROLE_ONTOLOGY, ROLE_SHAPES
    from aizones.reading.loader import load_dataset
    from aizones.validation.shacl.engines import run_shacl

    (mini / "ontology" / "shapes-remote.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<http://example.org/mini#RemoteShape> a sh:NodeShape ; sh:targetClass <http://example.org/mini#City> ;\n"
        f'  sh:sparql [ sh:select "SELECT $this WHERE {{ SERVICE <{listener.url}/sparql> {{ $this ?p ?o }} }}" ] .\n'
    )
    dataset = load_dataset(mini)
    with contextlib.suppress(Exception):
        run_shacl("pyshacl", dataset.store, dataset.graphs(ROLE_ONTOLOGY, ROLE_DATA), dataset.graphs(ROLE_SHAPES))
    threading.Event().wait(0.3)
    assert listener.connections == 0


def test_an_external_xml_entity_is_not_fetched(listener):
    from aizones.core.errors import InputError
    from aizones.reading import parser

    xxe = (
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "{listener.url}/x">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/s"><e:p>&x;</e:p></rdf:Description></rdf:RDF>'
    )
    with pytest.raises(InputError, match="DOCTYPE or ENTITY"):
        parser.parse(xxe.encode(), parser.syntax_named("xml"), shown_as="x.rdf")
    assert listener.connections == 0


@pytest.mark.parametrize("reasoner", REASONERS)
def test_no_reasoner_follows_owl_imports(mini, listener, reasoner):
    from aizones.reading.loader import load_dataset
    from aizones.reasoning.materialise import materialise

    (mini / "ontology" / "imports.ttl").write_text(
        f"<http://example.org/mini> <http://www.w3.org/2002/07/owl#imports> <{listener.url}/other.ttl> .\n"
    )
    assert materialise(load_dataset(mini), engine=reasoner) > 0
    assert listener.connections == 0
