"""The network policy: a query runs only if its parse names no outside dataset or service.

``SERVICE``, ``FROM``, ``FROM NAMED``, ``LOAD`` and an update's ``USING`` make the engines read from
outside the project's dataset (Oxigraph's Rust HTTP client, rdflib under pySHACL). The policy
decides on the parsed query, never on a lexer of its own: a regex that blanked comments and
strings disagreed with SPARQL (``ex:a\\#`` is a prefixed name, not a comment) and a SERVICE after
it ran. Every engine path calls ``check_query`` on the text it is about to run: ``core.sparql``
(``query -e``, saved queries, ``query --all``, explain), the SPARQL checks, the SHACL shapes before
either engine runs (``validation.coordinator``) and every text the fast SHACL engine sends to
Oxigraph.

How a text is read, and why:

- The parser is rdflib's SPARQL 1.1 grammar (pyoxigraph exposes no algebra). The whole parse tree
  is walked, so a SERVICE counts wherever it is: sub-selects, ``EXISTS``, ``MINUS``, ``OPTIONAL``,
  ``UNION``, ``GRAPH``, nested SERVICE.
- SPARQL lets ``\\uXXXX`` and ``\\UXXXXXXXX`` stand for any character of the query, expanded before
  parsing. rdflib expands them once; Oxigraph 0.5 does not expand them outside strings and IRIs. A
  text with escapes is therefore read both ways (expanded, and with each escape as one plain
  character) and must be clean both ways.
- Oxigraph ends a comment at ``\\r`` as well as ``\\n``; rdflib only at ``\\n``. Each ``\\r`` is read
  as ``\\n`` (outside comments it is whitespace either way, and no short string or IRI may hold one).
- A text rdflib cannot parse does not run: ``InputError`` (exit 2), as for any query that is not
  valid SPARQL. A text that names an outside source is refused with ``PolicyError`` (exit 3).
- Verdicts are cached per text.

The fast path, which spares the parser (a few hundred milliseconds to import, tens to parse) for
most texts, is a necessary condition, not a lexer. A keyword is letters of the text, so a text in
which none of ``service``, ``from``, ``load`` occurs, in any ASCII case, cannot name one; the check
runs on each reading above and refuses the fast path to any text with a non-ASCII character that
case-folds to ASCII (``ſ`` is an ``S`` to a caseless matcher). Three kinds of occurrence are
provably not keywords and are skipped:

- inside the leading run of comment lines (at the start of the text nothing is open, and a comment
  is taken to end at the first of any line-ending character, earlier than either engine ends it);
- after a ``#`` and ASCII name characters (``…#convertedFrom``): in code ``#`` either opens a
  comment or, escaped as ``\\#``, continues a local name, and otherwise it sits in a string or IRI,
  which name characters do not close;
- after a ``:`` and at least one ASCII name character, then name characters and hyphens
  (``prov:wasDerivedFrom``, ``id:china-news-service``): in code a colon is only ever inside a
  prefixed name or blank-node label, whose local part both grammars match greedily through every
  following name character and hyphen (a local part may not start with a hyphen, so the character
  after the colon must be a name character).
Everything else (``trueSERVICE``, ``ASKFROM``, ``<…/from>``) goes to the parser: Oxigraph needs no
space between a keyword and what precedes it.
"""

from __future__ import annotations

import functools
import re
import threading

from aizones.core.errors import InputError, PolicyError

# rdflib's own expansion (``parser.expandUnicodeEscapes``): what rdflib's engine will see.
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_WORDS = re.compile(r"service|from|load", re.IGNORECASE | re.ASCII)
_LINE_ENDS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LEADING_COMMENTS = re.compile(rf"(?:[ \t\r\n]*#[^{_LINE_ENDS}]*)*")
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_LOCAL_CHARS = _NAME_CHARS | {"-"}  # what a local part holds after its first character (PN_CHARS, ASCII)
# Parse-tree nodes that read from outside the dataset, with the keyword a user wrote.
_SERVICE_AS_READ = "ServiceGraphPattern, as the policy reads it"
_REACHING = {_SERVICE_AS_READ: "SERVICE", "DatasetClause": "FROM", "Load": "LOAD", "UsingClause": "USING"}
_RENAMING = threading.Lock()


