"""``/network``: the network report the build wrote into ``dist/network/``, as a page.

Read from the release's files, never measured again: the page is ``network.md`` itself, read into
blocks (headings, paragraphs, tables, lists: the few forms ``connections.report`` writes) and
filled into the template, every value escaped there; each entity's explain name (`` `id:…` ``)
becomes a link to its page, and in a table so does the label in the cell before it. The picture is shown and the CSV
files offered through ``/downloads`` (only files the manifest lists). A build too large for the
report wrote only a note into ``network.md``: the page is that note. Made once and kept.
"""

from __future__ import annotations

import re
from pathlib import Path

from starlette.responses import HTMLResponse
from starlette.routing import Route

from aizones.connections.report import FOLDER
from aizones.core.names import expand
from aizones.core.namespaces import ID
from aizones.serving.cache import AnswerCache
from aizones.serving.context import Served
from aizones.serving.downloads import release_files
from aizones.serving.links import page_for
from aizones.serving.rendering import environment

FILES = ("network.md", "entities.csv", "variants.csv", "bridges.svg")
_INLINE = re.compile(r"`([^`]+)`|\[((?:\\.|[^\]\\])+)\]\(([^)\s]+)\)")  # a code span, or a link [text](address)
_ESCAPED = re.compile(r"\\(.)")


def routes(served: Served, cache: AnswerCache) -> list[Route]:
    async def network(request):
        body = cache.get(("page", "network"))
        if body is None:
            body = environment().get_template("network.html").render(**report_view(served.out.resolve())).encode()
            cache.put(("page", "network"), body, len(body))
        return HTMLResponse(body)

    return [Route("/network", network, name="network")]


def report_view(out: Path) -> dict:
    """The page's values, from the files of the release at ``out`` that its manifest lists."""
    listed = release_files(out)
    files = {name: f"/downloads/{FOLDER}/{name}" for name in FILES if f"{FOLDER}/{name}" in listed}
    text = (out / FOLDER / "network.md").read_text(encoding="utf-8") if "network.md" in files else ""
    blocks = blocks_of(text)
    title = blocks.pop(0)["runs"] if blocks and blocks[0]["kind"] == "h1" else [_run("The network")]
    return {"files": files, "title": title, "blocks": blocks}


def blocks_of(markdown: str) -> list[dict]:
    """The report's Markdown as blocks: ``h1``/``h2`` (runs), ``p`` (runs), ``list`` (items of runs),
    ``table`` (head cells and rows of cells, each cell runs)."""
    blocks: list[dict] = []
    for line in markdown.splitlines():
        if not line.strip():
            blocks.append({"kind": "gap"})
        elif line.startswith("#"):
            level, _, words = line.partition(" ")
            blocks.append({"kind": "h1" if level == "#" else "h2", "runs": runs(words)})
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            last = blocks[-1] if blocks else {}
            if last.get("kind") != "table":
                blocks.append({"kind": "table", "head": [runs(c) for c in cells], "rows": []})
            elif not all(set(c) <= {"-", ":"} for c in cells):
                last["rows"].append(_linked_row([runs(c) for c in cells]))
        elif line.startswith("- "):
            if not blocks or blocks[-1]["kind"] != "list":
                blocks.append({"kind": "list", "items": []})
            blocks[-1]["items"].append(runs(line[2:]))
        elif blocks and blocks[-1]["kind"] == "p":
            blocks[-1]["runs"] += [_run(" "), *runs(line)]
        else:
            blocks.append({"kind": "p", "runs": runs(line)})
    return [b for b in blocks if b["kind"] != "gap"]


def runs(text: str) -> list[dict]:
    """A line as runs of text, code and links: an entity's explain name links to its page."""
    out: list[dict] = []
    at = 0
    for found in _INLINE.finditer(text):
        out.append(_run(text[at : found.start()]))
        code, linked, address = found.groups()
        if code is not None:
            out.append(_run(code, code=True, page=_page_of(code)))
        else:  # a label linked to its page on a server (``aizones network --server``): here, this server's page
            local = address.partition("/id/")[2]
            linked = _ESCAPED.sub(r"\1", linked)
            out.append(_run(linked, page="/id/" + local) if local else _run(linked, href=address))
        at = found.end()
    out.append(_run(text[at:]))
    return [r for r in out if r["text"]]


def _run(text: str, *, code: bool = False, page: str | None = None, href: str | None = None) -> dict:
    return {"text": text, "code": code, "page": page, "href": href}


def _page_of(name: str) -> str | None:
    iri = expand(name)
    return page_for(iri) if iri and iri.startswith(str(ID[""])) else None


def _linked_row(cells: list[list[dict]]) -> list[list[dict]]:
    """A table row whose second cell is an explain name: its first cell (the label) links there too."""
    if len(cells) > 1 and len(cells[1]) == 1 and cells[1][0]["page"] and len(cells[0]) == 1 and not cells[0][0]["page"]:
        cells[0] = [{**cells[0][0], "page": cells[1][0]["page"]}]
    return cells
