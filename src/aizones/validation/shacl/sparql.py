"""SHACL-SPARQL for the fast engine: ``sh:sparql`` constraints and SPARQL-based constraint components.

SHACL defines ``$this`` as pre-bound: the query runs once per focus node with ``$this`` replaced
by it. pySHACL does exactly that through rdflib, which is what takes most of its time. Here a
query whose ``$this`` only appears where a join gives the same answer (in the outermost group,
at the top of an ``OPTIONAL`` directly inside it, or inside ``FILTER [NOT] EXISTS``) runs once
over all focus nodes: the focus nodes are joined in at the start of the outermost group. Any
other query runs once per focus node with the pre-bound values written into its text
(``prebind``), which is the recommendation's semantics to the letter, only slower. Queries that SHACL forbids with
pre-bound variables (``MINUS``, ``VALUES``, ``SERVICE``, a sub-select that hides ``$this``,
binding a pre-bound variable) are refused, as the W3C test suite expects.
"""

from __future__ import annotations

import itertools
import re

import pyoxigraph as ox

from aizones.core.namespaces import OWL, RDF, RDFS, SH
from aizones.core.policy import check_query
from aizones.core.sparql import mask_literals
from aizones.validation.shacl.results import ShaclResult
from aizones.validation.shacl.shapes import Shape, ShapesError, ShapesGraph, Term, render_path

_THIS = re.compile(r"[?$]this\b")
_FORBIDDEN = re.compile(r"\b(MINUS|VALUES|SERVICE)\b", re.IGNORECASE)
_UNSAFE = re.compile(r"\b(GROUP\s+BY|HAVING|LIMIT|OFFSET|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\b", re.IGNORECASE)
_GROUP_OPENERS = re.compile(r"(NOT\s+EXISTS|EXISTS|OPTIONAL|SELECT[^{]*WHERE|SELECT[^{]*|)\s*\{$", re.IGNORECASE)


def sparql_results(run, shape: Shape, focus) -> list[ShaclResult]:
    """The results of the ``sh:sparql`` constraints of ``shape`` for the focus nodes ``focus`` yields."""
    found: list[ShaclResult] = []
    for node in shape.sparql:
        if _is_true(run.shapes, node, SH.deactivated):
            continue
        text = _literal(run.shapes, node, SH.select)
        if text is None:
            raise ShapesError(f"the SPARQL constraint {node} has no sh:select")
        query = prepare(run.shapes, node, text, shape, bound=("this", "currentShape", "shapesGraph"))
        message = _literal(run.shapes, node, SH.message)
        for row, this in _solutions(run, query, shape, focus, {"currentShape": shape.node}):
            found.append(_result(row, this, shape, SH.SPARQLConstraintComponent, node, message or ""))
    return found


def component_results(run, shape: Shape, focus) -> list[ShaclResult]:
    """The results of the SPARQL-based constraint components that ``shape`` uses."""
    found: list[ShaclResult] = []
    for component, parameters in _components(run.shapes):
        names = [name for name, _path, _optional in parameters]
        values = [run.shapes.objects(shape.node, path) for _name, path, _optional in parameters]
        if any(not given and not optional for given, (_name, _path, optional) in zip(values, parameters, strict=True)):
            continue
        for combination in itertools.product(*[v or [None] for v in values]):
            bindings = {name: value for name, value in zip(names, combination, strict=True) if value is not None}
            found += _run_component(run, shape, focus, component, bindings)
    return found


def _run_component(run, shape: Shape, focus, component: Term, bindings: dict[str, Term]) -> list[ShaclResult]:
    shapes = run.shapes
    kind = SH.propertyValidator if shape.is_property else SH.nodeValidator
    validator = shapes.value(component, kind)
    select = _literal(shapes, validator, SH.select) if validator is not None else None
    bound = ("this", "currentShape", "shapesGraph", *bindings)
    results = []
    if select is not None:
        query = prepare(shapes, validator, select, shape, bound=bound)
        message = _literal(shapes, validator, SH.message) or _literal(shapes, component, SH.message) or ""
        for row, this in _solutions(run, query, shape, focus, {"currentShape": shape.node, **bindings}):
            results.append(_result(row, this, shape, component.value, None, message))
        return results
    validator = shapes.value(component, SH.validator)
    ask = _literal(shapes, validator, SH.ask) if validator is not None else None
    if ask is None:
        return []
    query = prepare(shapes, validator, ask, shape, bound=(*bound, "value"))
    message = _literal(shapes, validator, SH.message) or _literal(shapes, component, SH.message) or ""
    # An ASK validator judges one value node at a time: one query per focus node and value node.
    path = render_path(shape.path) if shape.is_property else ""
    pairs = f"SELECT DISTINCT ?this ?value WHERE {{ {focus.pattern('?this')} {'?this ' + path + ' ?value .' if path else 'BIND(?this AS ?value)'} }}"
    for row in run.query(pairs):
        text, blank = prebind(query, {"currentShape": shape.node, **bindings, "this": row["this"], "value": row["value"]})
        answer = run.query(text, blank)
        if not (bool(answer) if isinstance(answer, ox.QueryBoolean) else any(True for _ in answer)):
            results.append(ShaclResult(row["this"], shape.path, row["value"], shape.severity, component.value, shape.node, None, message))
    return results


