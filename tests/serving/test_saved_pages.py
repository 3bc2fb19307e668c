"""The saved queries as pages: every query listed, answered with its defaults, and the same answer
as ``aizones query NAME --format csv|json``; bad values refused with the CLI's line."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import quote, urlencode

import pytest

from aizones.core.errors import UsageError
from aizones.core.labels import Labeller
from aizones.core.sparql import solution_rows
from aizones.drawing.charts import over_time_chart
from aizones.drawing.full_nodes import outline_rows
from aizones.drawing.outline import Outline
from aizones.querying import saved
from aizones.querying.empty_hints import hint
from aizones.querying.results import render_rows
from aizones.serving.app import create_app
from aizones.serving.context import Limits, Served
from aizones.serving.saved_pages import INPUTS, input_for
from tests.support.cli import run_cli
from tests.support.paths import REPO
from tests.support.server import request, running

NAMES = [query.name for query in saved.catalogue(REPO / "queries")]


def library(served, name: str, values: dict[str, str], fmt: str) -> bytes:
    """What ``aizones query NAME --format FMT --param …`` writes, from the library it calls."""
    query = saved.find(served.queries, name)
    names, rows = solution_rows(saved.run(served.dataset, query, values))
    return render_rows(names, rows, fmt, Labeller(served.dataset, "en")).encode()


def table_rows(body: bytes) -> int:
    answer = re.search(rb'<table class="answer">(.*?)</table>', body, re.S)
    return 0 if answer is None else len(re.findall(rb"<tr>", answer.group(1))) - 1  # less the header


def test_the_list_names_every_saved_query_with_its_title_description_and_parameters(base_url, served):
    status, headers, body = request(base_url + "/queries")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    text = unescape(body.decode())
    catalogue = saved.catalogue(served.queries)
    assert len(catalogue) == len(NAMES) > 20
    for query in catalogue:
        assert f'href="/queries/{query.name}"' in text
        assert query.title in text and query.description in text
        for param in query.params:
            assert f"<code>{param.name}</code> ({param.type}" in text


@pytest.mark.parametrize("name", NAMES)
def test_each_page_answers_with_its_defaults_as_the_cli_does(base_url, served, name):
    status, headers, body = request(f"{base_url}/queries/{name}")
    assert status == 200, body[-500:]
    expected = json.loads(library(served, name, {}, "json"))
    assert table_rows(body) == len(expected["rows"])
    assert f"{len(expected['rows'])} row".encode() in body
    for fmt in ("csv", "json"):
        status, headers, data = request(f"{base_url}/queries/{name}.{fmt}")
        assert status == 200
        assert data == library(served, name, {}, fmt), f"{name}.{fmt} differs from aizones query {name} --format {fmt}"
    assert headers["Content-Type"] == "application/json"


def test_a_parameter_value_gives_the_same_bytes_as_the_command_line(base_url, served):
    """The real command, in a fresh process, against the page's file: a Chinese label as the value."""
    url = f"{base_url}/queries/zones-in-province.csv?" + urlencode({"province": "湖南省"})
    status, _headers, data = request(url)
    ran = run_cli("query", "zones-in-province", "--param", "province=湖南省", "--format", "csv", cwd=served.root)
    assert status == 200 and ran.code == 0, ran.err
    assert data.decode() == ran.out and data.count(b"\n") > 1
    status, _headers, data = request(f"{base_url}/queries/organisations-in-region.json?region=Chengdu")
    assert json.loads(data) == json.loads(library(served, "organisations-in-region", {"region": "Chengdu"}, "json"))


def test_entities_in_the_table_are_their_labels_linked_to_their_pages(base_url):
    status, _headers, body = request(f"{base_url}/queries/zones-in-province?province=Hunan")
    assert status == 200
    assert b'<a href="/id/changsha" title="https://w3id.org/aizones/id/changsha">Changsha</a>' in body
    assert b"VALUES (?province) { (&lt;https://w3id.org/aizones/id/hunan&gt;) }" in body, "the SPARQL that ran, with the value bound"
    assert b'<a href="/editor#zones-in-province">' in body, "and its tab in the editor"


def test_a_bad_value_is_a_400_with_the_cli_message(base_url, served):
    ran = run_cli("query", "figures-over-time", "--param", "subject=Atlantis", cwd=served.root)
    message = ran.err.strip().removeprefix("aizones: ")
    assert ran.code == 2 and "\n" not in message
    status, _headers, body = request(f"{base_url}/queries/figures-over-time?subject=Atlantis")
    assert status == 400
    assert f'<p class="error" role="alert">{message}</p>' in unescape(body.decode()).replace("&#39;", "'")
    for fmt in ("csv", "json"):
        status, _headers, data = request(f"{base_url}/queries/figures-over-time.{fmt}?subject=Atlantis")
        assert status == 400
        assert (json.loads(data)["error"] if fmt == "json" else data.decode().strip()) == message
    status, _headers, body = request(f"{base_url}/queries/indicator-across-regions?no_such=1")
    assert status == 400 and b"has no parameter &#39;no_such&#39;" in body


HOSTILE = "\"'><script>window.__xss=1</script>"


