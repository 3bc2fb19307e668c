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

Bidirectional text: a label may hold a right-to-left override (U+202E) it never closes, which
would reverse the page's own words after it ("company" shown as "ynapmoc"). ``isolated`` writes a
label as ``<bdi>``: the browser isolates it (UAX #9 isolates end every embedding and override
opened inside them) and reads its direction from its own first strong letter. The page scripts do
the same where they put a label into the document (``<bdi>``, or U+2068…U+2069 where only text may
go, as in ``<option>``).

``content_security_policy`` is the one policy of the pages (the graph page and the ontology page):
nothing may load or run but the inline scripts and stylesheets named by their SHA-256 hashes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterable

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


def isolated(value: object, *, lang: str | None = None, css_class: str | None = None) -> str:
    """``value`` as escaped text in a ``<bdi>``: its direction its own, none of its overrides leaking out ("" stays "")."""
    if value is None or value == "":
        return ""
    return f"<bdi{attribute('class', css_class)}{attribute('lang', lang)}>{text(value)}</bdi>"


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


# Everything a page may not do, whatever it holds: fetch, frame, embed, post, change its base URL.
# A page adds only the hashes of its own inline scripts and stylesheets (``content_security_policy``).
POLICY_DIRECTIVES = (
    "img-src 'none'; connect-src 'none'; font-src 'none'; object-src 'none'; media-src 'none'; frame-src 'none'; "
    "worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'"
)


def source_hash(source: str) -> str:
    """The CSP source expression allowing exactly this inline script or stylesheet: ``'sha256-…'``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(*, scripts: Iterable[str] = (), styles: Iterable[str] = ()) -> str:
    """The pages' Content-Security-Policy: only these inline scripts and stylesheets, by hash; ``'none'`` without any."""
    allowed_scripts = " ".join(source_hash(s) for s in scripts) or "'none'"
    allowed_styles = " ".join(source_hash(s) for s in styles) or "'none'"
    return f"default-src 'none'; script-src {allowed_scripts}; style-src {allowed_styles}; {POLICY_DIRECTIVES}"


def policy_meta(policy: str) -> str:
    """The ``<meta>`` elements for a page's head: its policy, and no referrer sent on any link.

    The policy is written as it is (it holds only directive names, ``'none'`` and base64 hashes;
    anything else is refused), so the attribute reads as the policy in the page's source.
    """
    if not re.fullmatch(r"[a-z0-9 ;'+/=-]+", policy, flags=re.IGNORECASE):
        raise ValueError(f"{policy!r} is not a policy made by content_security_policy")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n<meta name="referrer" content="no-referrer">'
