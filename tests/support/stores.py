"""Small pyoxigraph stores and datasets built from Turtle snippets, one named graph per snippet."""

from __future__ import annotations

import pyoxigraph as ox

from aizones.core.dataset import Dataset, GraphFile
from aizones.core.namespaces import graph_iri_for

EX = "http://example.org/"
AIZ = "https://w3id.org/aizones/ontology#"
HEADER = f"""\
@prefix ex: <{EX}> .
@prefix aiz: <{AIZ}> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


def ex(name: str) -> ox.NamedNode:
    """``ex:name`` as a term."""
    return ox.NamedNode(EX + name)


def graph(name: str) -> ox.NamedNode:
    """The named graph a snippet called ``name`` is loaded into."""
    return ox.NamedNode(f"{EX}graph/{name}")


def store_of(**snippets: str) -> ox.Store:
    """A store with each Turtle snippet (the prefixes of ``HEADER`` given) in ``graph(name)``."""
    store = ox.Store()
    for name, turtle in snippets.items():
        store.load((HEADER + turtle).encode(), format=ox.RdfFormat.TURTLE, to_graph=graph(name))
    return store


def dataset_of(files: dict[str, tuple[str, str]]) -> Dataset:
    """A ``Dataset`` of project files ``{path: (role, turtle)}``, each in the graph its path names.

    The recorded triple count is 0 and the hash a dummy: the code under test must read the store.
    """
    store, graph_files = ox.Store(), []
    for path, (role, turtle) in files.items():
        name = graph_iri_for(path)
        store.load((HEADER + turtle).encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(name))
        graph_files.append(GraphFile(path, name, role, 0, "0" * 64))
    return Dataset(store, graph_files)


def triples_in(store: ox.Store, name: ox.NamedNode | ox.DefaultGraph) -> set[tuple[str, str, str]]:
    """The triples of one graph as ``(s, p, o)`` strings (IRIs without brackets), for exact comparisons."""
    return {(q.subject.value, q.predicate.value, q.object.value) for q in store.quads_for_pattern(None, None, None, name)}
