"""Names for things: the label of an IRI, and entity look-up by English or Chinese label.

Users name entities as they know them ("Changsha", "长沙市", "id:changsha", a full IRI); saved
query parameters and ``aizones explain`` resolve those names to the one entity they mean, and an
unknown or ambiguous name is a one-line error listing the closest matches.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.errors import UsageError
from aizones.core.namespaces import GRAPH, ID, PREFIXES, RDF, RDFS, SKOS

LABEL_PREDICATES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)


class Labeller:
    """Labels of IRIs in one language (falling back to English, then to the prefixed IRI)."""

    def __init__(self, dataset: Dataset, lang: str = "en") -> None:
        self.dataset, self.lang = dataset, lang
        self.label = lru_cache(maxsize=100_000)(self._label)

    def _label(self, iri: str) -> str:
        node = ox.NamedNode(iri)
        found: dict[str, str] = {}
        for predicate in (RDFS.label, SKOS.prefLabel):
            for quad in self.dataset.store.quads_for_pattern(node, ox.NamedNode(predicate), None, None):
                literal = quad.object
                if isinstance(literal, ox.Literal) and literal.language and literal.language not in found:
                    found[literal.language] = literal.value
            if found:
                break
        if not found and iri.startswith(GRAPH.base):
            return iri[len(GRAPH.base) :]  # a named graph reads best as the file it came from
        return found.get(self.lang) or found.get("en") or next(iter(sorted(found.values())), "") or compact(iri)


def compact(iri: str) -> str:
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base) :]}"
    return f"<{iri}>"


def expand(name: str) -> str | None:
    """The IRI a user wrote as ``<iri>``, ``http…`` or ``prefix:local`` (None if it is none of these)."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    if name.startswith(("http://", "https://", "urn:")):
        return name
    prefix, colon, local = name.partition(":")
    if colon and prefix in PREFIXES and local and " " not in local:
        return PREFIXES[prefix] + local
    return None


_CANDIDATES = """
SELECT DISTINCT ?entity ?name WHERE {
  ?entity ?labelled ?name .
  FILTER(?labelled IN (rdfs:label, skos:prefLabel, skos:altLabel) && isIRI(?entity))
  %s
}"""


def resolve(dataset: Dataset, name: str, *, classes: tuple[str, ...] = (), what: str = "entity") -> ox.NamedNode:
    """The one entity called ``name`` (an IRI, prefixed name, id slug or label), of one of ``classes``.

    The first of these that names anything decides: an IRI, prefixed name or id slug; a label
    written exactly so (English, Chinese or no language); that label with a generic word added
    ("Hubei" for "Hubei Province", "长沙" for "长沙市"); any label that matches ignoring case, the
    generic word or a bracketed abbreviation ("MIIT" for "… (MIIT)"). Two entities at one step make
    the name ambiguous; none at all is an error naming the closest labels.
    """
    name = name.strip()
    if not name:
        raise UsageError(f"an empty {what} name; give a label such as Changsha, 长沙市 or id:changsha")
    iri = expand(name) or (ID[name] if re.fullmatch(r"[a-z0-9-]+", name) else None)
    if iri and _valid_iri(iri) and _described(dataset, iri, classes):
        return ox.NamedNode(iri)
    # A label as written, then with a generic word added ("Hubei" → "Hubei Province"): index
    # look-ups, milliseconds at any size. Only a name neither finds reads every label.
    for forms in ([name], [name + suffix for suffix in _ADDED_SUFFIXES]):
        found = _labelled_exactly(dataset, forms, classes)
        if found:
            return _one(found, name, what)
    query = _CANDIDATES % _restriction(classes)
    candidates: dict[str, set[str]] = {}
    for row in dataset.store.query(
        query, prefixes={"rdfs": RDFS.base, "skos": SKOS.base, "rdf": RDF.base}, use_default_graph_as_union=True
    ):
        candidates.setdefault(row["name"].value, set()).add(row["entity"].value)
    wanted = name.casefold()
    matches = sorted({e for label, entities in candidates.items() if label.casefold() == wanted for e in entities})
    if not matches:
        # "Hunan" for "Hunan Province", "长沙" for "长沙市", "MIIT" for "… Pilot Zones (MIIT)":
        # the generic part of a name and a trailing abbreviation in brackets are optional.
        matches = sorted({e for label, entities in candidates.items() if _core(name) in _keys(label) for e in entities})
    if matches:
        return _one(matches, name, what)
    by_core: dict[str, str] = {}
    for label in sorted(candidates):
        by_core.setdefault(_core(label), label)
    close = [by_core[c] for c in difflib.get_close_matches(_core(name), list(by_core), n=5, cutoff=0.6)]
    close += [label for label in sorted(candidates) if wanted in label.casefold() and label not in close][: max(0, 5 - len(close))]
    hint = f"; closest: {', '.join(close)}" if close else ""
    raise UsageError(f"no {what} called {name!r} in the graph{hint}")


