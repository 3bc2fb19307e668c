"""OWL consistency with HermiT (through owlready2): the ontology and the data have a model, and
every class can have members. Each problem is a ``Finding`` (validator ``reasoner``).

owlready2 cannot read Turtle, so the asserted ontology and data graphs are written as N-Triples
into a temporary folder, without ``owl:imports`` (HermiT would fetch them). HermiT runs on Java in
a forked child that the time limit kills, JVM and all (``aizones.core.limits``); without Java the check
is skipped with one line on stderr. HermiT only says *that* the data is inconsistent, so the
entities are named from the OWL 2 RL closure (``aizones.reasoning.fixpoint``): every member of two disjoint or
complementary classes, or of ``owl:Nothing``, with its types stated or implied by subclasses,
domains and ranges. For an ontology inside OWL 2 RL, like this project's, those rules find every
inconsistency HermiT can.

Two shortcuts keep the check affordable. A graph with no axiom that can contradict anything
(disjointness, complements, cardinalities, functional or irreflexive properties, datatype
ranges, ...) always has a model, so HermiT is not started for it. And HermiT's time grows fast
with the data (3 s for the real graph, 7 s for 10,000 triples of its shape, 24 s for 100,000), so
above ``MAX_TRIPLES`` triples of data it checks the ontology alone and says so on stderr.

Values HermiT cannot read (NaN, a 400-digit number, a malformed date-time: see
``aizones.validation.hermit_values``) are left out of what it reads, each reported as a warning
finding that names the entity and the value; if HermiT fails all the same, its one-line reason
becomes an error finding (the check could not be done), never a Java stack trace.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from aizones.core.dataset import ROLE_DATA, ROLE_ONTOLOGY, Dataset
from aizones.core.lifeline import alive
from aizones.core.limits import run
from aizones.core.namespaces import ONTOLOGY_IRI, OWL, RDF, RDFS, XSD
from aizones.core.offline import offline
from aizones.core.sparql import select
from aizones.reasoning.fixpoint import materialise_into
from aizones.validation.findings import ERROR, WARNING, Finding, finding, label_of
from aizones.validation.hermit_values import readable

MAX_TRIPLES = 50_000  # HermiT: 7 s at 10,000 triples of data, 24 s at 100,000
VALIDATOR = "reasoner"
_IMPORTS = f"<{OWL.imports}>".encode()

# What can make an OWL ontology inconsistent or a class empty: without any of these, the
# interpretation that makes every class and property hold everything is a model.
_CLASHING_PREDICATES = [
    OWL.disjointWith, OWL.complementOf, OWL.disjointUnionOf, OWL.propertyDisjointWith, OWL.differentFrom,
    OWL.distinctMembers, OWL.maxCardinality, OWL.maxQualifiedCardinality, OWL.cardinality, OWL.qualifiedCardinality,
    OWL.hasKey, OWL.oneOf, OWL.hasSelf, OWL.onDatatype, OWL.datatypeComplementOf, OWL.sourceIndividual,
]  # fmt: skip
_CLASHING_TYPES = [
    OWL.AllDisjointClasses, OWL.AllDisjointProperties, OWL.AllDifferent, OWL.FunctionalProperty, OWL.InverseFunctionalProperty,
    OWL.AsymmetricProperty, OWL.IrreflexiveProperty, OWL.NegativePropertyAssertion,
]  # fmt: skip

_CLASHES = """
SELECT DISTINCT ?x ?c1 ?c2 ?axiom WHERE {
  { ?c1 owl:disjointWith|^owl:disjointWith ?c2 BIND(owl:disjointWith AS ?axiom) }
  UNION { ?c1 owl:complementOf|^owl:complementOf ?c2 BIND(owl:complementOf AS ?axiom) }
  UNION { ?all a owl:AllDisjointClasses ; owl:members ?list .
          ?list rdf:rest*/rdf:first ?c1 . ?list rdf:rest*/rdf:first ?c2 BIND(owl:AllDisjointClasses AS ?axiom) }
  ?x a ?c1 , ?c2 . FILTER(STR(?c1) < STR(?c2))
}
ORDER BY ?x ?c1 ?c2"""
_NOTHING = "SELECT DISTINCT ?x WHERE { ?x a owl:Nothing } ORDER BY ?x"
_PREFIXES = {"owl": OWL.base, "rdf": RDF.base, "rdfs": RDFS.base}


def consistency_findings(dataset: Dataset) -> list[Finding]:
    """HermiT's verdict on the asserted ontology and data graphs, as findings (none: consistent)."""
    graphs = dataset.graphs(ROLE_ONTOLOGY, ROLE_DATA)
    if not graphs or not can_clash(dataset.store, graphs):
        return []
    if shutil.which("java") is None:
        _note("Java is not installed, so HermiT did not check that the ontology and data are consistent; install a JRE to check it")
        return []
    size = sum(f.triples for f in dataset.files if f.role == ROLE_DATA)
    if size > MAX_TRIPLES:
        graphs = dataset.graphs(ROLE_ONTOLOGY)
        _note(f"the data has {size} triples, more than HermiT checks in reasonable time ({MAX_TRIPLES}): it checked the ontology alone")
    data, left_out = readable(dataset.store, graphs, ntriples(dataset.store, graphs))
    findings = [_left_out(dataset, quad, reason) for quad, reason in left_out]
    _remove_stale_folders()
    # The folder HermiT's files go in is made and removed here, in the parent: the child that runs
    # HermiT (killed with its JVM at the time limit, or with its parent) never gets to clean up.
    with tempfile.TemporaryDirectory(prefix=f"{_FOLDER_PREFIX}{os.getpid()}-") as folder:
        verdict, empty_classes = run("the consistency check (HermiT)", _hermit, data, folder)
    if verdict not in (CONSISTENT, INCONSISTENT):  # HermiT failed: its reason, on one line
        return [*findings, _failed(dataset, graphs, verdict)]
    findings += [_empty_class(dataset, iri) for iri in empty_classes]
    if verdict == INCONSISTENT:
        findings += _clashes(dataset, graphs) or _datatype_clashes(dataset) or [_unexplained(dataset)]
    return findings


