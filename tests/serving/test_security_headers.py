"""Every response of the server carries its security headers."""

from __future__ import annotations

from tests.support.server import request


def test_the_home_page_allows_only_its_own_scripts_and_styles(base_url):
    status, headers, body = request(base_url + "/")
    assert status == 200
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert b"<h1>" in body


def test_a_missing_page_is_a_404_with_the_same_headers(base_url):
    status, headers, _body = request(base_url + "/no/such/page")
    assert status == 404
    assert "Content-Security-Policy" in headers
