"""Which representation of a page a request asks for: the page itself, or the thing's description in an RDF syntax.

``?format=NAME`` decides when given (``html``, or an RDF syntax by the names the endpoint takes:
``turtle``/``ttl``, ``trig``, ``nt``, ``nq``, ``jsonld``, ``xml``, or a media type); otherwise the
``Accept`` header, read by the endpoint's ``negotiation.choose`` (q-values, the most specific
range deciding, ties to the first offered): HTML first, so a browser or ``*/*`` gets the page, then
the dataset syntaxes (which keep the named graphs) before the triple ones. ``None``: nothing the
request accepts is offered (406).
"""

from __future__ import annotations

from aizones.core.formats import RDF_FORMATS
from aizones.serving import negotiation

HTML = "html"
OFFERED = {"text/html": HTML, "application/xhtml+xml": HTML}
OFFERED |= {RDF_FORMATS[name].media_type: name for name in ("trig", "nq", "jsonld", "turtle", "nt", "xml")}
CHOICES = tuple(dict.fromkeys(OFFERED.values()))


def representation(format_name: str | None, accept: str | None) -> str | None:
    """``html`` or a key of ``RDF_FORMATS``, from ``?format=`` if given, else from ``Accept``; None for neither."""
    if format_name:
        if format_name.strip().lower() == HTML:
            return HTML
        media = negotiation.named(format_name, OFFERED)
    else:
        media = negotiation.choose(accept, OFFERED)
    return OFFERED[media] if media else None


def media_type(name: str) -> str:
    if name == HTML:
        return "text/html; charset=utf-8"
    media = RDF_FORMATS[name].media_type
    return media if name == "xml" else media + "; charset=utf-8"


def offered() -> str:
    return negotiation.listed(OFFERED)


def format_links(page: str) -> list[dict[str, str]]:
    """The links a page offers to its own description in each RDF syntax (``?format=NAME``)."""
    joiner = "&" if "?" in page else "?"
    return [{"name": name, "href": f"{page}{joiner}format={name}"} for name in CHOICES if name != HTML]
