"""The query editor: YASGUI vendored unchanged with its licence, its tabs, and the one page's policy."""

from __future__ import annotations

import hashlib
import json
import re

from aizones.querying import saved
from aizones.serving import editor
from tests.support.paths import REPO
from tests.support.server import request

VENDOR = REPO / "src" / "aizones" / "serving" / "static" / "vendor"


def test_the_vendored_editor_is_the_one_recorded_with_its_licence():
    table = (VENDOR / "README.md").read_text()
    files = sorted(path.name for path in VENDOR.iterdir() if path.name != "README.md")
    assert files == ["yasgui.LICENSE", "yasgui.THIRD-PARTY-NOTICES", "yasgui.min.css", "yasgui.min.js"]
    for name in files:
        recorded = re.search(rf"`{re.escape(name)}` \|[^\n]*\| `([0-9a-f]{{64}})`", table)
        assert recorded, f"{name} has no sha256 in static/vendor/README.md"
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == recorded.group(1), f"{name} is not the file recorded"
    assert "Permission is hereby granted" in (VENDOR / "yasgui.LICENSE").read_text()
    notices = (VENDOR / "yasgui.THIRD-PARTY-NOTICES").read_text()
    for bundled in ("codemirror", "dompurify", "jquery", "datatables.net", "@fortawesome/free-solid-svg-icons", "n3", "papaparse"):
        assert f"\n{bundled} " in notices, f"{bundled} has no notice"


def test_the_editor_page_loads_only_its_own_files_and_allows_only_yasguis_two_styles(base_url):
    status, headers, body = request(base_url + "/editor")
    assert status == 200
    policy = headers["Content-Security-Policy"]
    assert policy == editor.EDITOR_POLICY
    assert "unsafe" not in policy and "script-src 'self';" in policy and "connect-src 'self'" in policy
    assert len(re.findall(r"'sha256-[A-Za-z0-9+/=]{44}'", policy)) == 2, "the column resizer's style, and its cursor while dragging"
    text = body.decode()
    assert '<script src="/static/vendor/yasgui.min.js" defer></script>' in text
    assert not re.search(r"<script>|<style|style=", text), "no inline script or style of ours"
    assert not re.search(r'(src|href)="(https?:)?//', text), "nothing from another host"
    assert "unsafe-inline" not in request(base_url + "/queries")[1]["Content-Security-Policy"], "the other pages keep theirs"


def test_every_saved_query_is_a_tab_with_its_defaults_bound_as_in_dist(base_url, served):
    status, headers, body = request(base_url + "/editor/tabs.json")
    assert status == 200 and headers["Content-Type"] == "application/json"
    tabs = json.loads(body)
    assert [tab["name"] for tab in tabs] == [query.name for query in saved.catalogue(served.queries)]
    for tab in tabs:
        assert tab["query"] == (served.out / "queries" / f"{tab['name']}.rq").read_text(encoding="utf-8")
    figures = next(tab for tab in tabs if tab["name"] == "figures-over-time")
    assert "VALUES (?subject) { (<https://w3id.org/aizones/id/jinan>) }" in figures["query"]
