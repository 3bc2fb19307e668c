"""The server's one template environment: Jinja2 with autoescaping on for every template.

Labels and IRIs come from files anyone can contribute (a label may be ``<img onerror=…>``), so no
template writes a value unescaped: autoescaping is on for every file, ``|safe`` and ``Markup`` are
not used on data, and links to data IRIs go through ``safe_href`` (``core.safehtml``'s scheme
check), which turns anything but http(s) into no link at all.
"""

from __future__ import annotations

import functools
from pathlib import Path

from starlette.responses import HTMLResponse

from aizones.core.safehtml import safe_href

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def environment():
    import jinja2  # loaded with the server only

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its file name
        undefined=jinja2.StrictUndefined,  # a missing value is a bug, not an empty string
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # the scheme check only: Jinja escapes the attribute value itself, so the raw URL is returned
    env.filters["safe_href"] = lambda url: str(url) if url and safe_href(str(url)) is not None else None
    return env


def render(name: str, status_code: int = 200, headers: dict[str, str] | None = None, **values) -> HTMLResponse:
    """The template ``name`` filled with ``values``, as an HTML response."""
    return HTMLResponse(environment().get_template(name).render(**values), status_code=status_code, headers=headers)
