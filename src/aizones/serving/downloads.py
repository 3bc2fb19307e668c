"""The release's files: ``/downloads`` lists them, ``/downloads/PATH`` serves one, read-only.

Only the files the build's manifest lists (and the manifest itself) are served: a path is looked
up in that list, never joined onto ``dist/`` as given, so ``..``, an absolute path, a symbolic
link out of the folder or a file someone dropped into ``dist/`` later is simply not there (404).
The list is the manifest the served release was opened with (``Served.manifest``). A file is
answered only from that release: it is opened, then ``dist/``'s manifest is checked to be still
that release's (a build swaps the whole folder in, so a file opened before a check that passes is
the release's own); otherwise, in the moment between a rebuild and the server's switch to it
(``following``), the answer is 503 with Retry-After, never a file of the other release.

The content type comes from the format registry (``core.formats``) by extension. The build's own
pages (the graph page in ``viz/``, the ontology page) carry their Content-Security-Policy in a
``<meta>`` element with the hashes of their inline scripts and styles; served here they get that
policy as their header instead of the server's (which forbids inline scripts, and two policies
both apply), after checking it is one ``core.safehtml.content_security_policy`` wrote.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path, PurePosixPath

from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from aizones.core.formats import DIAGRAM_FORMATS, GRAPH_FORMATS, RDF_FORMATS, RESULT_FORMATS
from aizones.publishing.layout import MANIFEST
from aizones.publishing.release_store import digest
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


def release_files(out: Path, manifest: bytes | None = None) -> dict[str, int]:
    """The files of the release at ``out`` by their path inside it, with their sizes, as its manifest
    (``manifest``, or ``out``'s now when not given) lists them."""
    try:
        data = manifest if manifest is not None else (out / MANIFEST).read_bytes()
        listed = json.loads(data.decode("utf-8"))
    except (OSError, ValueError):
        return {}
    files = {name: int(entry.get("bytes", 0)) for name, entry in listed.get("files", {}).items() if _plain(name)}
    files[MANIFEST] = len(data)
    return dict(sorted(files.items()))


def _plain(name: str) -> bool:
    """A relative path of plain parts: what a manifest of ours holds, and nothing that could leave the folder."""
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and all(p not in ("", ".", "..") and "\\" not in p for p in parts)


def own_policy(handle) -> str | None:
    """The Content-Security-Policy a page of the build (an open file) declares in its head, when it is one of ours."""
    head = os.pread(handle.fileno(), 8192, 0)
    found = _META_POLICY.search(head)
    if not found:
        return None
    policy = found.group(1).decode("ascii", "replace")
    return policy if _WRITTEN_POLICY.fullmatch(policy) else None


def routes(served: Served) -> list[Route]:
    out = served.out.resolve()
    files = release_files(out, served.manifest)

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
        try:
            handle = path.open("rb")
        except OSError:  # removed by a build that swapped a new release in a moment ago
            handle = None
        if handle is None or not _still_served(out, served):
            if handle is not None:
                handle.close()
            return Response(
                "503 Service Unavailable: the release is being replaced by a new build; try again in a moment\n",
                status_code=503,
                media_type="text/plain",
                headers={"Retry-After": "1"},
            )
        headers = {"Content-Length": str(os.fstat(handle.fileno()).st_size)}
        if path.suffix.lower() == ".html":
            policy = own_policy(handle)
            if policy:
                headers["Content-Security-Policy"] = policy
        # the handle that was checked, streamed: Starlette's FileResponse would open the path again,
        # which after a swap is the next release's file (and so it gives no Range or Last-Modified)
        return StreamingResponse(_chunks(handle), media_type=media_type(name), headers=headers)

    return [Route("/downloads", listing, name="downloads"), Route("/downloads/{path:path}", one_file, name="download")]


def _still_served(out: Path, served: Served) -> bool:
    """Whether ``dist/`` still holds the served release (always, for a dataset opened without its manifest)."""
    if served.manifest is None:
        return True
    try:
        return digest((out / MANIFEST).read_bytes()) == served.release
    except OSError:
        return False


def _chunks(handle, size: int = 1 << 16):
    """The open file's bytes, read in chunks (Starlette reads a plain iterator in a thread), then closed."""
    with handle:
        while chunk := handle.read(size):
            yield chunk
