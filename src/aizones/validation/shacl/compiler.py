"""SHACL Core constraints compiled into SPARQL that Oxigraph evaluates over all focus nodes at once.

pySHACL checks one focus node at a time in Python; that is what makes it take minutes at 100,000
triples. Here every constraint of a shape becomes a ``Check``: a SPARQL expression or graph
pattern that holds exactly when the focus node (a variable) violates it. The engine joins each
check with the pattern that yields the shape's focus nodes and gets every violation from one
query, evaluated in Rust. Shapes used inside other shapes (``sh:node``, ``sh:not``, ``sh:and``,
``sh:or``, ``sh:xone``, ``sh:qualifiedValueShape``) become one boolean expression ("conforms").

Two rules keep the translation faithful to the recommendation. Nodes are compared as RDF terms
(``sameTerm``), never with SPARQL ``=``, which would call ``1`` and ``1.0`` equal. And every
expression that can raise a SPARQL error (comparing a date with a number, taking the language of
an IRI) is wrapped in ``COALESCE`` so that an error counts as a violation, as SHACL says it does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from aizones.core.namespaces import RDF, RDFS, SH, XSD
from aizones.validation.shacl.shapes import Constraint, Shape, ShapesError, ShapesGraph, Term, render_path

# Datatypes whose lexical forms Oxigraph checks: casting an ill-formed literal fails.
_CHECKED_DATATYPES = {
    XSD[name]
    for name in [
        "boolean",
        "integer",
        "decimal",
        "float",
        "double",
        "date",
        "time",
        "dateTime",
        "gYear",
        "gYearMonth",
        "gMonth",
        "gMonthDay",
        "gDay",
        "duration",
        "yearMonthDuration",
        "dayTimeDuration",
    ]
}
# Datatypes derived from xsd:integer: well-formed when the lexical form is an integer in range.
_INTEGER_RANGES = {
    XSD.long: (-(2**63), 2**63 - 1),
    XSD.int: (-(2**31), 2**31 - 1),
    XSD.short: (-(2**15), 2**15 - 1),
    XSD.byte: (-128, 127),
    XSD.unsignedLong: (0, 2**64 - 1),
    XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1),
    XSD.unsignedByte: (0, 255),
    XSD.nonNegativeInteger: (0, None),
    XSD.positiveInteger: (1, None),
    XSD.nonPositiveInteger: (None, 0),
    XSD.negativeInteger: (None, -1),
}
_NODE_KINDS = {  # written with {v} for the node
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_COMPARISONS = {
    SH.MinExclusiveConstraintComponent: ">",
    SH.MinInclusiveConstraintComponent: ">=",
    SH.MaxExclusiveConstraintComponent: "<",
    SH.MaxInclusiveConstraintComponent: "<=",
}
_PAIRS = {SH.LessThanConstraintComponent: "<", SH.LessThanOrEqualsConstraintComponent: "<="}
_INSTANCE_OF = f"<{RDF.type}>/<{RDFS.subClassOf}>*"


@dataclass(frozen=True)
class Check:
    """What one constraint of one shape looks like in SPARQL, with ``focus`` as the focus node.

    Either ``expression`` (true when the focus node violates) or ``pattern`` (a group that has one
    solution per violation) is set. ``value`` and ``path`` name the variables (or the focus) that
    hold the result's value and path; ``having`` turns the check into a count over the focus.
    """

    shape: Shape
    component: str
    focus: str
    expression: str = ""
    pattern: str = ""
    value: str = ""
    path: str = ""
    key: str = ""
    having: str = ""
    standalone: bool = False  # the pattern binds the focus by itself: it can scan the data first


class Compiler:
    """Turns shapes into checks; one compiler per validation run (it numbers its variables)."""

    def __init__(self, shapes: ShapesGraph, subclasses: Callable[[Term], list[Term]]) -> None:
        self.shapes = shapes
        self.subclasses = subclasses
        self._count = 0
        self._stack: list[Term] = []

    def var(self) -> str:
        self._count += 1
        return f"?_v{self._count}"

    @staticmethod
    def const(term: Term) -> str:
        """A term written into a query (a blank node cannot be: SPARQL has no way to name one)."""
        if isinstance(term, ox.BlankNode):
            raise ShapesError(f"a blank node ({term}) as a target or a constraint value is not supported by the fast engine")
        return str(term)

    def instance_of(self, node: str, cls: Term, bound: bool = True) -> str:
        """A pattern that holds when ``node`` is a SHACL instance of ``cls`` (``rdf:type/rdfs:subClassOf*``).

        The subclasses are looked up once and listed: Oxigraph evaluates the path form inside
        ``EXISTS`` by walking every ``rdf:type`` triple, which grows with the data.
        """
        classes = self.subclasses(cls)
        if any(isinstance(c, ox.BlankNode) for c in classes):
            return f"{node} {_INSTANCE_OF} {self.const(cls)} ."
        kind, listed = self.var(), " ".join(str(c) for c in classes)
        if not bound:  # all instances: look each class up, rather than scan every rdf:type triple
            return f"VALUES {kind} {{ {listed} }} {node} <{RDF.type}> {kind} ."
        return f"{node} <{RDF.type}> {kind} . FILTER({kind} IN ({listed.replace(' ', ', ')}))"

    def focus_pattern(self, shape: Shape, focus: str) -> str:
        """A group binding ``focus`` to each target of ``shape`` once."""
        branches = []
        for kind, target in shape.targets:
            if kind == "node":
                branches.append(f"VALUES {focus} {{ {self.const(target)} }}")
            elif kind == "class":
                branches.append(self.instance_of(focus, target, bound=False))
            elif kind == "subjectsOf":
                branches.append(f"{focus} {self.const(target)} {self.var()} .")
            else:
                branches.append(f"{self.var()} {self.const(target)} {focus} .")
        union = " UNION ".join(f"{{ {b} }}" for b in branches) or "FILTER(false)"
        return f"{{ SELECT DISTINCT {focus} WHERE {{ {union} }} }}"

    def checks(self, shape: Shape, focus: str, top: bool = True) -> list[Check]:
        """The checks of the shape's own constraints (not of its ``sh:property`` shapes)."""
        found: list[Check] = []
        for constraint in shape.constraints:
            found += self._constraint(shape, constraint, focus, top)
        return found

    # -- conformance of a node to a shape, as one boolean expression ------------------------------

    def conforms(self, node: Term, focus: str) -> str:
        """An expression that is true when ``focus`` conforms to the shape at ``node``."""
        if node in self._stack:
            raise ShapesError(f"the shape {node} refers to itself; recursive shapes are not supported by the fast engine")
        shape = self.shapes.shape(node)
        if shape.deactivated:
            return "true"
        if shape.sparql or any(p in self.shapes.component_parameters for p in self.shapes.predicates(node)):
            raise ShapesError(f"the shape {node} uses SHACL-SPARQL and is used inside another shape; the fast engine cannot nest it")
        self._stack.append(node)
        try:
            parts = [self._holds_not(check) for check in self.checks(shape, focus, top=False)]
            for prop in shape.properties:
                if shape.is_property:
                    value = self.var()
                    parts.append(f"NOT EXISTS {{ {focus} {render_path(shape.path)} {value} FILTER(!({self.conforms(prop, value)})) }}")
                else:
                    parts.append(self.conforms(prop, focus))
        finally:
            self._stack.pop()
        return " && ".join(f"({p})" for p in parts) or "true"

    def _holds_not(self, check: Check) -> str:
        if check.expression:
            return f"!({check.expression})"
        return f"NOT EXISTS {{ {check.pattern} }}"

    # -- one constraint -------------------------------------------------------------------------

    def _constraint(self, shape: Shape, constraint: Constraint, focus: str, top: bool) -> list[Check]:
        component, value = constraint.component, constraint.value
        bad = self._value_test(constraint)
        if bad is not None:
            return [self._on_values(shape, component, focus, bad)]
        path = render_path(shape.path) if shape.path else ""
        make = _Maker(self, shape, component, focus, path)
        if component == SH.HasValueConstraintComponent:
            if not path:
                return [make.expression(f"!sameTerm({focus}, {self.const(value)})")]
            return [make.expression(f"NOT EXISTS {{ {focus} {path} {self.const(value)} }}")]
        if component in (SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent):
            if not path:
                return []
            return [make.count(int(value.value), minimum=component == SH.MinCountConstraintComponent, top=top)]
        if component in (SH.QualifiedMinCountConstraintComponent, SH.QualifiedMaxCountConstraintComponent):
            if not path:
                return []
            condition = self._qualified_condition(shape, value)
            return [make.count(value["count"], minimum=component == SH.QualifiedMinCountConstraintComponent, top=top, condition=condition)]
        if component == SH.UniqueLangConstraintComponent:
            if not path or value.value != "true":
                return []
            a, b, lang = self.var(), self.var(), self.var()
            pattern = (
                f"{focus} {path} {a} . {focus} {path} {b} . "
                f"FILTER(!sameTerm({a}, {b}) && COALESCE(LANG({a}) != '', false) && LCASE(LANG({a})) = LCASE(LANG({b}))) "
                f"BIND(LCASE(LANG({a})) AS {lang})"
            )
            return [make.pattern(pattern, key=lang)]
        values, node = self._values(shape, focus)
        if component == SH.ClosedConstraintComponent:
            if not value["closed"]:
                return []
            p, o = self.var(), self.var()
            allowed = ", ".join(f"<{iri}>" for iri in value["allowed"])
            test = f"FILTER({p} NOT IN ({allowed}))" if allowed else ""
            return [make.pattern(f"{values} {node} {p} {o} . {test}", value=o, path=p)]
        other, predicate = self.var(), self.const(value)
        if component == SH.EqualsConstraintComponent:
            # Two checks: values the other property lacks, and values only the other property has.
            if path:
                missing = make.pattern(f"{values} FILTER NOT EXISTS {{ {focus} {predicate} {node} }}", value=node)
                extra = make.pattern(f"{focus} {predicate} {other} . FILTER NOT EXISTS {{ {focus} {path} {other} }}", value=other)
            else:
                missing = make.expression(f"NOT EXISTS {{ {focus} {predicate} {focus} }}", value=focus)
                extra = make.pattern(f"{focus} {predicate} {other} . FILTER(!sameTerm({other}, {focus}))", value=other)
            return [missing, extra]
        if component == SH.DisjointConstraintComponent:
            if not path:
                return [make.expression(f"EXISTS {{ {focus} {predicate} {focus} }}", value=focus)]
            return [make.pattern(f"{values} {focus} {predicate} {node} .", value=node)]
        if component in _PAIRS:
            test = f"FILTER(!COALESCE({node} {_PAIRS[component]} {other}, false))"
            return [make.pattern(f"{values} {focus} {predicate} {other} . {test}", value=node, key=other)]
        raise ShapesError(f"the constraint component {component} is not supported by the fast engine")

    def _values(self, shape: Shape, focus: str) -> tuple[str, str]:
        """A pattern binding the value nodes of ``shape`` for ``focus``, and the variable holding them."""
        if not shape.is_property:
            return "", focus
        node = self.var()
        return f"{focus} {render_path(shape.path)} {node} .", node

    def _on_values(self, shape: Shape, component: str, focus: str, bad: str) -> Check:
        """A check that no value node makes ``bad`` (an expression about ``X``) true."""
        if not shape.is_property:
            return Check(shape, component, focus, expression=_at(bad, focus), value=focus)
        values, node = self._values(shape, focus)
        return Check(shape, component, focus, pattern=f"{values} FILTER({_at(bad, node)})", value=node, standalone=scannable(shape.path))

    def _value_test(self, constraint: Constraint) -> str | None:
        """For components that judge each value node alone: an expression about ``X``, true when it fails."""
        component, value = constraint.component, constraint.value
        if component == SH.ClassConstraintComponent:
            return f"NOT EXISTS {{ {self.instance_of(X, value)} }}"
        if component == SH.DatatypeConstraintComponent:
            test = f"isLiteral({X}) && DATATYPE({X}) = <{value.value}>"
            if value.value in _CHECKED_DATATYPES:
                test += f" && isLiteral(<{value.value}>({X}))"
            elif value.value in _INTEGER_RANGES:
                number = f"<{XSD.integer}>(STR({X}))"
                low, high = _INTEGER_RANGES[value.value]
                test += f" && isLiteral({number})"
                test += f" && {number} >= {low}" if low is not None else ""
                test += f" && {number} <= {high}" if high is not None else ""
            return f"!COALESCE({test}, false)"
        if component == SH.NodeKindConstraintComponent:
            if value.value not in _NODE_KINDS:
                raise ShapesError(f"unknown sh:nodeKind {value}")
            return "!" + _NODE_KINDS[value.value].replace("{v}", X)
        if component in _COMPARISONS:
            return f"!COALESCE({X} {_COMPARISONS[component]} {self.const(value)}, false)"
        if component in (SH.MinLengthConstraintComponent, SH.MaxLengthConstraintComponent):
            sign = "<" if component == SH.MinLengthConstraintComponent else ">"
            return f"COALESCE(isBlank({X}) || STRLEN(STR({X})) {sign} {int(value.value)}, true)"
        if component == SH.PatternConstraintComponent:
            pattern, flags = value
            return f"COALESCE(isBlank({X}) || !REGEX(STR({X}), {self.const(pattern)}, {self.const(ox.Literal(flags))}), true)"
        if component == SH.LanguageInConstraintComponent:
            ranges = " || ".join(f"LANGMATCHES(LANG({X}), {self.const(r)})" for r in value) or "false"
            return f"!COALESCE(LANG({X}) != '' && ({ranges}), false)"
        if component == SH.InConstraintComponent:
            return "!(" + (" || ".join(f"sameTerm({X}, {self.const(member)})" for member in value) or "false") + ")"
        if component == SH.NotConstraintComponent:
            return self.conforms(value, X)
        if component == SH.NodeConstraintComponent:
            return f"!({self.conforms(value, X)})"
        if component == SH.AndConstraintComponent:
            return "!(" + (" && ".join(f"({self.conforms(m, X)})" for m in value) or "true") + ")"
        if component == SH.OrConstraintComponent:
            return "!(" + (" || ".join(f"({self.conforms(m, X)})" for m in value) or "false") + ")"
        if component == SH.XoneConstraintComponent:
            count = " + ".join(f"IF({self.conforms(m, X)}, 1, 0)" for m in value) or "0"
            return f"({count}) != 1"
        return None

    def _qualified_condition(self, shape: Shape, settings: dict) -> str:
        """The expression (about ``X``) a value node must meet to count for ``sh:qualifiedValueShape``."""
        condition = f"({self.conforms(settings['shape'], X)})"
        if settings["disjoint"]:
            for sibling in self._siblings(shape, settings["shape"]):
                condition += f" && !({self.conforms(sibling, X)})"
        return condition

    def _siblings(self, shape: Shape, qualified: Term) -> list[Term]:
        found = []
        for parent in self.shapes.subjects(SH.property, shape.node):
            for prop in self.shapes.objects(parent, SH.property):
                found += [q for q in self.shapes.objects(prop, SH.qualifiedValueShape) if q != qualified]
        return sorted(set(found), key=str)


