"""What an entity page shows, as plain values for its template: ``aizones explain``'s answer, linked.

``querying.explain.explain`` gathers the facts (by source, inferred, conflicting, neighbours); this
module adds only what a page needs beyond the text ``explain`` prints: the page path of every IRI
(``links.page_for``), the names in each language, and each source document's card (title,
publisher, date, address), read from the document's own statements. Blocking: the routes run
``view`` through ``served.runner.call``.
"""

from __future__ import annotations

from dataclasses import asdict

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.labels import Labeller, pick_label, store_labels
from aizones.core.namespaces import AIZ, DCTERMS, RDF, SKOS
from aizones.querying.explain import explain
from aizones.serving.links import page_for

_DATE, _PUBLISHER_NAME, _PUBLISHED_BY = AIZ.publicationDate, AIZ.publisherName, AIZ.publishedBy
_ISSUED = (DCTERMS.issued, DCTERMS.created)


def described(dataset: Dataset, iri: str) -> bool:
    """Whether any graph states something about ``iri`` (as subject): what gives it a page."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return False
    return next(dataset.store.quads_for_pattern(node, None, None, None), None) is not None


def view(dataset: Dataset, iri: str) -> dict:
    """Everything the entity page of ``iri`` shows (``described(dataset, iri)`` must hold)."""
    found = explain(dataset, f"<{iri}>")
    labeller = Labeller(dataset)
    graph_of_file = {f.path: f.graph for f in dataset.files}
    names = store_labels(dataset, ox.NamedNode(iri))
    alternatives = sorted(
        {
            (q.object.value, q.object.language or "")
            for q in dataset.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(SKOS.altLabel), None, None)
            if isinstance(q.object, ox.Literal)
        }
    )
    cards: dict[str, dict] = {}

    def card(document: str) -> dict:
        if document not in cards:
            cards[document] = document_card(dataset, document, labeller)
        return cards[document]

    return {
        "iri": iri,
        "label": found.label,
        "label_zh": pick_label(names, ("zh",)),
        "labels": [_split_language(tagged) for tagged in found.labels],
        "alternatives": [{"text": text, "lang": lang} for text, lang in alternatives],
        "kinds": found.kinds,
        "inferred_kinds": found.inferred_kinds,
        "designations": [
            {**d, "page": page_for(d["designation"]), "claims": [_with_graph(c, graph_of_file) for c in d["claims"]]}
            for d in found.designations
        ],
        "sources": [
            {
                "graph": group.graph,
                "graph_page": page_for(group.graph),
                "file": group.file,
                "documents": [card(d["iri"]) for d in group.documents],
                "facts": [_fact(asdict(f)) for f in group.facts if f.property != RDF.type],
                "types": [labeller.label(f.value) for f in group.facts if f.property == RDF.type],
            }
            for group in found.sources
        ],
        "figures": [
            {**f, "document_page": page_for(f["document_iri"]), "indicator_page": page_for(f["indicator_iri"])} for f in found.figures
        ],
        "inferred": [_fact(asdict(f)) for f in found.inferred],
        "conflicts": [
            {
                "property": c.property,
                "property_label": c.property_label,
                "claims": [_with_graph(claim, graph_of_file) for claim in c.claims],
            }
            for c in found.conflicts
        ],
        "outgoing": [_fact(asdict(f)) for f in found.outgoing],
        "incoming": [_fact(asdict(f)) for f in found.incoming],
        "disputed": sorted({c.property for c in found.conflicts}),
    }


def document_card(dataset: Dataset, document: str, labeller: Labeller) -> dict:
    """A source document as its page and each group of facts name it: title, publisher, date, addresses."""
    node, store = ox.NamedNode(document), dataset.store

    def values(predicate: str) -> list[ox.Term]:
        return sorted({q.object for q in store.quads_for_pattern(node, ox.NamedNode(predicate), None, None)}, key=str)

    publishers = [v.value for v in values(_PUBLISHER_NAME)]
    publisher_iris = [v.value for v in values(_PUBLISHED_BY) + values(AIZ.issuedBy) if isinstance(v, ox.NamedNode)]
    dates = [v.value for p in (_DATE, *_ISSUED) for v in values(p)]
    return {
        "iri": document,
        "page": page_for(document),
        "title": labeller.label(document),
        "publisher": "; ".join(publishers),
        "publishers": [{"label": labeller.label(p), "page": page_for(p)} for p in sorted(set(publisher_iris))],
        "date": dates[0] if dates else "",
        "urls": [v.value for v in values(AIZ.url)],
        "copy_urls": [v.value for v in values(AIZ.copyUrl)],
        "no_url": "; ".join(v.value for v in values(AIZ.noUrlReason)),
    }


def _fact(fact: dict) -> dict:
    """A fact with the page of its property and, for an IRI value, of its value."""
    return {**fact, "property_page": page_for(fact["property"]), "page": page_for(fact["value"]) if fact["is_iri"] else None}


def _with_graph(claim: dict, graph_of_file: dict[str, str]) -> dict:
    graph = graph_of_file.get(claim["file"], "")
    return {**claim, "graph_page": page_for(graph) if graph else None}


def _split_language(tagged: str) -> dict:
    """``"长沙市@zh"`` as ``{"text": "长沙市", "lang": "zh"}`` (explain's names are ``text@lang``)."""
    text, at, lang = tagged.rpartition("@")
    return {"text": text, "lang": lang} if at else {"text": tagged, "lang": ""}
