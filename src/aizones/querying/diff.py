"""What changed between two releases, in the domain's words: entities, facts, figures, conflicts.

rdflib's ``graph_diff`` and ROBOT's diff say which triples (or OWL axioms) differ; a reader of this
graph wants to know which zones, companies and figures came or went, which facts changed and in
which source document, and which disagreements between sources appeared or were resolved. Both
sides are read from a release's N-Quads (``dist/`` or ``release/aizones-VERSION/``) with the
source files its manifest lists; only the asserted graphs are compared (the inferred graph follows
from them, and the dataset description from their counts).

A blank node has no name of its own, and the canonical labels a build gives them shift whenever
any other blank node is added, so each is compared by its canonical form here: the digest of what
it says (its properties and values, blank values by their own digest), within its graph. Two
builds of the same input therefore differ in nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from aizones.core.dataset import Dataset, GraphFile
from aizones.core.errors import InputError
from aizones.core.labels import Labeller
from aizones.core.merged_graph import with_default_graph
from aizones.core.namespaces import AIZ, RDF
from aizones.core.release_data import release_of
from aizones.publishing.release_layout import release_files
from aizones.querying.diff_figures import figure
from aizones.querying.diff_words import term
from aizones.querying.explain import conflicts

_DEPTH = 8  # blank nodes nested deeper than this are told apart by what they say up to here


@dataclass(frozen=True)
class Side:
    """One release as the diff reads it."""

    name: str  # as the user gave it
    dataset: Dataset
    labeller: Labeller
    version: str


@dataclass
class Change:
    """One fact (a property's values of one entity in one graph) that was added, removed or changed."""

    entity: str
    label: str
    property: str
    property_label: str
    before: list[dict]  # each value exactly (``diff_words.term``): an IRI with its label, a literal's lexical form, datatype, language
    after: list[dict]
    file: str
    figure_before: dict | None = None  # a figure's value changed: the figure on each side (``diff_figures.figure``)
    figure_after: dict | None = None

    @property
    def kind(self) -> str:
        return "changed" if self.before and self.after else "added" if self.after else "removed"


@dataclass
class Diff:
    old: str
    new: str
    old_version: str
    new_version: str
    entities_added: list[dict] = field(default_factory=list)  # entity, label, kinds, file, figure (and a figure's parts)
    entities_removed: list[dict] = field(default_factory=list)
    facts: list[Change] = field(default_factory=list)
    figures_changed: list[Change] = field(default_factory=list)
    conflicts_appeared: list[dict] = field(default_factory=list)  # entity, label, property, claims
    conflicts_resolved: list[dict] = field(default_factory=list)
    kinds: dict[str, dict[str, int]] = field(default_factory=dict)  # kind → added / removed
    files: dict[str, dict[str, int]] = field(default_factory=dict)  # source file → added / removed / changed

    @property
    def empty(self) -> bool:
        return not (self.entities_added or self.entities_removed or self.facts or self.conflicts_appeared or self.conflicts_resolved)

    def as_json(self) -> str:
        body = {key: value for key, value in self.__dict__.items() if key != "facts"}
        body["facts"] = [{**change.__dict__, "kind": change.kind} for change in self.facts]
        body["figures_changed"] = [{**change.__dict__, "kind": change.kind} for change in self.figures_changed]
        return json.dumps(body, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def open_side(folder: Path, name: str | None = None) -> Side:
    """A release folder (``dist/`` or ``release/aizones-VERSION/``) read into memory."""
    found = release_files(folder)
    if found is None:
        raise InputError(
            f"{folder} holds no release: give a dist/ folder built by aizones, a release/aizones-VERSION/ folder or a git revision"
        )
    manifest, nquads = found
    try:
        inputs = json.loads(manifest.read_text(encoding="utf-8"))["inputs"]
        files = [GraphFile(**entry) for entry in inputs]
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError("the manifest is not one aizones wrote; build again", str(manifest)) from None
    store = ox.Store()
    with open(nquads, "rb") as handle:
        store.bulk_load(input=with_default_graph(handle), format=ox.RdfFormat.N_QUADS)  # without the description
    dataset = Dataset(store, files, merged=frozenset(g.value for g in store.named_graphs()))
    return Side(name or str(folder), dataset, Labeller(dataset), release_of(dataset).version)


def diff(old: Side, new: Side) -> Diff:
    """Everything that differs between the asserted graphs of ``old`` and ``new``."""
    result = Diff(old.name, new.name, old.version, new.version)
    before, after = _keyed(old), _keyed(new)
    removed, added = before.keys() - after.keys(), after.keys() - before.keys()
    _entities(result, old, new)
    _facts(result, {k: before[k] for k in removed}, {k: after[k] for k in added}, old, new)
    _conflicts(result, old, new)
    return result


def _keyed(side: Side) -> dict[tuple, tuple[str, str, str, object, str]]:
    """Each asserted quad by a key that names blank nodes by their canonical form; the value keeps
    the graph, subject, property and object to show, and the object's key."""
    keyed = {}
    for graph in side.dataset.asserted:
        quads = list(side.dataset.store.quads_for_pattern(None, None, None, graph))
        forms = _blank_forms(quads)
        for q in quads:
            subject = forms.get(q.subject, str(q.subject)) if isinstance(q.subject, ox.BlankNode) else q.subject.value
            obj = forms.get(q.object, str(q.object)) if isinstance(q.object, ox.BlankNode) else str(q.object)
            keyed[(graph.value, subject, q.predicate.value, obj)] = (graph.value, subject, q.predicate.value, q.object, obj)
    return keyed


def _blank_forms(quads: list[ox.Quad]) -> dict[ox.BlankNode, str]:
    """Each blank node's canonical form: a digest of its properties and values, refined _DEPTH times."""
    said: dict[ox.BlankNode, list[tuple[str, object]]] = {}
    for q in quads:
        if isinstance(q.subject, ox.BlankNode):
            said.setdefault(q.subject, []).append((q.predicate.value, q.object))
    forms = {node: "_:" for node in said}
    for _round in range(_DEPTH):
        forms = {
            node: "_:"
            + hashlib.sha256(
                "\n".join(sorted(f"{p} {forms.get(o, str(o)) if isinstance(o, ox.BlankNode) else o}" for p, o in pairs)).encode()
            ).hexdigest()[:16]
            for node, pairs in said.items()
        }
    return forms


def _typed(side: Side) -> dict[str, tuple[set[str], str]]:
    """Every named entity of the asserted graphs: its kinds, and the first file that types it."""
    found: dict[str, tuple[set[str], str]] = {}
    for f in side.dataset.files:
        for quad in side.dataset.store.quads_for_pattern(None, ox.NamedNode(RDF.type), None, ox.NamedNode(f.graph)):
            if isinstance(quad.subject, ox.NamedNode):
                found.setdefault(quad.subject.value, (set(), f.path))[0].add(quad.object.value)
    return found


def _entities(result: Diff, old: Side, new: Side) -> None:
    before, after = _typed(old), _typed(new)
    for names, side, typed, target, verb in (
        (sorted(after.keys() - before.keys()), new, after, result.entities_added, "added"),
        (sorted(before.keys() - after.keys()), old, before, result.entities_removed, "removed"),
    ):
        for iri in names:
            kinds, file = typed[iri]
            shown = sorted(side.labeller.label(k) for k in kinds)
            is_figure = AIZ.ReportedFigure in kinds
            found = {"entity": iri, "label": side.labeller.label(iri), "kinds": shown, "file": file, "figure": is_figure}
            target.append({**found, "said": figure(side.dataset, side.labeller, iri)} if is_figure else found)
            for kind in shown:
                result.kinds.setdefault(kind, {"added": 0, "removed": 0})[verb] += 1
    result.kinds = dict(sorted(result.kinds.items()))


def _facts(result: Diff, removed: dict, added: dict, old: Side, new: Side) -> None:
    """Removed and added quads grouped by graph, entity and property: both sides at once is a change."""
    groups: dict[tuple[str, str, str], tuple[list, list]] = {}
    for quads, at in ((removed, 0), (added, 1)):
        for graph, subject, predicate, obj, key in quads.values():
            groups.setdefault((graph, subject, predicate), ([], []))[at].append((obj, key))
    files = {f.graph: f.path for side in (old, new) for f in side.dataset.files}
    figures = {iri for iri, (kinds, _file) in {**_typed(old), **_typed(new)}.items() if AIZ.ReportedFigure in kinds}
    for (graph, subject, predicate), (gone, came) in sorted(groups.items()):
        side = new if came else old
        change = Change(
            subject,
            side.labeller.label(subject) if not subject.startswith("_:") else "a blank node",
            predicate,
            side.labeller.label(predicate),
            _terms(old, gone),
            _terms(new, came),
            files.get(graph, graph),
        )
        result.facts.append(change)
        counted = result.files.setdefault(change.file, {"added": 0, "removed": 0, "changed": 0})
        counted[change.kind] += 1
        if change.kind == "changed" and subject in figures and predicate == AIZ.value:
            change.figure_before = figure(old.dataset, old.labeller, subject)
            change.figure_after = figure(new.dataset, new.labeller, subject)
            result.figures_changed.append(change)
    result.files = dict(sorted(result.files.items()))


def _terms(side: Side, objects: list[tuple[object, str]]) -> list[dict]:
    """The values exactly, in a stable order (a blank node by its canonical form)."""
    values = [term(obj, side.labeller, blank=key) for obj, key in objects]
    return sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))


def _conflicts(result: Diff, old: Side, new: Side) -> None:
    before, after = _conflicts_of(old), _conflicts_of(new)
    for key in sorted(after.keys() - before.keys()):
        result.conflicts_appeared.append(after[key])
    for key in sorted(before.keys() - after.keys()):
        result.conflicts_resolved.append(before[key])


def _conflicts_of(side: Side) -> dict[tuple[str, str, str], dict]:
    """Every disagreement between sources (``explain.conflicts``), by entity, property and claims."""
    store = side.dataset.store
    single = [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(AIZ.singleValuedPerSource), None, None)]
    asserted = set(side.dataset.asserted)
    entities = {q.subject for p in single for q in store.quads_for_pattern(None, p, None, None) if q.graph_name in asserted}
    found = {}
    for entity in sorted((e for e in entities if isinstance(e, ox.NamedNode)), key=str):
        for conflict in conflicts(side.dataset, entity, side.labeller):
            values = " | ".join(sorted({c["value"] for c in conflict.claims}))
            found[(entity.value, conflict.property, values)] = {
                "entity": entity.value,
                "label": side.labeller.label(entity.value),
                "property": conflict.property,
                "property_label": conflict.property_label,
                "claims": conflict.claims,
            }
    return found