def scannable(path) -> bool:
    """Whether a path's pairs can be listed over the whole data cheaply (no ``*``, ``+`` or ``?``)."""
    if path is None:
        return False
    kind = path[0]
    if kind == "p":
        return True
    if kind == "inv":
        return scannable(path[1])
    return kind in ("seq", "alt") and all(scannable(p) for p in path[1])


# The placeholder for "the node being judged" in expressions built before their variable is known.
X = "?__node"


def _at(template: str, var: str) -> str:
    return template.replace(X, var)


@dataclass
class _Maker:
    compiler: Compiler
    shape: Shape
    component: str
    focus: str
    path: str

    def expression(self, expression: str, value: str = "") -> Check:
        return Check(self.shape, self.component, self.focus, expression=expression, value=value)

    def pattern(self, pattern: str, value: str = "", path: str = "", key: str = "") -> Check:
        standalone = scannable(self.shape.path)
        return Check(self.shape, self.component, self.focus, pattern=pattern, value=value, path=path, key=key, standalone=standalone)

    def count(self, limit: int, *, minimum: bool, top: bool, condition: str = "") -> Check:
        """``sh:minCount``-like (fewer than ``limit`` values) or ``sh:maxCount``-like (more) checks."""
        if minimum and limit <= 0:
            return self.expression("false")
        node = self.compiler.var()
        test = f" FILTER({_at(condition, node)})" if condition else ""
        values = f"{self.focus} {self.path} {node} .{test}"
        if top and not minimum:
            # Too many values: count them per subject over the data, keep the focus nodes.
            having = f"COUNT(DISTINCT {node}) > {limit}"
            return Check(self.shape, self.component, self.focus, pattern=values, having=having, standalone=scannable(self.shape.path))
        if top and limit > 1:
            # At the top, one grouped query counts the values of every focus node at once.
            having = f"COUNT(DISTINCT {node}) < {limit}"
            return Check(self.shape, self.component, self.focus, pattern=f"OPTIONAL {{ {values} }}", having=having)
        wanted = limit if minimum else limit + 1
        nodes = [node] + [self.compiler.var() for _ in range(wanted - 1)]
        joins = " ".join(f"{self.focus} {self.path} {n} .{_at(f' FILTER({condition})', n) if condition else ''}" for n in nodes)
        distinct = " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(nodes) for b in nodes[i + 1 :])
        group = f"{joins} FILTER({distinct})" if distinct else joins
        return self.expression(f"{'NOT ' if minimum else ''}EXISTS {{ {group} }}")
