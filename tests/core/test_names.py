"""One way to read a name and one rule to pick a label: aizones.core.names and aizones.core.labels."""

from __future__ import annotations

import itertools

import pytest

from aizones.core.errors import UsageError
from aizones.core.labels import ANY, PICTURE_LABEL_LIMIT, Labeller, pick_label, shorten
from aizones.core.names import closest, direct_iri, expand, match, resolve
from aizones.core.namespaces import AIZ, DCTERMS, ID, RDFS, SCHEMA, SKOS
from aizones.drawing.projection import project
from aizones.drawing.selection import resolve_class, resolve_entity
from aizones.pipeline import open_dataset
from tests.support.paths import REPO
from tests.support.stores import EX, dataset_of

CHANGSHA = ID.changsha


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        (f"<{CHANGSHA}>", CHANGSHA),
        (CHANGSHA, CHANGSHA),
        ("http://example.org/mini#changsha", "http://example.org/mini#changsha"),
        ("urn:isbn:0451450523", "urn:isbn:0451450523"),
        ("id:changsha", CHANGSHA),
        ("aiz:Facility", AIZ.Facility),
        ("skos:Concept", SKOS.Concept),
    ],
)
def test_expand_reads_iris_and_prefixed_names(name, iri):
    assert expand(name) == iri


@pytest.mark.parametrize("name", ["Changsha", "长沙市", "changsha", "Hunan Province", "nope:changsha", "id:", "id://x", "id:a b", "<>", ""])
def test_expand_gives_none_for_anything_else(name):
    assert expand(name) is None, "a plain label, a bare slug or an unknown prefix is no IRI"


def test_a_bare_slug_is_an_id_and_a_label_is_no_iri():
    assert direct_iri("changsha") == direct_iri("id:changsha") == CHANGSHA
    assert direct_iri("most-zone-changsha") == ID["most-zone-changsha"]
    assert direct_iri("Changsha") is None and direct_iri("长沙市") is None


LABELS = {
    "Delta": ["ex:exact"],
    "delta": ["ex:lower"],
    "Gamma Province": ["ex:province"],
    "Gamma Office (Gamma)": ["ex:bracket"],
    "长沙市": ["http://example.org/id/changsha"],
    "Changsha": ["http://example.org/id/changsha"],
    "Twin": ["ex:t1", "ex:t2"],
    "Wuhan AI Company": ["http://example.org/id/wuhan-ai-company"],
}


def test_match_takes_the_first_step_that_finds_anything():
    assert match("Delta", LABELS) == ["ex:exact"], "written exactly so: before any looser match"
    assert match("DELTA", LABELS) == ["ex:exact", "ex:lower"], "only ignoring case: both, so ambiguous"
    assert match("Gamma", LABELS) == ["ex:province"], "a generic word added"
    assert match("长沙", LABELS) == ["http://example.org/id/changsha"], "市 added"
    assert match("CHANGSHA", LABELS) == match("changsha", LABELS) == ["http://example.org/id/changsha"]
    assert match("WUHAN-AI-COMPANY", LABELS) == ["http://example.org/id/wuhan-ai-company"], "the local name, ignoring case"
    assert match("gamma office", LABELS) == ["ex:bracket"], "without its bracketed end"
    assert match("Twin", LABELS) == ["ex:t1", "ex:t2"]
    assert match("Epsilon", LABELS) == [] and match(" ", LABELS) == []


def test_closest_names_each_entity_once():
    spelled = {"Changsha": ["ex:changsha"], "Chang-sha": ["ex:changsha"], "Changde": ["ex:changde"]}
    assert closest("Changsah", spelled, 3) == ["Changsha", "Changde"], "Chang-sha names an entity already named"
    assert closest("Changsah", spelled, 1) == ["Changsha"]
    assert closest("Changsah", LABELS, 3) == ["Changsha"]
    assert closest("Delt", LABELS, 1) == ["Delta"]
    assert closest("", LABELS, 3) == []


