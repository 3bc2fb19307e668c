"""The pages of the server: home, search, entity and graph pages, downloads; one ``routes`` for ``app``.

What the parts share is made here, once per application: the release's names (``search.Names``,
for search and for the suggestions of a missing page) and the cache of rendered pages
(``page_cache``: the release is immutable, so a page once rendered stays right until the server stops).
"""

from __future__ import annotations

from starlette.routing import Route

from aizones.serving import downloads, entity_pages, home, search
from aizones.serving.context import Served
from aizones.serving.page_cache import PageCache


def routes(served: Served) -> list[Route]:
    names, cache = search.Names(served), PageCache()
    return [
        *home.routes(served, cache),
        *search.routes(served, names),
        *entity_pages.routes(served, names, cache),
        *downloads.routes(served),
    ]
