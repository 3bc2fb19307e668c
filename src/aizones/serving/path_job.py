"""The work of one ``/connections`` request, done in a query worker (``worker.answer``).

The two names are looked up as ``aizones path`` looks them up (``core.names.lookup``, the steps of
``resolve``), and when each names one entity the paths are found by the command's own function
(``connections.paths.find_paths``) with the cards of the documents its hops cite. Why in a worker:
the search reads the store one entity at a time, in Python; at a million triples a large
``max-length`` or a ``via`` can read much of the graph for seconds. In a worker process it is
stopped at the server's time limit like any query (a 503), and the server's own process never
holds the interpreter's lock for it.
"""

from __future__ import annotations

from aizones.connections.paths import find_paths
from aizones.core.dataset import Dataset
from aizones.core.labels import Labeller
from aizones.core.names import lookup
from aizones.serving.entity_view import document_card

ENDS = ("from", "to")


def answer(dataset: Dataset, request: dict) -> dict:
    """``{"names": {"from": Lookup, "to": Lookup}}`` when a name is unknown or ambiguous, else
    ``{"answer": PathAnswer, "cards": {document IRI: card}}``; a ``UsageError`` as the command's
    (an entity that is no node of the network, a ``via`` that names no class)."""
    found = {end: lookup(dataset, request[end]) for end in ENDS}
    if any(len(f.matches) != 1 for f in found.values()):
        return {"names": found}
    start, end = (f"<{found[e].matches[0]}>" for e in ENDS)
    paths = find_paths(dataset, start, end, max_length=request["max_length"], via_kind=request["via"] or None, all_paths=request["all"])
    labeller = Labeller(dataset)
    cited = sorted({d for path in paths.paths for hop in path for step in hop.steps for s in step.sources for d in s["documents"]})
    return {"answer": paths, "cards": {d: document_card(dataset, d, labeller) for d in cited}}
