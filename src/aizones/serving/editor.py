"""The query editor at ``/editor``: YASGUI (vendored in ``static/vendor/``) over the server's ``/sparql``.

Each saved query is a ready tab, with its defaults bound the way ``dist/queries/NAME.rq`` binds
them (``portable_queries.bound_text``: a VALUES row written from checked terms, every prefix
declared), read by the page's script from ``/editor/tabs.json``. Nothing leaves the server: the
script turns off YASGUI's remote endpoint list, its share links and its browser storage, and its
only endpoint is this server's ``/sparql``.

YASGUI lays itself out with ``style`` properties set from script, which a policy does not block,
and with ``<style>`` elements it inserts: the column resizer of its result table adds one of fixed
text, and one more while a column is dragged. The pages' policy (``style-src 'self'``) blocks
those, and the table's columns collapse. ``/editor`` alone gets ``EDITOR_POLICY``: the pages'
policy with the sha256 of exactly those two texts allowed as inline styles, read from the vendored
bundle itself (so an update that changes them shows as a violation in the browser test, not as a
silently wider policy); no ``'unsafe-inline'``, and scripts stay ``'self'`` (no inline script, no eval).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from aizones.core.errors import UsageError
from aizones.querying import portable_queries, saved
from aizones.serving.context import Served
from aizones.serving.rendering import render
from aizones.serving.security import PAGE_POLICY

BUNDLE = Path(__file__).parent / "static" / "vendor" / "yasgui.min.js"
# the column resizer's stylesheet, a template literal in the bundle, and its cursor while dragging
_GRIP_STYLE = re.compile(r"createStyle\(a,`( \.grip-resizable\{[^`]*)`\)")
_DRAG_STYLE = "*{cursor:col-resize!important}"


def _style_hashes() -> list[str]:
    texts = [_DRAG_STYLE, *_GRIP_STYLE.findall(BUNDLE.read_text(encoding="utf-8"))]
    return [f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'" for text in texts]


EDITOR_POLICY = PAGE_POLICY.replace("style-src 'self'", " ".join(["style-src 'self'", *_style_hashes()]))


def tabs(served: Served) -> list[dict[str, str]]:
    """Each saved query as a tab: its name, title, and its text with the defaults bound."""
    found = []
    for query in saved.catalogue(served.queries):
        try:
            text = portable_queries.bound_text(served.dataset, query)
        except UsageError:  # a default naming nothing in this release: the text unbound, as it is
            text = portable_queries.with_prefixes(query.file.text)
        found.append({"name": query.name, "title": query.title, "query": text})
    return found


def routes(served: Served) -> list[Route]:
    ready: list[list[dict[str, str]]] = []  # the tabs, made at the first request (the release never changes)

    async def editor(request: Request):
        response = render("editor.html")
        response.headers["Content-Security-Policy"] = EDITOR_POLICY
        return response

    async def tab_list(request: Request):
        if not ready:
            ready.append(await served.runner.call(tabs, served))  # binding the defaults resolves labels
        return JSONResponse(ready[0])

    return [Route("/editor", editor, name="editor"), Route("/editor/tabs.json", tab_list, name="editor-tabs")]
