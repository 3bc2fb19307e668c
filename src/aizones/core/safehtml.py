"""Safe HTML from untrusted graph data: escaped text, whitelisted links, JSON inside ``<script>``.

Labels and IRIs come from files anyone can contribute, so a label may be ``<img onerror=…>`` and
an IRI may be ``javascript:alert(1)``. Every page and report the project writes builds its HTML
through these functions: text and attribute values are escaped, a link is made only for the
``http``, ``https`` and ``file`` schemes (as a browser would read the scheme, so ``JaVa\tScRiPt:``
is caught too), and data embedded in a script can never close the script element.
"""

from __future__ import annotations

import html
import json
import re

ALLOWED_SCHEMES = ("http", "https", "file")

# What a browser's URL parser drops before it reads a scheme (WHATWG URL: C0 controls and space
# at either end, tab and newlines anywhere).
_STRIPPED_AT_ENDS = "".join(chr(c) for c in range(0x21))
_REMOVED_ANYWHERE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def text(value: object) -> str:
    """``value`` as HTML text or a quoted attribute value: ``& < > " '`` escaped, control characters dropped."""
    return html.escape(_CONTROLS.sub("", str(value)), quote=True)


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see in ``url``, lower-cased, or None for a relative URL."""
    cleaned = _REMOVED_ANYWHERE.sub("", url.strip(_STRIPPED_AT_ENDS))
    found = _SCHEME.match(cleaned)
    return found.group(1).lower() if found else None


def safe_href(url: str) -> str | None:
    """``url`` escaped for an ``href`` attribute when its scheme is http, https or file; else None."""
    if scheme_of(url) not in ALLOWED_SCHEMES or _CONTROLS.search(url) or _REMOVED_ANYWHERE.search(url):
        return None
    return text(url.strip(_STRIPPED_AT_ENDS))


def link(url: str, label: str | None = None) -> str:
    """An ``<a>`` element for an allowed URL; for any other, the label as plain text."""
    shown = text(url if label is None else label)
    href = safe_href(url)
    if href is None:
        return f'<span class="unlinked" title="{text(url)}">{shown}</span>'
    return f'<a href="{href}" rel="noopener noreferrer">{shown}</a>'


def json_for_script(data: object) -> str:
    """JSON to put inside ``<script>``: no ``</script>``, ``<!--`` or line separators can end or break it."""
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "".join(_SCRIPT_UNSAFE.get(character, character) for character in encoded)