def test_pick_label_prefers_language_then_property_then_the_smallest_text():
    labels = [
        (SKOS.prefLabel, "en", "Changsha City"),
        (RDFS.label, "zh", "长沙市"),
        (RDFS.label, "en", "Changsha"),
        (RDFS.label, "en", "Changsha (Hunan)"),
        (SCHEMA.name, "fr", "Changsha (fr)"),
    ]
    assert pick_label(labels, ("en",)) == "Changsha", "rdfs:label before skos:prefLabel; of two, the smaller"
    assert pick_label(labels, ("zh",)) == "长沙市"
    assert pick_label(labels, ("zh", "en")) == "长沙市", "the language comes before the property"
    assert pick_label([(SKOS.prefLabel, "zh", "长沙"), (RDFS.label, "en", "Changsha")], ("zh", "en")) == "长沙"
    assert pick_label(labels, ("de",)) == "", "no fallback unless asked for"
    assert pick_label(labels, ("de", "en")) == "Changsha"
    assert pick_label(labels, ("de", ANY)) == "Changsha", "any language: the property, then the text decides"
    assert pick_label([(SCHEMA.name, "fr", "b"), (DCTERMS.title, "de", "a")], ("en", ANY)) == "b"
    for order in itertools.permutations(labels):
        assert pick_label(order, ("en",)) == "Changsha", "the same label whatever order the values come in"


def test_pick_label_reads_language_tags_as_languages():
    assert pick_label([(RDFS.label, None, "plain")], ("en",)) == "plain", "no tag counts as English"
    assert pick_label([(RDFS.label, "", "plain"), (RDFS.label, "en", "English")], ("en",)) == "English", "equal: by text"
    assert pick_label([(RDFS.label, "zh-Hans", "长沙市")], ("zh",)) == "长沙市"
    assert pick_label([(RDFS.label, "EN-GB", "Changsha")], ("en",)) == "Changsha"
    assert pick_label([(SKOS.altLabel, "en", "alias"), (RDFS.comment, "en", "note")], ("en", ANY)) == "", "not label properties"


def test_pick_label_matches_tags_by_prefix_and_prefers_the_bare_language():
    assert pick_label([(RDFS.label, "zh-Hans-CN-x-test", "长沙市"), (RDFS.label, "en", "Changsha")], ("zh",)) == "长沙市"
    assert pick_label([(RDFS.label, "zhx", "not Chinese")], ("zh",)) == "", "a prefix ends at a hyphen"
    variants = [(RDFS.label, "zh-Hant", "長沙"), (RDFS.label, "zh", "长沙市"), (RDFS.label, "zh-Hans", "一")]
    for order in itertools.permutations(variants):
        assert pick_label(order, ("zh",)) == "长沙市", "the exact zh before longer tags, whatever the order"
    assert pick_label(variants[::2], ("zh",)) == "一", "then by tag: zh-hans before zh-hant"
    assert pick_label([(RDFS.label, "en-GB", "Colour"), (RDFS.label, "en-US", "Color")], ("en",)) == "Colour"
    assert pick_label([(RDFS.label, "en-GB", "Colour"), (RDFS.label, None, "Hue")], ("en",)) == "Hue"
    assert pick_label([(RDFS.label, "zh-Hant-TW", "臺"), (RDFS.label, "zh", "台")], ("zh-Hant", "zh")) == "臺"


@pytest.fixture(scope="module")
def real():
    if not any((REPO / "graph").rglob("*.ttl")):
        pytest.skip("the project's graph/ holds no data yet")
    dataset = open_dataset(REPO)
    return dataset, project(dataset)


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        ("Changsha", CHANGSHA),
        ("长沙市", CHANGSHA),
        ("长沙", CHANGSHA),
        ("id:changsha", CHANGSHA),
        (CHANGSHA, CHANGSHA),
        (f"<{CHANGSHA}>", CHANGSHA),
        ("changsha", CHANGSHA),
        (" CHANGSHA ", CHANGSHA),
        ("Changsha City", CHANGSHA),
        ("Hunan", ID.hunan),
        ("湖南省", ID.hunan),
        ("hunan province", ID.hunan),
        ("MIIT", ID.miit),
        ("Pudong New Area", ID["pudong-new-area"]),
    ],
)
def test_the_store_and_the_projection_resolve_a_name_to_the_same_entity(real, name, iri):
    dataset, graph = real
    assert resolve(dataset, name).value == iri
    assert resolve_entity(graph, name) == iri


