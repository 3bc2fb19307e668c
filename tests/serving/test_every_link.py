"""Every link of every page leads somewhere: the home page's links, followed to every page they reach on the real graph."""

from __future__ import annotations

import re

import lxml.html
import pytest

from tests.support.server import request

OTHER_PARTS = ("/queries", "/editor", "/static", "/sparql")  # the saved queries' pages, the editor and the endpoint


@pytest.mark.slow  # a thousand pages
def test_every_page_reachable_from_the_home_page_answers(base_url):
    seen: set[str] = set()
    todo, broken = ["/"], []
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        status, headers, body = request(base_url + path)
        if status != 200:
            broken.append((status, path))
            continue
        if not headers["Content-Type"].startswith("text/html") or path.startswith("/downloads/"):
            continue
        for href in lxml.html.fromstring(body).xpath("//@href"):
            if href.startswith("/") and not href.startswith(OTHER_PARTS) and not re.search(r"[?&]format=", href):
                todo.append(href)
    assert broken == []
    assert len([p for p in seen if p.startswith("/id/")]) > 300
    assert any(p.startswith("/graph/") for p in seen) and any(p.startswith("/resource?") for p in seen)