def test_a_hostile_value_is_shown_as_text_and_bound_as_a_checked_term(base_url, served):
    for name, param in (("figures-over-time", "subject"), ("facilities", "kind")):
        url = f"{base_url}/queries/{name}?" + urlencode({param: HOSTILE})
        status, headers, body = request(url)
        with pytest.raises(UsageError) as refused:  # what the CLI says of the same value
            saved.bind(served.dataset, saved.find(served.queries, name), {param: HOSTILE})
        assert status == 400
        assert b"<script>window" not in body and b"&lt;script&gt;window.__xss=1&lt;/script&gt;" in body
        assert unescape(re.search(rb'<p class="error" role="alert">(.*?)</p>', body).group(1).decode()) == str(refused.value)
        assert f'value="{HOSTILE}"' in unescape(body.decode()), "the form keeps what was typed, escaped"
        assert "unsafe-inline" not in headers["Content-Security-Policy"]


def test_an_empty_answer_shows_the_hint_the_cli_gives(base_url, served):
    status, _headers, body = request(f"{base_url}/queries/zones-in-province?province=Changsha")
    query = saved.find(served.queries, "zones-in-province")
    lines = [h.line() for h in hint(served.dataset, query, {"province": "Changsha"})]
    assert status == 200 and lines and b"0 rows" in body
    shown = [unescape(line.decode()) for line in re.findall(rb'<p class="hint">hint: (.*?)</p>', body)]
    assert shown == lines
    assert request(f"{base_url}/queries/zones-in-province.csv?province=Changsha")[2] == library(
        served, "zones-in-province", {"province": "Changsha"}, "csv"
    )


def test_an_empty_value_leaves_the_parameter_unbound_as_the_cli_does(base_url, served):
    status, _headers, data = request(f"{base_url}/queries/figures-over-time.csv?subject=")
    assert status == 200 and data == library(served, "figures-over-time", {"subject": ""}, "csv")
    assert data.count(b"\n") > library(served, "figures-over-time", {}, "csv").count(b"\n"), "every subject, not the default's"


def test_a_series_shows_the_builds_chart(base_url, served):
    status, _headers, body = request(f"{base_url}/queries/figures-over-time?subject=Jinan")
    charts = re.findall(rb'<img src="([^"]+)"', body)
    assert status == 200 and charts == [b"/queries/figures-over-time/charts/1.svg?subject=Jinan"]
    # the first chart starts the chart worker: seconds, more on a loaded machine
    status, headers, svg = request(base_url + unescape(charts[0].decode()), timeout=180)
    assert status == 200 and headers["Content-Type"].startswith("image/svg+xml")
    assert svg == over_time_chart(outline_rows(Outline(served.dataset)), "https://w3id.org/aizones/id/jinan", "svg")
    assert request(base_url + unescape(charts[0].decode()))[2] == svg, "the same bytes again (kept)"
    status, _headers, body = request(f"{base_url}/queries/indicator-across-regions")
    assert status == 200 and b"/queries/indicator-across-regions/charts/1.svg" in body
    status, _headers, body = request(f"{base_url}/queries/zones-per-province")
    assert status == 200 and b"<img" not in body, "not a series: no chart"
    assert request(f"{base_url}/queries/figures-over-time/charts/9.svg")[0] == 404


def test_an_unknown_query_is_a_404_that_names_no_server_folder(base_url, served):
    for name in ("figures-over-tim", quote("../queries/figures-over-time", safe=""), "..%2Fetc"):
        status, _headers, body = request(f"{base_url}/queries/{name}")
        assert status == 404
        assert str(served.queries).encode() not in body
    assert b"did you mean figures-over-time" in request(f"{base_url}/queries/figures-over-tim")[2]


SAMPLES = ["2021", "-0450", "21", "20x1", "+7", "-12", "3.5", ".5", "5.", "1e3", " 2021", "٢٠٢١"]


@pytest.mark.parametrize("kind", ["year", "integer", "decimal"])
def test_a_typed_input_accepts_in_the_browser_what_the_server_accepts(kind):
    """The input's pattern, as the browser applies it (the whole value, ``^(?:…)$``, with the ``v``
    flag's syntax that the escapes keep valid), takes exactly the values ``saved.term_for`` takes."""
    pattern = re.compile(f"^(?:{INPUTS[kind]['pattern']})$", re.ASCII)
    param = saved.parse_param(f"when | {kind} | default: 2021 | example: 2020 | A {kind}.", "test")

    def server_takes(value: str) -> bool:
        try:
            saved.term_for(None, param, value)  # a literal type reads no dataset
        except UsageError:
            return False
        return True

    for value in SAMPLES:
        assert bool(pattern.fullmatch(value)) == server_takes(value), (kind, value)
    assert input_for(param)["pattern"] == INPUTS[kind]["pattern"]
    assert input_for(saved.parse_param("place | region | default: - | example: Hunan | A region.", "test"))["search"] == "region"


def test_an_answer_cut_at_the_row_cap_says_so(served):
    capped = Served(root=served.root, out=served.out, dataset=served.dataset, queries=served.queries, limits=Limits(max_rows=3))
    with running(create_app(capped)) as url:
        status, headers, data = request(f"{url}/queries/pilot-zones.csv")
        assert status == 200 and headers["X-Aizones-Truncated"] == "3"
        assert data.count(b"\n") == 1 + 3
        status, _headers, body = request(f"{url}/queries/pilot-zones")
        assert status == 200 and b"The answer was cut at 3 rows" in body and table_rows(body) == 3
