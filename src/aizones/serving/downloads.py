"""The release's files: ``/downloads`` lists them, ``/downloads/PATH`` serves one, read-only.

Only the files the build's manifest lists (and the manifest itself) are served: a path is looked
up in that list, never joined onto ``dist/`` as given, so ``..``, an absolute path, a symbolic
link out of the folder or a file someone dropped into ``dist/`` later is simply not there (404).
The manifest is read once, when the server starts: the release is immutable.

The content type comes from the format registry (``core.formats``) by extension. The build's own
pages (the graph page in ``viz/``, the ontology page) carry their Content-Security-Policy in a
``<meta>`` element with the hashes of their inline scripts and styles; served here they get that
policy as their header instead of the server's (which forbids inline scripts, and two policies
both apply), after checking it is one ``core.safehtml.content_security_policy`` wrote.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

from starlette.responses import FileResponse, Response
from starlette.routing import Route

from aizones.core.formats import DIAGRAM_FORMATS, GRAPH_FORMATS, RDF_FORMATS, RESULT_FORMATS
from aizones.publishing.layout import MANIFEST
from aizones.serving.context import Served
from aizones.serving.rendering import render

_TYPES = {
    **{ext: f.media_type for f in RDF_FORMATS.values() for ext in f.extensions},
    **{f.extension: f.media_type for f in (*DIAGRAM_FORMATS.values(), *GRAPH_FORMATS.values())},
    **{f.extension: f.media_type for f in RESULT_FORMATS.values() if f.sparql is None},
    ".html": "text/html",
    ".md": "text/markdown",
    ".rq": "application/sparql-query",
}
_TEXT = ("text/", "application/json", "application/sparql-query", "application/n-", "application/trig", "application/ld+json")
_FORMAT_NAMES = {
    ".ttl": "Turtle",
    ".trig": "TriG",
    ".nt": "N-Triples",
    ".nq": "N-Quads",
    ".jsonld": "JSON-LD",
    ".rdf": "RDF/XML",
    ".svg": "SVG picture",
    ".png": "PNG picture",
    ".html": "web page",
    ".csv": "CSV table",
    ".md": "Markdown",
    ".rq": "SPARQL query",
    ".txt": "text",
    ".json": "JSON",
    ".graphml": "GraphML",
    ".gexf": "GEXF",
}
_META_POLICY = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_WRITTEN_POLICY = re.compile(r"default-src 'none';[a-z0-9 ;'+/=-]+", re.IGNORECASE)


def media_type(name: str) -> str:
    found = _TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")
    return found + "; charset=utf-8" if found.startswith(_TEXT) else found


def release_files(out: Path) -> dict[str, int]:
    """The files of the release at ``out`` by their path inside it, with their sizes, as its manifest lists them."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = {name: int(entry.get("bytes", 0)) for name, entry in manifest.get("files", {}).items() if _plain(name)}
    files[MANIFEST] = (out / MANIFEST).stat().st_size
    return dict(sorted(files.items()))


def _plain(name: str) -> bool:
    """A relative path of plain parts: what a manifest of ours holds, and nothing that could leave the folder."""
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and all(p not in ("", ".", "..") and "\\" not in p for p in parts)


def own_policy(path: Path) -> str | None:
    """The Content-Security-Policy a page of the build declares in its head, when it is one of ours."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    found = _META_POLICY.search(head)
    if not found:
        return None
    policy = found.group(1).decode("ascii", "replace")
    return policy if _WRITTEN_POLICY.fullmatch(policy) else None


def routes(served: Served) -> list[Route]:
    out = served.out.resolve()
    files = release_files(out)

    async def listing(request):
        rows = []
        for name, size in files.items():
            suffix = PurePosixPath(name).suffix.lower()
            rows.append({"name": name, "href": "/downloads/" + name, "size": size, "format": _FORMAT_NAMES.get(suffix, suffix.lstrip("."))})
        folders = sorted({PurePosixPath(r["name"]).parent.as_posix() for r in rows}, key=lambda f: (f != ".", f))
        return render("downloads.html", rows=rows, folders=folders, total=sum(files.values()))

    async def one_file(request):
        name = request.path_params["path"]
        if name not in files:
            return Response(
                "404 Not Found: the release has no such file; /downloads lists them\n", status_code=404, media_type="text/plain"
            )
        path = (out / name).resolve()
        if not path.is_relative_to(out) or not path.is_file():
            return Response("404 Not Found\n", status_code=404, media_type="text/plain")
        headers = {}
        if path.suffix.lower() == ".html":
            policy = own_policy(path)
            if policy:
                headers["Content-Security-Policy"] = policy
        return FileResponse(path, media_type=media_type(name), headers=headers)

    return [Route("/downloads", listing, name="downloads"), Route("/downloads/{path:path}", one_file, name="download")]
