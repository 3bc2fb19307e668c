"""Run the OWL 2 RL rules to a fixpoint inside the dataset's own Oxigraph store.

No triple passes through Python. The schema is closed in Python (``aizones.reasoning.schema``); each instance
rule (``aizones.reasoning.rules``) is one ``INSERT ... WHERE`` per round. Rounds are semi-naive: a rule reads
the triples the other rules derived since it last ran (kept in scratch "delta" graphs) joined with
everything known, so every derived triple meets every rule once, and the work stops when a round
adds nothing. Everything known is the asserted graphs plus the derived ones, read in place: the
asserted graphs are only ever read, and nothing is copied. A derived triple that no rule reads goes
straight into the target graph if it is informative (and nowhere if not); one that a rule reads goes
into that round's delta graph, and the informative ones join the target at the end. All scratch
graphs are dropped afterwards, whatever happens.

Only when a rule table holds a blank node (restrictions usually are blank nodes) are the asserted
graphs copied into a scratch graph with their blank nodes renamed to IRIs, because SPARQL text
cannot name a blank node; the result gets its blank nodes back when it is written.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from aizones.core.namespaces import BUILTIN_BASES, OWL, RDF, RDFS
from aizones.reasoning.rules import Keep, Pattern, Rule, rules_for
from aizones.reasoning.schema import (
    EQC,
    EQP,
    INVERSE,
    META_TYPES,
    SAME_AS,
    SCHEMA_PREDICATES,
    SCO,
    SPO,
    TYPE,
    Schema,
    Term,
    close,
    read_schema_triples,
)

SCRATCH = "urn:x-aizones:reasoning:"
WORK, RESULT = ox.NamedNode(SCRATCH + "work"), ox.NamedNode(SCRATCH + "result")
SKOLEM = "urn:x-aizones:bnode:"
_TO_IRI, _TO_BNODE = ox.NamedNode(SCRATCH + "skolem"), ox.NamedNode(SCRATCH + "unskolem")
_FUNCTIONS = {
    _TO_IRI: lambda node: ox.NamedNode(SKOLEM + node.value),
    _TO_BNODE: lambda node: ox.BlankNode(node.value[len(SKOLEM) :]),
}
_PREFIXES = {"owl": OWL.base, "rdf": RDF.base, "rdfs": RDFS.base}


def materialise_into(
    store: ox.Store, asserted: list[ox.NamedNode], target: ox.NamedNode, *, check: Callable[[], None] | None = None
) -> int:
    """Add to the empty graph ``target`` the informative triples OWL 2 RL derives from the graphs
    ``asserted`` (the same as owlrl's, see ``aizones.reasoning.materialise.informative``); return how many.

    ``check`` is called before every update; it may raise to stop the work (a time limit)."""
    reasoner = _Reasoner(store, asserted, target, check)
    try:
        reasoner.saturate()
        return reasoner.publish()
    finally:
        reasoner.drop()


class _Reasoner:
    def __init__(self, store: ox.Store, asserted: list[ox.NamedNode], target: ox.NamedNode, check: Callable[[], None] | None) -> None:
        self.store, self.target, self.results = store, target, target
        self.check = check or (lambda: None)
        self.drop()  # what an interrupted run may have left
        names = {g.value for g in asserted}
        self.excluded = [g for g in store.named_graphs() if not (isinstance(g, ox.NamedNode) and g.value in names) and g != target]
        self.copied = False
        self.deltas: list[ox.NamedNode] = []
        self._variables = self._graphs = 0
        self._filtered: dict[str, bool] = {}

    # --- which graphs hold what is known --------------------------------------------------------

    def allowed(self, graph) -> bool:
        if self.copied:
            return isinstance(graph, ox.NamedNode) and graph.value.startswith(SCRATCH)
        return not isinstance(graph, ox.DefaultGraph) and graph not in self.excluded

    def known(self, pattern: str) -> str:
        """``pattern`` matched in any graph of what is known (a fresh graph variable each time)."""
        self._variables += 1
        graph = f"?g{self._variables}"
        if self.copied:
            return f"GRAPH {graph} {{ {pattern} }} FILTER({graph} IN ({', '.join(str(g) for g in [WORK, RESULT, *self.deltas])}))"
        if not self._needs_filter(pattern.split(" ", 2)[1]):
            return f"GRAPH {graph} {{ {pattern} }}"
        return f"GRAPH {graph} {{ {pattern} }} FILTER({graph} NOT IN ({', '.join(str(g) for g in self.excluded)}))"

    def _needs_filter(self, predicate: str) -> bool:
        """Whether a graph left out (shapes, say) may match the predicate: the filter costs ~1/4."""
        if predicate not in self._filtered:
            term = TYPE if predicate == "a" else ox.NamedNode(predicate[1:-1]) if predicate.startswith("<") else None
            self._filtered[predicate] = any(next(iter(self.store.quads_for_pattern(None, term, None, g)), None) for g in self.excluded)
        return self._filtered[predicate]

    def copy(self) -> None:
        """Copy the asserted graphs into the scratch graph with every blank node renamed to an IRI."""
        excluded = ", ".join(str(g) for g in self.excluded)
        self._update(
            f"""INSERT {{ GRAPH {WORK} {{ ?s1 ?p ?o1 }} }} WHERE {{
              GRAPH ?g {{ ?s ?p ?o }} {f"FILTER(?g NOT IN ({excluded}))" if excluded else ""}
              BIND(IF(isBlank(?s), {_TO_IRI}(?s), ?s) AS ?s1) BIND(IF(isBlank(?o), {_TO_IRI}(?o), ?o) AS ?o1) }}""",
            custom_functions=_FUNCTIONS,
        )
        self.copied, self.results = True, RESULT

    # --- the fixpoint ---------------------------------------------------------------------------

    def saturate(self) -> None:
        """Close the schema and run the rules to a fixpoint; again while the rules derive schema."""
        signature = None
        while True:
            same_as = any(self.allowed(q.graph_name) for q in self.store.quads_for_pattern(None, SAME_AS, None, None))
            schema = close(read_schema_triples(self.store, self.allowed), same_as_stated=same_as)
            if schema.names_blank_nodes() and not self.copied:
                self.copy()
                continue
            if schema.signature() == signature:
                return
            signature = schema.signature()
            first = len(self.deltas)
            self._add_schema(schema)
            _run_rounds(self, rules_for(schema))
            if not self._derived_schema([self.results, *self.deltas[first:]]):
                return

    def _add_schema(self, schema: Schema) -> None:
        """The schema rules' own conclusions: fed to the instance rules and published like theirs."""
        new = [t for t in schema.derived if not any(self.allowed(q.graph_name) for q in self.store.quads_for_pattern(*t, None))]
        if new:
            graph = self._delta("schema")
            self.store.extend(ox.Quad(*t, graph) for t in new)

    def _derived_schema(self, graphs: list[ox.NamedNode]) -> bool:
        patterns = [(None, p, None) for p in SCHEMA_PREDICATES] + [(None, TYPE, m) for m in META_TYPES] + [(None, SAME_AS, None)]
        return any(next(iter(self.store.quads_for_pattern(*pattern, g)), None) for g in graphs for pattern in patterns)

    def apply(self, rule: Rule, inputs: list[ox.NamedNode] | None, consumed: frozenset | None) -> ox.NamedNode | None:
        """Run ``rule`` on the delta graphs ``inputs`` (None: on everything known). What no rule
        reads goes to the results; the rest into a new delta graph, returned unless it stayed empty.

        Neither insert checks what is known already (a ``NOT EXISTS`` costs more than the insert):
        the delta is cleared of known triples by one join afterwards, the results at the very end."""

        def body(keep: Keep) -> str:
            self._variables = 0
            if inputs is None:
                return (rule.first or rule.body)(self.known, self.known, keep)
            parts = [rule.body(_reading(g), self.known, keep) for g in inputs]
            return " UNION ".join(f"{{ {part} }}" for part in parts if part) if any(parts) else ""

        def final(p, o) -> bool:
            return consumed is not None and not rule.any_output and p not in consumed and _final(p, o)

        outputs: set[Term] = set()
        direct = body(lambda p, o: final(p, o) and not outputs.add(p)) if consumed is not None and not rule.any_output else ""
        if direct:  # less what is known (MINUS is far cheaper here than NOT EXISTS)
            known = " UNION ".join(f"{{ {self.known(f'?s {p} ?o')} BIND({p} AS ?p) }}" for p in sorted(outputs, key=str))
            self._insert(self.results, f"SELECT DISTINCT ?s ?p ?o WHERE {{ {direct} }}", f"MINUS {{ {known} }}")
        fed = body(lambda p, o: not final(p, o) and not (consumed is not None and p not in consumed and _useless(p, o)))
        if not fed:
            return None
        delta = self._delta(rule.name)
        self._insert(delta, f"SELECT DISTINCT ?s ?p ?o WHERE {{ {fed} }}")
        self._variables = 0
        self._update(
            f"DELETE {{ GRAPH {delta} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {delta} {{ ?s ?p ?o }} {self.known('?s ?p ?o')} FILTER(?g1 != {delta}) }}"
        )
        if next(iter(self.store.quads_for_pattern(None, None, None, delta)), None) is None:
            self.deltas.remove(delta)
            return None
        return delta

    def _insert(self, graph: ox.NamedNode, select: str, condition: str = "") -> None:
        self._update(f"INSERT {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{ {{ {select} }} {condition} }}", prefixes=_PREFIXES)

    def _update(self, text: str, **options) -> None:
        self.check()
        self.store.update(text, **options)

    def _delta(self, name: str) -> ox.NamedNode:
        self._graphs += 1
        graph = ox.NamedNode(f"{SCRATCH}delta/{self._graphs}/{name}")
        self.deltas.append(graph)
        return graph

    # --- the result -----------------------------------------------------------------------------

    def publish(self) -> int:
        """Add the informative triples of the delta graphs to the target (the delta graphs hold
        nothing known before), with their blank nodes back; the results written directly were
        checked when written, but for their subjects."""
        sources = [*self.deltas, *([RESULT] if self.copied else [])]
        if not self.copied:
            self._update(
                f"DELETE {{ GRAPH {self.target} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {self.target} {{ ?s ?p ?o }}"
                f' FILTER(isIRI(?s) && STRSTARTS(STR(?s), "http://www.w3.org/") && ({_builtin("?s")})) }}'
            )
        if sources:
            back, unskolem = "?s ?p ?o", ""
            if self.copied:
                back = "?s1 ?p ?o1"
                unskolem = (
                    f'BIND(IF(STRSTARTS(STR(?s), "{SKOLEM}"), {_TO_BNODE}(?s), ?s) AS ?s1)'
                    f' BIND(IF(isIRI(?o) && STRSTARTS(STR(?o), "{SKOLEM}"), {_TO_BNODE}(?o), ?o) AS ?o1)'
                )
            self._update(
                f"""INSERT {{ GRAPH {self.target} {{ {back} }} }} WHERE {{
                  {" UNION ".join(f"{{ GRAPH {g} {{ ?s ?p ?o }} }}" for g in sources)}
                  FILTER({informative_filter()}) {unskolem} }}""",
                prefixes=_PREFIXES,
                custom_functions=_FUNCTIONS,
            )
        rows = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {self.target} {{ ?s ?p ?o }} }}")
        return int(next(iter(rows))["n"].value)

    def drop(self) -> None:
        for graph in list(self.store.named_graphs()):
            if isinstance(graph, ox.NamedNode) and graph.value.startswith(SCRATCH):
                self.store.remove_graph(graph)
        self.deltas = []


