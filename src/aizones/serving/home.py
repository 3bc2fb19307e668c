"""The home page: what the graph holds, the national zones by programme, the pictures, where to go next.

Its counts and lists come from two queries through ``served.runner`` (the server's limits hold for
them as for any other); the pictures are the files the build drew into ``dist/viz/`` (served by
``downloads``): the interactive graph page, and the charts and diagrams shown as images. The page
is made once and kept (``cache``): a release never changes, and a new one gets an application,
and a cache, of its own (``following``).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from starlette.responses import Response
from starlette.routing import Route

from aizones.core.labels import Labeller
from aizones.core.namespaces import AIZ
from aizones.publishing.layout import ONTOLOGY_FOLDER, PICTURES_FOLDER
from aizones.serving.cache import AnswerCache
from aizones.serving.context import Served
from aizones.serving.downloads import release_files
from aizones.serving.links import page_for
from aizones.serving.rendering import environment

_KINDS = f"""SELECT ?kind (COUNT(DISTINCT ?entity) AS ?count) WHERE {{ ?entity <{AIZ.mostSpecificKind}> ?kind }}
GROUP BY ?kind ORDER BY DESC(?count) ?kind"""
_ZONES = f"""SELECT DISTINCT ?programme ?zone ?date WHERE {{
  ?zone a <{AIZ.PilotZone}> ; <{AIZ.programme}> ?programme .
  OPTIONAL {{ ?zone <{AIZ.designation}>/<{AIZ.designationDate}> ?date }}
}} ORDER BY ?programme ?zone ?date"""
GRAPH_PAGE = f"{PICTURES_FOLDER}/graph.html"
ONTOLOGY_PAGE = f"{ONTOLOGY_FOLDER}/index.html"


def routes(served: Served, cache: AnswerCache) -> list[Route]:
    async def home(request):
        body = cache.get(("page", "home"))
        if body is None:
            body = await _render(served)
            cache.put(("page", "home"), body, len(body))
        return Response(body, media_type="text/html; charset=utf-8")

    async def no_icon(request):  # browsers ask for one; answering "none" keeps their consoles clean
        return Response(status_code=204)

    return [Route("/", home, name="home"), Route("/favicon.ico", no_icon)]


async def _render(served: Served) -> bytes:
    labeller = Labeller(served.dataset)
    _, kind_rows = await served.runner.select(_KINDS)
    _, zone_rows = await served.runner.select(_ZONES)
    # labels are indexed look-ups in the release's label table: microseconds, done on the loop
    kinds = [{"label": labeller.label(k.value), "page": page_for(k.value), "count": int(n.value)} for k, n in kind_rows]
    programmes: dict[str, dict] = {}
    for programme, zone, date in zone_rows:
        entry = programmes.setdefault(
            programme.value, {"label": labeller.label(programme.value), "page": page_for(programme.value), "zones": {}}
        )
        zones = entry["zones"]
        found = zones.setdefault(zone.value, {"label": labeller.label(zone.value), "page": page_for(zone.value), "dates": set()})
        if date is not None:
            found["dates"].add(date.value)
    listed = []
    for entry in programmes.values():
        zones = sorted(entry["zones"].values(), key=lambda z: (min(z["dates"], default="9999"), z["label"]))
        listed.append({**entry, "zones": [{**z, "dates": sorted(z["dates"])} for z in zones]})
    files = release_files(served.out.resolve(), served.manifest)
    pictures = [
        {"href": "/downloads/" + name, "name": PurePosixPath(name).stem.replace("-", " ")}
        for name in files
        if name.startswith(PICTURES_FOLDER + "/") and name.endswith(".svg")
    ]
    values = {
        "kinds": kinds,
        "entities": sum(k["count"] for k in kinds),
        "programmes": listed,
        "pictures": pictures,
        "graph_page": "/downloads/" + GRAPH_PAGE if GRAPH_PAGE in files else None,
        "ontology_page": "/downloads/" + ONTOLOGY_PAGE if ONTOLOGY_PAGE in files else None,
        "files": len(files),
    }
    return environment().get_template("home.html").render(**values).encode()
