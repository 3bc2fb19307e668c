"""Cheap scans of a file's bytes before any parser sees them: encoding, nesting, XML DTDs, JSON-LD.

Each scan stops an input that would make a parser or a later step misbehave rather than fail:
Oxigraph's JSON-LD parser overflows its stack (a segmentation fault) at about 5,000 nested
objects and is quadratic below that, its RDF/XML parser is quadratic in element depth (20,000
levels take 11 s), and RDF canonicalisation of blank nodes nested 256 deep takes 4 s, 500 deep
over 30 s. Real data nests a few levels; ``MAX_NESTING`` is far above that and far below harm.
Every refusal names ``file:line:column``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from aizones.core.errors import InputError

MAX_NESTING = 64  # blank nodes / collections / JSON objects inside each other

BOM = b"\xef\xbb\xbf"
_XML_DECLARATIONS = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# Turtle and TriG: strings, IRIs and comments are skipped; what is left of brackets is nesting.
_TURTLE_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n\r]*|[\[\]()]',
)
_XML_TAGS = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(/?)[^<>!?]*?(/?)>", re.DOTALL)
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def location(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def decode(data: bytes, shown_as: str) -> str:
    """The text of a file that must be UTF-8; a leading byte-order mark is dropped."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8")
        line, column = location(good, len(good))
        hint = "it looks like UTF-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "it looks like Latin-1 or another legacy encoding"
        raise InputError(f"byte 0x{data[error.start]:02x} is not UTF-8 ({hint}); save the file as UTF-8", shown_as, line, column) from None


def check_xml(text: str, shown_as: str) -> None:
    """No DTD, no entities (the billion-laughs bomb), and element depth within bounds."""
    found = _XML_DECLARATIONS.search(text)
    if found:
        line, column = location(text, found.start())
        raise InputError("RDF/XML with a DOCTYPE or ENTITY declaration is refused (entity expansion); remove it", shown_as, line, column)
    if text.count("<") <= 2 * MAX_NESTING + 2:
        return
    depth = 0
    for tag in _XML_TAGS.finditer(text):
        closing, empty = tag.group(1), tag.group(2)
        if closing is None or empty:
            continue
        depth += -1 if closing else 1
        # Each blank node level is two elements (node and property) in RDF/XML, plus rdf:RDF.
        if depth > 2 * MAX_NESTING + 2:
            raise _too_deep(text, tag.start(), shown_as)


def check_turtle_nesting(text: str, shown_as: str) -> None:
    """Blank nodes ``[ ]`` and collections ``( )`` nested at most ``MAX_NESTING`` deep."""
    _check_brackets(text, _TURTLE_TOKENS, "[(", "])", shown_as)


def check_json_nesting(text: str, shown_as: str) -> None:
    """JSON objects ``{ }`` and arrays ``[ ]`` nested at most ``MAX_NESTING`` deep."""
    _check_brackets(text, _JSON_TOKENS, "{[", "}]", shown_as)


def _check_brackets(text: str, tokens, opening: str, closing: str, shown_as: str) -> None:
    """``tokens`` finds the brackets outside strings (and comments); each opening one counts a level."""
    if sum(text.count(mark) for mark in opening) <= MAX_NESTING:
        return  # fewer opening brackets than the limit: no need to read the text token by token
    depth = 0
    for token in tokens.finditer(text):
        mark = token.group()
        if mark in opening:
            depth += 1
            if depth > MAX_NESTING:
                raise _too_deep(text, token.start(), shown_as)
        elif mark in closing:
            depth -= 1


def _too_deep(text: str, offset: int, shown_as: str) -> InputError:
    line, column = location(text, offset)
    return InputError(f"nested more than {MAX_NESTING} levels deep; flatten it with named nodes", shown_as, line, column)


def jsonld(text: str, shown_as: str, contexts: Mapping[str, object]) -> str:
    """Check a JSON-LD document before Oxigraph reads it; return the text to parse.

    Refused: invalid JSON, remote contexts (``"@context": "https://…"`` or ``@import``) unless
    ``contexts`` maps the IRI to a local copy (which is then put inline), ``@id`` values that are
    not IRIs, bad language tags, and keys no context defines — JSON-LD drops those silently, so a
    typo would lose data without a word.
    """
    check_json_nesting(text, shown_as)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON: {error.msg}; fix the file", shown_as, error.lineno, error.colno) from None
    replaced = False
    defined: set[str] = set()
    language_maps: set[str] = set()  # terms with "@container": "@language": their values' keys are tags
    has_vocab = False
    pending: list[tuple[object, bool, str | None]] = [(document, False, None)]
    keys: list[tuple[str, str | None]] = []  # each key with the key whose value holds it
    while pending:
        node, in_context, holder = pending.pop()
        if isinstance(node, list):
            pending.extend((item, in_context, holder) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in list(node.items()):
            if key in ("@context", "@import"):
                value, changed = _inline_contexts(value, key, text, shown_as, contexts)
                replaced |= changed
                node[key] = value
                pending.append((value, True, key))
                continue
            if in_context:
                defined.add(key)
                has_vocab |= key == "@vocab"
                if isinstance(value, dict) and value.get("@container") == "@language":
                    language_maps.add(key)
                pending.append((value, True, key))
                continue
            keys.append((key, holder))
            if key == "@id" and isinstance(value, str):
                _check_iri(value, text, shown_as)
            elif key == "@language" and isinstance(value, str) and not _LANGUAGE_TAG.match(value):
                raise _at(text, json.dumps(value), f"{value!r} is not a language tag (like en or zh-Hans)", shown_as)
            pending.append((value, False, key))
    if not has_vocab:
        for key, holder in keys:
            if holder in language_maps and _LANGUAGE_TAG.match(key):
                continue  # a language map's key: a tag, not a property (read after the contexts are seen)
            if not key.startswith("@") and ":" not in key and key not in defined:
                raise _at(
                    text,
                    json.dumps(key),
                    f"the key {key!r} is not defined by any @context, so JSON-LD would drop it silently; define it or use a full IRI",
                    shown_as,
                )
    return json.dumps(document, ensure_ascii=False) if replaced else text


def _inline_contexts(value, key: str, text: str, shown_as: str, contexts: Mapping[str, object]):
    if isinstance(value, list):
        changed = False
        items = []
        for item in value:
            item, item_changed = _inline_contexts(item, key, text, shown_as, contexts)
            items.append(item)
            changed |= item_changed
        return items, changed
    if not isinstance(value, str):
        return value, False
    if value in contexts:
        known = contexts[value]
        return (known.get("@context", known) if isinstance(known, dict) else known), True
    raise _at(
        text,
        json.dumps(value),
        f"the remote JSON-LD context {value!r} is not fetched (aizones reads nothing from the network); put the context inline in the file",
        shown_as,
    )


def _check_iri(value: str, text: str, shown_as: str) -> None:
    bad = _IRI_FORBIDDEN.search(value)
    if bad and not value.startswith("_:"):
        raise _at(text, json.dumps(value), f"the @id {value!r} is not an IRI (it holds {bad.group()!r}); percent-encode it", shown_as)


def _at(text: str, needle: str, message: str, shown_as: str) -> InputError:
    offset = text.find(needle)
    if offset < 0:
        return InputError(message, shown_as)
    line, column = location(text, offset)
    return InputError(message, shown_as, line, column)
