"""The server's ASGI application: every route of the server over one served release.

Each part of the server is a module with ``routes(served)``, listed in ``_PARTS``; ``/static``
serves the files of ``static/`` (the pages' stylesheet and scripts, and the vendored libraries).
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from aizones.serving.context import Served
from aizones.serving.runner import QueryRunner
from aizones.serving.security import SecurityHeaders

STATIC = Path(__file__).parent / "static"


def create_app(served: Served) -> Starlette:
    """The application serving ``served``; its query runner is made here, one per application."""
    from aizones.serving import editor, pages, saved_pages  # the parts, each with its routes

    served.runner = QueryRunner(served)
    routes = [
        *pages.routes(served),
        *saved_pages.routes(served),
        *editor.routes(served),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)])