def _reading(graph: ox.NamedNode) -> Pattern:
    return lambda pattern: f"GRAPH {graph} {{ {pattern} }}"


def _run_rounds(reasoner: _Reasoner, rules: list[Rule]) -> None:
    """Semi-naive rounds: each rule reads what the rules after it derived in the last round and what
    the rules before it derived in this one, so every derived triple meets every rule once."""
    consumed = {rule.name: _consumed_by_others(rule, rules) for rule in rules}
    produced: dict[tuple[int, int], list[ox.NamedNode]] = {}
    round_ = 1
    while True:
        for index, rule in enumerate(rules):
            inputs: list[ox.NamedNode] | None = None
            if round_ > 1:
                window = [(round_ - 1, j) for j in range(index, len(rules))] + [(round_, j) for j in range(index)]
                inputs = [g for key in window if rules[key[1]].name not in rule.skips for g in produced.get(key, [])]
                if not inputs:
                    continue
                if rule.full:
                    inputs = None
            outputs = produced.setdefault((round_, index), [])
            delta = reasoner.apply(rule, inputs, consumed[rule.name])
            while delta is not None:
                outputs.append(delta)
                delta = reasoner.apply(rule, [delta], consumed[rule.name]) if rule.closing else None
        if not any(produced.get((round_, j)) for j in range(len(rules))):
            return
        round_ += 1


