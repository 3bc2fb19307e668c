"""HTML from hostile labels and IRIs: nothing runs, only http, https and file become links."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aizones.core import safehtml


class Parts(HTMLParser):
    """What a browser's tokenizer sees: the tags, their attributes and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(markup: str) -> Parts:
    parts = Parts()
    parts.feed(markup)
    parts.close()
    return parts


HOSTILE_LABELS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "&lt;already escaped&gt;",
    "</div><iframe src=javascript:alert(1)>",
    "Changsha 长沙 \u202etxt.exe",
]


@pytest.mark.parametrize("label", HOSTILE_LABELS)
def test_a_hostile_label_is_only_text(label):
    page = parsed(f'<div title="{safehtml.text(label)}">{safehtml.text(label)}</div>')
    assert page.tags == [("div", {"title": label})]
    assert "".join(page.text) == label


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " \tjava\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "mailto:someone@example.org",
        "//evil.example.org/x",
        "relative/page.html",
        "http://example.org/\x00",
    ],
)
def test_only_http_https_and_file_become_links(url):
    assert safehtml.safe_href(url) is None
    page = parsed(safehtml.link(url, "label"))
    assert [tag for tag, _ in page.tags] == ["span"] and "".join(page.text) == "label"


@pytest.mark.parametrize(
    "url",
    ["https://w3id.org/aizones/id/changsha", "http://example.org/a?b=1&c=<2>", "file:///home/me/dist/aizones.ttl", "HTTPS://EXAMPLE.ORG/"],
)
def test_allowed_links_keep_their_address(url):
    page = parsed(safehtml.link(url, "<b>x</b>"))
    assert page.tags == [("a", {"href": url, "rel": "noopener noreferrer"})]
    assert "".join(page.text) == "<b>x</b>"


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_stays_text(value):
    escaped = safehtml.text(value)
    assert not set("<>\"'") & set(escaped)
    page = parsed(f'<p title="{escaped}">{escaped}</p>')
    assert [tag for tag, _ in page.tags] == ["p"]


@settings(max_examples=150, deadline=None)
@given(st.text(), st.sampled_from(["", "javascript:", "http://", "file:", "https://x/"]))
def test_any_link_is_allowed_only_with_an_allowed_scheme(tail, head):
    url = head + tail
    href = safehtml.safe_href(url)
    if href is not None:
        assert safehtml.scheme_of(url) in safehtml.ALLOWED_SCHEMES
        page = parsed(f'<a href="{href}">x</a>')
        assert safehtml.scheme_of(page.tags[0][1]["href"]) in safehtml.ALLOWED_SCHEMES


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=8,
)


@settings(max_examples=100, deadline=None)
@given(JSON_VALUES)
def test_json_in_a_script_never_ends_the_script_and_reads_back(data):
    encoded = safehtml.json_for_script(data)
    assert "<" not in encoded and "\u2028" not in encoded
    assert json.loads(encoded) == data
    page = parsed(f"<script>var data = {encoded};</script><p>after</p>")
    assert [tag for tag, _ in page.tags] == ["script", "p"]


def test_a_label_is_isolated_and_escaped():
    assert (
        safehtml.isolated("Evil\u202e <b>Co</b>", lang="zh", css_class="zh")
        == '<bdi class="zh" lang="zh">Evil\u202e &lt;b&gt;Co&lt;/b&gt;</bdi>'
    )
    assert safehtml.isolated("") == ""


def test_the_pages_policy_allows_only_the_hashed_inline_code():
    policy = safehtml.content_security_policy(scripts=("a()",), styles=())
    assert policy.startswith(f"default-src 'none'; script-src {safehtml.source_hash('a()')}; style-src 'none'; img-src 'none'")
    assert safehtml.policy_meta(policy).startswith(f'<meta http-equiv="Content-Security-Policy" content="{policy}">')
    with pytest.raises(ValueError):
        safehtml.policy_meta('x" onload="y')
