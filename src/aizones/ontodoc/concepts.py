"""The SKOS concept schemes of the ontology documentation: each scheme with its concepts.

A scheme is a table, one concept a row (prefixed name, English and Chinese labels, definition,
notation and other names), narrower concepts indented under their broader one, so the table
reads as the scheme's tree. A concept in no scheme is listed at the end rather than left out.
Labels, definitions and notes are escaped by ``aizones.core.safehtml``, like all the page's HTML.
"""

from __future__ import annotations

import pyoxigraph as ox

from aizones.core import safehtml
from aizones.core.namespaces import SKOS
from aizones.ontodoc.links import Names
from aizones.ontodoc.style import DEEPEST
from aizones.ontodoc.terms import Term

TABLE_HEAD = (
    '<colgroup><col class="c-concept"><col class="c-en"><col class="c-zh"><col></colgroup>'
    "<thead><tr><th>Concept</th><th>English</th><th>中文</th><th>Definition</th></tr></thead>"
)


def concept_schemes(names: Names) -> str:
    """Every scheme as an article with its concept table (empty when there are no concepts)."""
    schemes = names.onto.of_kind("scheme")
    placed: set[str] = set()
    parts = []
    for scheme in schemes:
        concepts = members(names, scheme)
        placed.update(concepts)
        table = concept_table(names, concepts)
        parts.append(
            f'<article class="term scheme"{names.id_attr(scheme.iri)}>{names.heading(scheme)}{names.definitions(scheme)}{table}</article>'
        )
    loose = [c.iri for c in names.onto.of_kind("concept") if c.iri not in placed]
    if loose:
        parts.append(f'<article class="term scheme"><h3>Concepts in no scheme</h3>{concept_table(names, loose)}</article>')
    return "".join(parts)


def members(names: Names, scheme: Term) -> list[str]:
    """The documented concepts of a scheme, by ``skos:inScheme``, ``topConceptOf`` or ``hasTopConcept``."""
    node, t = ox.NamedNode(scheme.iri), names.t
    found = {s.value for p in (SKOS.inScheme, SKOS.topConceptOf) for s in t.subjects(p, node)} | set(t.iris(node, SKOS.hasTopConcept))
    return [c.iri for c in names.onto.of_kind("concept") if c.iri in found]


def concept_table(names: Names, concepts: list[str]) -> str:
    inside = set(concepts)

    def broader(concept: str) -> set[str]:
        node = ox.NamedNode(concept)
        stated = {*names.t.iris(node, SKOS.broader), *(s.value for s in names.t.subjects(SKOS.narrower, node))}
        return (stated & inside) - {concept}

    rows: list[str] = []
    shown: set[str] = set()

    def walk(concept: str, depth: int, path: tuple[str, ...]) -> None:
        shown.add(concept)
        term = names.onto.terms[concept]
        notes = [f"{safehtml.text(k)}: {v}" for k, v in names.annotations(concept)]
        extra = f'<div class="notes">{"; ".join(notes)}</div>' if notes else ""
        definition = " ".join(safehtml.isolated(text) for _lang, text in term.definitions)
        indent = f"depth-{min(depth, DEEPEST)}"  # a class, not a style attribute: the page's policy allows no inline style
        rows.append(
            f'<tr{names.id_attr(concept)}><td class="{indent}">{names.link(concept)}</td>'
            f'<td>{safehtml.isolated(term.label())}</td><td lang="zh">{safehtml.isolated(term.label("zh"))}</td><td>{definition}{extra}</td></tr>'
        )
        for child in [c for c in concepts if concept in broader(c) and c not in path]:  # a broader cycle stops here
            walk(child, depth + 1, (*path, child))

    for top in [c for c in concepts if not broader(c)]:
        walk(top, 0, (top,))
    for rest in concepts:  # concepts whose broader concepts form a cycle
        if rest not in shown:
            walk(rest, 0, (rest,))
    return f'<table class="concepts">{TABLE_HEAD}<tbody>{"".join(rows)}</tbody></table>'
