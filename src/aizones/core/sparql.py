"""Run SPARQL over the dataset, after the network policy has looked at the query.

Queries see the RDF merge of the asserted graphs plus the inferred graph as their default graph,
each triple once (``core.merged_graph``; ``inference=False`` leaves the inferred graph out);
``GRAPH ?g`` sees the same graphs by name,
which is how a query asks which file states a fact. A query that could reach outside the dataset
(``SERVICE``, ``FROM``, ``FROM NAMED``, ``LOAD``) is refused before it runs, because both rdflib and
Oxigraph would fetch the URL or read the local file it names: ``core.policy`` decides on the parse
of the exact text that runs.
"""

from __future__ import annotations

import functools
import re

import pyoxigraph as ox

from aizones.core.dataset import Dataset
from aizones.core.errors import InputError
from aizones.core.merged_graph import scope
from aizones.core.namespaces import PREFIXES
from aizones.core.policy import check_query

# The spans ``mask_literals`` blanks, after SPARQL's terminals: strings in their four quote forms,
# IRIs, prefixed names, comments (Oxigraph ends one at \r too). A prefixed name is matched whole, so
# that a ``#``, quote or backslash escaped in its local part (``ex:a\\#``, PN_LOCAL_ESC) is not
# taken for a comment or a string, nor ``ex:WHERE`` for a keyword. The mask only places the
# ``VALUES`` row and reads SHACL-SPARQL's shape; the network policy (``core.policy``) never uses it.
_PREFIXED_NAME = r"(?<![\w?$.\-])(?:[^\W\d_][\w.\-]*)?:(?:[\w\-.:%]|\\[_~.\-!$&'()*+,;=/?#@%])*"
_SKIPPED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n\r]*"
    rf"|{_PREFIXED_NAME}",
)


@functools.lru_cache(maxsize=256)  # the VALUES binding and the SHACL-SPARQL rewriting both read each query
def mask_literals(text: str) -> str:
    """The query with its strings, IRIs, prefixed names and comments blanked out, every offset kept."""
    return _SKIPPED.sub(lambda m: " " * len(m.group(0)), text)


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def with_values(text: str, bindings: dict) -> str | None:
    """The query with the bindings as a ``VALUES`` row opening its WHERE clause, or None if it has none.

    Each value is an RDF term already checked and typed (``saved.term_for``); its N-Triples form,
    written by Oxigraph with every quote and bracket escaped, is what goes into the text, never
    what the user typed. Oxigraph's own substitutions bind the same variables, but only after
    evaluating the query for every value (a second instead of a millisecond at a million
    triples), where a ``VALUES`` row is joined first.
    """
    found = _WHERE.search(mask_literals(text))
    if not bindings or not found:
        return None
    names = " ".join(f"?{variable.value}" for variable in bindings)
    row = " ".join(str(term) for term in bindings.values())
    return f"{text[: found.end()]}\n  VALUES ({names}) {{ ({row}) }}{text[found.end() :]}"


def execute(
    dataset: Dataset,
    text: str,
    *,
    inference: bool = True,
    allow_network: bool = False,
    shown_as: str = "query",
    substitutions=None,
    within: dict | None = None,
):
    """Run a query; returns Oxigraph's solutions, boolean or triples (consumed once).

    ``within``: Oxigraph's dataset options (``default_graph``, ``named_graphs``) to use instead of
    the merge, for a request that names its own dataset (the SPARQL protocol's ``default-graph-uri``
    and ``named-graph-uri``); they name graphs of the store only, which Oxigraph never fetches."""
    bound = with_values(text, substitutions or {})
    if bound is not None:
        text, substitutions = bound, None
    check_query(text, allow_network=allow_network, shown_as=shown_as)  # on the text that runs, VALUES row included
    store, options = scope(dataset, inference) if within is None else (dataset.store, within)  # the merge: each triple once
    try:
        # Oxigraph evaluates lazily: the solutions are pulled later, by whoever renders them.
        return store.query(text, prefixes=PREFIXES, substitutions=substitutions, **options)
    except SyntaxError as error:
        raise InputError(f"not valid SPARQL: {one_line(str(error))}; check the query text", shown_as) from None
    except OSError as error:
        raise InputError(f"the query failed: {error}", shown_as) from None


def one_line(message: str, limit: int = 160) -> str:
    """A parser's message squeezed onto one line, cut where it starts listing every expected token."""
    flat = " ".join(message.split())
    head, found, alternatives = flat.partition(" expected one of ")
    if found:
        flat = f"{head} unknown prefix" if "Prefix not found" in alternatives else f"{head} unexpected text here"
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def select(dataset: Dataset, text: str, **options) -> tuple[list[str], list[tuple]]:
    """Run a SELECT query and return its variable names and rows (terms or None)."""
    result = execute(dataset, text, **options)
    if not isinstance(result, ox.QuerySolutions):
        raise InputError("expected a SELECT query", options.get("shown_as", "query"))
    found = solution_rows(result)
    # Dropped here, in the thread that made it: Oxigraph's solutions may not be freed in another
    # thread, and this frame can outlive the call (the policy's rdflib parse leaves exceptions whose
    # tracebacks reach it), to be collected later by whichever thread runs the garbage collector.
    del result
    return found


def solution_rows(result: ox.QuerySolutions) -> tuple[list[str], list[tuple]]:
    """The variable names of SELECT solutions and every row as a tuple of terms (None where unbound)."""
    names = [v.value for v in result.variables]
    return names, [tuple(row[name] for name in names) for row in result]
