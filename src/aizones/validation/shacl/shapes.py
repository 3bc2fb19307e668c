"""The SHACL shapes graph read into plain Python objects, for the fast engine to compile.

A ``Shape`` holds what the W3C recommendation attaches to a shape: its targets, its path (property
shapes), its severity, and one ``Constraint`` per constraint component it uses, with that
component's parameters. Paths become small tuples (``("p", iri)``, ``("inv", path)``,
``("seq", paths)``, ``("alt", paths)``, ``("star"|"plus"|"opt", path)``) that both engines render
the same way, so results can be compared as values.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from aizones.core.namespaces import RDF, RDFS, SH

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Path = tuple


class ShapesError(ValueError):
    """The shapes graph is not well-formed SHACL (an ill-formed list or path, an unknown node kind)."""


# Constraint components of SHACL Core, by the parameter that triggers them. Components with more
# than one parameter (pattern/flags, qualified counts, closed) read their other parameters themselves.
_COMPONENTS = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.closed: SH.ClosedConstraintComponent,
}
_LIST_PARAMETERS = {SH.languageIn, SH["and"], SH["or"], SH.xone, SH["in"]}
_SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)
_TARGETS = {SH.targetNode: "node", SH.targetClass: "class", SH.targetSubjectsOf: "subjectsOf", SH.targetObjectsOf: "objectsOf"}


@dataclass(frozen=True)
class Constraint:
    """One use of a constraint component by a shape: the component and its parameter value."""

    component: str
    parameter: str
    value: object  # a term, a list of terms, or a qualified/closed settings dict


@dataclass
class Shape:
    node: Term
    path: Path | None
    severity: str
    deactivated: bool
    targets: list[tuple[str, Term]] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Term] = field(default_factory=list)
    sparql: list[Term] = field(default_factory=list)

    @property
    def is_property(self) -> bool:
        return self.path is not None


class ShapesGraph:
    """The triples of the shapes graph, in memory (it is small), with the lookups SHACL needs."""

    def __init__(self, store: ox.Store, graphs: list[ox.NamedNode]) -> None:
        self._out: dict[Term, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        self._in: dict[tuple[str, Term], list[Term]] = defaultdict(list)
        self._parents: dict[Term, list[Term]] = defaultdict(list)
        seen = set()
        for graph in graphs:
            for quad in store.quads_for_pattern(None, None, None, graph):
                triple = quad.triple
                if triple in seen:
                    continue
                seen.add(triple)
                self._out[triple.subject][triple.predicate.value].append(triple.object)
                self._in[(triple.predicate.value, triple.object)].append(triple.subject)
                self._parents[triple.object].append(triple.subject)
        self._shapes: dict[Term, Shape] = {}
        # The parameters of the constraint components the shapes graph declares (SHACL-SPARQL).
        self.component_parameters = {
            path.value
            for (predicate, parameter) in list(self._in)
            if predicate == SH.parameter
            for path in self.objects(parameter, SH.path)
        }
        self.declares_components = bool(self.component_parameters)

    def predicates(self, subject: Term) -> list[str]:
        return list(self._out.get(subject, {}))

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        return self._out.get(subject, {}).get(predicate, [])

    def value(self, subject: Term, predicate: str) -> Term | None:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def subjects(self, predicate: str, obj: Term) -> list[Term]:
        return self._in.get((predicate, obj), [])

    def items(self, node: Term) -> list[Term]:
        """The members of the RDF list starting at ``node``."""
        members: list[Term] = []
        seen = set()
        while node != ox.NamedNode(RDF.nil):
            first = self.objects(node, RDF.first)
            rest = self.value(node, RDF.rest)
            if len(first) != 1 or rest is None or node in seen:
                raise ShapesError(f"{node} is not a well-formed RDF list")
            seen.add(node)
            members.append(first[0])
            node = rest
        return members

    def named_owner(self, node: Term) -> ox.NamedNode | None:
        """The nearest node with an IRI that points at ``node`` (through lists and blank nodes)."""
        seen, todo = {node}, [node]
        while todo:
            parents = sorted({s for current in todo for s in self._parents.get(current, ())} - seen, key=str)
            named = [p for p in parents if isinstance(p, ox.NamedNode)]
            if named:
                return named[0]
            seen.update(parents)
            todo = parents
        return None

    def shape(self, node: Term) -> Shape:
        """The shape at ``node`` (read once, then cached)."""
        if node not in self._shapes:
            self._shapes[node] = self._read(node)
        return self._shapes[node]

    def targeted_shapes(self) -> list[Shape]:
        """Every shape with a target, including shapes that are also classes (implicit targets)."""
        nodes = {s for p in _TARGETS for s, objs in self._out.items() if p in objs}
        for shape_type in _SHAPE_TYPES:
            for node in self.subjects(RDF.type, ox.NamedNode(shape_type)):
                if ox.NamedNode(RDFS.Class) in self.objects(node, RDF.type):
                    nodes.add(node)
        return [self.shape(node) for node in sorted(nodes, key=str)]

    def _read(self, node: Term) -> Shape:
        path_node = self.value(node, SH.path)
        severity = self.value(node, SH.severity)
        deactivated = self.value(node, SH.deactivated)
        shape = Shape(
            node=node,
            path=self.path(path_node) if path_node is not None else None,
            severity=severity.value if isinstance(severity, ox.NamedNode) else SH.Violation,
            deactivated=isinstance(deactivated, ox.Literal) and deactivated.value == "true",
            properties=list(self.objects(node, SH.property)),
            sparql=list(self.objects(node, SH.sparql)),
        )
        for predicate, kind in _TARGETS.items():
            shape.targets += [(kind, target) for target in self.objects(node, predicate)]
        types = self.objects(node, RDF.type)
        if ox.NamedNode(RDFS.Class) in types and any(ox.NamedNode(t) in types for t in _SHAPE_TYPES):
            shape.targets.append(("class", node))
        for parameter, component in _COMPONENTS.items():
            for value in self.objects(node, parameter):
                shape.constraints.append(Constraint(component, parameter, self._parameter(node, parameter, value)))
        for qualified in self.objects(node, SH.qualifiedValueShape):
            settings = {"shape": qualified, "disjoint": self._is_true(node, SH.qualifiedValueShapesDisjoint)}
            for parameter, component in (
                (SH.qualifiedMinCount, SH.QualifiedMinCountConstraintComponent),
                (SH.qualifiedMaxCount, SH.QualifiedMaxCountConstraintComponent),
            ):
                for count in self.objects(node, parameter):
                    shape.constraints.append(Constraint(component, parameter, {**settings, "count": int(count.value)}))
        return shape

    def _parameter(self, node: Term, parameter: str, value: Term) -> object:
        if parameter in _LIST_PARAMETERS:
            return self.items(value)
        if parameter == SH.pattern:
            flags = self.value(node, SH.flags)
            return (value, flags.value if isinstance(flags, ox.Literal) else "")
        if parameter == SH.closed:
            ignored = self.value(node, SH.ignoredProperties)
            allowed = {p.value for p in (self.items(ignored) if ignored is not None else []) if isinstance(p, ox.NamedNode)}
            for prop in self.objects(node, SH.property):
                path = self.value(prop, SH.path)
                if isinstance(path, ox.NamedNode):
                    allowed.add(path.value)
            return {"closed": isinstance(value, ox.Literal) and value.value == "true", "allowed": sorted(allowed)}
        return value

    def _is_true(self, node: Term, predicate: str) -> bool:
        value = self.value(node, predicate)
        return isinstance(value, ox.Literal) and value.value == "true"

    def path(self, node: Term) -> Path:
        """The SHACL property path at ``node`` as a tuple."""
        if isinstance(node, ox.NamedNode):
            return ("p", node.value)
        if isinstance(node, ox.Literal):
            raise ShapesError(f"a literal ({node}) is not a property path")
        if self.objects(node, RDF.first):
            members = self.items(node)
            if len(members) < 2:
                raise ShapesError(f"a sequence path needs at least two members: {node}")
            return ("seq", tuple(self.path(m) for m in members))
        for predicate, kind in (
            (SH.inversePath, "inv"),
            (SH.zeroOrMorePath, "star"),
            (SH.oneOrMorePath, "plus"),
            (SH.zeroOrOnePath, "opt"),
        ):
            inner = self.value(node, predicate)
            if inner is not None:
                return (kind, self.path(inner))
        alternatives = self.value(node, SH.alternativePath)
        if alternatives is not None:
            members = self.items(alternatives)
            if len(members) < 2:
                raise ShapesError(f"an alternative path needs at least two members: {node}")
            return ("alt", tuple(self.path(m) for m in members))
        raise ShapesError(f"{node} is not a SHACL property path")


_PATH_SUFFIX = {"star": "*", "plus": "+", "opt": "?"}


def render_path(path: Path) -> str:
    """A path in SPARQL property-path syntax (``<p>``, ``^<p>``, ``(<p>/<q>)``, ``(<p>)*``)."""
    kind = path[0]
    if kind == "p":
        return f"<{path[1]}>"
    if kind == "inv":
        return f"^{render_path(path[1])}"
    if kind in ("seq", "alt"):
        return "(" + ("/" if kind == "seq" else "|").join(render_path(p) for p in path[1]) + ")"
    return f"({render_path(path[1])}){_PATH_SUFFIX[kind]}"


def path_text(path: Path | None) -> str:
    """What a reader sees as a finding's property: the IRI of a plain path, else the SPARQL path."""
    if path is None:
        return ""
    return path[1] if path[0] == "p" else render_path(path)
