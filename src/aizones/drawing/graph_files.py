"""The projected graph as GraphML and GEXF, for Gephi, yEd, Cytoscape desktop and networkx.

Both files hold the nodes and edges of ``projection.project`` with flat attributes only (lists do
not fit either format): on nodes ``label``, ``label_zh``, ``kind``, ``kind_label``, ``family``,
``province``, ``province_label``, ``programme``, ``programme_label``, ``source_count`` and
``sources`` (the source titles, joined with `` | ``), ``figure_count``; on edges ``relation`` (the
property IRI), ``label`` and ``source_count`` and ``sources``. Node ids are the IRIs; parallel
edges between two nodes keep the property IRI as their key. GEXF writers stamp the date into the
file; it is removed so that the same graph always gives the same bytes. The GEXF is valid GEXF
1.2draft (``tests/drawing/test_gexf_schema.py`` checks it against the schema).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from aizones.core.errors import UsageError
from aizones.core.formats import GRAPH_FORMATS
from aizones.drawing.projection import project

if TYPE_CHECKING:
    import networkx as nx

NODE_KEYS = (
    "label",
    "label_zh",
    "kind",
    "kind_label",
    "family",
    "province",
    "province_label",
    "programme",
    "programme_label",
    "source_count",
)


def flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the projected graph with only strings and integers as attributes."""
    import networkx as nx

    titles = {g: s["title"] for g, s in graph.graph["sources"].items()}
    out = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        out.add_node(
            node,
            **{k: data[k] for k in NODE_KEYS},
            sources=" | ".join(titles.get(g, g) for g in data["sources"]),
            figure_count=len(data["figures"]),
        )
    for u, v, key, data in graph.edges(keys=True, data=True):
        out.add_edge(
            u, v, key=key, relation=data["relation"], label=data["label"], source_count=len(data["sources"]),
            sources=" | ".join(titles.get(g, g) for g in data["sources"]),
        )  # fmt: skip
    return out


def graph_bytes(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """``graph`` (projected) as GraphML or GEXF bytes, the same bytes for the same graph."""
    import networkx as nx

    if fmt not in GRAPH_FORMATS:
        raise UsageError(f"unknown graph format {fmt!r}; use graphml or gexf")
    simple = flat(graph)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(simple, buffer, encoding="utf-8", prettyprint=True, named_key_ids=True, edge_id_from_attribute=None)
        return buffer.getvalue()
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)  # today's date: would make every export differ
    meta.find("creator").text = "aizones"
    writer.add_graph(simple)
    # networkx names the graph, an attribute the GEXF 1.2 schema does not have on <graph>
    writer.xml.find("graph").attrib.pop("name", None)
    writer.write(buffer)
    return buffer.getvalue()


def export_graph(dataset, fmt: str) -> bytes:
    """The dataset's projection as GraphML or GEXF: what ``aizones export --format graphml|gexf`` writes."""
    return graph_bytes(project(dataset), fmt)
