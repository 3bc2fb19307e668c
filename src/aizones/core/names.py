"""Names for things: what a user's name for an entity means, and the short form of an IRI.

Users name entities as they know them ("Changsha", "长沙市", "id:changsha", a full IRI). Two
front-ends resolve such names: ``resolve`` below, over the store (saved query parameters and
``aizones explain``), and ``aizones.drawing.selection`` over the projection's nodes and classes
(``aizones viz --focus/--kind/--province``). Both read a name with ``direct_iri`` and match it with
``match``, so a name means the same entity to both. The first of these that names anything decides:

0. an IRI (``<…>``, ``http…``, ``urn:…``), a prefixed name (``id:changsha``) or a bare id slug
   (``changsha`` for ``id:changsha``) of an entity that is there;
1. a label written exactly so;
2. that label with a generic word added ("Hubei" for "Hubei Province", "长沙" for "长沙市");
3. a label, or the local name of the entity's IRI, ignoring case ("CHANGSHA", "PilotZone");
4. any label that matches ignoring case, the generic word or a bracketed abbreviation ("MIIT" for
   "… (MIIT)");
5. for a name of two words or more, any label that holds every one of its words, in any order
   ("Changsha pilot zone" names both Changsha zones, and is ambiguous between them).

Two entities at one step make the name ambiguous; none at all is an error naming the closest
labels (``closest``). Each front-end words its own errors, after the option or parameter it serves.

Invisible and control characters (``INVISIBLE``: zero-width spaces, soft hyphens, direction marks
and overrides, tabs and line breaks) do not count, in the name or in a label: "Changsha" finds a
label written "Chang\u200bsha" (``visible``). The shape ``aizsh:InvisibleCharacter`` warns about
the same characters in the data.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.errors import UsageError
from aizones.core.merged_graph import for_lookups
from aizones.core.namespaces import ID, PREFIXES, RDF, RDFS, SKOS

# The properties whose values a user may name an entity by in the store (the projection knows each
# node by its English and Chinese label, see aizones.core.labels, and its local name).
NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
LABEL_LANGUAGES = ("en", "zh")  # the languages of the graph's labels (tests/graph/test_ontology.py)
SLUG = re.compile(r"[a-z0-9-]+")
# The characters of ontology/shapes.ttl's aizsh:InvisibleCharacter (tests/graph/test_shapes.py holds
# them equal); ``visible`` turns those that break a line into a space and drops the others.
_SPANS = ((0x09, 0x0A), (0x0D, 0x0D), (0x7F, 0x9F), (0xAD, 0xAD), (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x2060))
_SPANS += ((0x2066, 0x2069), (0xFEFF, 0xFEFF))
INVISIBLE_CHARACTERS = "".join(chr(c) for first, last in _SPANS for c in range(first, last + 1))
INVISIBLE = re.compile(f"[{re.escape(INVISIBLE_CHARACTERS)}]")
_BREAKS = "\t\n\r\u0085\u2028\u2029"
_VISIBLE = {ord(c): (" " if c in _BREAKS else None) for c in INVISIBLE_CHARACTERS}


def visible(text: str) -> str:
    """``text`` without the ``INVISIBLE`` characters: line breaks and tabs become spaces, the rest go."""
    return text if text.isprintable() else text.translate(_VISIBLE)


def expand(name: str) -> str | None:
    """The IRI a user wrote as ``<iri>``, ``http://…``, ``https://…``, ``urn:…`` or ``prefix:local``.

    None for anything else: a plain label ("Changsha"), a bare slug, an unknown prefix, a prefixed
    name with nothing, a space or ``//`` after the colon (``id://x`` is no prefixed name).
    """
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1] or None
    if name.startswith(("http://", "https://", "urn:")):
        return name
    prefix, colon, local = name.partition(":")
    if colon and prefix in PREFIXES and local and not local.startswith("//") and not any(c.isspace() for c in local):
        return PREFIXES[prefix] + local
    return None


def direct_iri(name: str) -> str | None:
    """The IRI ``name`` spells out: ``expand(name)``, or ``id:name`` for a bare slug (``changsha``)."""
    return expand(name) or (ID[name] if SLUG.fullmatch(name) else None)


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``: the fallback for a missing label."""
    return iri[max(iri.rfind("#"), iri.rfind("/")) + 1 :] or iri


def compact(iri: str) -> str:
    """``id:changsha`` for an IRI under a known prefix, else ``<iri>``."""
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base) :]}"
    return f"<{iri}>"


