"""The SHACL engines behind ``aizones validate --engine``.

``fast`` (the default) compiles the shapes into SPARQL and lets Oxigraph evaluate each constraint
over all focus nodes at once (``aizones.validation.shacl.fast``); ``pyshacl`` runs the reference
implementation on rdflib copies of the same graphs (below): slow, one focus node at a time in
Python, but the implementation the fast engine is checked against
(``tests/validation/test_validate_engines.py``). Both return the same ``ShaclResult`` rows
(``aizones.validation.shacl.results``).
"""

from __future__ import annotations

import pyoxigraph as ox

from aizones.core.errors import UsageError
from aizones.core.offline import offline
from aizones.core.rdflib_bridge import from_rdflib, graph_of
from aizones.validation.shacl import ENGINES
from aizones.validation.shacl.fast import validate_fast
from aizones.validation.shacl.results import ShaclResult, read_report


def run_shacl(engine: str, store: ox.Store, data: list[ox.NamedNode], shapes: list[ox.NamedNode]) -> list[ShaclResult]:
    """Validate the union of the ``data`` graphs of ``store`` against the union of its ``shapes`` graphs."""
    if engine not in ENGINES:
        raise UsageError(f"unknown validation engine {engine!r}; use one of {', '.join(ENGINES)}")
    with offline():
        if engine == "fast":
            return validate_fast(store, data, shapes)
        return validate_pyshacl(store, data, shapes)


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
