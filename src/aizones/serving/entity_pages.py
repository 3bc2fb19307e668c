"""The pages of the graph's IRIs: ``/id/NAME`` (an entity), ``/graph/…`` (a source file), ``/resource?iri=…`` (anything else).

``/id/NAME`` is what ``aizones explain`` says, as a page (``entity_view``), with the drawing of the
neighbourhood (``neighbourhood``); on the same path, a client asking for RDF (``Accept`` or
``?format=``, ``page_formats``) gets the entity's description with its named graphs
(``description``). Every response says ``Vary: Accept``. A name with nothing stated about it is a
404 page suggesting the closest names (``core.names.closest``). Pages are made through
``served.runner`` (so the server's limits hold) and kept in the page cache.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.responses import Response
from starlette.routing import Route

from aizones.connections.store_links import StoreLinks
from aizones.core.labels import Labeller
from aizones.core.names import closest, compact, visible
from aizones.serving import description, graph_view, neighbourhood, page_formats
from aizones.serving.cache import AnswerCache
from aizones.serving.context import Served
from aizones.serving.entity_view import described, view
from aizones.serving.links import entity_iri, graph_iri, page_for
from aizones.serving.rendering import environment
from aizones.serving.search import Names

SUGGESTIONS = 8


def routes(served: Served, names: Names, cache: AnswerCache) -> list[Route]:
    dataset = served.dataset
    shared: dict[str, StoreLinks] = {}

    def entity_page(iri: str) -> bytes:
        labeller = Labeller(dataset)
        if "links" not in shared:  # the ontology's classes and inverses, read once
            shared["links"] = StoreLinks(dataset)
        values = view(dataset, iri)
        values["drawing"] = neighbourhood.drawing(shared["links"], iri, labeller)
        values["formats"] = page_formats.format_links(page_for(iri))
        values["connect"] = "/connections?" + urlencode({"from": compact(iri)})  # the path form, started here
        return environment().get_template("entity.html").render(**values).encode()

    async def respond(request, iri: str, part: str, exists, make_html, make_rdf) -> Response:
        fmt = _representation(request)
        if fmt is None:
            return _not_acceptable()
        key = ("page", part, iri, fmt)
        page = cache.get(key)
        if page is None:
            if not await served.runner.call(exists, dataset, iri):
                return await _missing(iri, names)
            if fmt == page_formats.HTML:
                body = await served.runner.call(make_html, iri)
            else:
                body = await served.runner.call(make_rdf, dataset, iri, fmt)
            page = (body, page_formats.media_type(fmt))
            cache.put(key, page, len(body))
        body, media = page
        return Response(body, media_type=media, headers={"Vary": "Accept"})

    async def entity(request):
        iri = entity_iri(request.path_params["name"])
        return await respond(request, iri, "entity", described, entity_page, description.serialised)

    async def graph(request):
        iri = graph_iri(request.path_params["name"])
        html = lambda i: graph_view.graph_page(dataset, i)  # noqa: E731
        return await respond(request, iri, "graph", graph_view.is_graph, html, description.graph_serialised)

    async def resource(request):
        iri = request.query_params.get("iri", "")
        html = lambda i: graph_view.resource_page(dataset, i)  # noqa: E731
        return await respond(request, iri, "resource", graph_view.mentioned, html, description.serialised)

    return [
        Route("/id/{name:path}", entity, name="entity"),
        Route("/graph/{name:path}", graph, name="graph"),
        Route("/resource", resource, name="resource"),
    ]


def _representation(request) -> str | None:
    return page_formats.representation(request.query_params.get("format"), request.headers.get("accept"))


def _not_acceptable() -> Response:
    return Response(
        f"406 Not Acceptable: this page is offered as {page_formats.offered()}\n",
        status_code=406,
        media_type="text/plain",
        headers={"Vary": "Accept"},
    )


async def _missing(iri: str, names: Names) -> Response:
    """404, with the names closest to the one asked for (the IRI's last part, as a user would type it)."""
    search = await names.get()
    asked = visible(iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]).replace("-", " ")
    near = closest(asked, search.labels, SUGGESTIONS) if asked.strip() else []
    hits = []
    for label in near:
        for entity in sorted(search.labels[label]):
            hit = search.by_iri.get(entity)
            if hit is not None:
                hits.append({**hit.as_json(), "matched": label})
                break
    body = environment().get_template("not_found.html").render(iri=iri, asked=asked, hits=hits, query=asked)
    return Response(body, status_code=404, media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})
