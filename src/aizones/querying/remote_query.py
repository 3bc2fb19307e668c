"""``aizones query --endpoint URL``: a saved query or a text answered by a remote SPARQL store.

The text sent is what would run here: parameters bound as a ``VALUES`` row from checked terms
(``portable_queries.bound_text``), every prefix declared, and the network policy read on it
(``SERVICE`` would make the store fetch elsewhere). The answer comes back as SPARQL JSON results,
which Oxigraph parses into the same solutions a local query gives, so the formats and labels are
the local ones (labels from the local release, when there is one).
"""

from __future__ import annotations

import urllib.parse

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.errors import RemoteError
from aizones.core.policy import check_query
from aizones.core.remote import Client
from aizones.querying import portable_queries, saved

_JSON = "application/sparql-results+json"


def remote_text(dataset: Dataset | None, text: str, query: saved.SavedQuery | None = None, values: dict[str, str] | None = None) -> str:
    """The text to send: a saved query bound with ``values`` and its defaults, or ``text`` with prefixes declared."""
    if query is not None:
        return portable_queries.bound_text(dataset, query, values or {})
    return portable_queries.with_prefixes(text)


def run_remote(endpoint: str, text: str, *, timeout: float | None = 60.0, allow_network: bool = False, shown_as: str = "query"):
    """Run ``text`` on the store's query endpoint; Oxigraph's solutions (or boolean) as locally."""
    check_query(text, allow_network=allow_network, shown_as=shown_as)
    client = Client((endpoint,), timeout=timeout)
    body = urllib.parse.urlencode({"query": text}).encode()
    _status, answer = client.request("POST", endpoint, body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": _JSON})
    try:
        return ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as error:
        raise RemoteError(f"{endpoint}: the answer was not SPARQL JSON results ({error})") from None


def query_endpoint(
    dataset: Dataset | None,
    endpoint: str,
    text_or_query,
    *,
    params: dict | None = None,
    timeout: float | None = 60.0,
    allow_network: bool = False,
):
    """Run a saved query (a ``SavedQuery``, bound as locally) or a text on a remote endpoint;
    Oxigraph's solutions, rendered as local ones are (``aizones query --endpoint``)."""
    found = text_or_query if isinstance(text_or_query, saved.SavedQuery) else None
    text = remote_text(dataset, "" if found else text_or_query, found, params)
    return run_remote(endpoint, text, timeout=timeout, allow_network=allow_network, shown_as=found.name if found else "query")
