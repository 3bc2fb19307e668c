"""The SHACL shapes as a data author reads them: what each rule asks, in words, with its message.

``read_shapes`` turns every named node shape of the dataset's shapes files into a ``ShapeDoc``:
its targets, and one ``Rule`` per property shape, per SPARQL constraint and for the constraints on
the entity itself. ``Rule.requirement`` says what the rule asks ("required; each value a
aiz:Region"); the caller passes the ``link`` function that turns an IRI into the page's HTML, so
this module decides the words and ``aizones.ontodoc.page`` decides the page. The words are HTML
whose text from the data (names, patterns, literals) is escaped by ``aizones.core.safehtml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from aizones.core import safehtml
from aizones.core.dataset import Dataset
from aizones.core.namespaces import RDF, RDFS, SH, XSD
from aizones.ontodoc.terms import Node, Triples

Link = Callable[[str], str]  # IRI -> HTML

TARGETS = {SH.targetClass: "instances of", SH.targetSubjectsOf: "subjects of", SH.targetObjectsOf: "objects of", SH.targetNode: "the node"}
# Parameters that describe a shape rather than constrain it; everything else is shown.
NOT_CONSTRAINTS = {
    *TARGETS,
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SH.path,
    SH.name,
    SH.description,
    SH.message,
    SH.severity,
    SH.order,
    SH.group,
    SH.deactivated,
    SH.sparql,
    SH.property,
    SH.declare,
    SH.prefixes,
    SH.defaultValue,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.flags,
    SH.ignoredProperties,
    SH.maxCount,
}
COMPARISONS = {
    SH.minInclusive: "at least",
    SH.minExclusive: "more than",
    SH.maxInclusive: "at most",
    SH.maxExclusive: "less than",
    SH.minLength: "length at least",
    SH.maxLength: "length at most",
    SH.equals: "equal to the values of",
    SH.disjoint: "none of the values of",
    SH.lessThan: "less than the values of",
    SH.lessThanOrEquals: "at most the values of",
}
NODE_KINDS = {
    SH.IRI: "an IRI",
    SH.Literal: "a literal",
    SH.BlankNode: "a blank node",
    SH.BlankNodeOrIRI: "an IRI or a blank node",
    SH.BlankNodeOrLiteral: "a blank node or a literal",
    SH.IRIOrLiteral: "an IRI or a literal",
}
LOGICAL = {SH["or"]: "any of", SH["and"]: "all of", SH.xone: "exactly one of"}


@dataclass
class Rule:
    """One line of a shape's table: a property shape, the entity's own constraints, or SPARQL."""

    iri: str | None  # the rule's IRI when it has one (findings name it)
    path: str  # HTML
    name: str
    requirement: str  # HTML
    severity: str  # Violation, Warning or Info
    message: str
    query: str | None = None  # a SPARQL constraint's SELECT
    about: list[str] = field(default_factory=list)  # the properties its path follows


@dataclass
class ShapeDoc:
    iri: str
    targets: list[tuple[str, str]]  # (kind of target, IRI)
    comment: str
    rules: list[Rule] = field(default_factory=list)

    def target_classes(self) -> list[str]:
        return [iri for kind, iri in self.targets if kind == "instances of"]


def read_shapes(dataset: Dataset, link: Link) -> dict[str, ShapeDoc]:
    """Every node shape with an IRI in the shapes files, with its rules, by IRI."""
    triples = Triples(dataset.quads(dataset.graphs("shapes")))
    words = Words(triples, link)
    targeted = {s for t in TARGETS for subjects in triples.pos.get(t, {}).values() for s in subjects}
    named = triples.typed(SH.NodeShape) | {s.value for s in targeted if isinstance(s, ox.NamedNode)}
    shapes: dict[str, ShapeDoc] = {}
    for iri in sorted(named):
        node = ox.NamedNode(iri)
        targets = sorted((kind, t) for p, kind in TARGETS.items() for t in triples.iris(node, p))
        comment = " ".join(text for _lang, text in triples.texts(node, (RDFS.comment, SH.description))[:1])
        shape = ShapeDoc(iri, targets, comment)
        rules = [words.property_rule(p) for p in triples.objects(node, SH.property)]
        rules.sort(key=lambda r: (r.path, r.name, r.iri or "", r.requirement, r.message))
        own = words.requirement(node, properties=False)
        if own:
            rules.insert(0, Rule(None, "<em>the entity itself</em>", "", own, words.severity(node), words.message(node)))
        rules.extend(words.sparql_rules(node))
        shape.rules = rules
        shapes[iri] = shape
    return shapes


class Words:
    """Puts the constraint parameters of a shape into words, with the page's links."""

    def __init__(self, triples: Triples, link: Link) -> None:
        self.triples, self.link = triples, link

    def severity(self, node: Node) -> str:
        found = self.triples.iris(node, SH.severity)
        return found[0].removeprefix(SH.base) if found else "Violation"

    def message(self, node: Node) -> str:
        texts = self.triples.texts(node, (SH.message,))
        return texts[0][1] if texts else ""

    def property_rule(self, node: Node) -> Rule:
        paths = self.triples.objects(node, SH.path)
        name = next((text for _lang, text in self.triples.texts(node, (SH.name,))), "")
        iri = node.value if isinstance(node, ox.NamedNode) else None
        requirement = self.requirement(node, each=True)
        for constraint in self.triples.objects(node, SH.sparql):
            requirement += f"; SPARQL rule {safehtml.text(self.sparql_name(constraint))}"
        about = self.path_iris(paths[0]) if paths else []
        path = self.path(paths[0]) if paths else "?"
        return Rule(iri, path, name, requirement or "—", self.severity(node), self.message(node), about=about)

    def sparql_rules(self, node: Node) -> list[Rule]:
        rules = []
        for constraint in self.triples.objects(node, SH.sparql):
            query = next((o.value for o in self.triples.objects(constraint, SH.select) if isinstance(o, ox.Literal)), "")
            iri = constraint.value if isinstance(constraint, ox.NamedNode) else None
            name = self.sparql_name(constraint)
            rules.append(Rule(iri, "<em>SPARQL rule</em>", name, "", self.severity(constraint), self.message(constraint), _dedent(query)))
        return sorted(rules, key=lambda r: (r.name, r.message))

    def sparql_name(self, constraint: Node) -> str:
        if isinstance(constraint, ox.NamedNode):
            return constraint.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return next((text for _lang, text in self.triples.texts(constraint, (SH.name, RDFS.label))), "SPARQL rule")

    def path(self, node: Node) -> str:
        if isinstance(node, ox.NamedNode):
            return self.link(node.value)
        if isinstance(node, ox.Literal):
            return safehtml.text(node.value)
        members = self.triples.items(node)
        if members:
            return " / ".join(self.path(m) for m in members)
        for predicate, template in (
            (SH.inversePath, "^{}"),
            (SH.zeroOrMorePath, "{}*"),
            (SH.oneOrMorePath, "{}+"),
            (SH.zeroOrOnePath, "{}?"),
        ):
            inner = self.triples.objects(node, predicate)
            if inner:
                return template.format(self.path(inner[0]))
        alternatives = self.triples.objects(node, SH.alternativePath)
        if alternatives:
            return "(" + " | ".join(self.path(m) for m in self.triples.items(alternatives[0])) + ")"
        return "?"

    def path_iris(self, node: Node) -> list[str]:
        if isinstance(node, ox.NamedNode):
            return [node.value]
        found = [iri for member in self.triples.items(node) for iri in self.path_iris(member)]
        for values in self.triples.spo.get(node, {}).values() if not found else ():
            found += [iri for v in values for iri in self.path_iris(v)]
        return sorted(set(found) - {RDF.nil})

    def value(self, node: Node) -> str:
        if isinstance(node, ox.NamedNode):
            return self.link(node.value)
        if isinstance(node, ox.Literal):
            numeric = node.datatype.value in (XSD.integer, XSD.decimal, XSD.double, XSD.boolean)
            text = node.value if numeric else f'"{node.value}"' + (f"@{node.language}" if node.language else "")
            return f"<code>{safehtml.text(text)}</code>"
        summary = self.requirement(node)
        return f"[{summary}]" if summary else "[ ]"

    def requirement(self, node: Node, each: bool = False, properties: bool = True) -> str:
        """What a shape asks, as HTML (empty when it asks nothing); ``each``: of each value of a path;
        ``properties``: with its property shapes (a named shape's own get rows of their own)."""
        t, parts = self.triples, []
        a = "each value a" if each else "a"
        parts.extend(self._counts(node))
        for c in t.objects(node, SH["class"]):
            parts.append(f"{a} {self.value(c)}")
        for d in t.objects(node, SH.datatype):
            parts.append(f"typed {self.value(d)}")
        for k in t.iris(node, SH.nodeKind):
            parts.append(f"{'each value ' if each else ''}{NODE_KINDS.get(k, self.link(k))}")
        for predicate, words in COMPARISONS.items():
            for v in t.objects(node, predicate):
                parts.append(
                    f"{words} {self.path(v) if predicate in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals) else self.value(v)}"
                )
        for p in t.objects(node, SH.pattern):
            flags = "".join(f.value for f in t.objects(node, SH.flags) if isinstance(f, ox.Literal))
            parts.append(f"matches <code>{safehtml.text(p.value)}</code>" + (f" (flags {safehtml.text(flags)})" if flags else ""))
        for head in t.objects(node, SH.languageIn):
            parts.append("language " + ", ".join(self.value(v) for v in t.items(head)))
        if any(isinstance(v, ox.Literal) and v.value == "true" for v in t.objects(node, SH.uniqueLang)):
            parts.append("one value per language")
        for head in t.objects(node, SH["in"]):
            parts.append("one of " + ", ".join(self.value(v) for v in t.items(head)))
        for v in t.objects(node, SH.hasValue):
            parts.append(f"includes {self.value(v)}")
        for s in t.objects(node, SH.node):
            parts.append(f"conforms to {self.value(s)}")
        for s in t.objects(node, SH["not"]):
            parts.append(f"not {self.value(s)}")
        for predicate, words in LOGICAL.items():
            for head in t.objects(node, predicate):
                parts.append(f"{words}: " + " or ".join(self.value(v) for v in t.items(head)))
        for q in t.objects(node, SH.qualifiedValueShape):
            parts.append(self._qualified(node, q))
        if any(isinstance(v, ox.Literal) and v.value == "true" for v in t.objects(node, SH.closed)):
            ignored = [self.value(v) for head in t.objects(node, SH.ignoredProperties) for v in t.items(head)]
            parts.append("no other properties" + (f" than {', '.join(ignored)}" if ignored else ""))
        for p in t.objects(node, SH.property) if properties else ():
            paths = t.objects(p, SH.path)
            parts.append(f"{self.path(paths[0]) if paths else '?'}: {self.requirement(p, each=True) or 'any value'}")
        known = NOT_CONSTRAINTS | {SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.languageIn, SH.uniqueLang, SH["in"]}
        known |= {SH.hasValue, SH.node, SH["not"], SH.qualifiedValueShape, SH.closed, SH.minCount, *COMPARISONS, *LOGICAL}
        for predicate in sorted(p for p in t.spo.get(node, {}) if p.startswith(SH.base) and p not in known):
            for v in t.objects(node, predicate):  # a parameter this page has no words for yet: show it as written
                parts.append(f"<code>sh:{safehtml.text(predicate.removeprefix(SH.base))}</code> {self.value(v)}")
        return "; ".join(parts)

    def _counts(self, node: Node) -> list[str]:
        low = [int(v.value) for v in self.triples.objects(node, SH.minCount) if isinstance(v, ox.Literal) and v.value.isdigit()]
        high = [int(v.value) for v in self.triples.objects(node, SH.maxCount) if isinstance(v, ox.Literal) and v.value.isdigit()]
        if high and high[0] == 0:
            return ["not allowed"]
        if low and high and low[0] == high[0]:
            return ["required, exactly one" if low[0] == 1 else f"exactly {low[0]}"]
        parts = []
        if low:
            parts.append("required" if low[0] == 1 else f"at least {low[0]} values")
        if high:
            parts.append("at most one value" if high[0] == 1 else f"at most {high[0]} values")
        return parts

    def _qualified(self, node: Node, shape: Node) -> str:
        low = [v.value for v in self.triples.objects(node, SH.qualifiedMinCount)]
        high = [v.value for v in self.triples.objects(node, SH.qualifiedMaxCount)]
        counts = " and ".join([*(f"at least {n}" for n in low), *(f"at most {n}" for n in high)]) or "any number of"
        return f"{counts} value{'s' if counts != 'at least 1' else ''} matching {self.value(shape)}"


def _dedent(query: str) -> str:
    lines = query.strip("\n").splitlines()
    indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    return "\n".join(line[indent:] for line in lines)
