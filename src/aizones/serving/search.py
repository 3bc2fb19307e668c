"""Search by name: ``/search?q=`` as a page of hits with their kinds, ``/search.json?q=&kind=`` for forms.

``/search.json`` answers a list of ``{iri, label, label_zh, kind, kind_label, page}`` (the saved
queries' forms complete their entity inputs with it, ``kind`` being a parameter type of
``querying.saved.ENTITY_TYPES``). The names are read once per release (``label_search.read``), in a
thread started with the application; a request that comes before they are ready waits for them.
"""

from __future__ import annotations

import threading

import anyio
from starlette.responses import JSONResponse
from starlette.routing import Route

from aizones.querying.saved import ENTITY_TYPES
from aizones.serving import label_search
from aizones.serving.context import Served
from aizones.serving.rendering import render

PAGE_HITS = 50


class Names:
    """The release's ``LabelSearch``, read once in a thread of its own, started with the application
    (a million triples take seconds, which the first search should not wait for, nor count against
    the time limit of one request); requests that come before it is ready wait for it."""

    def __init__(self, served: Served) -> None:
        self.served = served
        self._search: label_search.LabelSearch | None = None
        self._failure: BaseException | None = None
        self._ready = threading.Event()
        threading.Thread(target=self._read, name="aizones-names", daemon=True).start()

    def _read(self) -> None:
        try:
            self._search = label_search.read(self.served.dataset)
        except BaseException as error:  # kept for the requests, which raise it: a page's 500, not a silent thread
            self._failure = error
        finally:
            self._ready.set()

    async def get(self) -> label_search.LabelSearch:
        if not self._ready.is_set():
            await anyio.to_thread.run_sync(self._ready.wait)
        if self._search is None:
            raise RuntimeError("the release's names could not be read") from self._failure
        return self._search


def _limit(text: str | None, default: int) -> int:
    try:
        return max(1, min(int(text), label_search.MAX_LIMIT)) if text else default
    except ValueError:
        return default


def routes(served: Served, names: Names) -> list[Route]:
    async def search_json(request):
        kind = request.query_params.get("kind") or None
        if kind is not None and kind not in ENTITY_TYPES:
            known = ", ".join(ENTITY_TYPES)
            return JSONResponse({"error": f"unknown kind {kind!r}; use one of {known}"}, status_code=400)
        found = (await names.get()).find(
            request.query_params.get("q", ""), kind=kind, limit=_limit(request.query_params.get("limit"), label_search.LIMIT)
        )
        return JSONResponse([hit.as_json() for hit in found])

    async def search_page(request):
        query = request.query_params.get("q", "")
        kind = request.query_params.get("kind") or None
        if kind not in ENTITY_TYPES:
            kind = None
        found = (await names.get()).find(query, kind=kind, limit=PAGE_HITS)
        return render(
            "search.html", query=query, kind=kind or "", kinds=list(ENTITY_TYPES), hits=[h.as_json() for h in found], most=PAGE_HITS
        )

    return [Route("/search.json", search_json, name="search_json"), Route("/search", search_page, name="search")]
