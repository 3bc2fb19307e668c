"""Facts entered as tables (docs/tables.md): the gate, the cells, the triples, one error per problem.

Each table here is written into a scratch folder and read with the real project, as
``aizones validate --add`` reads it, so labels, units and kinds resolve against the real graph.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from aizones.core.errors import EXIT_BAD_INPUT, InputError, InputErrors
from aizones.core.namespaces import AIZ, AIZC, ID, RDFS, XSD
from aizones.reading.loader import load_dataset
from aizones.reading.table_kinds import COLUMNS
from tests.support.paths import DATA, REPO

DOCUMENT = "010-suzhou-commerce-ai-2024"  # a document the graph describes in Turtle
FIGURES = "subject,indicator,period,value,unit,qualifier,kind\n"


def _load(tmp_path, name: str, text: str | bytes):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return load_dataset(REPO, extra=[path])


def _loaded(tmp_path, name: str, text: str) -> tuple:
    """The dataset and the graph of the scratch table (the real graph/tables/ may hold one of that name)."""
    dataset = _load(tmp_path, name, text)
    return dataset, ox.NamedNode(next(f.graph for f in dataset.files if f.path == str(tmp_path / name)))


def _problems(tmp_path, name: str, text: str | bytes) -> list[InputError]:
    with pytest.raises(InputError) as caught:
        _load(tmp_path, name, text)
    error = caught.value
    assert error.exit_code == EXIT_BAD_INPUT
    return error.errors if isinstance(error, InputErrors) else [error]


def _objects(dataset, graph, subject: str, predicate: str) -> set:
    return {q.object for q in dataset.store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None, graph)}


def test_a_figure_row_becomes_the_triples_a_turtle_file_would_state(tmp_path):
    name = f"{DOCUMENT}.figures.csv"
    dataset, graph = _loaded(tmp_path, name, FIGURES + "苏州市,AI enterprises,2024,1.5万,CNY,more than,target\n")
    figure = ID["fig-010-suzhou-ai-enterprises-2024-cny-target"]
    assert _objects(dataset, graph, figure, AIZ.subject) == {ox.NamedNode(ID.suzhou)}
    assert _objects(dataset, graph, figure, AIZ.indicator) == {ox.NamedNode(AIZC["ai-enterprises"])}
    assert _objects(dataset, graph, figure, AIZ.period) == {ox.Literal("2024", datatype=ox.NamedNode(XSD.gYear))}
    assert _objects(dataset, graph, figure, AIZ.value) == {ox.Literal("15000", datatype=ox.NamedNode(XSD.decimal))}
    assert _objects(dataset, graph, figure, AIZ.qualifier) == {ox.NamedNode(AIZC["more-than"])}
    assert _objects(dataset, graph, figure, AIZ.reportedIn) == {ox.NamedNode(ID[f"doc-{DOCUMENT}"])}
    assert _objects(dataset, graph, figure, AIZ.tableRow) == {ox.Literal(f"{tmp_path / name}#row=2")}
    (label,) = _objects(dataset, graph, figure, RDFS.label)
    assert label.value == "Suzhou: AI enterprises 2024 (target), more than 15,000 CNY" and label.language == "en"


def test_the_same_table_gives_the_same_triples(tmp_path):
    text = FIGURES + "Suzhou,ai-enterprises,2024,2000,count,exact,actual\n"
    first, graph = _loaded(tmp_path, f"{DOCUMENT}.figures.csv", text)
    second, _ = _loaded(tmp_path, f"{DOCUMENT}.figures.csv", text)
    quads = [sorted(map(str, d.store.quads_for_pattern(None, None, None, graph))) for d in (first, second)]
    assert quads[0] == quads[1] and len(quads[0]) == 11


def test_the_planted_errors_give_one_error_each_naming_file_row_and_column():
    planted = DATA / "tables" / "planted" / f"{DOCUMENT}.figures.csv"
    with pytest.raises(InputErrors) as caught:
        load_dataset(REPO, extra=[planted])
    shown = "tests/data/tables/planted/010-suzhou-commerce-ai-2024.figures.csv"
    found = [(e.path, e.line, e.column) for e in caught.value.errors]
    assert found == [
        (shown, 3, 5),
        (shown, 4, 3),
        (shown, 5, 1),
        (shown, 6, 1),
        (shown, 7, 1),
        (shown, 8, 8),
        (shown, 9, 8),
        (shown, 10, 4),
    ]
    reasons = [e.reason for e in caught.value.errors]
    assert "'dollars' is not in the vocabulary aizc:units; write one of cny" in reasons[0]
    assert "'20/4/2021' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD" in reasons[1]
    assert reasons[2].startswith("no entity called 'Suzhuo City' in the graph (closest: Suzhou")
    assert "is ambiguous: it names id:miit-zone-changsha, id:most-zone-changsha" in reasons[3]
    assert reasons[4] == "the row repeats row 2; delete one of them"
    assert [r[:24] for r in reasons[5:]] == ["the cell starts with '='", "the cell starts with '+'", "the cell starts with '@'"]
    assert str(caught.value).splitlines() == [str(e) for e in caught.value.errors]


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("=1+1", "starts with '='"),
        ("-cmd", "starts with '-'"),
        ("@SUM(A1)", "starts with '@'"),
        (" =HYPERLINK(x)", "starts with '='"),
        ("Su\u200bzhou", "invisible character U+200B"),
    ],
)
def test_a_cell_that_could_hide_a_formula_or_a_character_is_refused(tmp_path, cell, problem):
    (error,) = _problems(tmp_path, f"{DOCUMENT}.figures.csv", FIGURES + f'"{cell}",ai-enterprises,2024,2000,count,exact,actual\n')
    assert (error.line, error.column) == (2, 1) and problem in error.reason


def test_a_plain_number_may_start_with_a_sign(tmp_path):
    text = "subject,indicator,period,value,unit,qualifier,kind,growth_rate\nSuzhou,ai-enterprises,2024,2000,count,exact,actual,-5.5\n"
    dataset, graph = _loaded(tmp_path, f"{DOCUMENT}.figures.csv", text)
    growth = {q.object.value for q in dataset.store.quads_for_pattern(None, ox.NamedNode(AIZ.growthRate), None, graph)}
    assert growth == {"-5.5"}


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("subject,indicator,period,valeu,unit,qualifier,kind\n", (1, 4), "'valeu' is not a column of a figures table; write 'value'"),
        ("subject,indicator,period,unit,qualifier,kind\n", (1, None), "the header has no column 'value'"),
        (FIGURES.strip() + ",\n" + "Suzhou,ai-enterprises,2024,2000,count,exact,actual,x\n", (1, 8), "a column without a name"),
        (FIGURES + 'Suzhou,ai-enterprises,2024,"2000"x,count,exact,actual\n', (2, None), "not valid CSV"),
        (FIGURES + "Suzhou,ai-enterprises,2024\n", (2, 1), "the row has 3 cells and the header 7"),
        (FIGURES + 'Suzhou,ai-enterprises,2024,"2,000",count,exact,actual\n', (2, 4), "'2,000' is not a number"),
        (FIGURES + "Suzhou,ai-enterprises,2024-13,2000,count,exact,actual\n", (2, 3), "'2024-13' is not a date"),
        (FIGURES + "Suzhou,ai-enterprises,2024,2000,count,roughly,actual\n", (2, 6), "'roughly' is not in the vocabulary aizc:qualifiers"),
        (FIGURES + "Suzhou,ai-enterprise-count,2024,2000,count,exact,actual\n", (2, 2), "is not in the vocabulary aizc:indicators"),
        (FIGURES + "Example Nowhere,ai-enterprises,2024,2000,count,exact,actual\n", (2, 1), "no entity called 'Example Nowhere'"),
    ],
)
def test_each_bad_header_row_or_cell_is_named_where_it_is(tmp_path, text, where, problem):
    (error,) = _problems(tmp_path, f"{DOCUMENT}.figures.csv", text)
    assert (error.line, error.column) == where and problem in error.reason
    assert error.path == str(tmp_path / f"{DOCUMENT}.figures.csv")


def test_two_rows_that_would_be_one_figure_are_refused(tmp_path):
    text = FIGURES + "Suzhou,ai-enterprises,2024,2000,count,exact,actual\nSuzhou,ai-enterprises,2024,2100,count,exact,actual\n"
    (error,) = _problems(tmp_path, f"{DOCUMENT}.figures.csv", text)
    assert error.line == 3 and "row 2 already states the figure" in error.reason


def test_a_table_of_a_document_the_graph_does_not_describe_is_refused(tmp_path):
    (error,) = _problems(tmp_path, "999-unknown-report.figures.csv", FIGURES + "Suzhou,ai-enterprises,2024,2000,count,exact,actual\n")
    assert "no source document <https://w3id.org/aizones/id/doc-999-unknown-report>" in error.reason
    assert "999-unknown-report.source.csv" in error.reason


def test_a_table_named_without_its_kind_is_refused(tmp_path):
    (error,) = _problems(tmp_path, "figures.csv", FIGURES)
    assert "a table is named <document>.<kind>.csv" in error.reason and error.path.endswith("figures.csv")


def test_a_table_that_is_not_utf8_is_refused_with_its_place(tmp_path):
    (error,) = _problems(
        tmp_path, f"{DOCUMENT}.figures.csv", (FIGURES + "苏州市,ai-enterprises,2024,2000,count,exact,actual\n").encode("gb18030")
    )
    assert "is not UTF-8" in error.reason and error.line == 2


def test_a_spreadsheets_byte_order_mark_and_empty_rows_are_accepted(tmp_path):
    text = "\ufeff" + FIGURES + ",,,,,,\nSuzhou,ai-enterprises,2024,2000,count,exact,actual\n"
    dataset, graph = _loaded(tmp_path, f"{DOCUMENT}.figures.csv", text)
    rows = {q.object.value.rsplit("#", 1)[1] for q in dataset.store.quads_for_pattern(None, ox.NamedNode(AIZ.tableRow), None, graph)}
    assert rows == {"row=3"}


def test_a_new_organisation_whose_label_is_taken_must_name_the_entity_by_id(tmp_path):
    text = "label_en,kind,located_in\nSuzhou Municipal Bureau of Commerce,municipal bureau,Suzhou\n"
    (error,) = _problems(tmp_path, f"{DOCUMENT}.organisations.csv", text)
    assert (error.line, error.column) == (2, 1)
    assert (
        "'Suzhou Municipal Bureau of Commerce' is already the label of <https://w3id.org/aizones/id/suzhou-bureau-of-commerce>"
        in error.reason
    )
    assert "write suzhou-bureau-of-commerce in the id column" in error.reason


def test_an_organisation_whose_id_is_an_entitys_restates_it_in_the_tables_graph(tmp_path):
    text = "id,label_en,kind,located_in\nsoochow-university,Soochow University,University,苏州\n"
    dataset, graph = _loaded(tmp_path, f"{DOCUMENT}.organisations.csv", text)
    assert _objects(dataset, graph, ID["soochow-university"], AIZ.locatedIn) == {ox.NamedNode(ID.suzhou)}


def test_a_kind_of_organisation_must_be_a_class_of_the_ontology(tmp_path):
    (error,) = _problems(tmp_path, f"{DOCUMENT}.organisations.csv", "label_en,kind\nExample Guild,guild\n")
    assert (error.line, error.column) == (2, 2) and "'guild' is not a kind of Organisation in the ontology; write one of" in error.reason


def test_a_source_table_needs_one_row_and_an_address(tmp_path):
    header = "label_en,publisher_name,date,language\n"
    (error,) = _problems(tmp_path, "098-example.source.csv", header + "Example,Example publisher,2025-01-02,en\n")
    assert (error.line, error.column) == (2, None) and "the document has no address" in error.reason
    (error,) = _problems(
        tmp_path,
        "098-example.source.csv",
        header.strip() + ",url\n" + "A,P,2025,en,https://example.org/a\nB,P,2025,en,https://example.org/b\n",
    )
    assert "describes one document in one row" in error.reason


def test_the_documentation_names_every_column_of_every_kind():
    text = (REPO / "docs" / "tables.md").read_text(encoding="utf-8")
    for kind, columns in COLUMNS.items():
        section = text.split(f"**{kind}**", 1)[1].split("\n\n", 1)[0]
        for column in columns:
            shown = f"**`{column.name}`**" if column.required else f"`{column.name}`"
            assert shown in section, f"docs/tables.md does not list {shown} for {kind} tables"


def test_a_row_may_name_a_thing_a_later_row_or_file_introduces(tmp_path):
    text = "label_en,kind,parent\nExample Robotics Lab,research institute,Example Robotics Group\nExample Robotics Group,company,\n"
    dataset, graph = _loaded(tmp_path, f"{DOCUMENT}.organisations.csv", text)
    parent = _objects(dataset, graph, ID["example-robotics-lab"], AIZ.parentOrganisation)
    assert parent == {ox.NamedNode(ID["example-robotics-group"])}
