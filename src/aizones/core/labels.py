"""Labels of things: the one rule that picks an entity's label, and the ``Labeller`` that applies it to the store.

``pick_label`` works on plain values, ``(predicate, language, text)``, so the same rule serves a
look-up in the store (``store_labels``, the ``Labeller``, the validation findings) and the
projection's index of strings (``aizones.drawing.asserted_index``), which reads a million triples
and must not make a pyoxigraph term of each label. The ontology's documentation picks its terms'
labels with it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.names import compact
from aizones.core.namespaces import DCTERMS, GRAPH, RDFS, SCHEMA, SKOS

# The properties that give a label, the first preferred.
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SCHEMA.name, DCTERMS.title)
LABEL_RANKS = {predicate: rank for rank, predicate in enumerate(LABEL_PROPERTIES)}
ANY = "*"  # in a list of languages: a label in any other language


def language_rank(tag: str | None, ranks: dict[str, int], other: int | None) -> int | None:
    """The rank of the first language range in ``ranks`` that ``tag`` matches by basic filtering
    (RFC 4647 §3.3.1: the range itself, or the range and a hyphen, ignoring case): ``zh`` matches
    ``zh``, ``zh-Hans`` and ``zh-Hans-CN-x-…``; ``other`` (the rank of ``ANY``) if none does."""
    tag = tag.lower() if tag else "en"
    best = ranks.get(tag)
    cut = tag.rfind("-")
    while cut > 0:  # zh-hans-cn, then zh-hans, then zh
        tag = tag[:cut]
        rank = ranks.get(tag)
        if rank is not None and (best is None or rank < best):
            best = rank
        cut = tag.rfind("-")
    return best if best is not None else other


def pick_label(labels: Iterable[tuple[str, str | None, str]], languages: Sequence[str] = ("en",)) -> str:
    """The label of a thing from its ``(predicate, language tag, text)`` values; "" if none fits.

    Precedence, each step deciding only among what the step before left equal:

    1. language: the first of ``languages`` any label is in; ``ANY`` matches every language not
       named before it. A label without a language tag counts as English, and a tag is in a
       language by BCP 47 prefix (basic filtering, ``language_rank``): ``zh-Hans-CN`` is ``zh``,
       ``en-GB`` is ``en``. Labels in no language of the list are never picked.
    2. property: the first of ``LABEL_PROPERTIES`` (``rdfs:label``, ``skos:prefLabel``,
       ``schema:name``, ``dcterms:title``); values of other properties are ignored.
    3. tag: a tag that is a language of the list itself, or a bare primary subtag (``zh``; none
       and ``en`` alike for English), before any longer one (``zh-Hans``, ``zh-Hant``); then the
       lower-cased tags in code-point order.
    4. text: the smallest in code-point order, so a thing with two labels of equal standing gets
       the same one whatever order the store or the files give them in.
    """
    ranks = {language.lower(): rank for rank, language in reversed(list(enumerate(languages)))}
    other = ranks.get(ANY)
    best: tuple[int, int, tuple[int, str], str] | None = None
    for predicate, tag, text in labels:
        rank = LABEL_RANKS.get(predicate)
        if rank is None:
            continue
        language = language_rank(tag, ranks, other)
        if language is None:
            continue
        lowered = tag.lower() if tag else "en"
        key = (language, rank, (0 if lowered in ranks or "-" not in lowered else 1, lowered), text)
        if best is None or key < best:
            best = key
    return best[3] if best is not None else ""


def store_labels(dataset: Dataset, node: ox.NamedNode | ox.BlankNode) -> list[tuple[str, str, str]]:
    """The ``(predicate, language tag, text)`` of every label ``node`` has in any graph of the store."""
    return [
        (predicate, quad.object.language or "", quad.object.value)
        for predicate in LABEL_PROPERTIES
        for quad in dataset.store.quads_for_pattern(node, ox.NamedNode(predicate), None, None)
        if isinstance(quad.object, ox.Literal)
    ]


class Labeller:
    """Labels of IRIs in one language, by ``pick_label``: in ``lang``, else English, else any language;
    failing all, a named graph reads as the file it came from and anything else as its prefixed IRI."""

    def __init__(self, dataset: Dataset, lang: str = "en") -> None:
        self.dataset, self.lang = dataset, lang
        self.languages = (lang, "en", ANY)
        self.label = lru_cache(maxsize=100_000)(self._label)

    def _label(self, iri: str) -> str:
        found = pick_label(store_labels(self.dataset, ox.NamedNode(iri)), self.languages)
        if found:
            return found
        if iri.startswith(GRAPH.base):
            return iri[len(GRAPH.base) :]  # a named graph reads best as the file it came from
        return compact(iri)
