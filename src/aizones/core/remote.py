"""HTTP to one SPARQL store the user named, and nowhere else: the only network aizones opens itself.

Everything else runs offline (``core.offline``, ``core.netns``); ``aizones push`` and
``aizones query --endpoint`` are opt-in, and they talk only to the origin (scheme, host, port) of
the URLs given on their command line: no proxy from the environment, no redirect followed
(a redirect could send the credentials elsewhere), any other origin refused before connecting.
The standard library's ``urllib.request`` does this with nothing added to the dependencies.

Credentials come from ``AIZONES_STORE_USER`` / ``AIZONES_STORE_PASSWORD``, else from ``~/.netrc``
(or ``$NETRC``) for the host; never from the command line, and never written to a message. They
are sent as HTTP Basic at once; a store that refuses them and asks for Digest (Virtuoso's
``/sparql-graph-crud-auth`` takes only Digest) gets them as Digest from then on, on every request
to that origin (``core.digest_auth``).
Transient failures (no answer, a reset, 502/503/504, 429) are retried with backoff; what remains
is one ``RemoteError`` line (exit 6) saying what the store answered and what to do.
"""

from __future__ import annotations

import base64
import netrc
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from aizones.core.digest_auth import Digest
from aizones.core.errors import RemoteError, UsageError

USER_VARIABLE, PASSWORD_VARIABLE = "AIZONES_STORE_USER", "AIZONES_STORE_PASSWORD"
_TRANSIENT = {429, 502, 503, 504}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise RemoteError(f"{_shown(req.full_url)}: the store redirected to {_shown(newurl)}; give that URL itself")


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL; ``UsageError`` for anything else."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{url!r} is not an http:// or https:// URL of a SPARQL store")
    if parts.username or parts.password:
        raise UsageError(f"give no credentials in the URL; set {USER_VARIABLE} and {PASSWORD_VARIABLE} or use ~/.netrc")
    return parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def _shown(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"  # without the query string (graph IRIs, query text)


@dataclass
class Client:
    """Requests to the origins of the URLs the user gave (``allowed``), with retries and a timeout."""

    allowed: tuple[str, ...]
    timeout: float = 60.0
    attempts: int = 4
    backoff: float = 0.5  # seconds before the second attempt, doubled each time
    _origins: set = field(default_factory=set, init=False, repr=False)
    _auth: dict = field(default_factory=dict, init=False, repr=False)
    _digest: dict = field(default_factory=dict, init=False, repr=False)  # host -> Digest, once a store asked for it
    server: str = field(default="", init=False)  # the ``Server`` header of the last answer (which software the store runs)

    def __post_init__(self) -> None:
        self._origins = {origin(url) for url in self.allowed}

    def request(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes]:
        """The status and body of the answer; ``RemoteError`` once retries are spent or the store refuses."""
        if origin(url) not in self._origins:  # every request, so no code path can reach another host
            raise RemoteError(f"{_shown(url)} is not the store given on the command line; refused")
        host = origin(url)[1]
        delay = self.backoff
        renewed = False
        for attempt in range(1, self.attempts + 1):
            digest = self._digest.get(host)
            sent = {**(headers or {}), **(digest.header(method, url) if digest else self._credentials(url))}
            request = urllib.request.Request(url, data=body, method=method, headers=sent)
            try:
                with _OPENER.open(request, timeout=self.timeout) as answer:
                    self.server = answer.headers.get("Server") or ""
                    return answer.status, answer.read()
            except urllib.error.HTTPError as error:
                detail = error.read()[:300].decode("utf-8", "replace")
                if error.code == 401 and not renewed and self._asks_for_digest(error, url):
                    renewed = True
                    continue  # the same attempt again, with Digest and the store's current nonce
                if error.code in (401, 403):
                    raise RemoteError(
                        f"{_shown(url)}: the store refused the credentials (HTTP {error.code}); "
                        f"check {USER_VARIABLE}/{PASSWORD_VARIABLE} or ~/.netrc"
                    ) from None
                if error.code not in _TRANSIENT or attempt == self.attempts:
                    raise RemoteError(f"{_shown(url)}: the store answered HTTP {error.code}: {' '.join(detail.split())[:160]}") from None
            except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as error:
                if attempt == self.attempts:
                    reason = getattr(error, "reason", error)
                    raise RemoteError(f"{_shown(url)}: no answer from the store ({reason}); is it running, and is the URL right?") from None
            time.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")

    def _credentials(self, url: str) -> dict:
        host = origin(url)[1]
        if host not in self._auth:
            self._auth[host] = _basic(_credentials_for(host))
        return self._auth[host]

    def _asks_for_digest(self, error: urllib.error.HTTPError, url: str) -> bool:
        """Whether to send this request again with Digest: we have credentials, and the store
        challenged with Digest (a first time, or a renewed nonce) or refused our Basic credentials
        without saying which scheme it wants, when a request without a body fetches its challenge."""
        host, found = origin(url)[1], _credentials_for(origin(url)[1])
        challenge = error.headers.get("WWW-Authenticate") if error.headers is not None else None
        if found is None or (challenge or "").strip().lower().startswith("basic"):
            return False
        if not Digest.is_challenge(challenge):
            if host in self._digest:
                return False  # Digest credentials refused outright
            challenge = _challenge_of(url)
            if not Digest.is_challenge(challenge):
                return False
        try:
            if host in self._digest:
                self._digest[host].renew(challenge)
            else:
                self._digest[host] = Digest(*found, challenge)
        except (ValueError, KeyError) as problem:
            raise RemoteError(f"{_shown(url)}: {problem}") from None
        return True


def _challenge_of(url: str) -> str | None:
    """The store's ``WWW-Authenticate`` answer to a GET of ``url`` without credentials or body."""
    try:
        with _OPENER.open(urllib.request.Request(url, method="GET"), timeout=30):
            return None
    except urllib.error.HTTPError as error:
        return error.headers.get("WWW-Authenticate") if error.code == 401 and error.headers is not None else None
    except (urllib.error.URLError, OSError):
        return None


def _credentials_for(host: str) -> tuple[str, str] | None:
    """(user, password) from the environment or netrc, or None."""
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if user is None:
        try:
            found = netrc.netrc(os.environ.get("NETRC")).authenticators(host)
        except (FileNotFoundError, netrc.NetrcParseError, OSError):
            found = None
        if found:
            user, _account, password = found
    return None if user is None else (user, password or "")


def _basic(credentials: tuple[str, str] | None) -> dict:
    """The Basic Authorization header for these credentials, or none."""
    if credentials is None:
        return {}
    token = base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}
