"""``aizones diff`` on real builds of this project: a planted change is reported exactly, in words,
and two builds of the same input differ in nothing.

The change is planted in a copy of the project's files: a new reported figure, a changed date, a
removed company, a new conflict between two sources, and a figure whose value changed. The diff of
the two builds must name each of them and nothing else (the facts of the figure that came and of
the company that went are counted with them, not as loose facts).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from aizones.core.namespaces import AIZ, ID, PREFIXES, RDF, XSD
from aizones.pipeline import build
from aizones.querying.diff import diff, open_side
from aizones.querying.diff_text import render_markdown
from aizones.querying.diff_words import figure_words
from tests.support.cli import run_cli
from tests.support.paths import REPO

pytestmark = pytest.mark.slow  # three builds of the project

SOURCE = "graph/sources/002-jinan-ai-industry-2020.ttl"
NEW_FIGURE = """
id:fig-002-planted-new-figure a aiz:ReportedFigure ;
    rdfs:label "A planted figure: 42 attendees"@en ;
    aiz:subject id:jinan-ai-pilot-zone-first-summit ;
    aiz:indicator aizc:attendees ;
    aiz:period "2021-04-19"^^xsd:date ;
    aiz:value 42.0 ;
    aiz:unit aizc:count ;
    aiz:qualifier aizc:exact ;
    aiz:figureKind aizc:actual ;
    aiz:reportedIn id:doc-002-jinan-ai-industry-2020 .

