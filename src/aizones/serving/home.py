"""The home page: what the graph holds and where to go from here."""

from __future__ import annotations

from starlette.routing import Route

from aizones.serving.context import Served
from aizones.serving.rendering import render


def routes(served: Served) -> list[Route]:
    async def home(request):
        return render("home.html")

    return [Route("/", home, name="home")]
