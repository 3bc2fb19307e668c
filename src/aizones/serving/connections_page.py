"""``/connections?from=A&to=B[&max-length=N][&via=KIND][&all=1]``: how two entities are connected, as a page.

The answer is ``aizones path A B``'s: the names looked up and the paths found by the command's own
functions, in a query worker (``runner.path``, ``path_job``), so a search past the server's time
limit is stopped and answered 503; the diagram is the one ``aizones path -o path.svg`` draws,
drawn by the chart worker (``series_charts``). A name that names several entities lists them, one
that names none its closest names, each a link to the same question with that entity named
exactly. The diagram is shown as an ``<img>`` with a ``data:`` address: matplotlib's SVG styles
itself with a ``<style>`` element and ``style`` attributes, which the page's policy (``style-src
'self'``) refuses in the page itself but not inside an image, which is its own document and
runs nothing. Pages are kept in the page cache (the release does not change).
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from starlette.responses import HTMLResponse
from starlette.routing import Route

from aizones.connections.paths import DEFAULT_MAX_LENGTH
from aizones.core.errors import AizonesError
from aizones.core.labels import Labeller
from aizones.core.names import compact
from aizones.serving import path_view
from aizones.serving.cache import AnswerCache
from aizones.serving.context import Served
from aizones.serving.links import page_for
from aizones.serving.rendering import environment
from aizones.serving.search import Names

MAX_LENGTH = 12  # the server's ceiling for max-length; ``aizones path`` has none
CANDIDATES = 12  # entities listed for an ambiguous name
ENDS = {"from": "start", "to": "end"}


def routes(served: Served, names: Names, cache: AnswerCache) -> list[Route]:
    async def connections(request):
        asked = _asked(request.query_params)
        if not asked["from"].strip() or not asked["to"].strip():
            return _page(asked, status_code=200)
        try:
            length = _length(asked["max-length"])
        except ValueError as error:
            return _page(asked, error=str(error))
        job = {"from": asked["from"], "to": asked["to"], "max_length": length, "via": asked["via"].strip(), "all": asked["all"]}
        key = ("page", "connections", tuple(sorted(job.items())))
        body = cache.get(key)
        if body is not None:
            return HTMLResponse(body)
        try:
            found = await served.runner.path(job)
        except AizonesError as error:  # the command's one-line refusal: not an entity of the network, a bad via
            return _page(asked, error=str(error).removeprefix("request: "))
        if "names" in found:
            return _page(asked, unresolved=await _unresolved(served, names, asked, found["names"]))
        answer = found["answer"]
        svg = await served.charts.path_svg(repr(key), answer, served.limits.timeout)
        diagram = "data:image/svg+xml;base64," + base64.b64encode(svg).decode() if svg is not None else ""
        page = _page(asked, status_code=200, result=path_view.view(answer, found["cards"]), diagram=diagram, drawn=svg is not None)
        if svg is not None:  # a page without its diagram (not drawn in time) is made again next time
            cache.put(key, page.body, len(page.body))
        return page

    return [Route("/connections", connections, name="connections")]


def _asked(params) -> dict:
    values = {name: params.get(name, "") for name in ("from", "to", "max-length", "via")}
    return {**values, "all": params.get("all", "") in ("1", "on", "true", "yes")}


def _length(text: str) -> int:
    if not text.strip():
        return DEFAULT_MAX_LENGTH
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_LENGTH:
        raise ValueError(f"max-length must be a whole number from 1 to {MAX_LENGTH}, not {text!r}")
    return int(text)


def _page(asked: dict, *, status_code: int = 400, error: str = "", unresolved=(), result=None, diagram: str = "", drawn=True):
    body = environment().get_template("connections.html").render(
        asked=asked, error=error, unresolved=list(unresolved), result=result, diagram=diagram, drawn=drawn,
        default_length=DEFAULT_MAX_LENGTH, most=MAX_LENGTH,
    )  # fmt: skip
    return HTMLResponse(body, status_code=status_code)


async def _unresolved(served: Served, names: Names, asked: dict, found: dict) -> list[dict]:
    """For each end its name does not settle, the entities to choose from: every one it names
    (ambiguous), or those of the closest names (unknown); each with the question asked again with
    it named exactly."""
    search = await names.get()
    labeller = Labeller(served.dataset)
    out = []
    for end in ENDS:
        lookup = found[end]
        if len(lookup.matches) == 1:
            continue
        # each close label stands for its first entity, as the missing page's suggestions do
        close = [next(iter(sorted(search.labels.get(label, ()))), "") for label in lookup.closest]
        iris = lookup.matches[:CANDIDATES] if lookup.matches else close
        choices = []
        for iri in dict.fromkeys(i for i in iris if i):
            hit = search.by_iri.get(iri)
            again = {**{k: v for k, v in asked.items() if k != "all" and v}, end: compact(iri), **({"all": "1"} if asked["all"] else {})}
            choices.append({
                "label": hit.label if hit else labeller.label(iri), "kind": hit.kind_label if hit else "",
                "name": compact(iri), "page": page_for(iri), "again": "/connections?" + urlencode(again),
            })  # fmt: skip
        out.append({"end": end, "name": asked[end], "ambiguous": bool(lookup.matches), "total": len(lookup.matches), "choices": choices})
    return out
