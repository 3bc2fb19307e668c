"""Data-quality rules written as SPARQL: every row a check returns is one finding.

A check is a file in ``queries/checks/`` whose header gives its ``title``, ``severity`` (error,
warning or info), ``problem`` and ``solution``. It selects ``?entity`` and may select ``?property``,
``?value`` and ``?message`` (the message of that row; otherwise problem and solution are shown).
Checks run on the asserted data only, like the SHACL shapes.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.errors import InputError
from aizones.core.namespaces import PREFIXES
from aizones.core.policy import check_query
from aizones.core.queryfiles import QueryFile, list_query_files
from aizones.validation.findings import LEVELS, Finding, finding


def run_checks(dataset: Dataset, folder: Path) -> list[Finding]:
    findings: list[Finding] = []
    for check in list_query_files(folder):
        findings += run_check(dataset, check)
    return findings


def run_check(dataset: Dataset, check: QueryFile) -> list[Finding]:
    level = check.field("severity", "warning")
    if level not in LEVELS:
        raise InputError(f"severity must be one of {', '.join(LEVELS)}, not {level!r}", str(check.path))
    check_query(check.text, shown_as=str(check.path))
    advice = " ".join(part for part in (check.field("problem"), check.field("solution")) if part) or check.title
    try:
        rows = list(dataset.store.query(check.text, prefixes=PREFIXES, default_graph=dataset.asserted, named_graphs=dataset.asserted))
    except SyntaxError as error:
        raise InputError(f"not valid SPARQL: {error}", str(check.path)) from None
    findings = []
    for row in rows:
        entity = _get(row, "entity")
        if entity is None:
            raise InputError("a check must select ?entity (the thing each finding is about)", str(check.path))
        prop, value, message = _get(row, "property"), _get(row, "value"), _get(row, "message")
        findings.append(
            finding(
                dataset,
                entity,
                level=level,
                rule=check.name,
                message=message.value if message is not None else advice,
                validator="check",
                predicate=prop if isinstance(prop, ox.NamedNode) else None,
                value=value,
                property=prop.value if prop is not None else "",
            )
        )
    return findings


def _get(row: ox.QuerySolution, name: str):
    try:
        return row[name]
    except KeyError:
        return None
