"""HTTP Digest authentication (RFC 7616, MD5 and SHA-256, ``qop=auth``), sent with every request.

The standard library's digest handler answers a challenge only after it arrives, so every request
first goes out without credentials, body and all; a store that answers such a request with 401
before reading it (Virtuoso does, for a graph of megabytes) resets the connection while the body is
still being sent. Here the challenge is read once, from a request without a body, and every
request after it carries its ``Authorization`` from the start, the nonce counted up; a store that
renews its nonce says so in a new challenge, which replaces the old one.
"""

from __future__ import annotations

import hashlib
import os
import urllib.parse
import urllib.request

_HASHES = {"md5": hashlib.md5, "sha-256": hashlib.sha256}


class Digest:
    """The credentials and the store's last challenge for one origin."""

    def __init__(self, user: str, password: str, challenge: str) -> None:
        self.user, self.password = user, password
        self.renew(challenge)

    @staticmethod
    def is_challenge(header: str | None) -> bool:
        return bool(header) and header.strip().lower().startswith("digest ")

    def renew(self, challenge: str) -> None:
        """Take a new ``WWW-Authenticate: Digest …`` challenge (a new nonce starts the count again)."""
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge.strip()[len("digest ") :]))
        algorithm = fields.get("algorithm", "MD5").lower()
        if algorithm not in _HASHES:
            raise ValueError(f"the store asks for Digest with {algorithm}, which aizones does not speak")
        qops = [q.strip() for q in fields.get("qop", "").split(",") if q.strip()]
        if qops and "auth" not in qops:
            raise ValueError("the store asks for Digest with auth-int only, which aizones does not speak")
        self.realm, self.nonce, self.opaque = fields.get("realm", ""), fields["nonce"], fields.get("opaque")
        self.algorithm, self.qop, self.count = algorithm, "auth" if qops else None, 0

    def header(self, method: str, url: str, cnonce: str | None = None) -> dict[str, str]:
        """The ``Authorization`` header for this request (``cnonce`` fresh unless given, as a test does)."""
        hashed = lambda text: _HASHES[self.algorithm](text.encode("utf-8")).hexdigest()  # noqa: E731
        parts = urllib.parse.urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        first, second = hashed(f"{self.user}:{self.realm}:{self.password}"), hashed(f"{method}:{uri}")
        self.count += 1
        fields = {"username": self.user, "realm": self.realm, "nonce": self.nonce, "uri": uri}
        if self.qop:
            counted, cnonce = f"{self.count:08x}", cnonce or os.urandom(8).hex()
            fields["response"] = hashed(f"{first}:{self.nonce}:{counted}:{cnonce}:{self.qop}:{second}")
            shown = ", ".join(f'{k}="{v}"' for k, v in fields.items())
            shown += f', qop={self.qop}, nc={counted}, cnonce="{cnonce}"'
        else:
            fields["response"] = hashed(f"{first}:{self.nonce}:{second}")
            shown = ", ".join(f'{k}="{v}"' for k, v in fields.items())
        shown += f", algorithm={self.algorithm.upper()}" + (f', opaque="{self.opaque}"' if self.opaque else "")
        return {"Authorization": f"Digest {shown}"}
