"""The instance rules of OWL 2 RL (owlrl's ``prp-*``, ``cls-*``, ``cax-*``, ``eq-*``) as SPARQL.

Each rule is the WHERE body of an insert: it binds ``?s ?p ?o`` to the triples the rule derives.
The schema is already closed (``aizones.reasoning.schema``), so a rule joins the data with a small constant
table, spelled out in the text, one branch per predicate or class: Oxigraph then reads each branch
from its index instead of scanning the graph and joining afterwards. The body reads the triples
that are new since the rule last ran through ``new(pattern)`` and everything known through
``known(pattern)``; the engine (``aizones.reasoning.fixpoint``) decides which graphs those are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from aizones.reasoning.schema import SAME_AS, THING, TYPE, Schema, Term, datatypes_within

Pattern = Callable[[str], str]  # a triple pattern -> a graph pattern reading the right graphs
Keep = Callable[[Term, Term | None], bool]  # (predicate, object if constant) of a derived triple -> wanted?
Body = Callable[[Pattern, Pattern, Keep], str]  # (new, known, keep) -> WHERE body binding ?s ?p ?o, or ""


@dataclass(frozen=True)
class Rule:
    """One rule. ``reads`` are the predicates it reads new triples of (None: any), so the engine
    knows which derived triples must be fed back; the body keeps only the branches whose derived
    (predicate, object) ``keep`` accepts, so the engine can send the part no rule reads elsewhere.
    ``skips`` names the rules whose output cannot give this rule anything new (its table is closed
    over them). ``full`` rules have no delta form and read everything whenever something new
    appeared; ``first`` is a cheaper body for the first round; a ``closing`` rule is run on its own
    output until that adds nothing (prp-trp); an ``any_output`` rule derives any predicate."""

    name: str
    body: Body
    reads: frozenset[Term] | None
    skips: frozenset[str] = frozenset()
    full: bool = False
    first: Body | None = None
    closing: bool = False
    any_output: bool = False


def rules_for(schema: Schema) -> list[Rule]:
    """The rules that have something to do under ``schema``, in an order that needs few rounds."""
    rules: list[Rule] = _equality_rules() if schema.equality else []
    if schema.inverse:  # prp-inv1, prp-inv2
        rules.append(_by_predicate("inv", schema.inverse, "?o {key} ?s", "?p", _edge, "FILTER(!isLiteral(?s))", project="?s ?o"))
    if schema.symmetric:  # prp-symp
        rows = [(p, p) for p in schema.symmetric]
        rules.append(_by_predicate("sym", rows, "?o {key} ?s", "?p", _edge, "FILTER(!isLiteral(?s))", project="?s ?o", skips={"sym"}))
    if schema.subproperty:  # prp-spo1, prp-eqp1, prp-eqp2 (scm-eqp made equivalence two subproperties)
        rules.append(_by_predicate("spo", schema.subproperty, "?s {key} ?o", "?p", _edge, project="?s ?o", skips={"spo"}))
    if schema.transitive:
        rules.append(_transitive(schema.transitive))
    if schema.chains:
        rules.append(_chains(schema.chains))
    if schema.has_value:  # cls-hv1
        rows = [(r, (p, v)) for r, p, v in schema.has_value]
        rules.append(_by_predicate("hv1", rows, "?s a {key}", "?p ?o", lambda v: v, reads=[TYPE]))
    rules += _typing_rules(schema)
    if schema.has_value:  # cls-hv2
        rows = [((p, v), r) for r, p, v in schema.has_value]
        reads = [p for (p, _v), _r in rows]
        rules.append(_by_predicate("hv2", rows, "?s {key[0]} {key[1]}", "?o", _typing, "BIND(rdf:type AS ?p)", reads=reads))
    if schema.some_values:
        rules.append(_some_values(schema))
    if schema.all_values:
        rules.append(_all_values(schema.all_values))
    if schema.intersections:
        rules.append(_intersections(schema.intersections))
    if schema.functional or schema.inverse_functional:
        rules.append(_functional(schema.functional, schema.inverse_functional))
    if schema.max_one:
        rules.append(_max_one(schema.max_one))
    if schema.keys:
        rules.append(_keys(schema.keys))
    return rules


def _typing_rules(schema: Schema) -> list[Rule]:
    """prp-dom, prp-rng and cax-sco (with cax-eqc, cls-int2, cls-uni: scm-eqc, scm-int and scm-uni
    made those subclasses). The domain and range tables are closed over subproperties and
    superclasses (scm-dom, scm-rng), so what they give needs no cax-sco. Half of what the three
    derive is the same triples, so they run as one rule when none of them reads rdf:type itself."""
    typed = "FILTER(!isLiteral(?s)) BIND(rdf:type AS ?p)"
    parts = []
    if schema.domain:
        parts.append(_by_predicate("dom", schema.domain, "?s {key} ?x", "?o", _typing, "BIND(rdf:type AS ?p)", skips={"spo"}))
    if schema.range:
        parts.append(_by_predicate("rng", schema.range, "?x {key} ?s", "?o", _typing, typed, skips={"spo"}))
    if schema.subclass:
        parts.append(
            _by_predicate(
                "sco", schema.subclass, "?s a {key}", "?o", _typing, "BIND(rdf:type AS ?p)", reads=[TYPE], skips={"sco", "dom", "rng"}
            )
        )
    edges = {p for table in (schema.domain, schema.range) for p, _c in table} | {q for _p, q in schema.subproperty + schema.inverse}
    if len(parts) < 2 or TYPE in edges or TYPE in schema.symmetric:
        return parts

    def body(new: Pattern, known: Pattern, keep: Keep) -> str:
        return _union(b for b in (part.body(new, known, keep) for part in parts) if b)

    return [Rule("types", body, frozenset(p for part in parts for p in part.reads or ()), frozenset({"types", "spo"}))]


def _edge(predicate: Term) -> tuple[Term, None]:
    return predicate, None


def _typing(cls: Term) -> tuple[Term, Term]:
    return TYPE, cls


def _by_predicate(name, rows, pattern, bound, output, extra="", *, project="?s", reads=None, skips=()) -> Rule:
    """A rule reading one triple per solution. ``rows`` are (key, value): ``pattern`` with a key
    filled in (``{key}``) is read, and each value of that key is bound to ``bound``;
    ``output(value)`` is the (predicate, object or None) of the triple a value derives.

    Keys with the same values share one branch that reads the distinct ``project`` variables of
    all their patterns first: a figure with nine properties of domain ReportedFigure is then
    typed once, not nine times."""
    groups: dict = defaultdict(list)
    for key, value in rows:
        groups[key].append(value)
    branches = []
    for key, values in sorted(groups.items(), key=lambda item: str(item[0])):
        keyed = pattern.format(key=_text(key)) if not isinstance(key, tuple) else pattern.format(key=[_text(k) for k in key])
        branches.append((keyed, values))
    predicates = reads if reads is not None else [k[0] if isinstance(k, tuple) else k for k in groups]

    def body(new: Pattern, _known: Pattern, keep: Keep) -> str:
        shared: dict[tuple, list[str]] = defaultdict(list)
        for keyed, values in branches:
            kept = tuple(v for v in values if keep(*output(v)))
            if kept:
                shared[kept].append(keyed)
        parts = [
            f"{{ SELECT DISTINCT {project} WHERE {{ {_union(new(k) for k in keyed)} }} }}"
            f" VALUES ({bound}) {{ {' '.join(f'({_row(v)})' for v in kept)} }}"
            for kept, keyed in shared.items()
        ]
        return f"{_union(parts)} {extra}" if parts else ""

    return Rule(name, body, frozenset(predicates), frozenset(skips))


def _transitive(properties: list[Term]) -> Rule:
    """prp-trp, as joins (a path would not cross the graphs): run on its own output until closed."""

    def first(_new: Pattern, known: Pattern, keep: Keep) -> str:
        return _union(f"{known(f'?s {p} ?y')} {known(f'?y {p} ?o')} BIND({p} AS ?p)" for p in properties if keep(p, None))

    def body(new: Pattern, known: Pattern, keep: Keep) -> str:
        return _union(
            f"{{ {new(f'?s {p} ?y')} {known(f'?y {p} ?o')} }} UNION {{ {known(f'?s {p} ?y')} {new(f'?y {p} ?o')} }} BIND({p} AS ?p)"
            for p in properties
            if keep(p, None)
        )

    return Rule("trp", body, frozenset(properties), frozenset({"trp"}), first=first, closing=True)


def _chains(chains: list[tuple[Term, list[Term]]]) -> Rule:
    """prp-spo2: the chain's properties one after the other give the chained property."""

    def body(_new: Pattern, known: Pattern, keep: Keep) -> str:
        branches = []
        for p, chain in chains:
            if not keep(p, None):
                continue
            nodes = ["?s", *(f"?u{i}" for i in range(1, len(chain))), "?o"]
            steps = " ".join(known(f"{nodes[i]} {_text(q)} {nodes[i + 1]}") for i, q in enumerate(chain))
            branches.append(f"{steps} BIND({_text(p)} AS ?p)")
        return _union(branches)

    return Rule("chain", body, frozenset(q for _p, chain in chains for q in chain), full=True)


