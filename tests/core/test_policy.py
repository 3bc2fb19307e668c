"""The network policy reads SPARQL as SPARQL: every way a SERVICE, FROM or LOAD was hidden from the
old lexer is refused on every engine path, and a loopback listener sees nothing.

Each query below got past the regex guard of the old ``core.sparql`` (run this file against it: the
refusals fail, and Oxigraph connects where it evaluates the SERVICE). The tricks: ``ex:a\\#`` and
``ex:a\\'`` are prefixed names (PN_LOCAL_ESC), not a comment or a string; Oxigraph ends a comment at
``\\r``; ``\\u0053`` is an ``S`` to rdflib (pySHACL's engine).
"""

from __future__ import annotations

import threading

import pytest

from aizones.core.errors import InputError, PolicyError
from aizones.core.sparql import execute, with_values
from tests.support.cli import run_cli
from tests.support.listener import Listener
from tests.support.stores import dataset_of

PREFIXES = "PREFIX ex: <http://example.org/x/>\n"  # a local name may hold a "#" here
# Each hides the pattern that follows it on the same line from the old lexer.
BEHIND_A_QUOTE_NAME = "?s ?p ex:a\\' . "  # the old lexer opened a string at the escaped quote
BEHIND_A_CR_COMMENT = "# a comment ending at a carriage return\r"
SERVICE = "SERVICE <{url}/sparql> { ?x ?y ?z }"
CLOSE_QUOTE = " ?u ?v 'w'"  # gives the old lexer's "string" a closing quote on the same line


def _hidden(pattern: str) -> list[str]:
    """The pattern behind each trick, inside ``SELECT * WHERE { ?s ?p ?o . … }``."""
    return [
        f"{PREFIXES}SELECT * WHERE {{ ?s ?p ?o . {BEHIND_A_QUOTE_NAME}{pattern}{CLOSE_QUOTE} }}",
        f"{PREFIXES}SELECT * WHERE {{ ?s ?p ?o . {BEHIND_A_CR_COMMENT}{pattern}\n}}",
    ]


CONTEXTS = {
    "plain": SERVICE,
    "subquery": f"{{ SELECT * WHERE {{ {SERVICE} }} }}",
    "exists": f"FILTER EXISTS {{ {SERVICE} }}",
    "not-exists": f"FILTER NOT EXISTS {{ {SERVICE} }}",
    "minus": f"MINUS {{ {SERVICE} }}",
    "optional": f"OPTIONAL {{ {SERVICE} }}",
    "union": f"{{ ?s ?p ?o }} UNION {{ {SERVICE} }}",
    "nested-graph": f"GRAPH ?g {{ GRAPH ?h {{ {SERVICE} }} }}",
    "nested-service": "SERVICE SILENT <{url}/a> { " + SERVICE + " }",
    "bind-exists": f"BIND(EXISTS {{ {SERVICE} }} AS ?e)",
}
CASES = {
    f"{name}-{trick}": text for name, pattern in CONTEXTS.items() for trick, text in zip(("quote", "cr"), _hidden(pattern), strict=True)
}
CASES |= {
    "escaped-hash": f"{PREFIXES}SELECT * WHERE {{ ?s ?p ex:a\\# {SERVICE} }}",  # the issue's own case
    "u-escape": "SELECT * WHERE { ?s ?p ?o . \\u0053ERVICE <{url}/sparql> { ?x ?y ?z } }",
    "U-escape": "SELECT * WHERE { ?s ?p ?o . \\U00000053ERVICE <{url}/sparql> { ?x ?y ?z } }",
    "from-cr": "SELECT * # x\rFROM <{url}/data.ttl>\nWHERE { ?s ?p ?o }",
    "from-named-cr": "SELECT * # x\rFROM NAMED <{url}/data.ttl>\nWHERE { GRAPH ?g { ?s ?p ?o } }",
    "from-quote": f"{PREFIXES}DESCRIBE ex:a\\' FROM <{{url}}/data.ttl> WHERE {{ ?s ?p 'x' }}",
    "load-cr": "# x\rLOAD <{url}/data.ttl>\n",
}
DATA = {"graph/a.ttl": ("data", "ex:s ex:p ex:o .")}


