"""Charts of the reported figures: one subject over time, one indicator across regions, targets against actuals.

Each chart takes the figure rows of the projected graph (``figure_rows.figure_rows``) and returns SVG
or PNG bytes. Values are drawn in base units scaled to one readable word per panel ("billion yuan
(CNY)"); a value a source gives as a bound or an estimate keeps its sign in the label (``>`` more
than, ``≥`` at least, ``≈`` about, ``<`` less than, ``≤`` at most, ``~`` nearly); targets are drawn
hollow. The caption under each chart names the units and every source document drawn from.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from aizones.core.amounts import number_words
from aizones.core.errors import UsageError
from aizones.drawing.figure_rows import FigureRow
from aizones.drawing.plotting import new_figure, printable, save, style

SIGNS = {"more than": ">", "at least": "≥", "about": "≈", "nearly": "~", "less than": "<", "at most": "≤"}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))
ACTUAL, TARGET = "#1565c0", "#ef6c00"
# What one chart draws at most: beyond these a chart grows taller than a page and slower to draw
# than it is worth reading; the caption says what was left out.
BARS = 25  # subjects in one indicator chart, the largest values first
PANELS = 12  # indicators in one over-time or targets chart, those with most figures first


# A format, or several to save the one figure in (``saved``): the drawing then returns a tuple of bytes.
Formats = str | tuple[str, ...]


def _scale(values: Iterable[float]) -> tuple[float, str]:
    top = max((abs(v) for v in values), default=0)
    if top >= 1e15:
        exponent = math.floor(math.log10(top))
        return 10.0**exponent, f"10^{exponent}"
    return next(((size, word) for size, word in SCALES if top >= size * 10), (1.0, ""))


def _unit_text(rows: list[FigureRow], word: str) -> str:
    unit = rows[0].unit_label or rows[0].unit_short
    return f"{word} {unit}".strip() if word else unit


def _point_label(row: FigureRow, divisor: float) -> str:
    """The value as the axis reads it, in the words every output uses: exact digits, in decimals."""
    sign = SIGNS.get(row.qualifier_label, "")
    return f"{sign}{number_words(Decimal(row.value_text) / Decimal(divisor))}"


def _caption(rows: list[FigureRow], extra: str = "") -> str:
    units = sorted({r.unit_label or r.unit_short for r in rows})
    documents = sorted({r.document_label for r in rows if r.document_label})
    signs = sorted({f"{SIGNS[r.qualifier_label]} {r.qualifier_label}" for r in rows if r.qualifier_label in SIGNS})
    parts = [f"Units: {', '.join(units)}, in base units scaled as the axis says."]
    if signs:
        parts.append(f"Signs: {'; '.join(signs)} (as the source words it).")
    if extra:
        parts.append(extra)
    parts.append(f"Source{'s' if len(documents) > 1 else ''}: {'; '.join(documents) or 'not recorded'}.")
    return "\n".join(printable(p) for p in parts)


def _finish(figure, caption: str, fmt: Formats) -> bytes | tuple[bytes, ...]:
    """Put the caption under the chart, wrapped to its width, in room kept free of the constrained layout."""
    columns = int((figure.get_figwidth() - 0.2) / 0.062)  # characters of 7.5 pt DejaVu Sans per line
    caption = "\n".join(textwrap.fill(line, columns) for line in caption.split("\n"))
    figure.text(0.01, 0.01, caption, ha="left", va="bottom", fontsize=7.5, color="#3c4449", transform=figure.transFigure)
    room = min(0.5, (0.12 + 0.135 * (caption.count("\n") + 1)) / figure.get_figheight())
    figure.get_layout_engine().set(rect=(0, room, 1, 1 - room))
    return saved(figure, fmt)


_CLIP_ID = re.compile(rb'(?<=id=")p[0-9a-f]{10}(?=")|(?<=url\(#)p[0-9a-f]{10}(?=\))')


def saved(figure, fmt: Formats) -> bytes | tuple[bytes, ...]:
    """``plotting.save``, with the SVG's clip-path ids numbered in order of use; with a tuple of
    formats, the one figure saved in each, in that order (the build's SVG and PNG: drawing the
    figure once instead of twice gives the same bytes, and saves the building and the layout).

    matplotlib names a clip path by a hash of its rectangle's floats, and the constrained layout
    can get those floats different in the last bit from one process to the next (seen on a chart
    of the 100,000-triple graph: the coordinates written, to six decimals, agreed; the hashed ids,
    and so the files' bytes, did not). Numbered in order of use, the ids depend only on the drawing.
    """
    _fix_layout(figure)
    if not isinstance(fmt, str):
        # Each save runs the constrained layout again, starting from where the axes are; put them
        # back where a fresh figure has them first, or the second file can differ from a drawing of
        # its own (seen on the real graph's Changsha diagram: its PNG moved by a pixel). The
        # private ``_set_position``: the public one takes the axes out of the layout.
        start = [(axes, axes.get_position(original=True).frozen(), axes.get_position().frozen()) for axes in figure.axes]
        files = []
        for one in fmt:
            for axes, original, active in start:
                axes._set_position(original, which="original")
                axes._set_position(active, which="active")
            files.append(saved(figure, one))
        return tuple(files)
    data = save(figure, fmt)
    if fmt != "svg":
        return data
    numbers: dict[bytes, bytes] = {}
    return _CLIP_ID.sub(lambda m: numbers.setdefault(m.group(), b"clip%d" % len(numbers)), data)


def _fix_layout(figure) -> None:
    """Run the constrained layout once, then pin every axes where it put it, rounded to a ten-thousandth
    of the figure, and turn the layout off. Its solver sums floats in an order that follows objects'
    addresses, so from one process to the next an axes can move in the ninth decimal, and a coordinate
    written to six decimals then differs now and then (seen: an over-time chart, 135.411397 against
    135.411398, in two builds of five); rounded positions are the same in every process."""
    engine = figure.get_layout_engine()
    if engine is None or type(engine).__name__ != "ConstrainedLayoutEngine":
        return
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not hasattr(figure.canvas, "get_renderer"):
        FigureCanvasAgg(figure)
    figure.draw_without_rendering()
    for axes in figure.axes:
        box = axes.get_position()
        axes.set_position([round(value, 4) for value in (box.x0, box.y0, box.width, box.height)])
    figure.set_layout_engine("none")


def over_time_chart(rows: list[FigureRow], subject: str, fmt: Formats = "svg") -> bytes | tuple[bytes, ...]:
    """Every indicator of one subject by year, a panel per indicator and unit."""
    mine = [r for r in rows if r.subject == subject and r.year is not None]
    if not mine:
        raise UsageError(f"no reported figure with a year is about {subject}; pick a subject with figures")
    series: dict[tuple[str, str], list[FigureRow]] = defaultdict(list)
    for row in mine:
        series[(row.indicator_label, row.unit)].append(row)
    keys, dropped = _panels(series)
    mine = [r for key in keys for r in series[key]]
    columns = 1 if len(keys) <= 3 else 2
    lines = math.ceil(len(keys) / columns)
    with style():
        figure = new_figure(6.5 * columns, 2.6 * lines + 1.6)
        for position, key in enumerate(keys, start=1):
            axes = figure.add_subplot(lines, columns, position)
            points = sorted(series[key], key=lambda r: (r.period, r.target))
            divisor, word = _scale(r.value for r in points)
            for target, colour in ((False, ACTUAL), (True, TARGET)):
                part = [r for r in points if r.target == target]
                if not part:
                    continue
                axes.plot([r.year for r in part], [r.value / divisor for r in part], marker="o", color=colour, linestyle="--" if target else "-",
                          markerfacecolor="white" if target else colour, label="target" if target else "actual")  # fmt: skip
                for r in part:
                    axes.annotate(
                        printable(_point_label(r, divisor)),
                        (r.year, r.value / divisor),
                        xytext=(0, 6),
                        textcoords="offset points",
                        ha="center",
                        fontsize=8,
                    )
            years = sorted({r.year for r in points})
            axes.set_xticks(years, [str(y) for y in years])
            axes.set_xlim(years[0] - 0.6, years[-1] + 0.6)
            axes.set_ylim(0, max(r.value / divisor for r in points) * 1.25 or 1)
            axes.set_title(printable(key[0]), fontsize=10)
            axes.set_ylabel(printable(_unit_text(points, word)))
            if any(r.target for r in points):
                axes.legend(fontsize=7, frameon=False)
        figure.suptitle(printable(f"{mine[0].subject_label}: reported figures by year"))
        return _finish(figure, _caption(mine, _left_out(dropped, "indicator")), fmt)


def indicator_chart(
    rows: list[FigureRow], indicator: str, unit: str, fmt: Formats = "svg", subjects: set[str] | None = None
) -> bytes | tuple[bytes, ...]:
    """One indicator across subjects (each subject's latest actual value), largest first."""
    chosen = [
        r for r in rows if r.indicator == indicator and r.unit == unit and not r.target and (subjects is None or r.subject in subjects)
    ]
    if not chosen:
        raise UsageError(f"no actual figure of {indicator} in {unit}; pick an indicator and unit the graph reports")
    latest: dict[str, FigureRow] = {}
    for row in sorted(chosen, key=lambda r: (r.period, r.iri)):
        latest[row.subject] = row
    ranked = sorted(latest.values(), key=lambda r: (-r.value, r.subject_label, r.subject))
    bars = ranked[:BARS]
    extra = "Each bar is the latest actual figure for its subject."
    if len(ranked) > len(bars):
        extra += f" The {len(bars)} largest of {len(ranked)} subjects are drawn; {len(ranked) - len(bars)} more left out."
    divisor, word = _scale(r.value for r in bars)
    with style():
        figure = new_figure(8, 1.4 + 0.45 * len(bars) + 0.9)
        axes = figure.add_subplot()
        names = [printable(f"{r.subject_label} ({r.period or 'no period given'})") for r in bars]
        axes.barh(range(len(bars)), [r.value / divisor for r in bars], color=ACTUAL, height=0.6)
        for i, r in enumerate(bars):
            axes.text(r.value / divisor, i, " " + printable(_point_label(r, divisor)), va="center", fontsize=8)
        axes.set_yticks(range(len(bars)), names)
        axes.invert_yaxis()
        axes.set_xlim(0, max(r.value / divisor for r in bars) * 1.2 or 1)
        axes.set_xlabel(printable(_unit_text(bars, word)))
        axes.set_title(printable(f"{bars[0].indicator_label} across regions"))
        return _finish(figure, _caption(bars, extra), fmt)


def targets_chart(rows: list[FigureRow], subject: str, fmt: Formats = "svg") -> bytes | tuple[bytes, ...]:
    """For one subject, each indicator that has both a target and an actual, side by side."""
    pairs = target_pairs(rows, subject)
    if not pairs:
        raise UsageError(f"{subject} has no indicator with both a target and an actual figure")
    keys, dropped = _panels(pairs)
    pairs = {key: pairs[key] for key in keys}
    with style():
        figure = new_figure(3.4 * min(len(pairs), 3) + 0.8, 3.4 * math.ceil(len(pairs) / 3) + 1.6)
        used: list[FigureRow] = []
        for position, (key, items) in enumerate(sorted(pairs.items()), start=1):
            axes = figure.add_subplot(math.ceil(len(pairs) / 3), min(len(pairs), 3), position)
            divisor, word = _scale(r.value for r in items)
            for i, r in enumerate(items):
                axes.bar(
                    i,
                    r.value / divisor,
                    color="white" if r.target else ACTUAL,
                    edgecolor=TARGET if r.target else ACTUAL,
                    hatch="//" if r.target else None,
                    linewidth=1.5,
                    width=0.6,
                )
                axes.text(i, r.value / divisor, printable(_point_label(r, divisor)), ha="center", va="bottom", fontsize=8)
            axes.set_xticks(
                range(len(items)), [f"{'target' if r.target else 'actual'}\n{r.period or 'no period given'}" for r in items], fontsize=8
            )
            axes.set_ylim(0, max(r.value / divisor for r in items) * 1.2 or 1)
            axes.set_ylabel(printable(_unit_text(items, word)))
            axes.set_title(printable(key[0]), fontsize=10)
            used.extend(items)
        figure.suptitle(printable(f"{used[0].subject_label}: targets against actuals"))
        extra = " ".join(filter(None, ("Hatched bars are targets, solid bars actual figures.", _left_out(dropped, "indicator"))))
        return _finish(figure, _caption(used, extra), fmt)


def _panels(groups: dict[tuple[str, str], list[FigureRow]]) -> tuple[list[tuple[str, str]], int]:
    """The (indicator label, unit) keys to draw, in label order, at most ``PANELS`` of those with most
    figures; and how many were left out."""
    chosen = sorted(groups, key=lambda k: (-len(groups[k]), k))[:PANELS]
    return sorted(chosen), len(groups) - len(chosen)


def _left_out(count: int, what: str) -> str:
    return f"{count} more {what}{'s' if count != 1 else ''} with figures not drawn." if count else ""


def target_pairs(rows: list[FigureRow], subject: str) -> dict[tuple[str, str], list[FigureRow]]:
    """The subject's figures grouped by (indicator label, unit), keeping groups with a target and an actual."""
    groups: dict[tuple[str, str], list[FigureRow]] = defaultdict(list)
    for row in rows:
        if row.subject == subject:
            groups[(row.indicator_label, row.unit)].append(row)
    return {
        key: sorted(items, key=lambda r: (r.target, r.period, r.iri))
        for key, items in groups.items()
        if any(r.target for r in items) and any(not r.target for r in items)
    }


def choose_charts(rows: list[FigureRow], places: set[str], *, over_time: int, indicator: int, targets: int) -> dict[str, list]:
    """Which charts to draw: of each kind at most the number given, those with most figures first
    (ties by IRI), so that a large graph gets its most informative charts and no more.

    ``over-time``: places with an indicator reported in two years or more, by figures with a year.
    ``indicator``: (indicator, unit) pairs reported for two places or more, by places reported.
    ``targets``: subjects with a target and an actual of one indicator, by figures in those pairs.
    """
    years: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    dated: dict[str, int] = defaultdict(int)
    subjects: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_subject: dict[str, list[FigureRow]] = defaultdict(list)
    for row in rows:
        by_subject[row.subject].append(row)
        if row.year is not None:
            years[(row.subject, row.indicator, row.unit)].add(row.year)
            dated[row.subject] += 1
        if row.subject in places and not row.target:
            subjects[(row.indicator, row.unit)].add(row.subject)
    dated_places = {s for (s, _i, _u), found in years.items() if len(found) > 1 and s in places}
    compared = [k for k, found in subjects.items() if len(found) > 1]
    paired = {s: sum(map(len, pairs.values())) for s, mine in by_subject.items() if (pairs := target_pairs(mine, s))}
    return {
        "over-time": sorted(sorted(dated_places, key=lambda s: (-dated[s], s))[:over_time]),
        "indicator": sorted(sorted(compared, key=lambda k: (-len(subjects[k]), k))[:indicator]),
        "targets": sorted(sorted(paired, key=lambda s: (-paired[s], s))[:targets]),
    }