def _some_values(schema: Schema) -> Rule:
    """cls-svf1 and cls-svf2 (owl:Thing). owlrl also types literals, in its generalised RDF: with
    their datatype and its supertypes (dt-type2), with the range of a property they are a value of
    (prp-rng), and with an allValuesFrom class (cls-avf), and cls-svf1 then counts them."""
    rows = schema.some_values
    supers = {(c, d) for c, d in schema.subclass}

    def within(c: Term, y: Term) -> bool:
        return c == y or (c, y) in supers

    def body(new: Pattern, known: Pattern, keep: Keep) -> str:
        branches = []
        for r, p, y in (row for row in rows if keep(TYPE, row[0])):
            value, bind = f"?s {_text(p)} ?v", f"BIND({_text(r)} AS ?o)"
            if y == THING:
                branches.append(f"{new(value)} {bind}")
                continue
            branches.append(f"{_any_new(new, known, [value, f'?v a {_text(y)}'])} {bind}")
            literal = "FILTER(isLiteral(?v))"
            for dt in datatypes_within(y):
                branches.append(f"{new(value)} FILTER(isLiteral(?v) && sameTerm(DATATYPE(?v), {_text(dt)})) {bind}")
            ranges = sorted({q for q, c in schema.range if c == y}, key=str)
            if ranges:
                branches.append(
                    f"{_any_new(new, known, [value, '?x ?q ?v'])} {literal} VALUES ?q {{ {' '.join(map(_text, ranges))} }} {bind}"
                )
            for r2, q2, y2 in schema.all_values:
                if within(y2, y):
                    branches.append(f"{_any_new(new, known, [value, f'?u {_text(q2)} ?v', f'?u a {_text(r2)}'])} {literal} {bind}")
        return f"{_union(branches)} BIND(rdf:type AS ?p)" if branches else ""

    reads = {TYPE, *(p for _r, p, _y in rows), *(q for q, _c in schema.range), *(q for _r, q, _y in schema.all_values)}
    return Rule("svf", body, frozenset(reads))