def can_clash(store: ox.Store, graphs: list[ox.NamedNode]) -> bool:
    """False if nothing in ``graphs`` can contradict anything, so HermiT need not run."""

    def has(s, p, o) -> bool:
        return any(next(iter(store.quads_for_pattern(s, p, o, g)), None) for g in graphs)

    datatype_range = any(
        isinstance(q.object, ox.NamedNode) and q.object.value.startswith((XSD.base, RDFS.Literal))
        for g in graphs
        for q in store.quads_for_pattern(None, ox.NamedNode(RDFS.range), None, g)
    )
    return (
        datatype_range
        or any(has(None, ox.NamedNode(p), None) for p in _CLASHING_PREDICATES)
        or any(has(None, ox.NamedNode(RDF.type), ox.NamedNode(t)) for t in _CLASHING_TYPES)
        or has(None, None, ox.NamedNode(OWL.Nothing))
    )


def ntriples(store: ox.Store, graphs: list[ox.NamedNode]) -> bytes:
    """The graphs as one N-Triples document, less ``owl:imports`` (HermiT would fetch them)."""
    lines = b"".join(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) for g in graphs).split(b"\n")
    return b"\n".join(line for line in lines if line and line.split(b" ", 2)[1] != _IMPORTS) + b"\n"


CONSISTENT, INCONSISTENT = "consistent", "inconsistent"


_FOLDER_PREFIX = "aizones-hermit-"  # then the pid of the process that made it, so a stale one can be told