def check_query(text: str, *, allow_network: bool = False, shown_as: str = "query", update: bool = False) -> None:
    """Refuse a query that would read from outside the dataset (exit 3) or cannot be parsed (exit 2).

    ``update`` reads the text as a SPARQL update (``sh:update``); our engines run queries only, and
    a query text that parses only as an update is refused too (by what it would reach, ``LOAD``,
    or else as not a query). With ``allow_network`` the policy is off: the user asked for the outside.
    """
    if allow_network:
        return
    keyword, problem = verdict(text, update)
    if problem:
        raise InputError(f"not valid SPARQL 1.1 as the network policy reads it: {problem}; check the query text", shown_as)
    if keyword:
        raise PolicyError(
            f"{shown_as}: {keyword} is refused: it would read data from outside the project's dataset "
            "(a remote endpoint, a URL or a local file); use GRAPH to pick a named graph, or pass --allow-network"
        )


@functools.lru_cache(maxsize=4096)  # the fast SHACL engine sends the same texts again and again
def verdict(text: str, update: bool = False) -> tuple[str | None, str | None]:
    """``(keyword, None)`` for the first outside source the parse names, ``(None, message)`` if it cannot be parsed."""
    try:
        expanded = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    except (ValueError, OverflowError):
        return None, "a \\U escape names no Unicode character"
    readings = [expanded] if expanded == text else [expanded, _ESCAPE.sub("x", text)]
    for reading in readings:
        reading = reading.replace("\r", "\n")
        if cannot_name_outside(reading):
            continue
        keyword, problem = _parsed_verdict(reading, update)
        if keyword or problem:
            return keyword, problem
    return None, None


def cannot_name_outside(text: str) -> bool:
    """The fast path: True only if no reading of ``text`` can hold SERVICE, FROM or LOAD (see the module)."""
    if not text.isascii() and any(not c.isascii() and any(f.isascii() for f in c.casefold()) for c in text):
        return False
    start = _LEADING_COMMENTS.match(text).end()
    for found in _WORDS.finditer(text, start):
        run = found.start()
        while run > start and text[run - 1] in _LOCAL_CHARS:
            run -= 1
        before = text[run - 1] if run > start else ""
        if not (before == "#" or (before == ":" and run < found.start() and text[run] in _NAME_CHARS)):
            return False
    return True


def _parsed_verdict(text: str, update: bool) -> tuple[str | None, str | None]:
    from rdflib.plugins.sparql import parser  # heavy (rdflib, pyparsing: ~0.4 s), only for what the fast path cannot clear

    def parse(grammar):
        # rdflib keeps each SERVICE's own text by searching the whole query again for it, from the
        # start and skipping comments wrongly (a SERVICE after ``ex:a\\#`` on one line fails, a nested
        # one recurses without end). The policy needs only the tree: for this parse the node goes by
        # another name, which turns that search off (the name is restored at once; nothing of ours
        # parses SPARQL with rdflib in another thread meanwhile).
        service = parser.ServiceGraphPattern
        with _RENAMING:
            service.customName = _SERVICE_AS_READ
            try:
                return grammar.parse_string(text, parse_all=True)
            finally:
                service.customName = "ServiceGraphPattern"

    try:
        return _reaching(parse(parser.UpdateUnit if update else parser.Query)), None
    except Exception as error:  # pyparsing's ParseException, or rdflib's own errors inside parse actions
        problem = _one_line(f"rdflib's parser: {error}")
    if update:
        return None, problem
    try:  # not a query; if it is an update (``LOAD <url>``), say what it would reach
        found = _reaching(parse(parser.UpdateUnit))
    except Exception:
        return None, problem
    return found, None if found else "an update, not a query"


def _reaching(node) -> str | None:
    """The keyword of the first node of the parse tree that reads from outside, depth first."""
    from pyparsing import ParseResults  # heavy, as above; already loaded by then
    from rdflib.plugins.sparql.parserutils import CompValue  # the same

    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, CompValue):
            keyword = _REACHING.get(current.name)
            if keyword:
                return "FROM NAMED" if keyword == "FROM" and "named" in current else keyword
            todo.extend(current.values())
        elif isinstance(current, ParseResults):
            todo.extend(current)
            todo.extend(current.values())  # named results, in case one is not among the tokens
        elif isinstance(current, dict):
            todo.extend(current.values())
        elif isinstance(current, (list, tuple)):
            todo.extend(current)
    return None


def _one_line(message: str, limit: int = 160) -> str:
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