def _any_new(new: Pattern, known: Pattern, atoms: list[str]) -> str:
    """The conjunction of ``atoms`` where at least one is among the new triples (semi-naive)."""
    return _union(" ".join(new(a) if i == j else known(a) for j, a in enumerate(atoms)) for i in range(len(atoms)))


def _all_values(rows: list[tuple[Term, Term, Term]]) -> Rule:
    """cls-avf: every value of a member of an allValuesFrom restriction is of its class."""

    def body(new: Pattern, known: Pattern, keep: Keep) -> str:
        return _union(
            f"{{ {new(f'?u a {_text(r)}')} {known(f'?u {_text(p)} ?s')} }} UNION {{ {new(f'?u {_text(p)} ?s')} {known(f'?u a {_text(r)}')} }}"
            f" FILTER(!isLiteral(?s)) BIND({_text(y)} AS ?o) BIND(rdf:type AS ?p)"
            for r, p, y in rows
            if keep(TYPE, y)
        )

    return Rule("avf", body, frozenset([TYPE, *(p for _r, p, _y in rows)]))


def _intersections(intersections: list[tuple[Term, list[Term]]]) -> Rule:
    """cls-int1: a member of every class of an intersection is a member of the intersection."""

    def body(new: Pattern, known: Pattern, keep: Keep) -> str:
        branches = []
        for c, members in intersections:
            if not keep(TYPE, c):
                continue
            for i, member in enumerate(members):
                others = " ".join(known(f"?s a {_text(m)}") for j, m in enumerate(members) if j != i)
                branches.append(f"{new(f'?s a {_text(member)}')} {others} BIND({_text(c)} AS ?o)")
        return f"{_union(branches)} BIND(rdf:type AS ?p)" if branches else ""

    return Rule("int", body, frozenset([TYPE]))


