"""One saved query answered for one request: the values from the URL, bound and run as ``aizones query`` runs them.

A page's answer must be the command line's answer: the values are the URL's parameters taken as
``--param NAME=VALUE`` pairs (a parameter left out gets its default, one given empty is unbound,
as ``--param NAME=`` is), bound by ``querying.saved.bind`` (checked RDF terms, never the user's
text), run by the server's runner (so the server's limits apply), rendered by
``querying.results.render_rows`` with an English ``Labeller`` for ``.csv`` and ``.json``, and
followed, when no row comes back, by ``querying.empty_hints``' lines. Errors are the CLI's
``AizonesError`` lines; ``status_for`` gives each exit code its HTTP status.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pyoxigraph as ox

from aizones.core.errors import EXIT_BAD_INPUT, EXIT_LIMIT, EXIT_POLICY, AizonesError, UsageError
from aizones.core.labels import Labeller
from aizones.core.sparql import with_values
from aizones.querying import saved
from aizones.querying.portable_queries import with_prefixes
from aizones.querying.results import render_rows, shown, with_amounts
from aizones.serving.context import Served
from aizones.serving.links import page_for
from aizones.serving.runner import Unavailable

LANG = "en"  # the pages' language, and the CLI's default --lang, so the files match `aizones query`
_STATUS = {EXIT_BAD_INPUT: 400, EXIT_POLICY: 403, EXIT_LIMIT: 503}


@dataclass(frozen=True)
class Answer:
    """A saved query's rows for ``values`` (Oxigraph terms, None where unbound), and what to try if none."""

    query: saved.SavedQuery
    values: dict[str, str]
    names: list[str]
    rows: list[tuple]
    hints: list[str]
    bound: dict[str, str]  # each entity parameter's value as the label of the entity it resolved to
    text: str  # the SPARQL that ran: the values as a VALUES row, every prefix declared (``portable_queries``)
    truncated: bool = False  # the server's row cap (``Limits.max_rows``) cut the rows


@dataclass(frozen=True)
class Cell:
    """One cell of the page's table: its text, and the page of the IRI it shows (None for a literal)."""

    text: str
    href: str | None
    iri: str | None


def status_for(error: Exception) -> int:
    """The HTTP status of an error the CLI would exit with ``error.exit_code`` for; 503 for the
    server's own limits (``runner.Unavailable``: the time limit, a full queue, a lost worker)."""
    return 503 if isinstance(error, Unavailable) else _STATUS.get(error.exit_code, 500)


def headers_for(error: Exception) -> dict[str, str]:
    """``Retry-After`` where trying again soon may work (a full queue)."""
    retry = error.retry_after if isinstance(error, Unavailable) else None
    return {"Retry-After": str(retry)} if retry else {}


REFUSED = (AizonesError, Unavailable)  # what a page shows as its one-line message


def values_from(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The URL's ``NAME=VALUE`` pairs as ``--param`` values (``saved.parse_assignments``' rules:
    names and values stripped); a name given twice is refused rather than one of them picked."""
    values: dict[str, str] = {}
    for name, value in pairs:
        name = name.strip()
        if not name:
            raise UsageError(f"a parameter needs a name, not {name + '=' + value!r}")
        if name in values:
            raise UsageError(f"parameter {name} is given twice; give it once")
        values[name] = value.strip()
    return values


class SavedAnswers:
    """The saved queries of one served release, answered through its runner; one labeller for all."""

    def __init__(self, served: Served):
        self.served = served
        self.labeller = Labeller(served.dataset, LANG)

    def catalogue(self) -> list[saved.SavedQuery]:
        return saved.catalogue(self.served.queries)

    def find(self, name: str) -> saved.SavedQuery:
        """The saved query called ``name``; only a name of the catalogue is looked for, so a path
        never reaches the file system, and the message names no folder of the server's."""
        known = {query.name: query for query in self.catalogue()}
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UsageError(f"no saved query named {name!r}{hint} (/queries lists them all)")
        return known[name]

    async def answer(self, query: saved.SavedQuery, values: dict[str, str]) -> Answer:
        dataset = self.served.dataset
        # binding resolves labels (a name neither index finds reads every label): off the event loop
        substitutions = await self.off_loop(saved.bind, dataset, query, values)
        found = await self.served.runner.rows(query.file.text, substitutions=substitutions or None)
        names, rows = found.names, found.rows
        hints: list[str] = []
        if not rows:
            from aizones.querying.empty_hints import hint  # only an empty answer needs it

            hinted = await self.off_loop(lambda: hint(dataset, query, values, lang=LANG))
            hints = [h.line() for h in hinted]
        text = with_prefixes(with_values(query.file.text, substitutions) or query.file.text)
        bound = {str(v)[1:]: self.labeller.label(t.value) for v, t in substitutions.items() if isinstance(t, ox.NamedNode)}
        return Answer(query, values, list(names), list(rows), hints, bound, text, found.truncated)

    async def off_loop(self, function, *args):
        """``function(*args)`` in a worker thread, under the runner's slots (``QueryRunner.call``),
        so that binding, the hints' queries and the charts count against the server's limits too."""
        return await self.served.runner.call(function, *args)

    def rendered(self, answer: Answer, fmt: str) -> bytes:
        """The answer as ``aizones query NAME --format FMT`` writes it (``csv`` or ``json``)."""
        return render_rows(answer.names, [list(row) for row in answer.rows], fmt, self.labeller).encode()

    def table(self, answer: Answer) -> tuple[list[str], list[list[Cell]]]:
        """The answer as the CLI's table shows it (value, unit and qualifier as one amount), each IRI
        as its label linked to its page."""
        names, rows = with_amounts(answer.names, [list(row) for row in answer.rows])
        return names, [[self.cell(term) for term in row] for row in rows]

    def cell(self, term) -> Cell:
        if isinstance(term, ox.NamedNode):
            return Cell(self.labeller.label(term.value), page_for(term.value), term.value)
        return Cell(shown(term, self.labeller), None, None)
