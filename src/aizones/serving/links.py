"""Where each IRI of the graph has its page on the server: one rule for every page and answer.

An entity ``https://w3id.org/aizones/id/NAME`` is at ``/id/NAME``; a named graph (a source file)
``https://w3id.org/aizones/graph/…`` at ``/graph/…``; any other IRI (an ontology term, a concept,
an outside IRI such as a Wikidata item) at ``/resource?iri=…``, the page that shows what the graph
says about it. The name part is kept as the IRI spells it, percent-encoded where a path must be.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from aizones.core.namespaces import GRAPH, ID

_ID, _GRAPH = str(ID[""]), str(GRAPH[""])


def page_for(iri: str) -> str:
    """The server path of ``iri``'s page."""
    if iri.startswith(_ID) and len(iri) > len(_ID):
        return "/id/" + quote(iri[len(_ID) :], safe="/-._~")
    if iri.startswith(_GRAPH) and len(iri) > len(_GRAPH):
        return "/graph/" + quote(iri[len(_GRAPH) :], safe="/-._~")
    return "/resource?iri=" + quote(iri, safe="")


def entity_iri(name: str) -> str:
    """The IRI whose page is ``/id/NAME`` (``name`` as the path carries it)."""
    return ID[unquote(name)]


def graph_iri(name: str) -> str:
    """The named graph whose page is ``/graph/NAME``."""
    return GRAPH[unquote(name)]
