"""``aizones push``: a release into a SPARQL store, with the Graph Store HTTP Protocol.

Each named graph of ``dist/aizones.nq`` (one per source file, and the inferred graph; not the
dataset description, which is read from ``dist/description.ttl``) is sent with
``PUT ?graph=IRI``, which replaces the graph whole: pushing again changes nothing, and a push
stopped midway is completed by the next. The default graph gets the merge of all of them
(``PUT ?default``), because the saved queries read the merge there (``core.merged_graph``): a store
that does not make its default graph the union of the named graphs (most do not by default)
answers them as aizones does. Afterwards every graph is counted through the query endpoint and
compared with the release. A store's blank nodes are its own: those of the default graph are not
the same nodes as those of the named graphs, which no saved query joins on.

Some stores already answer a query's default graph from all their named graphs (Virtuoso does,
and has no default graph of its own for the Graph Store Protocol to fill). Which kind a store is
is asked, not guessed from its name or its error text: a probe graph with one fresh triple is put,
the default graph is asked whether it holds that triple, and the probe is deleted. A store whose
default graph is the union gets no merge (it would only be stated twice), and its default graph
is not counted (such a store counts a triple once per graph that states it).

An Oxigraph server (its ``Server`` header says so) is sent each graph with its Graph Store
options ``no_transaction`` and ``lenient``, which load through its bulk loader, two to five
times faster than a transaction: the release was checked when it was built, so nothing is left
for the store to validate, and a graph is atomic no longer, which the count afterwards and a
second push make good (each ``PUT`` replaces its graph whole).

``atomic``: readers never see half a release. Every graph is first put under a staging name
(``…/graph/push-staging/N``), counted there, and then all are moved into place by one SPARQL
update (``MOVE … TO …; …``), which a store runs as one transaction, so a query sees the old
release or the new one. It needs the store's update endpoint (Oxigraph's ``…/update`` is found
from its query endpoint), and a store whose default graph is not the union of its graphs: in one
that is, the staging graphs would be seen while they are filled, so it is refused there.
"""

from __future__ import annotations

import json
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aizones.core.errors import InputError, RemoteError, UsageError
from aizones.core.namespaces import DESCRIPTION_GRAPH, GRAPH
from aizones.core.remote import Client
from aizones.publishing.layout import BUILT_DATASET, MANIFEST

DEFAULT = ""  # the default graph, in the plan
_NT = "application/n-triples"
PROBE_GRAPH = GRAPH["push-probe"]  # put and deleted again by every push (``union_default``)
STAGING = "push-staging"  # under GRAPH: where an atomic push puts each graph before the swap


@dataclass(frozen=True)
class Part:
    """One graph to send: its IRI ("" for the default graph) and its triples as N-Triples lines."""

    graph: str
    lines: tuple[bytes, ...]

    @property
    def shown(self) -> str:
        return self.graph or "the default graph (the merge)"


def plan(out: Path) -> list[Part]:
    """What a push sends, read from the release in ``out``: each named graph, then the merge."""
    if not (out / MANIFEST).is_file() or not (out / BUILT_DATASET).is_file():
        raise UsageError(f"{out} holds no release; run aizones build first")
    graphs: dict[str, list[bytes]] = {}
    with open(out / BUILT_DATASET, "rb") as handle:
        for line in handle:
            cut = line.rfind(b" <")
            if cut <= 0:
                continue
            graphs.setdefault(line[cut + 2 : line.rindex(b">")].decode("utf-8"), []).append(line[:cut] + b" .\n")
    # The dataset description is about the release's files, not data (``publishing.description``):
    # in a store, its graph would show in every ``GRAPH ?g`` and change saved queries' rows.
    graphs.pop(DESCRIPTION_GRAPH, None)
    if not graphs:
        raise InputError("the release has no named graphs", str(out / BUILT_DATASET))
    merge = sorted({line for lines in graphs.values() for line in lines})
    return [*(Part(g, tuple(lines)) for g, lines in sorted(graphs.items())), Part(DEFAULT, tuple(merge))]


def update_endpoint_for(endpoint: str) -> str:
    """Oxigraph's layout again: the update endpoint beside ``/query`` is ``/update``."""
    if endpoint.rstrip("/").endswith("/query"):
        return endpoint.rstrip("/")[: -len("query")] + "update"
    raise UsageError(f"give --update URL: where the store at {endpoint} takes SPARQL updates is not known")


def graph_store_for(endpoint: str) -> str:
    """Oxigraph's layout: the query endpoint ends in /query, the Graph Store Protocol is /store."""
    if endpoint.rstrip("/").endswith("/query"):
        return endpoint.rstrip("/")[: -len("query")] + "store"
    raise UsageError(f"give --graph-store URL: where the store at {endpoint} takes the Graph Store Protocol is not known")