@pytest.fixture(scope="module")
def listener():
    """One listener for the module: every test here expects it to see nothing, so a count stays 0."""
    server = Listener()
    yield server
    server.close()


def _settled(listener: Listener) -> int:
    threading.Event().wait(0.1)  # Oxigraph's connect has returned by now; let the listener count it
    return listener.connections


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_every_hidden_way_out_is_refused_before_it_runs(listener, text):
    dataset = dataset_of(DATA)
    with pytest.raises((PolicyError, InputError)):
        result = execute(dataset, text.replace("{url}", listener.url))
        list(result) if not isinstance(result, bool) else None  # an old guard let it through: pull the rows
    assert _settled(listener) == 0


@pytest.mark.parametrize("name", CASES)
def test_a_parsed_way_out_is_a_policy_refusal_naming_it(name):
    keyword = "FROM NAMED" if "from-named" in name else "FROM" if "from" in name else "LOAD" if "load" in name else "SERVICE"
    with pytest.raises(PolicyError, match=f": {keyword} is refused"):
        execute(dataset_of(DATA), CASES[name].replace("{url}", "http://127.0.0.1:1"))


@pytest.mark.parametrize(
    "text",
    [
        '# SERVICE FROM LOAD\nSELECT ?s WHERE { ?s ?p "FROM here" . FILTER(?s != <http://example.org/SERVICE>) }',
        f"{PREFIXES}SELECT ?s WHERE {{ ?s ex:a\\#SERVICE ?o }}",  # one name: no SERVICE at all
        f"{PREFIXES}SELECT ?s WHERE {{ ?s ex:loadFrom ?o . ?s ?p '''SERVICE <x> {{ }}''' }}",
        'SELECT ?s WHERE { ?s ?p "\\u0053ERVICE" }',
        "SELECT ?s WHERE { ?s ?p ?o } # FROM <http://example.org/>",
    ],
)
def test_the_words_in_names_strings_iris_and_comments_still_run(text):
    assert list(execute(dataset_of(DATA), text)) is not None


@pytest.mark.parametrize(
    "text",
    [
        "ASKFROM <{url}/data.ttl> { }",  # Oxigraph reads ASK FROM; rdflib wants a space
        "SELECT * WHERE { ?s ?p ?o . ?s ?p trueSERVICE <{url}/sparql> { ?x ?y ?z } }",
    ],
)
def test_a_text_the_policy_cannot_parse_does_not_run(listener, text):
    with pytest.raises(InputError, match=r"not valid SPARQL 1\.1 as the network policy reads it"):
        execute(dataset_of(DATA), text.replace("{url}", listener.url))
    assert _settled(listener) == 0


def test_allow_network_switches_the_policy_off():
    from aizones.core.policy import check_query

    check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", allow_network=True)


@pytest.mark.parametrize(
    "text",
    [
        f"{PREFIXES}SELECT ?zone WHERE {{ ?zone ex:a\\# ?x . {{ SELECT ?zone WHERE {{ ?zone ?p ?o }} }} }}",
        f"{PREFIXES}SELECT ?zone WHERE {{ ?zone ex:a\\' ?x . {{ SELECT ?zone WHERE {{ ?zone ?p ?o }} }} }}",
        f"{PREFIXES}SELECT ?zone # WHERE {{\r WHERE {{ ?zone ?p ?o }}",
        f"{PREFIXES}SELECT ?zone (ex:WHERE AS ?w) WHERE {{ ?zone ?p ?o }}",
    ],
)
def test_values_open_the_outer_where_whatever_precedes_it(text):
    """The VALUES row goes where the parse says the outer WHERE group opens, not into a sub-select or a comment."""
    import pyoxigraph as ox
    from rdflib.plugins.sparql.parser import parseQuery

    bound = with_values(text, {ox.Variable("zone"): ox.NamedNode("http://example.org/z")})
    where = parseQuery(bound.replace("\r", "\n"))[1]["where"]["part"]
    assert where[0].name == "InlineData"


