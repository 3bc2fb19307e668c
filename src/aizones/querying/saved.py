"""Saved queries: the documented SPARQL files of ``queries/``, run by name with typed parameters.

A parameter is declared in the file's header as
``# param: NAME | TYPE | default: VALUE | example: VALUE | what it means``
and is a variable of the query's SELECT clause. Values are typed and checked RDF terms, bound as
a ``VALUES`` row written from the term (``query.with_values``), never from the user's text: an entity parameter (``region``,
``organisation``, ``zone``, ``programme``, ``entity``) takes an English or Chinese label, a
prefixed name or an IRI and is resolved to the one entity it names; ``indicator`` takes a concept
of the indicators scheme; ``year``, ``integer``, ``decimal`` and ``string`` become typed literals.
A parameter given no value and no default stays unbound, so the query answers for every value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.errors import InputError, UsageError
from aizones.core.names import expand, resolve
from aizones.core.namespaces import AIZ, AIZC, SKOS, XSD
from aizones.core.queryfiles import QueryFile, find_query_file, list_query_files
from aizones.core.sparql import execute

ENTITY_TYPES: dict[str, tuple[str, ...]] = {
    "region": (AIZ.Region,),
    "organisation": (AIZ.Organisation,),
    "zone": (AIZ.PilotZone,),
    "programme": (AIZ.Programme,),
    "entity": (),
    "indicator": (SKOS.Concept,),
}
LITERAL_TYPES = {"year": XSD.gYear, "integer": XSD.integer, "decimal": XSD.decimal, "string": XSD.string}
_CHECKS = {
    "year": re.compile(r"^-?[0-9]{4}$"),
    "integer": re.compile(r"^[+-]?[0-9]+$"),
    "decimal": re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"),
}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str
    example: str
    description: str


@dataclass(frozen=True)
class SavedQuery:
    file: QueryFile
    params: tuple[Param, ...]

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def title(self) -> str:
        return self.file.title

    @property
    def description(self) -> str:
        return self.file.field("description")


def parse_param(text: str, shown_as: str) -> Param:
    parts = [part.strip() for part in text.split("|")]
    if len(parts) < 2 or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", parts[0]):
        raise InputError(f"a parameter line reads 'NAME | TYPE | default: … | example: … | description', not {text!r}", shown_as)
    name, kind = parts[0], parts[1]
    if kind not in ENTITY_TYPES and kind not in LITERAL_TYPES and kind != "iri":
        known = ", ".join([*ENTITY_TYPES, *LITERAL_TYPES, "iri"])
        raise InputError(f"parameter {name} has unknown type {kind!r}; use one of {known}", shown_as)
    fields = {"default": "", "example": ""}
    description = []
    for part in parts[2:]:
        key, colon, value = part.partition(":")
        if colon and key.strip() in fields:
            fields[key.strip()] = "" if value.strip() in ("", "-", "none") else value.strip()
        else:
            description.append(part)
    return Param(name, kind, fields["default"], fields["example"], " ".join(description))


def load(file: QueryFile) -> SavedQuery:
    params = tuple(parse_param(line, str(file.path)) for line in file.header.get("param", []))
    return SavedQuery(file, params)


def catalogue(folder: Path) -> list[SavedQuery]:
    return [load(f) for f in list_query_files(folder)]


def find(folder: Path, name: str) -> SavedQuery:
    return load(find_query_file(folder, name))


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """``["province=Hunan", "year=2021"]`` → a dict; a malformed pair is a usage error."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise UsageError(f"--param takes NAME=VALUE, not {pair!r}")
        values[name.strip()] = value.strip()
    return values


def bind(dataset: Dataset, query: SavedQuery, values: dict[str, str]) -> dict[ox.Variable, object]:
    """Typed substitutions for the given values and the defaults; unknown names are refused."""
    known = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        listed = ", ".join(known) or "none"
        raise UsageError(f"{query.name} has no parameter {unknown[0]!r}; its parameters: {listed} (aizones query --describe {query.name})")
    bound: dict[ox.Variable, object] = {}
    for param in query.params:
        value = values.get(param.name, param.default)
        if value:
            bound[ox.Variable(param.name)] = term_for(dataset, param, value)
    return bound


def term_for(dataset: Dataset, param: Param, value: str):
    """The RDF term a parameter value stands for, checked against the parameter's type."""
    if param.type in LITERAL_TYPES:
        check = _CHECKS.get(param.type)
        if check and not check.match(value):
            raise UsageError(f"parameter {param.name} is a {param.type}; {value!r} is not one (example: {param.example or '2021'})")
        return ox.Literal(value, datatype=ox.NamedNode(LITERAL_TYPES[param.type]))
    if param.type == "iri":
        iri = expand(value)
        if iri is not None:
            try:
                return ox.NamedNode(iri)
            except ValueError as error:  # a space, a newline, <, > or a quote: Oxigraph's reason says which
                reason = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(error))  # one line, a newline shown as \n
                example = param.example or "aiz:Region"
                raise UsageError(f"parameter {param.name} takes an IRI, and {value!r} is not one ({reason}); example: {example}") from None
        raise UsageError(f"parameter {param.name} takes an IRI (<…>, http…, or prefix:name), not {value!r}")
    if param.type == "indicator" and re.fullmatch(r"[a-z0-9-]+", value):
        candidate = AIZC.base + value
        if next(dataset.store.quads_for_pattern(ox.NamedNode(candidate), None, None, None), None) is not None:
            return ox.NamedNode(candidate)
    return resolve(dataset, value, classes=ENTITY_TYPES[param.type], what=param.type)


def run(dataset: Dataset, query: SavedQuery, values: dict[str, str], *, inference: bool = True):
    """Run a saved query with its parameters bound; returns Oxigraph's solutions."""
    substitutions = bind(dataset, query, values)
    return execute(dataset, query.file.text, inference=inference, shown_as=str(query.file.path), substitutions=substitutions or None)


def describe(query: SavedQuery) -> str:
    """The help of one saved query: title, description, parameters and an example command."""
    lines = [f"{query.name}: {query.title}", ""]
    if query.description:
        lines += [query.description, ""]
    if query.params:
        lines.append("parameters:")
        for p in query.params:
            default = f" (default: {p.default})" if p.default else " (default: all)"
            example = f"; example: {p.example}" if p.example else ""
            lines.append(f"  {p.name} ({p.type}){default}{example}: {p.description}")
        lines.append("")
    example_args = " ".join(f"--param {p.name}={_quoted(p.example)}" for p in query.params if p.example)
    lines.append(f"example:\n  aizones query {query.name} {example_args}".rstrip())
    return "\n".join(lines) + "\n"


def listing(queries: list[SavedQuery]) -> str:
    width = max([len(q.name) for q in queries] + [4])
    lines = []
    for q in queries:
        params = ", ".join(f"{p.name}:{p.type}" for p in q.params)
        lines.append(f"{q.name:{width}}  {q.title}" + (f"  [{params}]" if params else ""))
    return "\n".join(lines) + "\n"


def _quoted(value: str) -> str:
    return f"'{value}'" if re.search(r"[^A-Za-z0-9_:./-]", value) else value