def match(name: str, labels: Mapping[str, Collection[str]]) -> list[str]:
    """The entities ``name`` matches at the first of steps 1 to 4 (module docstring) that matches any, sorted.

    ``labels`` maps each label to the entities it labels; the local names come from those
    entities' IRIs. An empty list when nothing matches (a blank name matches nothing), two or more
    when the name is ambiguous.
    """
    name = visible(name).strip()
    if not name:
        return []
    labels = visible_labels(labels)
    found = set(labels.get(name, ()))
    if not found:
        found = {e for suffix in ADDED_SUFFIXES for e in labels.get(name + suffix, ())}
    if not found:
        wanted = name.casefold()
        found = {e for label, entities in labels.items() if label.casefold() == wanted for e in entities}
        if "/" not in wanted and "#" not in wanted:
            found |= {e for entities in labels.values() for e in entities if _local_name_is(e, wanted)}
    if not found:
        core = _core(name)
        found = {e for label, entities in labels.items() if core in _keys(label) for e in entities}
    words = _words(name)
    if not found and len(words) > 1:
        found = {e for label, entities in labels.items() if _has_words(label, words) for e in entities}
    return sorted(found)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _has_words(label: str, words: list[str]) -> bool:
    """Step 5: every word of the name is a word of the label, in any order ("Changsha pilot zone"
    for "Changsha national AI innovation pilot zone (MOST)"); a word in Chinese, which is written
    without spaces, may be any part of the label ("长沙 试验区")."""
    folded = label.casefold()
    present = set(_words(folded))
    return all(word in present or (not word.isascii() and word in folded) for word in words)


def visible_labels(labels: Mapping[str, Collection[str]]) -> Mapping[str, Collection[str]]:
    """``labels`` with each label that holds ``INVISIBLE`` characters also under its ``visible`` form."""
    hidden = [label for label in labels if not label.isprintable() and visible(label) != label]
    if not hidden:
        return labels  # the usual case: nothing copied
    merged: dict[str, Collection[str]] = dict(labels)
    for label in hidden:
        shown = visible(label)
        merged[shown] = {*merged.get(shown, ()), *labels[label]}
    return merged


def _local_name_is(iri: str, folded: str) -> bool:
    """Whether ``local_name(iri).casefold() == folded``, by slicing an ASCII IRI (a million triples have 90,000)."""
    if not iri.isascii():  # casefolding may change the length of other text
        return local_name(iri).casefold() == folded
    cut = len(iri) - len(folded)
    return cut > 0 and iri[cut - 1] in "#/" and iri[cut:].casefold() == folded


def closest(name: str, labels: Mapping[str, Collection[str]], limit: int) -> list[str]:
    """At most ``limit`` labels a mistyped ``name`` may have meant, one per entity, the closest first.

    Labels close to the name once case and generic words are set aside (by ``difflib``'s ratio, the
    first label in sorted order speaking for all that share a core), then labels that contain it.
    """
    name = visible(name)
    wanted, core = name.casefold().strip(), _core(name)
    if not core:
        return []
    labels = visible_labels(labels)
    by_core: dict[str, str] = {}
    for label in sorted(labels):
        by_core.setdefault(_core(label), label)
    near = [by_core[c] for c in difflib.get_close_matches(core, list(by_core), n=10, cutoff=0.6)]
    near += [label for label in sorted(labels) if wanted in label.casefold()]
    close: list[str] = []
    meant: set[str] = set()
    for label in near:
        if len(close) < limit and label not in close and not set(labels[label]) <= meant:
            close.append(label)
            meant.update(labels[label])
    return close


@dataclass(frozen=True)
class Lookup:
    """What a name names, for a front-end that shows more than one line (the server's forms): the
    entities of the first step that found any (one when resolved, more when ambiguous) or, with
    none, the closest labels."""

    matches: list[str]
    closest: list[str]


def resolve(dataset: Dataset, name: str, *, classes: tuple[str, ...] = (), what: str = "entity") -> ox.NamedNode:
    """The one entity of the store called ``name``, of one of ``classes`` (any entity if none)."""
    name = visible(name).strip()
    if not name:
        raise UsageError(f"an empty {what} name; give a label such as Changsha, 长沙市 or id:changsha")
    found = lookup(dataset, name, classes=classes)
    if found.matches:
        return _one(found.matches, name, what)
    hint = f"; closest: {', '.join(found.closest)}" if found.closest else ""
    raise UsageError(f"no {what} called {name!r} in the graph{hint}")


def lookup(dataset: Dataset, name: str, *, classes: tuple[str, ...] = ()) -> Lookup:
    """The steps of the module docstring, with labels as ``NAME_PROPERTIES`` give them in any graph.
    Steps 1 and 2 are index look-ups first, milliseconds at any size; only a name neither finds
    reads every label."""
    name = visible(name).strip()
    if not name:
        return Lookup([], [])
    iri = direct_iri(name)
    if iri and _valid_iri(iri) and _described(dataset, iri, classes):
        return Lookup([iri], [])
    for forms in ([name], [name + suffix for suffix in ADDED_SUFFIXES]):
        found = _labelled_exactly(dataset, forms, classes)
        if found:
            return Lookup(found, [])
    labels = _labels(dataset, classes)
    found = match(name, labels)
    if found:
        return Lookup(_of_the_kind_named(dataset, name, found), [])
    return Lookup([], closest(name, labels, 5))


