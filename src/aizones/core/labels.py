"""Labels of things: the one rule that picks an entity's label, and the ``Labeller`` that applies it to the store.

``pick_label`` works on plain values, ``(predicate, language, text)``, so the same rule serves a
look-up in the store (``store_labels``, the ``Labeller``, the validation findings) and the
projection's index of strings (``aizones.drawing.asserted_index``), which reads a million triples
and must not make a pyoxigraph term of each label. The ontology's documentation picks its terms'
labels with it too.
"""

from __future__ import annotations

import unicodedata
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
        table = self.dataset.labels  # one indexed look-up instead of four in an on-disk store
        values = table.labels(iri) if table is not None else store_labels(self.dataset, ox.NamedNode(iri))
        found = pick_label(values, self.languages)
        if found:
            return found
        if iri.startswith(GRAPH.base):
            return iri[len(GRAPH.base) :]  # a named graph reads best as the file it came from
        return compact(iri)


# Labels longer than this many characters are shortened in pictures (diagrams, charts, the graph
# page's canvas and search results): a 1 MB label made a build take minutes and a 76 MB SVG. The
# full text stays in the data, the exports and the graph page's panel.
PICTURE_LABEL_LIMIT = 80
ELLIPSIS = "…"
_ZWJ = "\u200d"


def shorten(text: str, limit: int = PICTURE_LABEL_LIMIT) -> str:
    """``text`` when it has at most ``limit`` characters; else its start and ``…``, ``limit`` characters in all.

    The cut falls between two user-perceived characters (an approximation of UAX #29 grapheme
    clusters): never before a combining mark or variation selector, on either side of a zero-width
    joiner, before an emoji modifier or tag character, between the two halves of a surrogate pair
    or a flag, inside CR LF or a conjoining Hangul syllable; trailing spaces before the ``…`` go.
    """
    if len(text) <= limit:
        return text
    cut = limit - len(ELLIPSIS)
    back = cut
    while back > 0 and _joined(text, back):
        back -= 1
    if back == 0:  # the whole start is one cluster (80 combining marks): cut after it instead
        while cut < len(text) and _joined(text, cut):
            cut += 1
        if cut == len(text):
            return text
        back = cut
    return text[:back].rstrip() + ELLIPSIS


def _joined(text: str, at: int) -> bool:
    """Whether ``text[at]`` belongs to the same user-perceived character as ``text[at - 1]``."""
    before, here = text[at - 1], text[at]
    code = ord(here)
    if unicodedata.category(here) in ("Mn", "Me", "Mc") or here == _ZWJ or before == _ZWJ:
        return True
    if 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:  # emoji modifiers, tag characters
        return True
    if 0xDC00 <= code <= 0xDFFF and 0xD800 <= ord(before) <= 0xDBFF:  # a surrogate pair left in a str
        return True
    if (before, here) == ("\r", "\n") or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:  # CR LF, Hangul vowels and finals
        return True
    if _regional(here) and _regional(before):  # a flag is a pair: joined when an odd number precede
        run = at
        while run > 0 and _regional(text[run - 1]):
            run -= 1
        return (at - run) % 2 == 1
    return False


def _regional(character: str) -> bool:
    return 0x1F1E6 <= ord(character) <= 0x1F1FF
