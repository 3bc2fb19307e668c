"""The ontology's documentation: one self-contained HTML page in ``dist/ontology/index.html``.

The page opens with the class hierarchy as an indented tree, then documents every class (with its
super- and subclasses, alignments, disjoint classes, the properties that use it, and the SHACL
shapes that check its instances: every rule in words with its severity and message), every
property (kind, characteristics, domain, range, inverse, the rules that check it), every concept
scheme with its concepts, and the alignments to external vocabularies in one table.

Why not pyLODE: 3.4.1 fails at import when installed from its wheel; 3.2.1 runs offline and is
deterministic, but documents neither the SKOS concepts nor the shapes, prints the English and
Chinese labels run together, documents the bare external declarations as terms of ours, and
brings httpx, dominate, markdown and html5lib. This page's HTML goes through
``aizones.core.safehtml``: every text and attribute is escaped with ``safehtml.text``, every link is
made by ``safehtml.anchor`` (only a ``#fragment`` of the page or an http or https address), every
label is isolated by ``safehtml.isolated`` (``<bdi>``); one inline stylesheet, no script, no style
attribute, and nothing to fetch when it is viewed, which the graph page's Content-Security-Policy
(``safehtml.content_security_policy``) holds the browser to.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from aizones.core import safehtml
from aizones.core.namespaces import DCTERMS, OWL, RDF, RDFS, VANN
from aizones.ontodoc.concepts import concept_schemes
from aizones.ontodoc.links import Names
from aizones.ontodoc.shapes import Rule, ShapeDoc, read_shapes
from aizones.ontodoc.style import STYLE
from aizones.ontodoc.terms import CHARACTERISTICS, Term, alignments, class_tree, disjoint_with, read_terms
from aizones.publishing.layout import ONTOLOGY_FOLDER

if TYPE_CHECKING:
    from aizones.core.dataset import Dataset
    from aizones.publishing.staging import Staging

PAGE = "index.html"
PROPERTY_SECTIONS = {"object": "Object properties", "datatype": "Datatype properties", "annotation": "Annotation properties"}
PROPERTY_SECTIONS |= {"other": "Other properties"}
PROPERTY_WORDS = {"object": "object property", "datatype": "datatype property", "annotation": "annotation property", "other": "property"}
Section = tuple[str, str, str]  # id, heading, HTML


def add_to_build(dataset: Dataset, staging: Staging) -> None:
    """The build's hook: the page goes into ``ontology/`` of the output folder and its manifest."""
    staging.add_tree(ONTOLOGY_FOLDER, lambda folder: write_ontology_docs(dataset, folder))


def write_ontology_docs(dataset: Dataset, folder: Path) -> list[str]:
    """Write the page (it needs no other file) into ``folder``; return the names written."""
    (folder / PAGE).write_bytes(ontology_page(dataset))
    return [PAGE]


def ontology_page(dataset: Dataset) -> bytes:
    """The documentation of the dataset's ontology and shapes files, as one HTML page."""
    return Page(dataset).render().encode("utf-8")


