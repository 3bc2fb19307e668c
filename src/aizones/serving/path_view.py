"""A ``connections.paths.PathAnswer`` as the ``/connections`` page shows it: every entity with its
page, every step with its relation's page and its sources' document cards, every dispute with
the files that disagree. Pure: the answer and the cards come from the worker (``path_job``).
"""

from __future__ import annotations

from aizones.connections.paths import Hop, PathAnswer, Step
from aizones.core.names import compact
from aizones.serving.links import page_for


def entity(iri: str, label: str) -> dict:
    return {"iri": iri, "label": label, "page": page_for(iri), "name": compact(iri)}


def view(answer: PathAnswer, cards: dict[str, dict]) -> dict:
    """The template values of an answer: its two ends, each path's hops, the one-line answer with
    no path and its nearest entities."""
    return {
        "start": entity(answer.start, answer.start_label),
        "end": entity(answer.end, answer.end_label),
        "paths": [[_hop(hop, cards) for hop in path] for path in answer.paths],
        "length": len(answer.paths[0]) if answer.paths else 0,
        "inferred_used": answer.inferred_used,
        "max_length": answer.max_length,
        "answer": answer.answer,
        "nearest": [entity(n["iri"], n["label"]) for n in answer.nearest],
    }


def _hop(hop: Hop, cards: dict[str, dict]) -> dict:
    return {
        "start": entity(hop.start, hop.start_label),
        "end": entity(hop.end, hop.end_label),
        "steps": [_step(step, cards) for step in hop.steps],
        "inferred": any(step.inferred for step in hop.steps),
        "disputed": [
            {
                "entity": entity(d["entity"], d["entity_label"]),
                "property_label": d["property_label"],
                "property_page": page_for(d["property"]),
                "claims": d["claims"],
            }
            for d in hop.disputed
        ],
    }


def _step(step: Step, cards: dict[str, dict]) -> dict:
    sources = [
        {
            "file": s["file"],
            "graph_page": page_for(s["graph"]),
            "named": s["document"],
            "documents": [cards[d] for d in s["documents"] if d in cards],
        }
        for s in step.sources
    ]
    return {"label": step.label, "page": page_for(step.relation), "forward": step.forward, "inferred": step.inferred, "sources": sources}
