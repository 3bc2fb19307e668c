"""The pages of the server: home, search, entity and graph pages, downloads, connections, the network; one ``routes`` for ``app``.

What the parts share is made here, once per application: the release's names (``search.Names``,
for search and for the suggestions of a missing page) and the cache of rendered pages
(``cache.AnswerCache``, the endpoint's kind, with its own budget: the release is immutable, so a page
once rendered stays right while its release is served; a new release gets an application of its own, ``following``).
"""

from __future__ import annotations

from starlette.routing import Route

from aizones.serving import connections_page, downloads, entity_pages, home, network_page, search
from aizones.serving.cache import AnswerCache
from aizones.serving.context import Served
from aizones.serving.rendering import environment

PAGE_CACHE_BYTES = 64 * 1024 * 1024  # pages and descriptions kept, least recently used out first
# Compiled when the application is made: a quarter of a second that the first visitor need not wait.
TEMPLATES = ("entity.html", "graph.html", "resource.html", "search.html", "home.html", "downloads.html", "not_found.html",
             "connections.html", "network.html", "unavailable.html")  # fmt: skip


def routes(served: Served) -> list[Route]:
    names, cache = search.Names(served), AnswerCache(PAGE_CACHE_BYTES)
    for template in TEMPLATES:
        environment().get_template(template)
    return [
        *home.routes(served, cache),
        *search.routes(served, names),
        *entity_pages.routes(served, names, cache),
        *downloads.routes(served),
        *connections_page.routes(served, names, cache),
        *network_page.routes(served, cache),
    ]