def _functional(functional: list[Term], inverse_functional: list[Term]) -> Rule:
    """prp-fp and prp-ifp: two values of a functional property (or two subjects of an inverse
    functional one) are the same. Literal values are left out: RDF cannot state that a literal is
    the same as another (owlrl's generalised triples can)."""

    def body(new: Pattern, known: Pattern, keep: Keep) -> str:
        if not keep(SAME_AS, None):
            return ""
        branches = [
            f"{{ {new(f'?x {_text(p)} ?s')} {known(f'?x {_text(p)} ?o')} }} UNION {{ {new(f'?x {_text(p)} ?o')} {known(f'?x {_text(p)} ?s')} }}"
            " FILTER(!isLiteral(?s) && !isLiteral(?o))"
            for p in functional
        ]
        branches += [
            f"{{ {new(f'?s {_text(p)} ?y')} {known(f'?o {_text(p)} ?y')} }} UNION {{ {new(f'?o {_text(p)} ?y')} {known(f'?s {_text(p)} ?y')} }}"
            for p in inverse_functional
        ]
        return f"{_union(branches)} FILTER(!sameTerm(?s, ?o)) BIND(owl:sameAs AS ?p)"

    return Rule("fp", body, frozenset([*functional, *inverse_functional]))


def _max_one(rows: list[tuple[Term, Term, Term]]) -> Rule:
    """cls-maxc2, cls-maxqc3, cls-maxqc4: two values of an at-most-one restriction are the same."""

    def body(_new: Pattern, known: Pattern, keep: Keep) -> str:
        if not keep(SAME_AS, None):
            return ""
        branches = []
        for r, p, c in rows:
            values = f"{known(f'?u a {_text(r)}')} {known(f'?u {_text(p)} ?s')} {known(f'?u {_text(p)} ?o')}"
            if c != THING:
                values += f" {known(f'?s a {_text(c)}')} {known(f'?o a {_text(c)}')}"
            branches.append(values)
        return f"{_union(branches)} FILTER(!sameTerm(?s, ?o) && !isLiteral(?s) && !isLiteral(?o)) BIND(owl:sameAs AS ?p)"

    return Rule("maxc", body, frozenset([TYPE, *(p for _r, p, _c in rows)]), full=True)


