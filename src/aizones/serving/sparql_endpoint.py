"""The SPARQL 1.1 Protocol at ``/sparql``: queries only, within the server's limits.

- ``GET /sparql?query=…``, ``POST`` with ``application/x-www-form-urlencoded`` (``query=…``; the
  body is read here, capped at ``Limits.max_body``, and split with ``urllib.parse``) and ``POST`` with
  ``application/sparql-query`` (the body is the query). ``default-graph-uri`` and ``named-graph-uri``
  (repeatable) name the request's dataset among the release's graphs; a URI that is not one of them
  is an empty graph (Oxigraph never fetches a graph named this way, nor does anything here).
- The format: ``format=`` (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, ``nt``, ``jsonld``, …, or
  a media type), else the ``Accept`` header with its q-values (``negotiation``); nothing acceptable
  is ``406`` with the list of types.
- Refused, each with a one-line ``text/plain`` reason: an update (``update=`` or
  ``application/sparql-update``: ``403``, the endpoint is read-only), a query naming an outside source
  (``SERVICE``, ``FROM``, ``LOAD``: ``400``, decided by ``core.policy`` on the parsed query in the
  worker), a query that is not SPARQL (``400``), a body over the cap (``413``), a query past the time
  limit, a full queue or a lost worker (``503``, with ``Retry-After`` for the full queue).
- An answer cut at the row cap says so in ``X-Aizones-Truncated: N`` (the cap) and keeps the first
  ``N`` rows. Every answer carries a weak ``ETag`` (the release and the request); ``If-None-Match``
  with it gets ``304`` without running anything.
- CORS: ``Access-Control-Allow-Origin: *`` on every answer, and the preflight of a ``POST`` with a
  ``Content-Type`` answered, so browser tools on other origins (YASGUI, notebooks) can call it.
- ``GET /sparql`` without a query is the service description (``service_description``), in Turtle
  unless ``Accept`` asks for another RDF format.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from starlette.responses import Response
from starlette.routing import Route

from aizones.core.errors import AizonesError
from aizones.core.sparql import mask_literals
from aizones.serving import negotiation, sent_again, service_description
from aizones.serving.context import Served
from aizones.serving.runner import Unavailable

_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, X-Aizones-Truncated, Retry-After",
}
_PREFLIGHT = {
    **_CORS,
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type, If-None-Match",
    "Access-Control-Max-Age": "86400",
}
_POLICY_HINT = ", or pass --allow-network"  # the command line's way out; a server has none


class _Refusal(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.headers = status, headers or {}


def refusal(status: int, message: str, headers: dict | None = None) -> Response:
    """A one-line ``text/plain`` answer; the CORS headers too, so a browser tool can read the reason."""
    line = " ".join(message.split())
    return Response(line + "\n", status_code=status, media_type="text/plain; charset=utf-8", headers={**_CORS, **(headers or {})})


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside strings, IRIs, prefixed
    names and comments. Only a prologue (``PREFIX p: <…>``, ``BASE <…>``) may come before it, and the
    mask blanks all of that, so the first keyword left is the query's form (a text that has none is
    not a query, and the worker says so)."""
    found = _FORM.search(mask_literals(text))
    return found.group(1).upper() if found else "SELECT"


def routes(served: Served) -> list[Route]:
    limits = served.limits
    sent = served.runner.sent  # what ``sent_again`` answers repeated GET requests from

    async def sparql(request):
        try:
            if request.method == "OPTIONS":
                return Response(status_code=204, headers=_PREFLIGHT)
            fields = await _fields(request, limits.max_body)
            if fields.get("update") or _content_type(request) == "application/sparql-update":
                raise _Refusal(
                    403, "this endpoint is read-only: SPARQL Update is refused (the release is immutable; edit graph/ and build)"
                )
            queries = fields.get("query", [])
            if not queries:
                return _description(request, served)
            if len(queries) > 1:
                raise _Refusal(400, "give one query= parameter, not several")
            response = await _answer(request, served, queries[0], fields)
            if request.method == "GET" and response.status_code == 200:
                sent_again.remember(sent, request.scope, response.body, response.raw_headers, response.headers["etag"])
            return response
        except _Refusal as refused:
            return refusal(refused.status, str(refused), refused.headers)

    return [Route("/sparql", sparql, methods=["GET", "POST", "OPTIONS"], name="sparql")]


