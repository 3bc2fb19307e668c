"""The fast SHACL engine: the shapes compiled into SPARQL (``compiler``), evaluated by Oxigraph.

One query per constraint finds every violation among all focus nodes of a shape; ``sh:sparql``
constraints run once over all focus nodes too (``sparql``). Nothing is copied into rdflib:
the queries run on the dataset's own store, over the union of the data graphs. Checks that bind
the focus node by themselves (a value of the wrong datatype, too many values) scan the data first
and keep the rows whose subject is a focus node: violations are few, focus nodes many, and at a
million triples that is several times faster than walking every focus node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyoxigraph as ox

from aizones.core.namespaces import RDFS
from aizones.core.policy import check_query
from aizones.validation.shacl.compiler import Check, Compiler
from aizones.validation.shacl.results import ShaclResult
from aizones.validation.shacl.shapes import Shape, ShapesError, ShapesGraph, Term, render_path
from aizones.validation.shacl.sparql import component_results, sparql_results


@dataclass(frozen=True)
class Focus:
    """Where a shape's focus nodes come from: a pattern binding a given variable to each of them.

    ``context`` names the variables that keep apart the same node reached from two outer focus
    nodes (a property shape inside a property shape): each path to it is validated, and reported,
    separately, as the recommendation does.
    """

    pattern: Callable[[str], str]
    context: tuple[str, ...] = ()


# Up to this many quads outside the data graphs are lifted out of the store while the queries run.
LIFT_LIMIT = 200_000


def validate_fast(store: ox.Store, data: list[ox.NamedNode], shapes: list[ox.NamedNode]) -> list[ShaclResult]:
    shapes_graph = ShapesGraph(store, shapes)
    with only_data_graphs(store, data) as union:
        run = _Run(store, data, shapes_graph, union)
        for shape in run.shapes.targeted_shapes():
            run.shape(shape, Focus(lambda focus, shape=shape: run.compiler.focus_pattern(shape, focus)))
    return run.results


@contextmanager
def only_data_graphs(store: ox.Store, data: list[ox.NamedNode]) -> Iterator[bool]:
    """Leave only the data graphs in the store while validating, so queries can use its union.

    Oxigraph answers a query over the union of all its graphs from one index; over a list of
    named graphs it looks each pattern up in every graph, which is up to ten times slower with a
    graph per file. So the other graphs (the shapes, and an inferred graph if there is one) are
    taken out for the duration and put back afterwards, whatever happens. When they are too big
    to move cheaply, the store stays as it is and queries name the data graphs instead (yields
    whether the union can be used).
    """
    keep = set(data)
    others = [g for g in store.named_graphs() if g not in keep]
    lifted = [q for g in others for q in store.quads_for_pattern(None, None, None, g)]
    lifted += list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if len(lifted) > LIFT_LIMIT:
        yield False
        return
    for graph in others:
        store.remove_graph(graph)
    store.clear_graph(ox.DefaultGraph())
    try:
        yield True
    finally:
        for graph in others:
            store.add_graph(graph)
        store.extend(lifted)


class _Run:
    def __init__(self, store: ox.Store, data: list[ox.NamedNode], shapes: ShapesGraph, union: bool) -> None:
        self.store, self.data, self.shapes, self.union = store, data, shapes, union
        self.compiler = Compiler(shapes, self.subclasses)
        self._subclasses: dict[Term, list[Term]] = {}
        self._focus_nodes: dict[int, tuple[Focus, set[Term]]] = {}
        self.results: list[ShaclResult] = []

    def shape(self, shape: Shape, focus: Focus, depth: int = 0) -> None:
        """Report the violations of ``shape`` and of its ``sh:property`` shapes by the focus nodes ``focus`` yields."""
        if shape.deactivated:
            return
        if depth > 32:
            raise ShapesError(f"the shape {shape.node} nests sh:property more than 32 levels deep (is it recursive?)")
        for check in self.compiler.checks(shape, "?this"):
            self._check(check, focus)
        if shape.sparql:
            self.results += sparql_results(self, shape, focus)
        if self.shapes.declares_components:
            self.results += component_results(self, shape, focus)
        for node in shape.properties:
            prop = self.shapes.shape(node)
            if shape.is_property:
                # A property shape's own sh:property shapes apply to its value nodes.
                path = render_path(shape.path)
                inner = self.compiler.var()

                def values(var: str, outer=focus, path=path, inner=inner) -> str:
                    keep = " ".join((inner, *outer.context))
                    return f"{{ SELECT DISTINCT {keep} {var} WHERE {{ {outer.pattern(inner)} {inner} {path} {var} . }} }}"

                self.shape(prop, Focus(values, (inner, *focus.context)), depth + 1)
            else:
                self.shape(prop, focus, depth + 1)

    def subclasses(self, cls: Term) -> list[Term]:
        """``cls`` and its subclasses in the data graph (``rdfs:subClassOf*``), sorted."""
        if cls not in self._subclasses:
            found = {cls}
            todo = [cls]
            while todo:
                current = todo.pop()
                for quad in self._quads(None, RDFS.subClassOf, current):
                    if quad.subject not in found:
                        found.add(quad.subject)
                        todo.append(quad.subject)
            self._subclasses[cls] = sorted(found, key=str)
        return self._subclasses[cls]

    def _quads(self, subject, predicate: str, obj):
        for graph in self.data:
            yield from self.store.quads_for_pattern(subject, ox.NamedNode(predicate), obj, graph)

    def query(self, text: str, substitutions: dict | None = None):
        # Every text Oxigraph runs for this engine passes the network policy, rewritten SHACL-SPARQL
        # included (cached, and mostly cleared by its fast path without parsing).
        check_query(text, shown_as="a query of the SHACL engine")
        subs = substitutions or {}
        try:
            graphs = {"use_default_graph_as_union": True} if self.union else {"default_graph": self.data}
            return self.store.query(text, named_graphs=[], substitutions=subs or None, **graphs)
        except SyntaxError as error:  # a bug of the compiler, or a user's sh:select: say which
            raise ShapesError(f"{error} in the query {' '.join(text.split())[:300]}") from None

    def _check(self, check: Check, focus: Focus) -> None:
        shape, this = check.shape, check.focus
        # A check that binds the focus node by itself runs over the data first and keeps the rows
        # whose focus node is a target: the violations are few, the focus nodes many.
        scan = check.standalone and not focus.context
        body = "" if scan else f"{focus.pattern(this)} "
        body += f"FILTER({check.expression})" if check.expression else check.pattern
        if check.having:
            group = " ".join((this, *focus.context))
            text = f"SELECT {group} WHERE {{ {body} }} GROUP BY {group} HAVING ({check.having})"
        else:
            projected = " ".join(dict.fromkeys(v for v in (this, check.value, check.path, check.key, *focus.context) if v))
            text = f"SELECT DISTINCT {projected} WHERE {{ {body} }}"
        rows = list(self.query(text))
        if scan and rows:
            members = self.focus_nodes(focus)
            rows = [row for row in rows if row[this[1:]] in members]
        for row in rows:
            value = row[check.value[1:]] if check.value else None
            path = ("p", row[check.path[1:]].value) if check.path else shape.path
            self.results.append(ShaclResult(row[this[1:]], path, value, shape.severity, check.component, shape.node))

    def focus_nodes(self, focus: Focus) -> set[Term]:
        key = id(focus)
        if key not in self._focus_nodes:
            self._focus_nodes[key] = (focus, {row[0] for row in self.query(f"SELECT DISTINCT ?this WHERE {{ {focus.pattern('?this')} }}")})
        return self._focus_nodes[key][1]
