"""The reference SHACL engine: pySHACL on rdflib copies of the dataset's graphs.

Slow (one focus node at a time, in Python) but the implementation the fast engine is checked
against (``tests/validation/test_validate_engines.py``); its report is read back into ``ShaclResult`` rows.
"""

from __future__ import annotations

import pyoxigraph as ox

from aizones.core.rdflib_bridge import from_rdflib, graph_of
from aizones.validation.shacl.results import ShaclResult, read_report


def validate_pyshacl(store: ox.Store, data: list[ox.NamedNode], shapes: list[ox.NamedNode]) -> list[ShaclResult]:
    import pyshacl  # heavy (rdflib's SPARQL engine and more): loaded only when this engine is asked for

    _conforms, report, _text = pyshacl.validate(
        graph_of(store, data),
        shacl_graph=graph_of(store, shapes),
        inference="none",
        advanced=True,
        allow_warnings=True,
        do_owl_imports=False,
    )
    return read_report(_from_rdflib(report))


def _from_rdflib(graph) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph)
    return store