def prepare(shapes: ShapesGraph, node: Term, text: str, shape: Shape, bound: tuple[str, ...]) -> str:
    """The query text with its prefixes and ``$PATH`` filled in, after the checks SHACL requires."""
    check_query(text, shown_as=f"the SPARQL of {node}")
    masked = mask_literals(text)
    if _FORBIDDEN.search(masked):
        raise ShapesError(f"the SPARQL of {node} uses {_FORBIDDEN.search(masked).group(1)}, which SHACL forbids with pre-bound variables")
    for name in bound:
        if re.search(rf"\bAS\s+[?$]{name}\b", masked, re.IGNORECASE):
            raise ShapesError(f"the SPARQL of {node} assigns the pre-bound variable ${name}")
    for inner in re.finditer(r"\{\s*SELECT\b([^{]*)", masked, re.IGNORECASE):
        projection = inner.group(1)
        if not _THIS.search(projection):
            raise ShapesError(f"the SPARQL of {node} has a sub-select that does not name $this in its projection")
    if re.search(r"[?$]shapesGraph\b", masked):
        raise ShapesError(f"the SPARQL of {node} uses $shapesGraph, which aizones does not support (the data graph is all a query sees)")
    if "$PATH" in text:
        if not shape.is_property:
            raise ShapesError(f"the SPARQL of {node} uses $PATH but {shape.node} is not a property shape")
        text = text.replace("$PATH", render_path(shape.path))
    text = _prefixes(shapes, node) + text
    check_query(text, shown_as=f"the SPARQL of {node}, its prefixes and path filled in")  # a namespace could hide one
    return text


def _prefixes(shapes: ShapesGraph, node: Term) -> str:
    declared: dict[str, str] = {}
    todo, seen = list(shapes.objects(node, SH.prefixes)), set()
    while todo:
        owner = todo.pop()
        if owner in seen:
            continue
        seen.add(owner)
        todo += shapes.objects(owner, OWL.imports)
        for declaration in shapes.objects(owner, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                declared.setdefault(prefix.value, namespace.value)
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in sorted(declared.items()))


def _solutions(run, query: str, shape: Shape, focus, bindings: dict[str, Term]):
    """Each solution of the query with the focus node it is about: all at once when that is safe."""
    opening = _join_point(query)
    if opening is not None:
        text, blank = prebind(query[: opening + 1] + f" {focus.pattern('?this')} " + query[opening + 1 :], bindings)
        for row in run.query(text, blank):
            yield row, row["this"]
        return
    for row in run.query(f"SELECT DISTINCT ?this WHERE {{ {focus.pattern('?this')} }}"):
        this = row["this"]
        text, blank = prebind(query, {**bindings, "this": this})
        for solution in run.query(text, blank):
            yield solution, this


def prebind(query: str, bindings: dict[str, Term]) -> tuple[str, dict]:
    """The query with each pre-bound variable replaced by its value, as SHACL defines pre-binding.

    IRIs and literals are written into the text (``bound($this)`` becomes ``true``, a projected
    ``$this`` becomes ``(<iri> AS ?this)``). Blank nodes cannot be written into a query; they are
    passed as Oxigraph substitutions instead, which needs them in the projection. An ``ASK`` query
    becomes a ``SELECT`` (its answer is whether it has a solution) for the same reason.
    """
    masked = mask_literals(query)
    ask = re.search(r"\bASK\b", masked, re.IGNORECASE)
    blank = {name: value for name, value in bindings.items() if isinstance(value, ox.BlankNode)}
    # Each SELECT's projection, and where its WHERE group opens (a projected variable stays a
    # variable, bound at the start of that group, so sub-selects still join on it).
    selects = [
        (m.start(1), m.end(1), masked.index("{", m.end(1)))
        for m in re.finditer(r"\bSELECT\b((?:\s+(?:DISTINCT|REDUCED)\b)?[^{]*?)(?=\bWHERE\b|\{)", masked, re.IGNORECASE)
    ]
    edits: set[tuple[int, int, str]] = set()
    for name, value in bindings.items():
        if name in blank:
            continue
        for found in re.finditer(rf"\bBOUND\s*\(\s*[?$]{name}\s*\)", masked, re.IGNORECASE):
            edits.add((found.start(), found.end(), "(true)"))
        for found in re.finditer(rf"[?$]{name}\b", masked):
            if any(start <= found.start() < end for start, end, _ in edits):
                continue
            select = next(((start, end, group) for start, end, group in selects if start <= found.start() < end), None)
            if select is None:
                edits.add((found.start(), found.end(), str(value)))
            else:
                edits.add((found.start(), found.end(), f"?{name}"))
                edits.add((select[2] + 1, select[2] + 1, f" BIND({value} AS ?{name}) "))
    text = query
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    if blank:
        names = " ".join(f"?{name}" for name in blank)
        masked = mask_literals(text)
        if ask:
            where = "" if re.search(r"\bWHERE\b", masked, re.IGNORECASE) else " WHERE"
            start = re.search(r"\bASK\b", masked, re.IGNORECASE)
            text = text[: start.start()] + f"SELECT {names}{where}" + text[start.end() :]
        else:
            top = re.search(r"\bSELECT\b(\s+(?:DISTINCT|REDUCED)\b)?", masked, re.IGNORECASE)
            if not re.match(r"\s*\*", masked[top.end() :]):
                text = text[: top.end()] + f" {names}" + text[top.end() :]
    return text, {ox.Variable(name): value for name, value in blank.items()}


