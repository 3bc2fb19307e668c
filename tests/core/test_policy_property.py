"""Property: random SPARQL built from the grammar is refused exactly when its parse holds a SERVICE.

The generator writes group patterns (triples, OPTIONAL, MINUS, UNION, GRAPH, FILTER [NOT] EXISTS,
sub-selects) from terms the old lexer misread: prefixed names with escaped local parts, strings in
all four quote forms with escapes, IRIs, comments ending at ``\\n`` or ``\\r``. It places a real
SERVICE anywhere, or the words SERVICE, FROM and LOAD where they are no keyword (in a string, a
comment, an IRI, an escaped local name, a variable), and knows which. Oxigraph is the engine-side
check: every text must parse, and where Oxigraph evaluates a SERVICE (its HTTP client refuses port
1 before connecting, so nothing leaves) the generator must have put one there.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aizones.core.errors import InputError, PolicyError
from aizones.core.policy import check_query

DEAD = "<http://127.0.0.1:1/sparql>"  # Oxigraph refuses port 1 itself: the SERVICE fails without a connection
WORDS = ["SERVICE", "service", "FROM", "LOAD", f"SERVICE {DEAD} {{ ?x ?y ?z }}", "FROM <http://x/>", "LOAD <http://x/>"]


@st.composite
def decoy(draw) -> str:
    """A keyword's letters where SPARQL does not read a keyword."""
    word = draw(st.sampled_from(WORDS))
    bare = draw(st.sampled_from(["SERVICE", "FROM", "LOAD", "Service"]))
    return draw(
        st.sampled_from(
            [
                f'"{word} \\" {word}"',
                f"'{word} \\' {word}'",
                f'"""{word} " "" \n {word}"""',
                f"'''{word} ' '' \n {word}'''",
                f'"\\u0053{bare[1:]}"',
                f"<http://example.org/{bare}>",
                f"ex:a\\#{bare}",
                f"ex:{bare}",
                f"ex:was{bare}",
                f"?{bare}",
            ]
        )
    )


@st.composite
def term(draw) -> str:
    """An object: a variable, or a term the old lexer misread (an escaped local name, a string, an IRI)."""
    return draw(
        st.one_of(
            st.sampled_from(["?o", "?x", "ex:a", "ex:a\\#", "ex:a\\'", "ex:a\\~b", "ex:a%20", "<http://example.org/a#b>", "1", "true"]),
            st.sampled_from(['"a\\"b"', "'a\\'b'", '"""a\n"b"""', "'''a'b'''", '"x"@en', '"#"']),
            decoy(),
        )
    )


def comment(word: str, end: str) -> str:
    return f"# {word}{end}"


@st.composite
def group(draw, depth: int) -> tuple[str, bool]:
    """``{ … }`` and whether a real SERVICE is inside."""
    parts, service = [], False
    for _ in range(draw(st.integers(1, 4))):
        kinds = ["triple", "triple", "service", "filter", "comment"] + (
            ["optional", "minus", "union", "graph", "exists", "not-exists", "subselect"] if depth > 0 else []
        )
        kind = draw(st.sampled_from(kinds))
        if kind == "triple":
            parts.append(f"?s ?p {draw(term())} .")
        elif kind == "service":
            inner, _ = draw(group(0))
            # what the old lexer took for the start of a comment or a string, on the same line
            before = draw(st.sampled_from(["", "?s ?p ex:a\\# . ", "?s ?p ex:a\\' . ", "# ends at a CR\r", "?s ex:p\\#q ?o "]))
            after = " ?u ?v 'w' ." if "\\'" in before else ""
            parts.append(f"{before}SERVICE {draw(st.sampled_from(['', 'SILENT ']))}{DEAD} {inner}{after}")
            service = True
        elif kind == "filter":
            parts.append(f"FILTER(?o != {draw(term())})")
        elif kind == "comment":
            parts.append(comment(draw(decoy()).replace("\n", " "), draw(st.sampled_from(["\n", "\r", "\r\n"]))))
        else:
            inner, found = draw(group(depth - 1))
            service |= found
            if kind == "union":
                other, found = draw(group(depth - 1))
                service |= found
                parts.append(f"{inner} UNION {other}")
            elif kind == "subselect":
                parts.append(f"{{ SELECT * WHERE {inner} }}")
            else:
                opener = {
                    "optional": "OPTIONAL",
                    "minus": "MINUS",
                    "graph": "GRAPH ?g",
                    "exists": "FILTER EXISTS",
                    "not-exists": "FILTER NOT EXISTS",
                }
                parts.append(f"{opener[kind]} {inner}")
    separator = draw(st.sampled_from([" ", "\n"]))  # one line: whatever follows an escaped name is on its line
    return "{ " + separator.join(parts) + "\n}", service


@st.composite
def query(draw) -> tuple[str, bool]:
    where, service = draw(group(2))
    head = comment(draw(decoy()).replace("\n", " "), "\n") if draw(st.booleans()) else ""
    return f"{head}PREFIX ex: <http://example.org/x/>\nSELECT * WHERE {where}", service


STORE = ox.Store()
STORE.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("o")))


def oxigraph_runs_a_service(text: str) -> bool:
    """Whether Oxigraph parses the text and, evaluating it, reaches a SERVICE (at the dead port)."""
    try:
        for _ in STORE.query(text, use_default_graph_as_union=True):
            pass
    except OSError as error:
        assert "port 1" in str(error), error
        return True
    return False


@pytest.mark.slow
@settings(max_examples=120, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(query())
def test_a_query_is_refused_exactly_when_it_holds_a_service(generated):
    text, service = generated
    evaluated = oxigraph_runs_a_service(text)  # raises SyntaxError if the generator wrote bad SPARQL
    assert service or not evaluated, "Oxigraph ran a SERVICE the generator did not place"
    try:
        check_query(text)  # the entry point every engine path reaches, on main as now
        refused = False
    except PolicyError as error:
        refused = "SERVICE is refused" in str(error)
    except InputError as error:  # the generator writes valid SPARQL: a text the policy cannot read is a bug here
        raise AssertionError(f"{error}\n{text}") from None
    assert refused == service, text
