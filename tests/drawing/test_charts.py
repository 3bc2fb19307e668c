"""Charts of the reported figures: written, non-empty, deterministic, with units and sources in the caption."""

from __future__ import annotations

import html
import math
import warnings

import pytest

from aizones.core.amounts import number_words
from aizones.core.errors import UsageError
from aizones.core.namespaces import AIZC, ID
from aizones.drawing import charts, plotting
from aizones.drawing.charts import indicator_chart, over_time_chart, targets_chart
from aizones.drawing.figure_rows import figure_rows, figure_text
from aizones.drawing.projection import project
from aizones.reading.loader import load_dataset
from tests.support.paths import DATA

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def rows():
    return figure_rows(project(load_dataset(DATA / "viz")))


def drawn(make, fmt):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = make(fmt)
    assert make(fmt) == data, "the same figures give the same bytes"
    assert len(data) > 5_000
    if fmt == "png":
        assert data.startswith(PNG)
        return ""
    return html.unescape(data.decode())  # matplotlib keeps each text, escaped, as a comment beside its glyphs


def test_rows_carry_numbers_years_and_kinds(rows):
    hunan = [r for r in rows if r.subject == ID.hunan and r.indicator == AIZC["core-ai-output"]]
    assert [(r.year, r.value, r.target) for r in hunan] == [(2020, 1e10, False), (2021, 1.25e10, False), (2025, 3e10, True)]
    assert {r.unit_short for r in hunan} == {"CNY"}


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_a_region_over_time(rows, fmt):
    text = drawn(lambda f: over_time_chart(rows, ID.hunan, f), fmt)
    if text:
        for shown in ("Hunan: reported figures by year", "core AI industry output", "billion yuan (CNY)", ">12.5", "2025",
                      "Units: count, yuan (CNY)", "Source: Article A on Hunan's AI industry", "> more than"):  # fmt: skip
            assert shown in text, shown


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_one_indicator_across_regions(rows, fmt):
    text = drawn(lambda f: indicator_chart(rows, AIZC["core-ai-output"], AIZC.cny, f), fmt)
    if text:
        assert "core AI industry output across regions" in text
        assert "Hunan (2021)" in text and "Hubei (2021)" in text, "each region's latest actual"
        assert "Sources: Article A on Hunan's AI industry; Article B on Hubei's AI industry." in text.replace("\n", " ")


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_targets_against_actuals(rows, fmt):
    text = drawn(lambda f: targets_chart(rows, ID.hubei, f), fmt)
    if text:
        assert "Hubei: targets against actuals" in text and "no period given" in text and ">60" in text
        assert "Hatched bars are targets" in text


def test_charts_without_data_are_usage_errors(rows):
    with pytest.raises(UsageError):
        over_time_chart(rows, ID.china)
    with pytest.raises(UsageError):
        targets_chart(rows, ID.changsha)
    with pytest.raises(UsageError):
        indicator_chart(rows, AIZC["ai-enterprises"], AIZC.cny)


def test_figure_text_and_numbers():
    assert number_words("12500000000") == "12.5 billion"
    assert number_words("4600") == "4,600"
    assert number_words("0.01") == "0.01"
    assert number_words("100000000000000000") == "1e17".replace("e", " × 10^")
    figure = {"indicator_label": "core AI industry output", "period": "2021", "value": "12500000000", "unit_label": "yuan (CNY)",
              "unit_code": "CNY", "qualifier_label": "more than", "kind_label": "actual", "growthRate": "25"}  # fmt: skip
    assert figure_text(figure) == "core AI industry output, 2021: more than 12.5 billion yuan (CNY) (actual, 25 % on a year earlier)"


def test_a_chart_draws_at_most_its_caps_and_says_what_it_left_out(rows, monkeypatch):
    monkeypatch.setattr(charts, "BARS", 1)
    text = drawn(lambda f: indicator_chart(rows, AIZC["core-ai-output"], AIZC.cny, f), "svg").replace("\n", " ")
    assert "The 1 largest of 2 subjects are drawn; 1 more left out." in text
    assert "Hunan (2021)" in text and "Hubei (2021)" not in text, "the largest value is kept"
    monkeypatch.setattr(charts, "PANELS", 1)
    text = drawn(lambda f: over_time_chart(rows, ID.hunan, f), "svg").replace("\n", " ")
    assert "1 more indicator with figures not drawn." in text
    assert "core AI industry output" in text, "the indicator with most figures is kept"


def test_an_svg_does_not_change_with_the_last_bit_of_its_layout():
    # the constrained layout's floats differ in the last bit from one process to the next
    def draw(left: float, save) -> bytes:
        with plotting.style():
            figure = plotting.new_figure(4, 3)
            figure.set_layout_engine("none")
            figure.add_axes((left, 0.1, 0.8, 0.8)).plot([0, 1], [0, 1])
            return save(figure, "svg")

    assert draw(0.1, charts.saved) == draw(math.nextafter(0.1, 1), charts.saved)
