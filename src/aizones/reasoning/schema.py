"""The schema half of OWL 2 RL: owlrl's ``scm-*`` rules, run in Python on the few schema triples.

A graph of a million triples holds only a few hundred schema triples (subclass, subproperty,
domain, range, restrictions...). Closing them in Python takes milliseconds and turns every
instance rule into a join against a small constant table (``aizones.reasoning.rules``). The rules are
owlrl's own, quirks included, so the informative output equals owlrl's: a class is its own
subclass only when it is declared ``owl:Class`` (rule scm-cls), a property its own subproperty only
when declared (scm-op, scm-dp), and ``owl:Thing`` and ``owl:Nothing`` are always declared classes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from aizones.core.namespaces import OWL, RDF, RDFS, XSD

_N = ox.NamedNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal
TYPE, FIRST, REST, NIL = _N(RDF.type), _N(RDF.first), _N(RDF.rest), _N(RDF.nil)
SCO, SPO, DOMAIN, RANGE = _N(RDFS.subClassOf), _N(RDFS.subPropertyOf), _N(RDFS.domain), _N(RDFS.range)
EQC, EQP, INVERSE, SAME_AS = _N(OWL.equivalentClass), _N(OWL.equivalentProperty), _N(OWL.inverseOf), _N(OWL.sameAs)
ON_PROPERTY, SVF, AVF, HAS_VALUE = _N(OWL.onProperty), _N(OWL.someValuesFrom), _N(OWL.allValuesFrom), _N(OWL.hasValue)
INTERSECTION, UNION, ONE_OF = _N(OWL.intersectionOf), _N(OWL.unionOf), _N(OWL.oneOf)
CHAIN, HAS_KEY, MAX_C, MAX_QC, ON_CLASS = (
    _N(OWL.propertyChainAxiom),
    _N(OWL.hasKey),
    _N(OWL.maxCardinality),
    _N(OWL.maxQualifiedCardinality),
    _N(OWL.onClass),
)
THING, NOTHING, CLASS = _N(OWL.Thing), _N(OWL.Nothing), _N(OWL.Class)
PROPERTY_TYPES = (_N(OWL.ObjectProperty), _N(OWL.DatatypeProperty), _N(RDF.Property))
TRANSITIVE, SYMMETRIC = _N(OWL.TransitiveProperty), _N(OWL.SymmetricProperty)
FUNCTIONAL, INVERSE_FUNCTIONAL = _N(OWL.FunctionalProperty), _N(OWL.InverseFunctionalProperty)

# The predicates and the rdf:type objects that make a triple part of the schema. A derived triple
# of one of these kinds changes the schema, and the closure is computed again (``aizones.reasoning.rules``).
SCHEMA_PREDICATES = (SCO, SPO, DOMAIN, RANGE, EQC, EQP, INVERSE, ON_PROPERTY, SVF, AVF, HAS_VALUE)
SCHEMA_PREDICATES += (INTERSECTION, UNION, ONE_OF, CHAIN, HAS_KEY, MAX_C, MAX_QC, ON_CLASS)
META_TYPES = (CLASS, *PROPERTY_TYPES, TRANSITIVE, SYMMETRIC, FUNCTIONAL, INVERSE_FUNCTIONAL)
_LIST_PREDICATES = (INTERSECTION, UNION, ONE_OF, CHAIN, HAS_KEY)

# owlrl types a literal with its datatype (rule dt-type2) only for the OWL 2 RL datatypes, and
# adds the supertypes below (its ``OWL_Datatype_Subsumptions``). Strings and language-tagged
# strings are never typed: the rdflib bridge gives them no datatype.
_SUPER_DATATYPES = {
    "dateTimeStamp": ("dateTime",),
    "integer": ("decimal",),
    "long": ("integer", "decimal"),
    "int": ("long", "integer", "decimal"),
    "short": ("int", "long", "integer", "decimal"),
    "byte": ("short", "int", "long", "integer", "decimal"),
    "nonNegativeInteger": ("integer", "decimal"),
    "positiveInteger": ("nonNegativeInteger", "integer", "decimal"),
    "unsignedLong": ("nonNegativeInteger", "integer", "decimal"),
    "unsignedInt": ("unsignedLong", "nonNegativeInteger", "integer", "decimal"),
    "unsignedShort": ("unsignedInt", "unsignedLong", "nonNegativeInteger", "integer", "decimal"),
    "unsignedByte": ("unsignedShort", "unsignedInt", "unsignedLong", "nonNegativeInteger", "integer", "decimal"),
    "nonPositiveInteger": ("integer", "decimal"),
    "negativeInteger": ("nonPositiveInteger", "integer", "decimal"),
    "normalizedString": ("string",),
    "token": ("normalizedString", "string"),
    "language": ("token", "normalizedString", "string"),
    "Name": ("token", "normalizedString", "string"),
    "NCName": ("Name", "token", "normalizedString", "string"),
    "NMTOKEN": ("Name", "token", "normalizedString", "string"),
}
_TYPED_DATATYPES = (
    "integer",
    "decimal",
    "nonNegativeInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "positiveInteger",
    "long",
    "int",
    "short",
    "byte",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
    "float",
    "double",
    "normalizedString",
    "token",
    "language",
    "Name",
    "NCName",
    "NMTOKEN",
    "boolean",
    "hexBinary",
    "base64Binary",
    "anyURI",
    "dateTimeStamp",
    "dateTime",
    "time",
    "date",
)


def datatypes_within(datatype: Term) -> list[ox.NamedNode]:
    """The datatypes whose literals owlrl types as ``datatype`` (for someValuesFrom on values)."""
    found = [XSD[name] for name in _TYPED_DATATYPES if datatype.value in (XSD[name], *(XSD[s] for s in _SUPER_DATATYPES.get(name, ())))]
    found += [iri for iri in (RDFS.Literal, RDF.XMLLiteral, RDF.HTML) if datatype.value == iri]
    return [_N(iri) for iri in sorted(found)]


Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, Term]


@dataclass
class Schema:
    """The closed schema: owlrl's scm-* consequences plus the tables the instance rules join with."""

    triples: set[Triple]  # the closure, as triples (what owlrl would hold about the schema)
    derived: set[Triple]  # the part of ``triples`` that was not read
    subclass: list[tuple[Term, Term]] = field(default_factory=list)  # cax-sco, cls-int2, cls-uni, cax-eqc
    subproperty: list[tuple[Term, Term]] = field(default_factory=list)  # prp-spo1, prp-eqp
    domain: list[tuple[Term, Term]] = field(default_factory=list)  # prp-dom, closed by scm-dom1/2
    range: list[tuple[Term, Term]] = field(default_factory=list)  # prp-rng, closed by scm-rng1/2
    inverse: list[tuple[Term, Term]] = field(default_factory=list)  # prp-inv1/2, both directions
    symmetric: list[Term] = field(default_factory=list)
    transitive: list[Term] = field(default_factory=list)
    functional: list[Term] = field(default_factory=list)
    inverse_functional: list[Term] = field(default_factory=list)
    has_value: list[tuple[Term, Term, Term]] = field(default_factory=list)  # (restriction, property, value)
    some_values: list[tuple[Term, Term, Term]] = field(default_factory=list)  # (restriction, property, class)
    all_values: list[tuple[Term, Term, Term]] = field(default_factory=list)
    intersections: list[tuple[Term, list[Term]]] = field(default_factory=list)
    max_one: list[tuple[Term, Term, Term]] = field(default_factory=list)  # (restriction, property, class or owl:Thing)
    chains: list[tuple[Term, list[Term]]] = field(default_factory=list)
    keys: list[tuple[Term, list[Term]]] = field(default_factory=list)
    equality: bool = False  # owl:sameAs is stated, or a rule that derives it has something to work on

    def signature(self) -> frozenset[Triple]:
        return frozenset(self.triples)

    def names_blank_nodes(self) -> bool:
        """True if a rule table holds a blank node (SPARQL text cannot name one)."""
        tables = (self.subclass, self.subproperty, self.domain, self.range, self.inverse, self.has_value, self.some_values)
        tables += (self.all_values, self.max_one, [(c, *m) for c, m in self.intersections + self.chains + self.keys])
        tables += ([(p,) for p in self.symmetric + self.transitive + self.functional + self.inverse_functional],)
        return any(isinstance(term, ox.BlankNode) for table in tables for row in table for term in row)


