"""Safe HTML from untrusted graph data: escaped text, whitelisted links, JSON inside ``<script>``.

Labels and IRIs come from files anyone can contribute, so a label may be ``<img onerror=…>`` and
an IRI may be ``javascript:alert(1)``. Every page and report the project writes builds its HTML
through these functions: text and attribute values are escaped, a link is made only for the
``http``, ``https`` and ``file`` schemes (as a browser would read the scheme, so ``JaVa\tScRiPt:``
is caught too), and data embedded in a script can never close the script element.

Nothing else in ``aizones`` imports :mod:`html` or calls ``escape`` (``tests/architecture/test_one_html_path.py``
scans the sources): a page that needs more than these functions give gets a new one here.
``anchor`` is the one place an ``<a>`` element is written: around HTML already made here, with an
optional class, title and ``rel``, for an allowed URL or a ``#fragment`` of the same page; a page
may narrow the schemes it links (the ontology page links only ``WEB_SCHEMES``).
"""

from __future__ import annotations

import html
import json
import re

ALLOWED_SCHEMES = ("http", "https", "file")
WEB_SCHEMES = ("http", "https")

# What a browser's URL parser drops before it reads a scheme (WHATWG URL: C0 controls and space
# at either end, tab and newlines anywhere).
_STRIPPED_AT_ENDS = "".join(chr(c) for c in range(0x21))
_REMOVED_ANYWHERE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9-]*")
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def text(value: object) -> str:
    """``value`` as HTML text or a quoted attribute value: ``& < > " '`` escaped, control characters dropped."""
    return html.escape(_CONTROLS.sub("", str(value)), quote=True)


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see in ``url``, lower-cased, or None for a relative URL."""
    cleaned = _REMOVED_ANYWHERE.sub("", url.strip(_STRIPPED_AT_ENDS))
    found = _SCHEME.match(cleaned)
    return found.group(1).lower() if found else None


def safe_href(url: str, schemes: tuple[str, ...] = ALLOWED_SCHEMES) -> str | None:
    """``url`` escaped for an ``href`` attribute when its scheme is one of ``schemes``; else None."""
    if scheme_of(url) not in schemes or _CONTROLS.search(url) or _REMOVED_ANYWHERE.search(url):
        return None
    return text(url.strip(_STRIPPED_AT_ENDS))


def attribute(name: str, value: object) -> str:
    """An attribute to put inside a tag, ``name="value"`` after a space, the value escaped; empty for None or ""."""
    if not _ATTRIBUTE_NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not an attribute name")
    return f' {name}="{text(value)}"' if value is not None and value != "" else ""


def anchor(
    url: str,
    content: str,
    *,
    css_class: str | None = None,
    title: str | None = None,
    rel: str | None = None,
    schemes: tuple[str, ...] = ALLOWED_SCHEMES,
) -> str:
    """``content`` (HTML made with these functions) as a link to ``url``; ``content`` alone when
    ``url`` is neither a ``#fragment`` of this page nor an address with one of ``schemes``."""
    href = text(url) if url.startswith("#") else safe_href(url, schemes)
    if href is None:
        return content
    before, after = attribute("class", css_class), attribute("title", title) + attribute("rel", rel)
    return f'<a{before} href="{href}"{after}>{content}</a>'


def link(url: str, label: str | None = None) -> str:
    """An ``<a>`` element for an allowed URL; for any other, the label as plain text."""
    shown = text(url if label is None else label)
    if safe_href(url) is None:
        return f'<span class="unlinked" title="{text(url)}">{shown}</span>'
    return anchor(url, shown, rel="noopener noreferrer")


def json_for_script(data: object) -> str:
    """JSON to put inside ``<script>``: no ``</script>``, ``<!--`` or line separators can end or break it."""
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "".join(_SCRIPT_UNSAFE.get(character, character) for character in encoded)