async def _answer(request, served: Served, text: str, fields: dict[str, list[str]]) -> Response:
    solutions = query_form(text) in ("SELECT", "ASK")
    offered = negotiation.SOLUTION_TYPES if solutions else negotiation.GRAPH_TYPES
    media = _negotiated(request, fields, offered)
    dataset = None
    if "default-graph-uri" in fields or "named-graph-uri" in fields:
        dataset = (tuple(fields.get("default-graph-uri", [])), tuple(fields.get("named-graph-uri", [])))
    runner = served.runner
    etag = runner.etag(runner.answer_key(text, media, dataset))
    headers = {**_CORS, "ETag": etag, "Vary": "Accept"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    try:
        answer = await runner.answer(text, media, dataset=dataset)
    except Unavailable as error:
        retry = {"Retry-After": str(error.retry_after)} if error.retry_after else {}
        raise _Refusal(503, str(error), retry) from None
    except AizonesError as error:
        raise _Refusal(400, str(error).replace(_POLICY_HINT, "")) from None
    if answer.truncated:
        headers["X-Aizones-Truncated"] = str(served.limits.max_rows)
    charset = "; charset=utf-8" if not media.endswith("json") else ""
    return Response(answer.body, media_type=media + charset, headers=headers)


def _negotiated(request, fields: dict[str, list[str]], offered: dict) -> str:
    names = fields.get("format")
    if names:
        media = negotiation.named(names[0], offered)
        if media is None:
            raise _Refusal(406, f"format={names[0]} is not written for this query; ask for one of: {negotiation.listed(offered)}")
        return media
    media = negotiation.choose(request.headers.get("accept"), offered)
    if media is None:
        raise _Refusal(406, f"no format of the Accept header is written for this query; ask for one of: {negotiation.listed(offered)}")
    return media


def _description(request, served: Served) -> Response:
    offered = negotiation.GRAPH_TYPES
    media = negotiation.choose(request.headers.get("accept"), offered)
    if media is None:
        raise _Refusal(406, f"the service description is RDF; ask for one of: {negotiation.listed(offered)}")
    endpoint = str(request.url.replace(query="", fragment=""))
    try:
        body = service_description.written(served.dataset, endpoint, media, served.release)
    except ValueError:
        raise _Refusal(400, "the Host header does not make an IRI of this endpoint") from None
    return Response(body, media_type=media + ("; charset=utf-8" if not media.endswith("json") else ""), headers={**_CORS, "Vary": "Accept"})


def _content_type(request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _fields(request, max_body: int) -> dict[str, list[str]]:
    """The request's parameters: the URL's, and a POST body's (a form, or the query itself)."""
    fields = parse_qs(request.url.query, keep_blank_values=True)
    if request.method != "POST":
        return fields
    kind = _content_type(request)
    body = await _body(request, max_body)
    if kind == "application/x-www-form-urlencoded":
        for name, values in parse_qs(_utf8(body), keep_blank_values=True).items():
            fields.setdefault(name, []).extend(values)
    elif kind == "application/sparql-query":
        fields["query"] = [*fields.get("query", []), _utf8(body)]
    elif kind == "application/sparql-update":
        fields["update"] = [_utf8(body)]
    else:
        raise _Refusal(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded (query=…)")
    return fields


async def _body(request, max_body: int) -> bytes:
    """The body, read no further than the cap (a client may lie in Content-Length, or send none)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_body:
        raise _Refusal(413, f"the request body is over {max_body} bytes (aizones serve --max-body)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_body:
            raise _Refusal(413, f"the request body is over {max_body} bytes (aizones serve --max-body)")
        chunks.append(chunk)
    return b"".join(chunks)


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise _Refusal(400, "the request body is not UTF-8") from None