def read_schema_triples(store: ox.Store, allowed: Callable[[ox.NamedNode | ox.BlankNode | ox.DefaultGraph], bool]) -> set[Triple]:
    """The schema triples of the graphs ``allowed`` accepts: schema predicates, meta-typing, lists."""
    found: set[Triple] = set()
    for predicate in SCHEMA_PREDICATES:
        found.update(_triples(store, None, predicate, None, allowed))
    for meta in META_TYPES:
        found.update(_triples(store, None, TYPE, meta, allowed))
    heads = [o for s, p, o in found if p in _LIST_PREDICATES]
    seen: set[Term] = set()
    while heads:
        node = heads.pop()
        if node in seen or isinstance(node, ox.Literal):
            continue
        seen.add(node)
        for predicate in (FIRST, REST):
            for triple in _triples(store, node, predicate, None, allowed):
                found.add(triple)
                if predicate == REST:
                    heads.append(triple[2])
    return found


def _triples(store: ox.Store, s, p, o, allowed) -> list[Triple]:
    return [(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(s, p, o, None) if allowed(q.graph_name)]


def close(read: set[Triple], *, same_as_stated: bool = False) -> Schema:
    """Run owlrl's schema rules on ``read`` to a fixpoint and compile the instance-rule tables."""
    graph = _Graph(read)
    graph.add((THING, TYPE, CLASS))  # cls-thing
    graph.add((NOTHING, TYPE, CLASS))  # cls-nothing1
    while _schema_round(graph):
        pass
    for c, _p, x in graph.match(None, ONE_OF, None):  # cls-oo: its triples have no instance premise
        for member in graph.items(x):
            graph.add((member, TYPE, c))
    schema = Schema(triples=set(graph.triples), derived=graph.triples - read)
    _compile(schema, graph, same_as_stated)
    return schema


def _schema_round(g: _Graph) -> bool:
    """One pass of the scm-* rules (as owlrl writes them); True if anything was added."""
    before = len(g.triples)
    for c, _p, _o in g.match(None, TYPE, CLASS):  # scm-cls
        g.add_all([(c, SCO, c), (c, EQC, c), (c, SCO, THING), (NOTHING, SCO, c)])
    for c1, _p, c2 in g.match(None, SCO, None):
        if c1 != c2:  # scm-sco
            g.add_all((c1, SCO, c3) for c3 in g.objects(c2, SCO) if c3 != c1)
        if (c2, SCO, c1) in g:  # scm-eqc2
            g.add((c1, EQC, c2))
    for c1, _p, c2 in g.match(None, EQC, None):  # scm-eqc1
        if c1 != c2:
            g.add_all([(c1, SCO, c2), (c2, SCO, c1)])
    for kind in PROPERTY_TYPES:  # scm-op, scm-dp
        for p, _t, _k in g.match(None, TYPE, kind):
            g.add_all([(p, SPO, p), (p, EQP, p)])
    for p1, _p, p2 in g.match(None, SPO, None):
        if p1 != p2:  # scm-spo, scm-eqp2
            g.add_all((p1, SPO, p3) for p3 in g.objects(p2, SPO) if p3 != p1)
            if (p2, SPO, p1) in g:
                g.add((p1, EQP, p2))
    for p1, _p, p2 in g.match(None, EQP, None):  # scm-eqp1
        if p1 != p2:
            g.add_all([(p1, SPO, p2), (p2, SPO, p1)])
    for axis in (DOMAIN, RANGE):  # scm-dom1/2, scm-rng1/2
        for p, _a, c in g.match(None, axis, None):
            g.add_all((p, axis, c2) for c2 in g.objects(c, SCO) if c2 != c)
            g.add_all((p1, axis, c) for p1 in g.subjects(SPO, p) if p1 != p)
    for c1, _p, i in g.match(None, HAS_VALUE, None):  # scm-hv
        for p1 in g.objects(c1, ON_PROPERTY):
            for c2 in g.subjects(HAS_VALUE, i):
                g.add_all((c1, SCO, c2) for p2 in g.objects(c2, ON_PROPERTY) if (p1, SPO, p2) in g)
    for restriction, sub_then_super in ((SVF, True), (AVF, False)):  # scm-svf1/2, scm-avf1/2
        for c1, _p, y1 in g.match(None, restriction, None):
            for p in g.objects(c1, ON_PROPERTY):
                for c2 in g.subjects(ON_PROPERTY, p):
                    g.add_all((c1, SCO, c2) for y2 in g.objects(c2, restriction) if (y1, SCO, y2) in g)
                for c2 in g.subjects(restriction, y1):
                    for p2 in g.objects(c2, ON_PROPERTY):
                        if (p, SPO, p2) in g:
                            g.add((c1, SCO, c2) if sub_then_super else (c2, SCO, c1))
    for c, _p, x in g.match(None, INTERSECTION, None):  # scm-int
        g.add_all((c, SCO, ci) for ci in g.items(x))
    for c, _p, x in g.match(None, UNION, None):  # scm-uni
        g.add_all((ci, SCO, c) for ci in g.items(x))
    return len(g.triples) > before


def _compile(schema: Schema, g: _Graph, same_as_stated: bool) -> None:
    """The tables of the instance rules. ``x rdf:type owl:Thing`` is left out when no rule reads it."""
    bookkeeping = {(THING, TYPE, CLASS), (THING, SCO, THING), (THING, EQC, THING)}
    thing_read = same_as_stated or any(
        (s == THING and (s, p, o) not in bookkeeping) or (p == FIRST and o == THING) for s, p, o in g.triples
    )

    def keep(c: Term) -> bool:
        return thing_read or c != THING

    schema.subclass = _sorted((c, d) for c, _p, d in g.match(None, SCO, None) if c != d and keep(d))
    schema.subproperty = _sorted((p, q) for p, _s, q in g.match(None, SPO, None) if p != q)
    schema.domain = _sorted((p, c) for p, _d, c in g.match(None, DOMAIN, None) if keep(c))
    schema.range = _sorted((p, c) for p, _r, c in g.match(None, RANGE, None) if keep(c))
    schema.inverse = _sorted(pair for p, _i, q in g.match(None, INVERSE, None) for pair in ((p, q), (q, p)))
    for kind, target in ((SYMMETRIC, schema.symmetric), (TRANSITIVE, schema.transitive)):
        target.extend(sorted({p for p, _t, _k in g.match(None, TYPE, kind)}, key=str))
    schema.functional = sorted({p for p, _t, _k in g.match(None, TYPE, FUNCTIONAL)}, key=str)
    schema.inverse_functional = sorted({p for p, _t, _k in g.match(None, TYPE, INVERSE_FUNCTIONAL)}, key=str)
    on = {r: sorted(g.objects(r, ON_PROPERTY), key=str) for r, _p, _o in g.match(None, ON_PROPERTY, None)}
    schema.has_value = _sorted((r, p, v) for r, _h, v in g.match(None, HAS_VALUE, None) for p in on.get(r, ()))
    schema.some_values = _sorted((r, p, y) for r, _s, y in g.match(None, SVF, None) for p in on.get(r, ()))
    schema.all_values = _sorted((r, p, y) for r, _a, y in g.match(None, AVF, None) for p in on.get(r, ()))
    schema.intersections = sorted(((c, g.items(x)) for c, _i, x in g.match(None, INTERSECTION, None)), key=str)
    schema.chains = sorted(((p, g.items(x)) for p, _c, x in g.match(None, CHAIN, None)), key=str)
    schema.keys = sorted(((c, g.items(x)) for c, _k, x in g.match(None, HAS_KEY, None)), key=str)
    max_one = [(r, p, THING) for r, _m, n in g.match(None, MAX_C, None) if _is_one(n) for p in on.get(r, ())]
    max_one += [(r, p, c) for r, _m, n in g.match(None, MAX_QC, None) if _is_one(n) for p in on.get(r, ()) for c in g.objects(r, ON_CLASS)]
    schema.max_one = _sorted(max_one)
    makers = schema.functional or schema.inverse_functional or schema.max_one or schema.keys
    schema.equality = bool(same_as_stated or makers)


def _is_one(literal: Term) -> bool:
    try:
        return isinstance(literal, ox.Literal) and int(literal.value) == 1
    except ValueError:
        return False


def _sorted(rows: Iterable[tuple]) -> list:
    return sorted(set(rows), key=lambda row: tuple(str(t) for t in row))


class _Graph:
    """A small indexed triple set: just enough of rdflib's Graph for the schema rules."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.triples: set[Triple] = set()
        self._by_sp: dict[tuple, set] = defaultdict(set)
        self._by_po: dict[tuple, set] = defaultdict(set)
        self._by_p: dict[Term, set[Triple]] = defaultdict(set)
        self.add_all(triples)

    def add(self, triple: Triple) -> None:
        if triple in self.triples or isinstance(triple[0], ox.Literal):
            return
        s, p, o = triple
        self.triples.add(triple)
        self._by_sp[s, p].add(o)
        self._by_po[p, o].add(s)
        self._by_p[p].add(triple)

    def add_all(self, triples: Iterable[Triple]) -> None:
        for triple in list(triples):
            self.add(triple)

    def __contains__(self, triple: Triple) -> bool:
        return triple in self.triples

    def match(self, s, p, o) -> list[Triple]:
        """Triples with predicate ``p`` (and object ``o`` if given); a copy, so rules can add while reading."""
        if s is not None:
            return [(s, p, x) for x in self.objects(s, p) if o is None or x == o]
        return [t for t in self._by_p.get(p, ()) if o is None or t[2] == o]

    def objects(self, s, p) -> list:
        return list(self._by_sp.get((s, p), ()))

    def subjects(self, p, o) -> list:
        return list(self._by_po.get((p, o), ()))

    def items(self, head) -> list:
        """The members of the RDF list at ``head``, like rdflib's ``Graph.items``."""
        found, seen = [], set()
        while head is not None and head not in seen:
            seen.add(head)
            first = self.objects(head, FIRST)
            if first:
                found.append(first[0])
            rest = self.objects(head, REST)
            head = rest[0] if rest else None
        return found