def test_the_fast_path_clears_the_saved_queries_and_refuses_what_it_cannot_prove():
    from aizones.core.policy import cannot_name_outside
    from tests.support.paths import REPO

    for path in sorted((REPO / "queries").rglob("*.rq")):
        assert cannot_name_outside(path.read_text(encoding="utf-8")), path
    for text in [
        "SELECT * WHERE { ?a ?b trueSERVICE <http://x/> {} }",  # Oxigraph reads true, then SERVICE
        "ASKFROM <http://x/> {}",  # Oxigraph reads ASK, then FROM
        "SELECT * WHERE { ?a ?b <http://x/from> }",
        "SELECT * WHERE { ſERVICE <http://x/> {} }",  # a caseless matcher reads ſ as S
        "# header\r SERVICE",
        "PREFIX ex: <http://x/> SELECT * WHERE { ?s ?p ex:-SERVICE <http://x/> {} }",  # no local part starts with -
    ]:
        assert not cannot_name_outside(text), text


def test_a_hyphenated_local_name_is_one_name_to_both_parsers_and_clears_the_fast_path():
    """``id:china-news-service`` holds "service": both grammars read it as one prefixed name (a
    keyword would not parse as an object here), so the fast path may clear it."""
    import pyoxigraph as ox
    from rdflib.plugins.sparql.parser import parseQuery

    from aizones.core.policy import cannot_name_outside

    for text in (
        "PREFIX id: <http://x/> SELECT * WHERE { ?s ?p id:china-news-service }",
        "PREFIX ex: <http://x/> SELECT * WHERE { ?s ?p ex:a-b-FROM . ?s ?p _:c-LOAD }",
    ):
        parseQuery(text)
        ox.Store().query(text)
        assert cannot_name_outside(text), text


# --- every engine path, through the real command line ---


def _planted(listener: Listener) -> str:
    return CASES["escaped-hash"].replace("{url}", listener.url)


def _shape(listener: Listener, case: str = "optional-quote") -> str:
    query = CASES[case].replace("{url}", listener.url).replace("SELECT *", "SELECT $this", 1)
    query = query.replace("?s ?p ?o .", "$this ?p ?o .", 1).replace(PREFIXES, "")
    escaped = query.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n")
    return (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<http://example.org/mini#RemoteShape> a sh:NodeShape ; sh:targetClass <http://example.org/mini#City> ;\n"
        "  sh:sparql [ sh:prefixes <http://example.org/mini#decl> ; "
        f'sh:select "{escaped}" ] .\n'
        '<http://example.org/mini#decl> sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/x/" ] .\n'
    )


@pytest.mark.slow
def test_query_e_is_refused(mini, listener):
    for text in (_planted(listener), CASES["optional-quote"].replace("{url}", listener.url)):
        result = run_cli("query", "-e", text, cwd=mini)
        assert result.code == 3 and "SERVICE is refused" in result.err and len(result.err.strip().splitlines()) == 1, result.err
    result = run_cli("query", "-e", f"ASKFROM <{listener.url}/data.ttl> {{ }}", cwd=mini)  # Oxigraph would run it
    assert result.code == 2 and "as the network policy reads it" in result.err and len(result.err.strip().splitlines()) == 1, result.err
    assert _settled(listener) == 0


@pytest.mark.slow
def test_a_saved_query_is_refused(mini, listener):
    # (a file's \r is read as \n: the carriage-return trick cannot reach a saved query)
    (mini / "queries" / "remote.rq").write_text(f"# title: remote\n{CASES['optional-quote'].replace('{url}', listener.url)}")
    result = run_cli("query", "remote", cwd=mini)
    assert result.code == 3 and "queries/remote.rq" in result.err, result.err
    result = run_cli("query", "--all", cwd=mini)
    assert result.code == 3, result.err
    assert _settled(listener) == 0