def _join_point(query: str) -> int | None:
    """Where the outermost group of the query opens, if joining the focus nodes there is safe."""
    masked = mask_literals(query)
    if _UNSAFE.search(masked) or re.search(r"\{\s*SELECT\b", masked, re.IGNORECASE):
        return None
    if not re.search(r"\bSELECT\b[^{]*[?$]this\b", masked, re.IGNORECASE):
        return None  # the focus node is not returned; keep the per-node semantics
    start = masked.find("{")
    if start < 0:
        return None
    kinds: list[str] = []
    for index in range(start, len(masked)):
        char = masked[index]
        if char == "{":
            opener = _GROUP_OPENERS.search(masked[max(0, index - 60) : index + 1])
            word = (opener.group(1) or "").split()[0].upper() if opener and opener.group(1) else "GROUP"
            kinds.append(word if kinds else "TOP")
        elif char == "}":
            kinds.pop()
            if not kinds:
                break
        elif _THIS.match(masked, index) and not _safe(kinds):
            return None
    return start


def _safe(kinds: list[str]) -> bool:
    """Whether ``$this`` inside these nested groups means the same joined as pre-bound.

    Inside ``EXISTS`` the current solution is substituted, so ``$this`` is bound there; the top
    of an ``OPTIONAL`` directly in the outermost group is joined with what precedes it, which
    starts with the focus nodes. Any other group (a ``UNION`` branch, a plain or ``GRAPH`` group)
    is evaluated on its own, where a joined ``$this`` would still be unbound.
    """
    for depth, kind in enumerate(kinds[1:]):
        if kind in ("EXISTS", "NOT"):
            return True
        if not (kind == "OPTIONAL" and depth == 0):
            return False
    return True


def _result(row, this: Term, shape: Shape, component: str, constraint: Term | None, message: str) -> ShaclResult:
    if _bound(row, "failure") is not None and _bound(row, "failure").value == "true":
        raise ShapesError(f"the SPARQL constraint {constraint} reported a failure for {this}")
    path = _bound(row, "path")
    value = _bound(row, "value")
    if value is None and not shape.is_property:
        value = this
    result_path = ("p", path.value) if isinstance(path, ox.NamedNode) else shape.path
    return ShaclResult(this, result_path, value, shape.severity, component, shape.node, constraint, message)


def _components(shapes: ShapesGraph) -> list[tuple[Term, list[tuple[str, str, bool]]]]:
    """The SPARQL-based constraint components declared in the shapes graph, with their parameters."""
    classes, todo = set(), [ox.NamedNode(SH.ConstraintComponent)]
    while todo:
        cls = todo.pop()
        if cls not in classes:
            classes.add(cls)
            todo += shapes.subjects(RDFS.subClassOf, cls)
    components = {component for cls in classes for component in shapes.subjects(RDF.type, cls)}
    found = []
    for component in sorted(components, key=str):
        parameters = []
        for parameter in shapes.objects(component, SH.parameter):
            path = shapes.value(parameter, SH.path)
            if isinstance(path, ox.NamedNode):
                # A parameter is pre-bound under the local name of its path ($lang for ex:lang).
                parameters.append((re.split(r"[/#]", path.value)[-1], path.value, _is_true(shapes, parameter, SH.optional)))
        if parameters:
            found.append((component, parameters))
    return found


def _literal(shapes: ShapesGraph, node: Term, predicate: str) -> str | None:
    values = [v for v in shapes.objects(node, predicate) if isinstance(v, ox.Literal)]
    english = [v for v in values if v.language in ("en", None, "")]
    chosen = english or values
    return chosen[0].value if chosen else None


def _is_true(shapes: ShapesGraph, node: Term, predicate: str) -> bool:
    value = shapes.value(node, predicate)
    return isinstance(value, ox.Literal) and value.value == "true"


def _bound(row, name: str):
    try:
        return row[name]
    except KeyError:
        return None