class Page(Names):
    def __init__(self, dataset: Dataset) -> None:
        ontology = read_terms(dataset)
        # Shapes link to each other (sh:node): learn their IRIs first, then put their rules in words.
        named = read_shapes(dataset, lambda _iri: "")
        shape_iris = {*named, *(r.iri for s in named.values() for r in s.rules if r.iri)}
        super().__init__(ontology, [*sorted(ontology.terms), *sorted(shape_iris - set(ontology.terms))])
        self.shapes: dict[str, ShapeDoc] = read_shapes(dataset, self.link)
        self.homes = {iri: self._home(shape) for iri, shape in self.shapes.items()}
        self.checks: dict[str, list[tuple[Rule, ShapeDoc]]] = {}
        for shape in self.shapes.values():
            for rule in shape.rules:
                for prop in rule.about:
                    self.checks.setdefault(prop, []).append((rule, shape))

    def render(self) -> str:
        sections = [self.hierarchy(), self.classes(), *self.properties(), self.schemes(), self.general_shapes(), self.alignment_table()]
        shown = [s for s in sections if s is not None]
        header, title = self.header()
        shown.append(("prefixes", "Prefixes", self.prefix_rows()))  # last: it lists the prefixes used above
        nav = "".join(f"<li>{safehtml.anchor(f'#{sid}', safehtml.text(heading))}</li>" for sid, heading, _html in shown)
        main = "\n".join(
            f"<section{safehtml.attribute('id', sid)}><h2>{safehtml.text(heading)}</h2>{html}</section>" for sid, heading, html in shown
        )
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"{safehtml.policy_meta(safehtml.content_security_policy(styles=(STYLE,)))}\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{safehtml.text(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{header}\n"
            f"<nav><h2>Contents</h2><ol>{nav}</ol></nav>\n<main>\n{main}\n</main>\n"
            "<footer>Written by <code>aizones build</code> from the files in <code>ontology/</code>.</footer>\n</body>\n</html>\n"
        )

    def header(self) -> tuple[str, str]:
        """The ontology's title, description and metadata, and the page title."""
        if not self.onto.headers:
            return "<header><h1>Ontology</h1></header>", "Ontology"
        node = ox.NamedNode(self.onto.headers[0])
        titles = self.t.texts(node, (DCTERMS.title, RDFS.label))
        title = next((text for lang, text in titles if lang in ("en", "")), self.name(node.value))
        others = "".join(f" {safehtml.isolated(text, lang=lang, css_class='zh')}" for lang, text in titles if lang not in ("en", ""))
        rows = [("Ontology IRI", _address(node))]
        for label, predicate in (
            ("Version IRI", OWL.versionIRI),
            ("Version", OWL.versionInfo),
            ("Licence", DCTERMS.license),
            ("Created", DCTERMS.created),
            ("Preferred prefix", VANN.preferredNamespacePrefix),
            ("Namespace", VANN.preferredNamespaceUri),
        ):
            rows += [(label, _address(v) if isinstance(v, ox.NamedNode) else self.value(v)) for v in self.t.objects(node, predicate)]
        counts = [
            _count(len(self.onto.of_kind("class")), "class", "classes"),
            _count(len(self.onto.of_kind(*PROPERTY_SECTIONS)), "property", "properties"),
            _count(len(self.onto.of_kind("scheme")), "concept scheme", "concept schemes")
            + f" with {_count(len(self.onto.of_kind('concept')), 'concept', 'concepts')}",
            _count(len(self.shapes), "SHACL shape", "SHACL shapes"),
        ]
        texts = self.t.texts(node, (DCTERMS.description, RDFS.comment))
        description = "".join(f'<p lang="{safehtml.text(lang or "en")}">{safehtml.text(text)}</p>' for lang, text in texts)
        table = "".join(f"<dt>{safehtml.text(k)}</dt><dd>{v}</dd>" for k, v in rows)
        counted = safehtml.text(" · ".join(counts))
        return (
            f'<header><h1>{safehtml.isolated(title)}{others}</h1>{description}<dl class="meta">{table}</dl><p class="counts">{counted}</p></header>',
            title,
        )

    def hierarchy(self) -> Section | None:
        """The classes as an indented tree of nested lists, roots first."""
        rows, out, depth = class_tree(self.onto), [], -1
        for level, iri in rows:
            out.append("<ul>" * (level - depth) if level > depth else "</li>" + "</ul></li>" * (depth - level))
            term = self.onto.terms[iri]
            zh = f" {safehtml.isolated(term.label('zh'), lang='zh', css_class='zh')}" if term.label("zh") else ""
            out.append(f"<li>{self.link(iri)} {safehtml.isolated(term.label())}{zh}")
            depth = level
        if not rows:
            return None
        out.append("</li>" + "</ul></li>" * depth + "</ul>")
        return "hierarchy", "Class hierarchy", f'<div class="tree">{"".join(out)}</div>'

    def classes(self) -> Section | None:
        order = list(dict.fromkeys(iri for _depth, iri in class_tree(self.onto)))  # tree order keeps families together
        return ("classes", "Classes", "".join(self.class_entry(self.onto.terms[iri]) for iri in order)) if order else None

    def class_entry(self, term: Term) -> str:
        iri, properties = term.iri, self.onto.of_kind(*PROPERTY_SECTIONS)
        rows = [
            ("IRI", f"<code>{safehtml.text(iri)}</code>"),
            ("Subclass of", self.links([s for s in self.onto.supers(iri) if self.onto.documented(s) and s != iri])),
            ("Subclasses", self.links([s for s in self.onto.subs(iri) if self.onto.documented(s) and s != iri])),
            ("Aligned with", self.aligned(iri)),
            ("Disjoint with", self.links(disjoint_with(self.onto, iri))),
            ("Properties with this domain", self.links([p.iri for p in properties if self._mentions(p.iri, RDFS.domain, iri)])),
            ("Properties with this range", self.links([p.iri for p in properties if self._mentions(p.iri, RDFS.range, iri)])),
            *self.annotations(iri),
        ]
        body = f"{self.heading(term)}{self.definitions(term)}{self.facts(rows)}{self.class_shapes(iri)}"
        return f'<article class="term class"{self.id_attr(iri)}>{body}</article>'

    def _mentions(self, prop: str, predicate: str, cls: str) -> bool:
        """Whether ``prop``'s domain or range is ``cls`` or a union that includes it."""
        for value in self.t.objects(ox.NamedNode(prop), predicate):
            if value == ox.NamedNode(cls):
                return True
            if isinstance(value, ox.BlankNode) and any(ox.NamedNode(cls) in self.t.items(h) for h in self.t.objects(value, OWL.unionOf)):
                return True
        return False

    def aligned(self, iri: str) -> str:
        return ", ".join(f"{safehtml.text(words)} {self.link(target)}" for words, target in alignments(self.onto, iri))

    def _home(self, shape: ShapeDoc) -> str | None:
        """The one class a shape is shown under: the most general documented class it targets."""
        targeted = [c for c in shape.target_classes() if self.onto.documented(c)]
        homes = [c for c in targeted if not any(a in targeted for a in self.onto.ancestors(c))]
        return homes[0] if len(homes) == 1 else None

    def class_shapes(self, iri: str) -> str:
        """The shapes shown under this class in full, then links to every other shape that applies."""
        ancestors = self.onto.ancestors(iri)
        inline, listed = [], []
        for shape_iri, shape in sorted(self.shapes.items()):
            classes = shape.target_classes()
            via = [a for a in ancestors if a in classes]
            if self.homes[shape_iri] == iri:
                inline.append(self.shape_block(shape))
            elif iri in classes:
                listed.append(self.link(shape_iri))
            elif via:
                listed.append(f"{self.link(shape_iri)} (through {self.link(via[0])})")
        also = f'<p class="also">Also checked by {", ".join(listed)}.</p>' if listed else ""
        return "".join(inline) + also

    def shape_block(self, shape: ShapeDoc, level: int = 4) -> str:
        kinds = dict.fromkeys(kind for kind, _t in shape.targets)
        grouped = [f"{safehtml.text(k)} " + ", ".join(self.link(t) for kind, t in shape.targets if kind == k) for k in kinds]
        targets = "; ".join(grouped) or "nothing by itself (other shapes use it through <code>sh:node</code>)"
        comment = f"<p>{safehtml.text(shape.comment)}</p>" if shape.comment else ""
        head = f'<div class="shape"{self.id_attr(shape.iri)}><h{level}>Shape <code>{safehtml.text(self.name(shape.iri))}</code></h{level}>'
        return f'{head}{comment}<p class="targets">Applies to: {targets}</p>{self.rule_table(shape.rules, bool(shape.targets))}</div>'

    def rule_table(self, rules: list[Rule], targeted: bool) -> str:
        """One row per rule; a shape used only through sh:node reports with its user's severity."""
        rows = []
        for rule in rules:
            name = f'<div class="rule-name">{safehtml.text(rule.name)}</div>' if rule.name else ""
            ident = f'<div class="rule-iri"><code>{safehtml.text(self.name(rule.iri))}</code></div>' if rule.iri else ""
            severity = (
                f'<span class="sev {safehtml.text(rule.severity.lower())}">{safehtml.text(rule.severity)}</span>' if targeted else "—"
            )
            query = f"<details><summary>SPARQL query</summary><pre>{safehtml.text(rule.query)}</pre></details>" if rule.query else ""
            rows.append(
                f"<tr{self.id_attr(rule.iri)}><td>{rule.path}{name}{ident}</td><td>{rule.requirement}{query}</td>"
                f"<td>{severity}</td><td>{safehtml.text(rule.message) or '—'}</td></tr>"
            )
        columns = '<colgroup><col class="c-path"><col class="c-rule"><col class="c-sev"><col></colgroup>'
        head = "<thead><tr><th>Property</th><th>Rule</th><th>Severity</th><th>Message</th></tr></thead>"
        return f'<table class="rules">{columns}{head}<tbody>{"".join(rows)}</tbody></table>' if rows else ""

    def properties(self) -> list[Section]:
        return [
            (f"{kind}-properties", title, "".join(self.property_entry(p) for p in terms))
            for kind, title in PROPERTY_SECTIONS.items()
            if (terms := self.onto.of_kind(kind))
        ]

    def property_entry(self, term: Term) -> str:
        iri, node = term.iri, ox.NamedNode(term.iri)
        kinds = [PROPERTY_WORDS[term.kind], *(w for declared, w in CHARACTERISTICS.items() if declared in self.t.iris(node, RDF.type))]
        inverse = sorted({*self.t.iris(node, OWL.inverseOf), *(s.value for s in self.t.subjects(OWL.inverseOf, node))} - {iri})
        subs = [s.value for s in self.t.subjects(RDFS.subPropertyOf, node) if isinstance(s, ox.NamedNode)]
        checked = dict.fromkeys(self.link(rule.iri or shape.iri) for rule, shape in self.checks.get(iri, []))
        rows = [
            ("IRI", f"<code>{safehtml.text(iri)}</code>"),
            ("Kind", safehtml.text(", ".join(kinds))),
            ("Domain", ", ".join(self.expression(v) for v in self.t.objects(node, RDFS.domain))),
            ("Range", ", ".join(self.expression(v) for v in self.t.objects(node, RDFS.range))),
            ("Inverse of", self.links(inverse)),
            ("Subproperty of", self.links([s for s in self.t.iris(node, RDFS.subPropertyOf) if self.onto.documented(s)])),
            ("Subproperties", self.links(subs)),
            ("Aligned with", self.aligned(iri)),
            ("Checked by", ", ".join(checked)),
            *self.annotations(iri),
        ]
        return f'<article class="term property"{self.id_attr(iri)}>{self.heading(term)}{self.definitions(term)}{self.facts(rows)}</article>'

    def schemes(self) -> Section | None:
        html = concept_schemes(self)
        return ("concept-schemes", "Concept schemes", html) if html else None

    def general_shapes(self) -> Section | None:
        rest = [shape for iri, shape in sorted(self.shapes.items()) if self.homes[iri] is None]
        intro = "<p>Shapes that apply to several classes, to whatever uses a property, or that other shapes use.</p>"
        return ("shapes", "Other shapes", intro + "".join(self.shape_block(s, 3) for s in rest)) if rest else None

    def alignment_table(self) -> Section | None:
        rows = [(target, words, term) for term in self.onto.terms for words, target in alignments(self.onto, term)]
        if not rows:
            return None
        rows.sort(key=lambda r: (self.name(r[0]), r[1], self.name(r[2])))
        body = "".join(
            f"<tr><td>{self.link(term)}</td><td>{safehtml.text(words)}</td><td>{self.link(target)}</td></tr>"
            for target, words, term in rows
        )
        head = "<thead><tr><th>Term</th><th>Relation</th><th>External term</th></tr></thead>"
        return (
            "alignments",
            "Alignments",
            f'<p>Links to other vocabularies; none of them is loaded.</p><table class="align">{head}<tbody>{body}</tbody></table>',
        )


def _address(node: ox.NamedNode) -> str:
    """A whole IRI as a link (the ontology's own, its licence); a non-web IRI as text."""
    shown = safehtml.text(node.value)
    if safehtml.safe_href(node.value, safehtml.WEB_SCHEMES) is None:
        return f"<code>{shown}</code>"
    return safehtml.anchor(node.value, shown, css_class="ext", schemes=safehtml.WEB_SCHEMES)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