@pytest.mark.slow
@pytest.mark.parametrize("case", ["optional-quote", "optional-cr", "exists-quote", "subquery-cr"])
def test_a_shacl_sparql_shape_is_refused_by_validate_and_build(mini, listener, case):
    (mini / "ontology" / "shapes-remote.ttl").write_text(_shape(listener, case))
    for command in (["validate"], ["validate", "--engine", "pyshacl"], ["build", "-q"]):
        result = run_cli(*command, cwd=mini)
        assert result.code == 3 and "SERVICE is refused" in result.err, (command, result.err)
    assert _settled(listener) == 0


@pytest.mark.slow
def test_a_check_is_refused(mini, listener):
    query = CASES["optional-quote"].replace("{url}", listener.url).replace("SELECT *", "SELECT ?s AS ?entity", 1)
    query = query.replace("SELECT ?s AS ?entity", "SELECT (?s AS ?entity)")
    (mini / "queries" / "checks" / "remote.rq").write_text(f"# title: remote\n# severity: error\n{query}")
    result = run_cli("validate", cwd=mini)
    assert result.code == 3 and "queries/checks/remote.rq" in result.err, result.err
    assert _settled(listener) == 0


@pytest.mark.slow
def test_a_file_checked_with_validate_add_is_refused(mini, listener, tmp_path):
    added = tmp_path / "new-shapes.ttl"
    added.write_text(_shape(listener))
    result = run_cli("validate", "--add", str(added), cwd=mini)
    assert result.code == 3 and "new-shapes.ttl" in result.err, result.err
    assert _settled(listener) == 0


@pytest.mark.slow
def test_a_namespace_that_carries_query_text_is_refused(mini, listener):
    """``sh:declare`` namespaces are written into the query text: this one ends the IRI, runs a SERVICE
    and swallows the constraint's own text into a string (the old code connected)."""
    injected = f'http://example.org/x/> SELECT $this WHERE {{ SERVICE <{listener.url}/sparql> {{ ?x ?y ?z }} }} VALUES ?z {{ \\"\\"\\"'
    (mini / "ontology" / "shapes-remote.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<http://example.org/mini#RemoteShape> a sh:NodeShape ; sh:targetClass <http://example.org/mini#City> ;\n"
        '  sh:sparql [ sh:prefixes <http://example.org/mini#decl> ; sh:select "SELECT $this WHERE { $this ?p ?o } #\\"\\"\\"}" ] .\n'
        f'<http://example.org/mini#decl> sh:declare [ sh:prefix "ex" ; sh:namespace "{injected}" ] .\n'
    )
    result = run_cli("validate", cwd=mini)
    assert result.code == 2 and "sh:namespace" in result.err and "is not an IRI" in result.err and "shapes-remote.ttl" in result.err, (
        result.err
    )
    assert _settled(listener) == 0


@pytest.mark.parametrize(
    ("prefix", "namespace", "refused"),
    [
        ("ex: <http://example.org/x/> SELECT", "http://example.org/x/", "sh:prefix"),
        ("ex", "http://x/> {", "sh:namespace"),
        ("ex", "http://example.org/x/", None),
    ],
)
def test_guard_shapes_refuses_declarations_that_are_not_a_prefix_or_an_iri(prefix, namespace, refused):
    from aizones.core.dataset import ROLE_SHAPES
    from aizones.validation.coordinator import guard_shapes

    shapes = (
        'ex:Shape a sh:NodeShape ; sh:sparql [ sh:prefixes ex:decl ; sh:select "SELECT $this WHERE { }" ] .\n'
        f'ex:decl sh:declare [ sh:prefix "{prefix}" ; sh:namespace "{namespace}" ] .'
    )
    dataset = dataset_of({"ontology/shapes.ttl": (ROLE_SHAPES, shapes)})
    if refused is None:
        guard_shapes(dataset, dataset.graphs(ROLE_SHAPES))
        return
    with pytest.raises(InputError, match=f"{refused} .* is not"):
        guard_shapes(dataset, dataset.graphs(ROLE_SHAPES))