def _of_the_kind_named(dataset: Dataset, name: str, found: list[str]) -> list[str]:
    """Of several matches, those of a kind the name itself names, if any: "Changsha pilot zone"
    holds the words of the class label "AI pilot zone", so the two zones win over the designations
    and documents whose labels also hold those words. Types are read in any graph, so a zone of a
    subclass counts as a pilot zone."""
    if len(found) < 2:
        return found
    words = set(_words(name))
    type_, label = ox.NamedNode(RDF.type), ox.NamedNode(RDFS.label)
    kinds: dict[str, bool] = {}

    def named(kind: ox.NamedNode) -> bool:
        if kind.value not in kinds:
            kinds[kind.value] = any(
                words & set(_words(q.object.value)) - _FILLER
                for q in dataset.store.quads_for_pattern(kind, label, None, None)
                if isinstance(q.object, ox.Literal)
            )
        return kinds[kind.value]

    preferred = [
        e
        for e in found
        if any(
            isinstance(q.object, ox.NamedNode) and named(q.object)
            for q in dataset.store.quads_for_pattern(ox.NamedNode(e), type_, None, None)
        )
    ]
    return preferred or found


_FILLER = frozenset({"a", "an", "the", "of", "and", "in", "for", "ai"})  # words too common to name a kind


def _one(matches: list[str], name: str, what: str) -> ox.NamedNode:
    if len(matches) > 1:
        listed = ", ".join(compact(m) for m in matches[:6])
        raise UsageError(f"the {what} name {name!r} is ambiguous: it names {listed}; pass one of these instead")
    return ox.NamedNode(matches[0])


_PREFIXES = {"rdfs": RDFS.base, "skos": SKOS.base, "rdf": RDF.base}
_NAMED_IN = ", ".join(f"<{p}>" for p in NAME_PROPERTIES)
_NAMED_UNION = " UNION ".join(f"{{ ?entity <{p}> ?name }}" for p in NAME_PROPERTIES)


def _labels(dataset: Dataset, classes: tuple[str, ...]) -> dict[str, set[str]]:
    """Every label of an entity (of ``classes``), with the entities it labels."""
    labels: dict[str, set[str]] = {}
    restricted = _restriction(classes)
    query = (
        f"SELECT DISTINCT ?entity ?name WHERE {{ ?entity ?named ?name . FILTER(?named IN ({_NAMED_IN}) && isIRI(?entity)) {restricted} }}"
    )
    store, options = for_lookups(dataset)  # the merge where there is one: each label once, from one graph
    for row in store.query(query, prefixes=_PREFIXES, **options):
        labels.setdefault(row["name"].value, set()).add(row["entity"].value)
    return labels


def _labelled_exactly(dataset: Dataset, forms: list[str], classes: tuple[str, ...]) -> list[str]:
    """The entities (of ``classes``) with one of ``forms`` as a label in English, Chinese or no language.

    The forms go into the query as a ``VALUES`` list of literals written by Oxigraph, which
    escapes every quote and backslash; the query looks each one up in the store's index.
    """
    literals = [ox.Literal(form) for form in forms] + [ox.Literal(form, language=lang) for form in forms for lang in LABEL_LANGUAGES]
    restricted = f"FILTER EXISTS {{ {_restriction(classes)} }}" if classes else ""
    values = " ".join(str(literal) for literal in literals)
    query = f"SELECT DISTINCT ?entity WHERE {{ VALUES ?name {{ {values} }} {_NAMED_UNION} FILTER(isIRI(?entity)) {restricted} }}"
    store, options = for_lookups(dataset)
    return sorted({row["entity"].value for row in store.query(query, prefixes=_PREFIXES, **options)})


def _restriction(classes: tuple[str, ...]) -> str:
    # class IRIs come from aizones.core.namespaces, never from the user
    return "?entity rdf:type ?class . FILTER(?class IN ({}))".format(", ".join(f"<{c}>" for c in classes)) if classes else ""


_GENERIC_SUFFIXES = (" province", " city", " municipality", " county", " district", "省", "市", "县", "区")
# The generic words a user may leave out, as they are added back for step 2.
ADDED_SUFFIXES = (" Province", " City", " Municipality", " County", " District", "省", "市", "县", "区")
_BRACKETED = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")


def _core(name: str) -> str:
    core = name.casefold().strip()
    for suffix in _GENERIC_SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            return core[: -len(suffix)].strip()
    return core


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