def _consumed_by_others(producer: Rule, rules: list[Rule]) -> frozenset | None:
    """The predicates of the triples ``producer`` derives that some rule reads (None: all of them)."""
    found: set = set()
    for rule in rules:
        if producer.name in rule.skips and not rule.closing:
            continue
        if rule.reads is None:
            return None
        found |= rule.reads
    return frozenset(found)


def _builtin(var: str) -> str:
    return " || ".join(f'STRSTARTS(STR({var}), "{base}")' for base in BUILTIN_BASES)


_KEPT = {TYPE, SAME_AS, SCO, SPO, EQC, EQP, INVERSE}


def _final(predicate: Term, obj: Term | None) -> bool:
    """True if a derived triple with this predicate (and constant object) is informative whenever
    its subject is not built in, so it can go straight to the results (see ``informative_filter``)."""
    if not isinstance(predicate, ox.NamedNode) or predicate.value.startswith((*BUILTIN_BASES, SKOLEM)):
        return predicate == TYPE and isinstance(obj, ox.NamedNode) and not obj.value.startswith((*BUILTIN_BASES, SKOLEM))
    return True


def _useless(predicate: Term, obj: Term | None) -> bool:
    """True if a derived triple with this predicate (and object) is never informative and cannot
    change the schema (the engine looks for those among the derived triples)."""
    builtin = isinstance(predicate, ox.NamedNode) and predicate.value.startswith(BUILTIN_BASES)
    if predicate == TYPE:
        return isinstance(obj, ox.NamedNode) and obj.value.startswith(BUILTIN_BASES) and obj not in META_TYPES
    return builtin and predicate not in _KEPT and predicate not in SCHEMA_PREDICATES


def informative_filter() -> str:
    """``reason.informative`` as a SPARQL expression on ``?s ?p ?o`` (the subject is never a literal).

    Every built-in namespace starts with ``http://www.w3.org/``: testing that first keeps the
    expression cheap for the usual triple, which has nothing built in but its predicate."""

    def builtin(var: str) -> str:
        return f'(isIRI({var}) && STRSTARTS(STR({var}), "http://www.w3.org/") && ({_builtin(var)}))'

    trivial = "owl:sameAs, rdfs:subClassOf, rdfs:subPropertyOf, owl:equivalentClass, owl:equivalentProperty"
    kept = f"rdf:type, {trivial}, owl:inverseOf"
    return (
        f"!{builtin('?s')} && !(?p IN ({trivial}) && sameTerm(?o, ?s))"
        f" && !(?p IN (rdf:type, rdfs:subClassOf, rdfs:subPropertyOf) && {builtin('?o')})"
        f' && !({builtin("?p")} && !(?p IN ({kept}))) && !STRSTARTS(STR(?p), "{SKOLEM}")'
    )