def test_both_resolvers_refuse_an_unknown_name_with_the_same_closest_label(real):
    dataset, graph = real
    with pytest.raises(UsageError, match="closest: Changsha, Huangshi, Yichang"):
        resolve(dataset, "Changsah")
    with pytest.raises(UsageError, match="did you mean 'Changsha', 'Huangshi', 'Yichang'"):
        resolve_entity(graph, "Changsah")


def test_classes_are_named_by_prefixed_name_local_name_or_label(real):
    _, graph = real
    assert {resolve_class(graph, name) for name in ("aiz:PilotZone", "PilotZone", "pilotzone", "AI pilot zone")} == {AIZ.PilotZone}


def test_the_store_and_the_projection_pick_the_same_labels(real):
    dataset, graph = real
    english, chinese = Labeller(dataset, "en"), Labeller(dataset, "zh")
    for node, data in graph.nodes(data=True):
        assert data["label"] == english.label(node), node
        assert not data["label_zh"] or data["label_zh"] == chinese.label(node), node


def test_a_local_name_matches_ignoring_case_whatever_its_script():
    labels = {"street": ["http://example.org/Straße"], "river": ["http://example.org/place#Xiangjiang"], "x": ["http://example.org/a/b"]}
    assert match("STRASSE", labels) == ["http://example.org/Straße"]
    assert match("xiangjiang", labels) == ["http://example.org/place#Xiangjiang"]
    assert match("a/b", labels) == [] and match("b", labels) == ["http://example.org/a/b"]


def test_invisible_characters_do_not_count_in_names_or_labels():
    labels = {"Chang\u200bsha": {"a"}, "Hu\u00adbei\u202e": {"b"}, "Pudong\nNew Area": {"c"}, "\ufeffWuhan": {"d"}}
    assert match("Changsha", labels) == ["a"], "a zero-width space in the label"
    assert match("Chang\u200bsha", labels) == ["a"], "and the label as written"
    assert match("hubei", labels) == ["b"] and match("Wuhan\u200d", labels) == ["d"]
    assert match("Pudong New Area", labels) == ["c"], "a line break reads as a space"
    assert closest("Changsah", labels, 3) == ["Changsha"]
    dataset = dataset_of({"graph/a.ttl": ("data", 'ex:cs rdfs:label "Chang\u200bsha"@en , "长\u200d沙市"@zh .')})
    assert resolve(dataset, "Changsha").value == EX + "cs"
    assert resolve(dataset, "长沙市").value == EX + "cs"
    assert resolve(dataset, "\u200bChangsha\u200b").value == EX + "cs"


def test_a_long_label_is_shortened_between_characters_a_reader_sees():
    assert shorten("Changsha") == "Changsha" and shorten("x" * PICTURE_LABEL_LIMIT) == "x" * PICTURE_LABEL_LIMIT
    assert shorten("Changsha " * 20) == "Changsha " * 8 + "Changsh…"
    assert shorten("x" * 70 + " " * 20 + "y") == "x" * 70 + "…", "trailing spaces go before the ellipsis"
    assert shorten("x" * 78 + "e\u0301\u0301z" + "y" * 10) == "x" * 78 + "…", "never between a letter and its accents"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one family emoji of five code points
    assert shorten("x" * 77 + family + "y" * 10) == "x" * 77 + "…"
    assert shorten("x" * 78 + "\U0001f1e8\U0001f1f3" * 3) == "x" * 78 + "…", "never inside a flag"
    assert shorten("x" * 77 + "\U0001f1e8\U0001f1f3" * 3) == "x" * 77 + "\U0001f1e8\U0001f1f3" + "…"
    assert shorten("x" * 78 + "\ud83d\ude00" + "y" * 5) == "x" * 78 + "…", "never between two halves of a surrogate pair"
    assert shorten("x" * 78 + "\u1100\u1161\u11a8" + "y") == "x" * 78 + "…", "a conjoining Hangul syllable stays whole"
    assert shorten("\u0301" * 100) == "\u0301" * 100, "one cluster from start to end: nothing to cut"
    huge = "Changsha " + "long name " * 100_000
    assert shorten(huge).startswith("Changsha long name") and len(shorten(huge)) <= PICTURE_LABEL_LIMIT
