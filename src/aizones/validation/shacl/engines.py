"""The SHACL engines behind ``aizones validate --engine``.

``fast`` (the default) compiles the shapes into SPARQL and lets Oxigraph evaluate each constraint
over all focus nodes at once (``aizones.validation.shacl.fast``); ``pyshacl`` runs the reference
implementation on rdflib copies of the same graphs (``aizones.validation.shacl.reference``). Both
return the same ``ShaclResult`` rows (``aizones.validation.shacl.results``).
"""

from __future__ import annotations

import pyoxigraph as ox

from aizones.core.errors import UsageError
from aizones.core.offline import offline
from aizones.validation.shacl.fast import validate_fast
from aizones.validation.shacl.reference import validate_pyshacl
from aizones.validation.shacl.results import ShaclResult

ENGINES = ("fast", "pyshacl")
DEFAULT_ENGINE = "fast"


def run_shacl(engine: str, store: ox.Store, data: list[ox.NamedNode], shapes: list[ox.NamedNode]) -> list[ShaclResult]:
    """Validate the union of the ``data`` graphs of ``store`` against the union of its ``shapes`` graphs."""
    if engine not in ENGINES:
        raise UsageError(f"unknown validation engine {engine!r}; use one of {', '.join(ENGINES)}")
    with offline():
        if engine == "fast":
            return validate_fast(store, data, shapes)
        return validate_pyshacl(store, data, shapes)
