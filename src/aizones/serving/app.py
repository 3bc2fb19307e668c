"""The server's ASGI application: every route of the server over one served release.

Each part of the server is a module with ``routes(served)``, listed in ``create_app``; ``/static``
serves the files of ``static/`` (the pages' stylesheet and scripts, and the vendored libraries).
The query runner and the chart worker are made here, one each per application; their processes
start with the server (the lifespan) or at the first query or drawing, and stop with the server.
One application serves one release and keeps what it read of it (caches, the names, the tabs); a
server that follows the rebuilds (``following``) makes one per release and starts and stops each
with ``start`` and ``stop``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from aizones.serving.context import Served
from aizones.serving.rendering import render
from aizones.serving.runner import QueryRunner, Unavailable
from aizones.serving.security import SecurityHeaders
from aizones.serving.sent_again import SentAgain

STATIC = Path(__file__).parent / "static"


def create_app(served: Served) -> Starlette:
    """The application serving ``served``; its query runner is made here, one per application."""
    from aizones.serving import editor, pages, saved_pages, sparql_endpoint  # the parts, each with its routes
    from aizones.serving.series_charts import SeriesCharts  # with the parts: loaded when an app is made

    served.runner = runner = QueryRunner(served)
    # one chart worker for the pages that draw: the saved queries' charts and the path diagrams
    served.charts = charts = SeriesCharts(served.dataset, served.root, served.out, served.release)
    served.closing.append(charts.close)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        await start(served)
        try:
            yield
        finally:
            await stop(served)

    routes = [
        *pages.routes(served),
        *saved_pages.routes(served),
        *editor.routes(served),
        *sparql_endpoint.routes(served),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [Middleware(SentAgain, sent=runner.sent), Middleware(SecurityHeaders)]
    handlers = {Unavailable: _unavailable}  # a page past the limits is 503 with the reason, as the endpoint's answers are
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers=handlers)


async def start(served: Served) -> None:
    """Start the query workers of the application made for ``served`` (``RuntimeError`` if none can)."""
    await served.runner.start()


async def stop(served: Served) -> None:
    """Stop the query workers and whatever else the application started for ``served``."""
    await served.runner.close()
    for close in served.closing:
        close()


async def _unavailable(request, error: Unavailable):
    """503 with the reason: a page for a browser (which asks for HTML first), one line of text for any other client."""
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after else {}
    if "text/html" in request.headers.get("accept", ""):
        return render("unavailable.html", status_code=503, reason=str(error), headers=headers)
    return PlainTextResponse(f"{error}\n", status_code=503, headers=headers)
