"""How the ontology documentation names, anchors and links IRIs.

Terms are shown the way a data author writes them in Turtle (``aiz:Region``), with the project's
prefixes; a namespace the project has no prefix for gets the ontology's preferred prefix
(``vann:preferredNamespacePrefix``) or ``ns1``, ``ns2``…, so a foreign ontology reads as well.
Every documented IRI gets a readable anchor (``#aiz-Region``); other IRIs are plain links to their
vocabulary (never loaded by the page) or, when they are not web addresses, just text. All the
HTML here, text, attributes and links, goes through ``aizones.core.safehtml``: an IRI from the data
becomes a link only with the http or https scheme as a browser reads it, never ``javascript:``.
Labels and literal values are written by ``safehtml.isolated`` (``<bdi>``), so a label's unclosed
right-to-left override cannot turn the words after it around.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from aizones.core import safehtml
from aizones.core.namespaces import OWL, PREFIXES, RDF, RDFS, SKOS, VANN
from aizones.ontodoc.terms import ALIGNMENTS, DEFINITIONS, LABELS, Node, Ontology, Term

LOCAL_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
# Predicates the page shows in their own places; any other statement about a term is listed as is.
STRUCTURAL = {RDF.type, *LABELS, *DEFINITIONS, *ALIGNMENTS, RDFS.domain, RDFS.range, OWL.inverseOf, OWL.disjointWith, OWL.members}
STRUCTURAL |= {SKOS.inScheme, SKOS.topConceptOf, SKOS.hasTopConcept, SKOS.broader, SKOS.narrower}
# Words for the annotations the ontology borrows without labelling them.
ANNOTATION_WORDS = {SKOS.altLabel: "also called", SKOS.notation: "notation", SKOS.scopeNote: "scope note", SKOS.example: "example"}
ANNOTATION_WORDS |= {SKOS.editorialNote: "editorial note", OWL.deprecated: "deprecated", OWL.versionInfo: "version"}


class Names:
    def __init__(self, ontology: Ontology, anchored: Iterable[str]) -> None:
        self.onto, self.t = ontology, ontology.triples
        self.prefixes = dict(PREFIXES)
        self.used: set[str] = set()
        self.issued: set[str] = set()
        self.anchors: dict[str, str] = {}
        anchored = list(anchored)
        self._name_namespaces(anchored)
        for iri in anchored:
            self._anchor(iri)

    def _name_namespaces(self, iris: list[str]) -> None:
        preferred = {}
        for header in self.onto.headers:
            uri = [v.value for v in self.t.objects(ox.NamedNode(header), VANN.preferredNamespaceUri)]
            prefix = [v.value for v in self.t.objects(ox.NamedNode(header), VANN.preferredNamespacePrefix)]
            if uri and prefix:
                preferred[uri[0]] = prefix[0]
        missing = sorted({re.sub(r"[^#/]*$", "", iri) for iri in iris if self.compact(iri).startswith("<")} - {""})
        counter = 1
        for namespace in missing:
            prefix = preferred.get(namespace)
            if not prefix or prefix in self.prefixes:
                while f"ns{counter}" in self.prefixes:
                    counter += 1
                prefix = f"ns{counter}"
            self.prefixes[prefix] = namespace

    def compact(self, iri: str) -> str:
        """``prefix:local`` with the longest matching namespace, else ``<iri>``."""
        best = max((base for base in self.prefixes.values() if iri.startswith(base)), key=len, default=None)
        if best is not None and LOCAL_NAME.fullmatch(iri[len(best) :]):
            return f"{next(p for p, b in self.prefixes.items() if b == best)}:{iri[len(best) :]}"
        return f"<{iri}>"

    def _anchor(self, iri: str) -> str:
        if iri not in self.anchors:
            name = self.compact(iri)
            base = re.sub(r"[^A-Za-z0-9_]+", "-", name).strip("-") or "term"
            taken, anchor, n = set(self.anchors.values()), base, 2
            while anchor in taken:
                anchor, n = f"{base}-{n}", n + 1
            self.anchors[iri] = anchor
        return self.anchors[iri]

    def name(self, iri: str) -> str:
        short = self.compact(iri)
        if not short.startswith("<"):
            self.used.add(short.split(":", 1)[0])
        return short

    def link(self, iri: str) -> str:
        code = f"<code>{safehtml.text(self.name(iri))}</code>"
        if iri in self.anchors:
            term = self.onto.terms.get(iri)
            return safehtml.anchor(f"#{self.anchors[iri]}", code, title=term.label() if term else None)
        # a plain link to another vocabulary (never loaded) when it is a web address; else the name alone
        return safehtml.anchor(iri, code, css_class="ext", schemes=safehtml.WEB_SCHEMES)

    def links(self, iris: list[str]) -> str:
        return ", ".join(self.link(i) for i in iris)

    def id_attr(self, iri: str | None) -> str:
        """The ``id`` attribute for the first place a term is written; later places only link."""
        if not iri or iri not in self.anchors or iri in self.issued:
            return ""
        self.issued.add(iri)
        return safehtml.attribute("id", self.anchors[iri])

    def expression(self, node: Node) -> str:
        """A class or datatype as OWL states it: an IRI, or a union, intersection or complement."""
        if isinstance(node, ox.NamedNode):
            return self.link(node.value)
        for predicate, joiner in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
            for head in self.t.objects(node, predicate):
                return joiner.join(self.expression(m) for m in self.t.items(head))
        for inner in self.t.objects(node, OWL.complementOf):
            return f"not {self.expression(inner)}"
        return "<em>an anonymous class</em>"

    def value(self, node: Node) -> str:
        if isinstance(node, ox.Literal):
            return safehtml.isolated(node.value, lang=node.language or None)
        return self.expression(node)

    def heading(self, term: Term, level: int = 3) -> str:
        """The term's English label, its other labels (Chinese), and its prefixed name."""
        english = term.label() or self.name(term.iri)
        other = "".join(f" {safehtml.isolated(text, lang=lang, css_class='zh')}" for lang, text in term.labels if lang not in ("en", ""))
        return f'<h{level}>{safehtml.isolated(english)}{other} <code class="iri">{safehtml.text(self.name(term.iri))}</code></h{level}>'

    def definitions(self, term: Term) -> str:
        return "".join(f'<p class="def" lang="{safehtml.text(lang or "en")}">{safehtml.text(text)}</p>' for lang, text in term.definitions)

    def annotations(self, iri: str) -> list[tuple[str, str]]:
        """What else the ontology says about a term, by the label of each annotation property."""
        rows = []
        for predicate in sorted(self.t.spo.get(ox.NamedNode(iri), {})):
            if predicate in STRUCTURAL:
                continue
            described = self.onto.terms.get(predicate)
            name = described.label() if described and described.label() else ANNOTATION_WORDS.get(predicate) or self.name(predicate)
            rows.append((name, ", ".join(self.value(v) for v in self.t.objects(ox.NamedNode(iri), predicate))))
        return rows

    @staticmethod
    def facts(rows: list[tuple[str, str]]) -> str:
        """A term's facts as a definition list; empty facts are left out."""
        return '<dl class="facts">' + "".join(f"<dt>{safehtml.text(k)}</dt><dd>{v}</dd>" for k, v in rows if v) + "</dl>"

    def prefix_rows(self) -> str:
        rows = "".join(
            f"<tr><td><code>{safehtml.text(p)}:</code></td><td><code>{safehtml.text(self.prefixes[p])}</code></td></tr>"
            for p in sorted(self.used)
        )
        return f'<table class="prefixes"><tbody>{rows}</tbody></table>'