id:jinan aiz:divisionCode "370900" .
"""


def _copy(root: Path) -> Path:
    for folder in ("graph", "ontology", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def _lonely_company(root: Path) -> tuple[str, Path]:
    """A company that one file describes and no file points to: removing it leaves the data valid."""
    store, graphs = ox.Store(), {}
    for path in sorted((root / "graph").rglob("*.ttl")):
        graph = ox.NamedNode("urn:file:" + path.relative_to(root).as_posix())
        store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=graph)
        graphs[graph] = path
    for quad in sorted(store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(AIZ.Company), None), key=str):
        company = quad.subject
        pointed = next(store.quads_for_pattern(None, None, company, None), None)
        homes = {q.graph_name for q in store.quads_for_pattern(company, None, None, None)}
        if pointed is None and len(homes) == 1:
            return company.value, graphs[homes.pop()]
    raise AssertionError("no company to remove")


def _without(path: Path, subject: str) -> None:
    store = ox.Store()
    store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE)
    kept = [q.triple for q in store if q.subject != ox.NamedNode(subject)]
    path.write_bytes(ox.serialize(kept, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))


def _plant(root: Path) -> str:
    source = root / SOURCE
    text = source.read_text(encoding="utf-8")
    text = text.replace('aiz:publicationDate "2021-04-20"^^xsd:date', 'aiz:publicationDate "2021-04-21"^^xsd:date', 1)  # a changed date
    text = text.replace("aiz:value 290.0 ;", "aiz:value 300.0 ;", 1)  # a figure's value
    source.write_text(text + NEW_FIGURE, encoding="utf-8")
    company, home = _lonely_company(root)
    _without(home, company)
    return company


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    old = _copy(tmp_path_factory.mktemp("old"))
    build(old, old / "dist")
    again = _copy(tmp_path_factory.mktemp("again"))
    build(again, again / "dist")
    new = _copy(tmp_path_factory.mktemp("new"))
    company = _plant(new)
    build(new, new / "dist")
    return old, again, new, company


def test_two_builds_of_the_project_are_byte_identical_description_included(builds):
    old, again, _new, _company = builds
    files = sorted(p.relative_to(old / "dist") for p in (old / "dist").rglob("*") if p.is_file())
    assert Path("description.ttl") in files
    assert files == sorted(p.relative_to(again / "dist") for p in (again / "dist").rglob("*") if p.is_file())
    assert all((old / "dist" / f).read_bytes() == (again / "dist" / f).read_bytes() for f in files)


def test_two_builds_of_the_same_input_show_no_change(builds):
    old, again, _new, _company = builds
    result = diff(open_side(old / "dist"), open_side(again / "dist"))
    assert result.empty and not result.kinds and not result.files
    assert "No change" in render_markdown(result)


def test_a_planted_change_is_reported_exactly(builds):
    old, _again, new, company = builds
    result = diff(open_side(old / "dist"), open_side(new / "dist"))
    assert [e["entity"] for e in result.entities_added] == [ID["fig-002-planted-new-figure"]]
    assert [e["entity"] for e in result.entities_removed] == [company]
    assert result.entities_added[0]["figure"] and result.entities_removed[0]["kinds"] == ["company"]
    whole = {ID["fig-002-planted-new-figure"], company}
    loose = sorted((c.kind, c.entity, c.property, c.file) for c in result.facts if c.entity not in whole)
    assert loose == [
        ("added", ID.jinan, AIZ.divisionCode, SOURCE),
        ("changed", ID["doc-002-jinan-ai-industry-2020"], AIZ.publicationDate, SOURCE),
        ("changed", ID["fig-002-jinan-ai-pilot-zone-first-summit-attendees"], AIZ.value, SOURCE),
    ]
    values = {c.property: (c.before, c.after) for c in result.facts if c.entity not in whole}
    assert values[AIZ.divisionCode] == ([], [{"value": "370900", "datatype": XSD.string}])
    assert values[AIZ.publicationDate] == ([{"value": "2021-04-20", "datatype": XSD.date}], [{"value": "2021-04-21", "datatype": XSD.date}])
    assert values[AIZ.value] == ([{"value": "290", "datatype": XSD.decimal}], [{"value": "300", "datatype": XSD.decimal}])
    assert [(c.entity, c.figure_before["value"], c.figure_after["value"]) for c in result.figures_changed] == [
        (ID["fig-002-jinan-ai-pilot-zone-first-summit-attendees"], "290", "300")
    ]
    assert [(c["entity"], c["property"]) for c in result.conflicts_appeared] == [(ID.jinan, AIZ.divisionCode)]
    assert result.conflicts_resolved == []
    assert all(n["added"] + n["removed"] == 1 for n in result.kinds.values())


SUMMIT = "First summit of the Jinan AI innovation and application pilot zone"


def test_the_markdown_says_it_in_words(builds):
    """Each planted change in the domain's words: the figure with whom it is about, what it counts,
    its date and amount and document; the date as a date; the removed company by its name; the
    conflict with both claims and their sources; no IRI, datatype or language tag shown as a value."""
    old, _again, new, company = builds
    before = open_side(old / "dist")
    text = render_markdown(diff(before, open_side(new / "dist")))
    lines = text.splitlines()
    added = lines[lines.index("## Entities added") + 2]
    assert added.startswith(f"- **A planted figure: 42 attendees** (a figure, {SUMMIT}: attendees (19 April 2021) 42 (document 002))"), (
        added
    )
    removed = lines[lines.index("## Entities removed") + 2]
    assert removed.startswith(f"- **{before.labeller.label(company)}** (company) `{company}`"), removed
    figures = lines[lines.index("## Figures whose value changed") + 2]
    assert figures == f"- {SUMMIT}: attendees (19 April 2021) nearly 290 → nearly 300 (document 002), in `{SOURCE}`"
    conflict = lines[lines.index("## Conflicts that appeared") + 2]
    assert (
        conflict.startswith("- **Jinan**, administrative division code: “370100” says ")
        and "; “370900” says Jinan government portal article" in conflict
    )
    assert "publication date: 20 April 2021 → 21 April 2021" in text
    assert "- **Jinan**, administrative division code added: “370900”" in text
    assert "## Conflicts resolved" not in text
    assert "^^" not in text and "@en" not in text and "xsd:" not in text


def test_a_target_is_marked_and_the_json_keeps_exact_values(builds):
    old, _again, new, _company = builds
    result = diff(open_side(old / "dist"), open_side(new / "dist"))
    body = json.loads(result.as_json())
    changed = next(f for f in body["facts"] if f["property"] == AIZ.publicationDate)
    assert changed["before"] == [{"value": "2021-04-20", "datatype": XSD.date}]
    planted = body["entities_added"][0]["said"]
    assert planted["value"] == "42" and planted["period"] == "2021-04-19" and planted["target"] is False
    target = {**planted, "target": True, "unit": "https://w3id.org/aizones/concept/cny", "value": "12500000000"}
    assert figure_words(planted, target) == f"{SUMMIT}: attendees (19 April 2021, target) 42 → 12.5 billion CNY (document 002)"


def test_the_command_writes_markdown_and_json(builds):
    old, _again, new, _company = builds
    markdown = run_cli("diff", str(old / "dist"), str(new / "dist"), cwd=new)
    assert markdown.code == 0, markdown.err
    assert markdown.out.startswith(f"# Changes from {open_side(old / 'dist').version} (")
    same = run_cli("diff", str(old / "dist"), str(old / "dist"), "--format", "json", cwd=new)
    assert same.code == 0, same.err
    assert json.loads(same.out)["entities_added"] == []
