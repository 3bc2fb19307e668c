"""Answers to repeated ``GET /sparql`` requests, sent again as they were, before any routing.

A release never changes while it is served (a new one gets an application, and this cache, of its
own: ``following``), so the same request (query string and ``Accept``
header) always gets the same answer. ``sparql_endpoint`` keeps every ``200`` it sends to a GET in
``AnswerCache`` by that key, with its headers already encoded (the security headers included);
this middleware, the outermost of the app, answers a repeated request from there without
Starlette's routing, request object or response class (measured in ``docs/serving.md``: most of
the time a cached answer took). ``If-None-Match`` with the answer's ETag gets ``304``.
"""

from __future__ import annotations

from aizones.serving.cache import AnswerCache
from aizones.serving.security import with_security_headers

PATH = "/sparql"


def key_of(scope) -> tuple[bytes, bytes | None]:
    """The key of a GET request: its raw query string and its ``Accept`` header."""
    accept = next((value for name, value in scope["headers"] if name == b"accept"), None)
    return scope["query_string"], accept


def remember(sent: AnswerCache, scope, body: bytes, raw_headers: list[tuple[bytes, bytes]], etag: str) -> None:
    key = key_of(scope)
    sent.put(key, (body, with_security_headers(raw_headers), etag.encode()), len(body) + len(key[0]))


class SentAgain:
    def __init__(self, app, sent: AnswerCache) -> None:
        self.app, self.sent = app, sent

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == PATH and scope["query_string"]:
            found = self.sent.get(key_of(scope))
            if found is not None:
                body, headers, etag = found
                asked = next((value for name, value in scope["headers"] if name == b"if-none-match"), b"")
                if etag in asked:
                    kept = [(n, v) for n, v in headers if n not in (b"content-length", b"content-type")]
                    await send({"type": "http.response.start", "status": 304, "headers": kept})
                    await send({"type": "http.response.body", "body": b""})
                    return
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