def _one(matches: list[str], name: str, what: str) -> ox.NamedNode:
    if len(matches) > 1:
        listed = ", ".join(compact(m) for m in matches[:6])
        raise UsageError(f"the {what} name {name!r} is ambiguous: it names {listed}; pass one of these instead")
    return ox.NamedNode(matches[0])


_EXACT = """
SELECT DISTINCT ?entity WHERE {
  VALUES ?name { %s }
  { ?entity rdfs:label ?name } UNION { ?entity skos:prefLabel ?name } UNION { ?entity skos:altLabel ?name }
  FILTER(isIRI(?entity))
  %s
}"""
LABEL_LANGUAGES = ("en", "zh")  # the languages of the graph's labels (tests/test_ontology.py)


def _labelled_exactly(dataset: Dataset, forms: list[str], classes: tuple[str, ...]) -> list[str]:
    """The entities (of ``classes``) with one of ``forms`` as a label in English, Chinese or no language.

    The forms go into the query as a ``VALUES`` list of literals written by Oxigraph, which
    escapes every quote and backslash; the query looks each one up in the store's index.
    """
    literals = [ox.Literal(form) for form in forms] + [ox.Literal(form, language=lang) for form in forms for lang in LABEL_LANGUAGES]
    query = _EXACT % (" ".join(str(literal) for literal in literals), f"FILTER EXISTS {{ {_restriction(classes)} }}" if classes else "")
    prefixes = {"rdfs": RDFS.base, "skos": SKOS.base, "rdf": RDF.base}
    return sorted({row["entity"].value for row in dataset.store.query(query, prefixes=prefixes, use_default_graph_as_union=True)})


def _restriction(classes: tuple[str, ...]) -> str:
    # class IRIs come from aizones.core.namespaces, never from the user
    return "?entity rdf:type ?class . FILTER(?class IN ({}))".format(", ".join(f"<{c}>" for c in classes)) if classes else ""


_GENERIC_SUFFIXES = (" province", " city", " municipality", " county", " district", "省", "市", "县", "区")


def _core(name: str) -> str:
    core = name.casefold().strip()
    for suffix in _GENERIC_SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            return core[: -len(suffix)].strip()
    return core


# The generic words a user may leave out, as they are added back for the index look-up.
_ADDED_SUFFIXES = (" Province", " City", " Municipality", " County", " District", "省", "市", "县", "区")

_BRACKETED = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")


def _keys(label: str) -> set[str]:
    """The forms of a label a user may type: its core, without a bracketed end, or that end alone."""
    keys = {_core(label)}
    bracketed = _BRACKETED.match(label.strip())
    if bracketed:
        keys |= {_core(bracketed.group(1)), _core(bracketed.group(2))}
    return keys


def _valid_iri(iri: str) -> bool:
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def _described(dataset: Dataset, iri: str, classes: tuple[str, ...]) -> bool:
    node = ox.NamedNode(iri)
    if not classes:
        return next(dataset.store.quads_for_pattern(node, None, None, None), None) is not None
    return any(next(dataset.store.quads_for_pattern(node, ox.NamedNode(RDF.type), ox.NamedNode(c), None), None) for c in classes)
