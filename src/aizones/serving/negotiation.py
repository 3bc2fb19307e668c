"""Which representation of a page a request asks for: HTML, or the thing's description in an RDF syntax.

``?format=NAME`` decides when given (a name or an extension of ``core.formats.RDF_FORMATS``:
``turtle``/``ttl``, ``trig``, ``nt``, ``nq``, ``jsonld``, ``xml``/``rdf``, or ``html``); otherwise
the ``Accept`` header, by its quality values (RFC 9110 §12.5.1: the most specific range that
matches a type gives its quality; ties go to HTML, then to the order of ``RDF_FORMATS``). A request
that accepts none of these gets ``None`` (406); no header at all means HTML.
"""

from __future__ import annotations

from aizones.core.formats import RDF_FORMATS

HTML = "html"
_MEDIA = {"text/html": HTML, "application/xhtml+xml": HTML, **{f.media_type: name for name, f in RDF_FORMATS.items()}}
_NAMES = {HTML: HTML, "ttl": "turtle", "json-ld": "jsonld", "ntriples": "nt", "nquads": "nq", "rdf": "xml"}
_NAMES |= {name: name for name in RDF_FORMATS} | {f.extension.lstrip("."): name for name, f in RDF_FORMATS.items()}
CHOICES = (HTML, *RDF_FORMATS)


def media_type(name: str) -> str:
    return "text/html; charset=utf-8" if name == HTML else RDF_FORMATS[name].media_type + ("; charset=utf-8" if name != "xml" else "")


def by_name(name: str) -> str | None:
    """The representation ``?format=name`` names, or None for a name we do not offer."""
    return _NAMES.get(name.strip().lower())


def chosen(accept: str | None) -> str | None:
    """The representation an ``Accept`` header prefers (module docstring), or None if it accepts none."""
    if not accept or not accept.strip():
        return HTML
    ranges = []
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            ranges.append((media.lower(), quality))

    def quality_of(media: str) -> float:
        kind = media.split("/")[0]
        best, specificity = 0.0, -1
        for candidate, quality in ranges:
            level = 2 if candidate == media else 1 if candidate == f"{kind}/*" else 0 if candidate == "*/*" else -1
            if level > specificity:
                best, specificity = quality, level
        return best if specificity >= 0 else 0.0

    order = list(_MEDIA)
    scored = [(quality_of(media), -order.index(media), name) for media, name in _MEDIA.items()]
    best = max(scored)
    return best[2] if best[0] > 0 else None


def format_links(page: str) -> list[dict[str, str]]:
    """The links a page offers to its own description in each RDF syntax (``?format=NAME``)."""
    joiner = "&" if "?" in page else "?"
    return [{"name": name, "href": f"{page}{joiner}format={name}"} for name in CHOICES if name != HTML]
