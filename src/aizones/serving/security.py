"""The headers every response of the server carries, whatever route made it.

The pages load only the server's own scripts and stylesheets (``'self'``), never an inline
script, a CDN or a frame; data images only for the charts' ``data:`` URLs; requests only to the
server itself (the query editor and the forms call ``/sparql`` and the pages). A response that set
its own policy keeps it. Written as plain ASGI middleware (Starlette's ``BaseHTTPMiddleware``
costs a task per request).
"""

from __future__ import annotations

PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; frame-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
_ALWAYS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def with_security_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` with every security header the response did not set itself."""
    present = {name.lower() for name, _value in headers}
    headers = [*headers, *((name, value) for name, value in _ALWAYS if name not in present)]
    if b"content-security-policy" not in present:
        headers.append((b"content-security-policy", _POLICY))
    return headers


_POLICY = PAGE_POLICY.encode()


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": with_security_headers(list(message.get("headers", [])))}
            await send(message)

        await self.app(scope, receive, sending)
