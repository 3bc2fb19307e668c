"""A ``paths.PathAnswer`` as text, as JSON, and as a diagram (``aizones path … -o path.svg|png``).

The text gives each hop as ``A —relation→ B`` (``A ←relation— B`` when the triple reads the other
way), the documents stating it with their files, ``[inferred]`` for a step only the reasoner
states and ``DISPUTED`` with the sources' values where they disagree. The diagram draws each path
as a row, left to right, inferred steps dashed and disputed entities in red.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from aizones.connections.paths import Hop, PathAnswer, Step
from aizones.core.labels import shorten
from aizones.drawing.plotting import new_figure, printable, save, style


def render_text(answer: PathAnswer) -> str:
    if not answer.paths:
        return answer.answer + "\n"
    lengths = len(answer.paths[0])
    count = len(answer.paths)
    lines = [
        f"{answer.start_label} → {answer.end_label}: {lengths} step{'s' if lengths != 1 else ''}, "
        f"{count} shortest path{'s' if count != 1 else ''} shown"
        + (
            f" (using relations inferred by OWL 2 RL reasoning: no stated path is {answer.max_length} steps or shorter;"
            " a longer one may exist: raise --max-length)"
            if answer.inferred_used
            else ""
        )
    ]
    for number, path in enumerate(answer.paths, 1):
        if count > 1:
            lines.append(f"path {number}")
        for hop in path:
            lines += _hop_lines(hop)
    return "\n".join(lines) + "\n"


def _hop_lines(hop: Hop) -> list[str]:
    lines = []
    for step in hop.steps:
        lines.append(f"  {_arrow(hop, step)}" + ("  [inferred]" if step.inferred else ""))
        lines += [f"      stated by {s['document']}  [{s['file']}]" for s in step.sources]
    for dispute in hop.disputed:
        claims = "; ".join(f"{c['value']} [{c['file']}]" for c in dispute["claims"])
        lines.append(f"      DISPUTED: {dispute['entity_label']}'s {dispute['property_label']}: {claims}")
    return lines


def _arrow(hop: Hop, step: Step) -> str:
    if step.forward:
        return f"{hop.start_label} —{step.label}→ {hop.end_label}"
    return f"{hop.start_label} ←{step.label}— {hop.end_label}"


def render_json(answer: PathAnswer) -> str:
    return json.dumps(asdict(answer), indent=2, ensure_ascii=False) + "\n"


def diagram(answer: PathAnswer, fmt: str) -> bytes:
    """The paths as one picture, a row per path; with no path, the one-line answer as its title."""
    rows = answer.paths or [[]]
    width = max(len(path) for path in rows) + 1
    with style():
        figure = new_figure(max(6.0, 3.2 * width), max(2.5, 1.6 * len(rows) + 1))
        axes = figure.add_subplot()
        for row, path in enumerate(rows):
            y = -row
            for column, hop in enumerate(path):
                inferred = any(step.inferred for step in hop.steps)
                axes.annotate(
                    "",
                    xy=(column + 1, y),
                    xytext=(column, y),
                    arrowprops={
                        "arrowstyle": "-",
                        "linestyle": "--" if inferred else "-",
                        "color": "#555555",
                        "shrinkA": 14,
                        "shrinkB": 14,
                    },
                )
                words = " / ".join(("" if s.forward else "← ") + s.label + (" →" if s.forward else "") for s in hop.steps)
                axes.text(column + 0.5, y + 0.08, printable(shorten(words, 40)), ha="center", va="bottom", fontsize=7, color="#333333")
            nodes = [(hop.start, hop.start_label) for hop in path] + ([(path[-1].end, path[-1].end_label)] if path else [])
            disputed = {d["entity"] for hop in path for d in hop.disputed}
            for column, (iri, label) in enumerate(nodes):
                colour = "#c0392b" if iri in disputed else "#2e86c1"
                axes.scatter([column], [y], s=220, color=colour, edgecolors="#333333", linewidths=0.6, zorder=3)
                axes.text(column, y - 0.12, printable(shorten(label, 36)), ha="center", va="top", fontsize=8)
        title = f"{answer.start_label} to {answer.end_label}" if answer.paths else answer.answer
        axes.set_title(printable(shorten(title, 160)), fontsize=10)
        axes.set_xlim(-0.6, width - 0.4)
        axes.set_ylim(-len(rows) + 0.4, 0.6)
        axes.axis("off")
        return save(figure, fmt)
