"""The one SHACL result row every engine gives, and the reader of a SHACL validation report.

Both engines return ``ShaclResult`` rows holding Oxigraph terms with the store's own blank-node
labels, so their results can be compared as values (``ShaclResult.key``) and turned into findings
by the same code (``aizones.validation.coordinator``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from aizones.core.namespaces import SH
from aizones.validation.shacl.shapes import Path, ShapesGraph, Term


@dataclass(frozen=True)
class ShaclResult:
    """One ``sh:ValidationResult``, engine-neutral."""

    focus: Term
    path: Path | None
    value: Term | None
    severity: str
    component: str
    shape: Term
    constraint: Term | None = None  # the sh:sparql constraint that produced it, if any
    message: str = ""  # the engine's own wording, never compared

    def key(self) -> tuple:
        """What two engines must agree on: blank-node shapes count as "some shape" (their labels are arbitrary)."""
        return (
            self.severity,
            str(self.focus),
            self.path or (),
            str(self.value) if self.value is not None else "",
            self.component,
            self.shape.value if isinstance(self.shape, ox.NamedNode) else "",
            self.constraint.value if isinstance(self.constraint, ox.NamedNode) else "",
        )


_RESULTS = """
SELECT ?report ?result ?severity ?shape ?focus ?path ?value ?message ?component ?constraint WHERE {
  ?report sh:result ?result .
  ?result sh:resultSeverity ?severity ; sh:focusNode ?focus ; sh:sourceShape ?shape .
  OPTIONAL { ?result sh:resultPath ?path }
  OPTIONAL { ?result sh:value ?value }
  OPTIONAL { ?result sh:resultMessage ?message }
  OPTIONAL { ?result sh:sourceConstraintComponent ?component }
  OPTIONAL { ?result sh:sourceConstraint ?constraint }
}"""


def read_report(report: ox.Store, node: Term | None = None) -> list[ShaclResult]:
    """The results of the ``sh:ValidationReport`` in the default graph of ``report`` (of the one at ``node`` if given)."""
    paths = ShapesGraph(report, [ox.DefaultGraph()])
    found: dict[Term, ShaclResult] = {}
    # Only the report's own results: pySHACL nests the results behind an sh:node failure as sh:detail.
    for row in report.query(_RESULTS, prefixes={"sh": SH.base}):
        if node is not None and row["report"] != node:
            continue
        if row["result"] in found:
            continue  # a second message in another language
        found[row["result"]] = ShaclResult(
            focus=row["focus"],
            path=paths.path(row["path"]) if row["path"] is not None else None,
            value=row["value"],
            severity=row["severity"].value,
            component=row["component"].value if row["component"] is not None else "",
            shape=row["shape"],
            constraint=row["constraint"],
            message=row["message"].value if row["message"] is not None else "",
        )
    return list(found.values())
