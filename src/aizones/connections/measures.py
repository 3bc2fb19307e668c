"""The numbers of ``aizones network``: degree, betweenness, communities and components of the projection.

The network measured is the projection (docs/projection.md) read as an undirected simple graph:
two entities joined by any relation, either way round, are neighbours once, and an edge keeps the
named graphs of every triple joining them. It comes from ``outline.Outline`` (the projection's
nodes and edges without their panels, as the build's pictures choose), so that the report costs
what the outline costs; the test rebuilds the same graph from the exported GraphML.

Variants show how the numbers depend on what is kept: ``all``; one programme (``programme:…``:
the entities naming another programme with ``aiz:programme``, and those programmes, left out);
one source kind (``source:reference``, ``source:sources``, …: the folder under ``graph/`` a named
graph's file is in; only the edges some graph of that kind states, and the entities they join).

Betweenness is exact up to ``EXACT_BETWEENNESS`` entities and estimated from ``SAMPLED`` seeded
sources beyond (networkx's ``k``, ``seed``), normalised: exact, it took 15 s a variant at 100k
triples (8,800 entities) sampled from 1,000 sources (2.5 s from 100), and a graph has about ten variants; communities are networkx's Louvain with
``SEED``. Both depend on the order nodes and edges are added, so they are added sorted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aizones.core.dataset import Dataset
from aizones.core.namespaces import AIZ
from aizones.drawing.outline import Outline

if TYPE_CHECKING:
    import networkx as nx

SEED = 1
EXACT_BETWEENNESS = 1000
SAMPLED = 64
# The entities the report ranks, by the top class of their kind.
FAMILIES = {"organisation": AIZ.Organisation, "facility": AIZ.Facility, "region": AIZ.Region}


@dataclass
class Variant:
    """One graph the numbers are computed on, and what came out."""

    name: str
    nodes: int = 0
    edges: int = 0
    components: int = 0
    largest: int = 0
    communities: int = 0
    modularity: float = 0.0
    degree: dict[str, int] = field(default_factory=dict)
    betweenness: dict[str, float] = field(default_factory=dict)
    community: dict[str, int] = field(default_factory=dict)
    component: dict[str, int] = field(default_factory=dict)


@dataclass
class Measures:
    outline: Outline
    ranked: dict[str, str]  # entity -> its family (organisation, facility, region)
    variants: list[Variant]


def measure(dataset: Dataset) -> Measures:
    outline = Outline(dataset)
    ranked = {}
    for node, kind in outline.kinds.items():
        lineage = outline.lineage[kind]["lineage"]
        family = next((name for name, cls in FAMILIES.items() if cls in lineage), None)
        if family:
            ranked[node] = family
    variants = [_measured(Variant("all"), outline.kinds, outline.edges)]
    named = {(s, o) for (s, p, o) in outline.edges if p == AIZ.programme}
    programmes = sorted({o for _, o in named})
    for programme in programmes:
        others = {o for o in programmes if o != programme}
        dropped = others | {s for s, o in named if o in others and (s, programme) not in named}
        kept = [n for n in outline.kinds if n not in dropped]
        variants.append(_measured(Variant(f"programme:{_short(programme)}"), kept, outline.edges))
    kinds = {graph: _source_kind(dataset, graph) for graph in outline.names}
    for source_kind in sorted(set(kinds.values())):
        edges = {e: g for e, g in outline.edges.items() if any(kinds.get(x) == source_kind for x in g)}
        touched = sorted({n for s, _, o in edges for n in (s, o)})
        variants.append(_measured(Variant(f"source:{source_kind}"), touched, edges))
    return Measures(outline, ranked, variants)


def simple_graph(nodes: Iterable[str], edges: Iterable[tuple[str, str, str]]) -> nx.Graph:
    """The undirected simple graph the numbers are computed on, nodes and edges added sorted."""
    import networkx as nx

    graph = nx.Graph()
    kept = sorted(nodes)
    graph.add_nodes_from(kept)
    members = set(kept)
    pairs = {tuple(sorted((s, o))) for s, _, o in edges if s in members and o in members and s != o}
    graph.add_edges_from(sorted(pairs))
    return graph


def numbers(graph: nx.Graph) -> dict:
    """Degree, betweenness, Louvain communities and components of ``graph``: what a variant holds,
    computed the one way the report and its test both use."""
    import networkx as nx

    n = graph.number_of_nodes()
    k = None if n <= EXACT_BETWEENNESS else SAMPLED
    betweenness = nx.betweenness_centrality(graph, k=k, seed=SEED, normalized=True) if n else {}
    communities = (
        _ordered(nx.community.louvain_communities(graph, seed=SEED)) if graph.number_of_edges() else _ordered([{x} for x in graph])
    )
    components = _ordered(nx.connected_components(graph))
    return {
        "degree": dict(graph.degree()),
        "betweenness": betweenness,
        "communities": communities,
        "modularity": nx.community.modularity(graph, communities) if graph.number_of_edges() else 0.0,
        "components": components,
    }


def _measured(variant: Variant, nodes: Iterable[str], edges: Iterable[tuple[str, str, str]]) -> Variant:
    graph = simple_graph(nodes, edges)
    found = numbers(graph)
    variant.nodes, variant.edges = graph.number_of_nodes(), graph.number_of_edges()
    variant.degree, variant.betweenness = found["degree"], found["betweenness"]
    variant.communities, variant.modularity = len(found["communities"]), found["modularity"]
    variant.components = len(found["components"])
    variant.largest = len(found["components"][0]) if found["components"] else 0
    variant.community = {n: number for number, members in enumerate(found["communities"], 1) for n in members}
    variant.component = {n: number for number, members in enumerate(found["components"], 1) for n in members}
    return variant


def _ordered(groups: Iterable[set[str]]) -> list[set[str]]:
    """Communities or components numbered the same way every time: largest first, then by least IRI."""
    return sorted((set(g) for g in groups), key=lambda g: (-len(g), min(g)))


def _source_kind(dataset: Dataset, graph: str) -> str:
    """The folder under ``graph/`` a named graph's file is in (``reference``, ``sources``, ``synth``)."""
    path = (dataset.file_of_graph(graph) or "").split("/")
    return path[1] if len(path) > 2 and path[0] == "graph" else "other"


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