def push(
    out: Path,
    endpoint: str,
    *,
    graph_store: str | None = None,
    dry_run: bool = False,
    step: Callable[[str], None] = lambda _line: None,
    client: Client | None = None,
    atomic: bool = False,
    update: str | None = None,
) -> list[Part]:
    """Send the release in ``out`` to the store; return the parts sent (or that would be, ``dry_run``)."""
    store_url = graph_store or graph_store_for(endpoint)
    update_url = (update or update_endpoint_for(endpoint)) if atomic else None
    parts = plan(out)
    if dry_run:
        for part in parts:
            step(f"would PUT {len(part.lines)} triples into {part.shown} at {store_url}")
        if update_url:
            step(f"would then move them into place in one update at {update_url}")
        return parts
    client = client or Client(tuple(u for u in (endpoint, store_url, update_url) if u))
    if union_default(client, endpoint, store_url):
        if atomic:
            raise UsageError(
                "this store answers its default graph from all its graphs, so readers would see the staging graphs; push without --atomic"
            )
        step("the store answers its default graph from all its named graphs: the merge is not sent")
        parts = [part for part in parts if part.graph]
    bulk = "&no_transaction&lenient" if client.server.lower().startswith("oxigraph/") else ""
    staged = [Part(GRAPH[f"{STAGING}/{n}"], part.lines) for n, part in enumerate(parts, 1)] if atomic else parts
    replaced: list[str] = []
    for number, (part, target) in enumerate(zip(parts, staged, strict=True), 1):
        try:
            client.request("PUT", _graph_url(store_url, target.graph) + bulk, b"".join(part.lines), {"Content-Type": _NT})
        except RemoteError as error:
            done = "staged, none replaced" if atomic else "replaced"
            raise RemoteError(
                f"{error} (after {len(replaced)} of {len(parts)} graphs {done}; run aizones push again to complete it)"
            ) from None
        replaced.append(part.graph)
        step(f"[{number}/{len(parts)}] {part.shown}: {len(part.lines)} triples{' (staged)' if atomic else ''}")
    _verify(client, endpoint, staged)
    if atomic:
        moves = " ;\n".join(
            f"MOVE SILENT <{s.graph}> TO {f'<{p.graph}>' if p.graph else 'DEFAULT'}" for p, s in zip(parts, staged, strict=True)
        )
        body = urllib.parse.urlencode({"update": moves}).encode()
        client.request("POST", update_url, body, {"Content-Type": "application/x-www-form-urlencoded"})
        step(f"moved the {len(parts)} staged graphs into place in one update")
        _verify(client, endpoint, parts)
    step(f"verified: {len(parts)} graphs hold the release's triples")
    return parts


def _verify(client: Client, endpoint: str, parts: list[Part]) -> None:
    """Every graph of ``parts`` holds as many triples as the release gave it, or ``RemoteError``."""
    wrong = [f"{p.shown} holds {n}, not {len(p.lines)}" for p in parts for n in [count(client, endpoint, p.graph)] if n != len(p.lines)]
    if wrong:
        raise RemoteError(f"{endpoint}: after the push {wrong[0]} triples ({len(wrong)} graphs differ); push again")


def _graph_url(store_url: str, graph: str) -> str:
    return f"{store_url}?{'default' if not graph else urllib.parse.urlencode({'graph': graph})}"


def union_default(client: Client, endpoint: str, store_url: str) -> bool:
    """Whether the store's default graph is the union of its named graphs (see the module)."""
    nonce = uuid.uuid4().hex  # fresh, so an earlier push's probe or merge cannot answer for it
    probe = f'<{PROBE_GRAPH}> <{PROBE_GRAPH}> "{nonce}" .\n'.encode()
    client.request("PUT", _graph_url(store_url, PROBE_GRAPH), probe, {"Content-Type": _NT})
    try:
        body = urllib.parse.urlencode({"query": f'ASK {{ <{PROBE_GRAPH}> <{PROBE_GRAPH}> "{nonce}" }}'}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
        _status, answer = client.request("POST", endpoint, body, headers)
        try:
            return bool(json.loads(answer)["boolean"])
        except (ValueError, KeyError, TypeError) as error:
            raise RemoteError(f"{endpoint}: the store's answer to ASK was not SPARQL JSON results ({error})") from None
    finally:
        client.request("DELETE", _graph_url(store_url, PROBE_GRAPH))


def count(client: Client, endpoint: str, graph: str) -> int:
    """The triples of one graph of the store, counted by its query endpoint."""
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    body = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    _status, answer = client.request("POST", endpoint, body, headers)
    try:
        return int(json.loads(answer)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError) as error:
        raise RemoteError(f"{endpoint}: the store's answer to a count was not SPARQL JSON results ({error})") from None