def _keys(keys: list[tuple[Term, list[Term]]]) -> Rule:
    """prp-key as the OWL 2 RL profile states it. (owlrl 7.6 compares all keys but the last, so it
    equates any two members of a class with a one-property key; the tests pin the difference.)"""

    def body(_new: Pattern, known: Pattern, keep: Keep) -> str:
        if not keep(SAME_AS, None):
            return ""
        branches = []
        for c, properties in keys:
            pairs = " ".join(f"{known(f'?s {_text(k)} ?z{i}')} {known(f'?o {_text(k)} ?z{i}')}" for i, k in enumerate(properties))
            branches.append(f"{known(f'?s a {_text(c)}')} {known(f'?o a {_text(c)}')} {pairs}")
        return f"{_union(branches)} FILTER(!sameTerm(?s, ?o)) BIND(owl:sameAs AS ?p)"

    return Rule("key", body, frozenset([TYPE, *(k for _c, ks in keys for k in ks)]), full=True)


def _equality_rules() -> list[Rule]:
    """eq-sym, eq-trans, eq-rep-s/p/o. A literal can be the same as a resource: owlrl then holds
    ``"literal" owl:sameAs x``, which RDF cannot store; these rules read it as ``x owl:sameAs "literal"``.
    They read every triple, so the engine feeds everything back while they are in play."""
    same = _text(SAME_AS)

    def sym(new: Pattern, _known: Pattern, _keep: Keep) -> str:
        return f"{new(f'?o {same} ?s')} FILTER(!isLiteral(?s)) BIND({same} AS ?p)"

    def trans(new: Pattern, known: Pattern, _keep: Keep) -> str:
        return (
            _union(
                [
                    f"{new(f'?s {same} ?y')} {known(f'?y {same} ?o')}",
                    f"{known(f'?s {same} ?y')} {new(f'?y {same} ?o')}",
                    f"{new(f'?s {same} ?y')} FILTER(isLiteral(?y)) {known(f'?o {same} ?y')}",
                    f"{known(f'?s {same} ?y')} FILTER(isLiteral(?y)) {new(f'?o {same} ?y')}",
                ]
            )
            + f" BIND({same} AS ?p)"
        )

    def rep_s(new: Pattern, known: Pattern, _keep: Keep) -> str:
        pairs = [(f"?x {same} ?s", "?x ?p ?o")]
        return _both_ways(new, known, pairs) + " FILTER(!sameTerm(?x, ?s) && !isLiteral(?s))"

    def rep_p(new: Pattern, known: Pattern, _keep: Keep) -> str:
        return _both_ways(new, known, [(f"?q {same} ?p", "?s ?q ?o")]) + " FILTER(!sameTerm(?q, ?p) && isIRI(?p))"

    def rep_o(new: Pattern, known: Pattern, _keep: Keep) -> str:
        pairs = [(f"?x {same} ?o", "?s ?p ?x"), (f"?o {same} ?x", "?s ?p ?x")]
        return _both_ways(new, known, pairs, literal_second="?x") + " FILTER(!sameTerm(?x, ?o))"

    rules = [("eq-sym", sym), ("eq-trans", trans), ("eq-rep-s", rep_s), ("eq-rep-p", rep_p), ("eq-rep-o", rep_o)]
    return [Rule(name, body, None, any_output=True) for name, body in rules]


def _both_ways(new: Pattern, known: Pattern, pairs: list[tuple[str, str]], literal_second: str = "") -> str:
    """Two-premise rule: either premise may be the new one. The second pair of ``pairs`` (if any)
    is the reversed owl:sameAs, allowed only when ``literal_second`` is a literal."""
    branches = []
    for i, (a, b) in enumerate(pairs):
        guard = f" FILTER(isLiteral({literal_second}))" if i else ""
        branches += [f"{new(a)} {known(b)}{guard}", f"{new(b)} {known(a)}{guard}"]
    return _union(branches)


def _text(term: Term) -> str:
    """A term as SPARQL text (IRIs and literals only: blank nodes are renamed before this runs)."""
    if isinstance(term, ox.BlankNode):
        raise ValueError(f"a blank node cannot be written in SPARQL: {term}")
    return str(term)


def _row(value) -> str:
    return " ".join(_text(t) for t in value) if isinstance(value, tuple) else _text(value)


def _union(branches: Iterable[str]) -> str:
    return " UNION ".join(f"{{ {b} }}" for b in branches)
