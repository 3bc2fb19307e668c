"""One escaping path: no module but ``aizones.core.safehtml`` imports :mod:`html` or calls ``escape``.

Every page and diagram builds its HTML with ``safehtml`` (``text``, ``attribute``, ``anchor``,
``link``, ``json_for_script``), so a fix to escaping or to the link whitelist reaches all of them.
The scan reads the sources' syntax trees, so neither a comment nor a string that mentions
``html.escape`` counts, and ``import html as h`` or ``from html import escape as e`` does.

The second sanctioned path, and the only other: the server's pages are Jinja2 templates, escaped by
Jinja2's autoescaping, on for every template of the one environment of ``aizones.serving.rendering``
(its data links checked by ``safehtml.safe_href``); no template switches it off or marks data safe.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from aizones.core import safehtml
from aizones.drawing.page import render_page
from aizones.drawing.projection import project
from aizones.reading.loader import load_dataset
from tests.support.paths import DATA, REPO

PACKAGE = REPO / "src" / "aizones"
ALLOWED = Path("core") / "safehtml.py"
REGEX_ESCAPE = ("re",)  # re.escape escapes a regular expression, not HTML


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def offences(package: Path) -> list[str]:
    """``file:line: what`` for every import of the html module and every call of an ``escape``."""
    found: list[tuple[str, int, str]] = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if relative == ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            where = (str(relative), getattr(node, "lineno", 0))
            if isinstance(node, ast.Import):
                found += [(*where, f"import {a.name}") for a in node.names if a.name == "html" or a.name.startswith("html.")]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module.split(".")[0] == "html":
                found.append((*where, f"from {node.module} import …"))
            elif isinstance(node, ast.Call):
                name = _call_name(node.func)
                if name == "escape":
                    owner = node.func.value if isinstance(node.func, ast.Attribute) else None
                    if not (isinstance(owner, ast.Name) and owner.id in REGEX_ESCAPE):
                        found.append((*where, f"{ast.unparse(node.func)}(…)"))
                elif name in ("__import__", "import_module") and any(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value.split(".")[0] == "html" for a in node.args
                ):
                    found.append((*where, ast.unparse(node)))
    return [f"{path}:{line}: {what}" for path, line, what in sorted(found)]


def test_only_safehtml_escapes_html():
    assert (PACKAGE / ALLOWED).is_file()
    assert offences(PACKAGE) == [], "build HTML with aizones.core.safehtml (extend it if a page needs more)"


def test_the_scan_finds_every_way_around_it(tmp_path: Path):
    copy = tmp_path / "aizones"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "vendor", "assets"))
    planted = {
        "drawing/plant_a.py": "import html\n",
        "drawing/plant_b.py": "import html.parser as p\n",
        "ontodoc/plant_c.py": "from html import escape as e\n",
        "ontodoc/plant_d.py": "def f(x):\n    return markupsafe.escape(x)\n",
        "plant_e.py": "from xml.sax.saxutils import escape\nescape('<')\n",
        "plant_f.py": "h = __import__('html')\n",
    }
    harmless = "import re\n# html.escape in a comment\nWORDS = 'from html import escape'\nre.escape('a.b')\n"
    (copy / "plant_harmless.py").write_text(harmless, encoding="utf-8")
    for name, source in planted.items():
        (copy / name).write_text(source, encoding="utf-8")
    found = offences(copy)
    assert sorted({line.split(":")[0] for line in found}) == sorted(str(Path(n)) for n in planted), found
    assert not any(line.startswith(f"{ALLOWED}:") for line in found)  # safehtml itself may use html.escape


def test_an_anchor_links_only_a_fragment_or_an_allowed_address():
    code = "<code>aiz:Region</code>"
    assert safehtml.anchor("#aiz-Region", code, title='Region "R" <1>') == (
        '<a href="#aiz-Region" title="Region &quot;R&quot; &lt;1&gt;"><code>aiz:Region</code></a>'
    )
    assert safehtml.anchor("https://schema.org/Place", code, css_class="ext") == (
        '<a class="ext" href="https://schema.org/Place"><code>aiz:Region</code></a>'
    )
    for refused in ("javascript:alert(1)", " JaVa\tScRiPt:alert(1)", "data:text/html,x", "relative/page.html", "urn:isbn:1"):
        assert safehtml.anchor(refused, code, css_class="ext") == code
    assert safehtml.anchor("file:///tmp/a.ttl", code).startswith("<a ")
    assert safehtml.anchor("file:///tmp/a.ttl", code, schemes=safehtml.WEB_SCHEMES) == code
    assert safehtml.safe_href("file:///tmp/a.ttl", safehtml.WEB_SCHEMES) is None


def test_an_attribute_is_escaped_and_left_out_when_empty():
    assert safehtml.attribute("title", '"><img src=x onerror=alert(1)>') == ' title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"'
    assert safehtml.attribute("title", "") == "" and safehtml.attribute("title", None) == ""
    with pytest.raises(ValueError):
        safehtml.attribute('title="x" onclick', "y")


def test_the_graph_page_note_is_escaped():
    graph = project(load_dataset(DATA / "viz"))
    page = render_page(graph, note='<img src=x onerror="alert(1)"> & more').decode()
    assert '<p id="left-out">&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more</p>' in page


def test_the_servers_templates_are_all_autoescaped_and_none_marks_data_safe():
    from aizones.serving import rendering

    environment = rendering.environment()
    assert environment.autoescape is True
    page = environment.from_string("<p>{{ label }}</p>").render(label='<img src=x onerror="alert(1)">')
    assert page == "<p>&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</p>"
    templates = sorted(rendering.TEMPLATES.glob("*.html"))
    assert templates
    for template in templates:
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b(?!_)|autoescape\s+false|Markup\(", text), template.name  # safe_href is the scheme check