def _remove_stale_folders() -> None:
    """Remove HermiT folders left by a process that was killed (SIGKILL leaves no ``finally``)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_FOLDER_PREFIX}*-*"):
        pid = folder.name.removeprefix(_FOLDER_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _hermit(data: bytes, folder: str) -> tuple[str, list[str]]:
    """(CONSISTENT, INCONSISTENT or why HermiT failed, the IRIs of the classes that cannot have
    members); runs in the child, with every temporary file in ``folder``."""
    import owlready2  # heavy (it starts a Java reasoner): loaded in the child that runs HermiT only

    path = Path(folder) / "aizones.nt"
    path.write_bytes(data)
    world = owlready2.World()
    # owlready2 writes HermiT's input with NamedTemporaryFile(delete=False): into ``folder`` too
    previous, tempfile.tempdir = tempfile.tempdir, folder
    try:
        with offline():
            world.get_ontology(path.as_uri()).load()
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return INCONSISTENT, []
    except (owlready2.OwlReadyJavaError, owlready2.OwlReadyOntologyParsingError) as error:
        return _reason_of(str(error)), []
    finally:
        tempfile.tempdir = previous
    return CONSISTENT, sorted(c.iri for c in world.inconsistent_classes() if not c.iri.startswith(OWL.base))


def _reason_of(message: str) -> str:
    """The Java exception's own line out of owlready2's message (which holds the whole stack trace)."""
    for line in message.splitlines():
        if "Exception" in line and ":" in line:
            return " ".join(line.split('Exception in thread "main"')[-1].split())[:300]
    return " ".join(message.split())[:300] or "HermiT stopped without a verdict"


_MALFORMED = re.compile(r'Literal "((?:[^"\\]|\\.)*)"\^\^<([^>]*)>')


def _failed(dataset: Dataset, graphs: list[ox.NamedNode], reason: str) -> Finding:
    """HermiT gave no verdict: an error, about the literal it names when the store has it."""
    message = (
        f"HermiT could not check that the ontology and data are consistent: {reason}. "
        "Fix or remove that value, or validate the files one at a time with aizones validate --add."
    )
    named = _MALFORMED.search(reason)
    if named:
        literal = ox.Literal(named.group(1), datatype=ox.NamedNode(named.group(2)))
        for graph in graphs:
            for quad in dataset.store.quads_for_pattern(None, None, literal, graph):
                return finding(dataset, quad.subject, level=ERROR, rule="hermit", message=message, validator=VALIDATOR,
                               predicate=quad.predicate, value=literal)  # fmt: skip
    return Finding(level=ERROR, rule="hermit", entity=ONTOLOGY_IRI, label="", file="", property="", value="", message=message,
                   validator=VALIDATOR)  # fmt: skip


def _left_out(dataset: Dataset, quad: ox.Quad, reason: str) -> Finding:
    message = (
        f"HermiT cannot read this value ({reason}), so the consistency check left this statement out; "
        "write the value in a form HermiT reads (a finite number, a whole date-time) if it should be checked."
    )
    return finding(
        dataset, quad.subject, level=WARNING, rule="hermit-unreadable-value", message=message, validator=VALIDATOR,
        predicate=quad.predicate, value=quad.object,
    )  # fmt: skip


def _clashes(dataset: Dataset, graphs: list[ox.NamedNode]) -> list[Finding]:
    """The members of two disjoint classes or of owl:Nothing, in the OWL 2 RL closure."""
    closure = ox.NamedNode("urn:x-aizones:consistency-closure")
    try:
        materialise_into(dataset.store, graphs, closure)
        union = [*graphs, closure]
        clashes = list(dataset.store.query(_CLASHES, prefixes=_PREFIXES, default_graph=union))
        nothing = list(dataset.store.query(_NOTHING, prefixes=_PREFIXES, default_graph=union))
    finally:
        if dataset.store.contains_named_graph(closure):
            dataset.store.remove_graph(closure)
    findings = []
    for row in clashes:
        x, c1, c2, axiom = row["x"], row["c1"], row["c2"], row["axiom"]
        kind = "complementary" if axiom.value == OWL.complementOf else "disjoint"
        message = (
            f"{_name(dataset, x)} is both a {_name(dataset, c1)} and a {_name(dataset, c2)}, which the ontology declares {kind}, "
            "so the ontology and data are inconsistent (HermiT). Its types are stated or follow from subclasses, domains and ranges: "
            "fix its rdf:type, or the property whose domain or range implies the wrong one."
        )
        findings.append(_finding(dataset, axiom.value, x, f"{c1.value} {c2.value}", message))
    for row in nothing:
        message = (
            f"{_name(dataset, row['x'])} is a member of owl:Nothing, so the ontology and data are inconsistent (HermiT); fix its types."
        )
        findings.append(_finding(dataset, OWL.Nothing, row["x"], OWL.Nothing, message))
    return findings


def _finding(dataset: Dataset, rule: str, entity, value: str, message: str) -> Finding:
    return finding(
        dataset, entity, level=ERROR, rule=rule, message=message, validator=VALIDATOR, predicate=ox.NamedNode(RDF.type), value_text=value
    )


def _empty_class(dataset: Dataset, iri: str) -> Finding:
    message = (
        f"the class {_name(dataset, ox.NamedNode(iri))} can have no members: HermiT finds it equivalent to owl:Nothing. "
        "Its superclasses, disjointness or restrictions contradict each other; fix its definition in the ontology."
    )
    return _finding(dataset, OWL.Nothing, ox.NamedNode(iri), OWL.Nothing, message)


# Literal datatypes that OWL counts as members of a wider declared range.
_WIDER = {
    XSD.decimal: {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.long, XSD.int},
    XSD.integer: {XSD.nonNegativeInteger, XSD.positiveInteger, XSD.long, XSD.int},
    RDFS.Literal: None,  # any literal
    RDF.PlainLiteral: {XSD.string, RDF.langString},  # strings, with or without a language tag
}

_DATATYPE_RANGES = """
SELECT DISTINCT ?entity ?property ?value ?range WHERE {
  ?property a owl:DatatypeProperty ; rdfs:range ?range .
  ?entity ?property ?value .
  FILTER(isLiteral(?value) && isIRI(?range) && DATATYPE(?value) != ?range)
}
ORDER BY ?entity ?property ?value
"""


def _datatype_clashes(dataset: Dataset) -> list[Finding]:
    """The usual cause HermiT does not name: a literal whose datatype lies outside its property's range."""
    _, rows = select(dataset, _DATATYPE_RANGES, inference=False)
    findings = []
    for entity, prop, value, declared in rows:
        wider = _WIDER.get(declared.value, set())
        if wider is None or value.datatype.value in wider or (declared.value == XSD.string and value.language):
            continue
        findings.append(
            finding(
                dataset,
                entity,
                level=ERROR,
                rule="hermit",
                predicate=prop,
                value=value,
                message=(
                    f"HermiT finds the data inconsistent: this value is typed {_short(value.datatype.value)} but the property takes "
                    f"{_short(declared.value)}; write the value with that datatype."
                ),
                validator=VALIDATOR,
            )
        )
    return findings


def _short(iri: str) -> str:
    return "xsd:" + iri[len(XSD.base) :] if iri.startswith(XSD.base) else iri


def _unexplained(dataset: Dataset) -> Finding:
    # about the whole ontology, which no file states as an entity: made by hand, not located
    return Finding(
        level=ERROR,
        rule="hermit",
        entity=ONTOLOGY_IRI,
        label="",
        file="",
        property="",
        value="",
        message=(
            "HermiT finds the ontology and data inconsistent, and neither two disjoint classes nor a mistyped literal explains it; "
            "look at cardinalities and functional properties, or validate the files one at a time with aizones validate --add."
        ),
        validator=VALIDATOR,
    )


def _name(dataset: Dataset, node) -> str:
    label = label_of(dataset, node)
    return f"{label} <{node.value}>" if label else f"<{node.value}>" if isinstance(node, ox.NamedNode) else str(node)


def _note(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)
