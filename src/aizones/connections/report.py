"""``aizones network``: the report on ``measures.Measures``, as Markdown, CSV and a picture.

``report_files(dataset)`` returns the files by name, the same bytes for the same graph:

- ``network.md``: the variants side by side, the organisations, facilities and regions that
  bridge most (highest betweenness) with their degree, community and how their betweenness
  changes in each variant, the largest communities and the components; every entity with the name
  ``aizones explain`` takes (``id:…``) and, given a server's address (``aizones network --server``),
  its label linked to its page there (``/network`` on the server shows the build's report with every
  entity linked to its page);
- ``entities.csv``: every organisation, facility and region with those numbers in every variant;
- ``variants.csv``: one row per variant;
- ``bridges.svg``: the best bridges as bars.

The build writes them into ``dist/network/`` (``add_to_build``) while its store holds at most
``BUILD_QUADS`` quads (the real graph has 7,000): betweenness and Louvain on every variant took
25 s at 100k triples and would take minutes at a million, longer than the rest of the build. A
larger build gets a ``network.md`` saying so and how to make the report (``aizones network -o DIR``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import quote

from aizones.connections.measures import EXACT_BETWEENNESS, SAMPLED, SEED, Measures, Variant, measure
from aizones.core.dataset import Dataset
from aizones.core.labels import shorten
from aizones.core.names import compact
from aizones.core.namespaces import ID
from aizones.drawing.plotting import new_figure, printable, save, style

FOLDER = "network"
BUILD_QUADS = 100_000
TOP = 15  # entities listed per family in the Markdown (the CSV has them all)
SHOWN_COMMUNITIES = 10
PLURAL = {"organisation": "organisations", "facility": "facilities", "region": "regions"}
VARIANT_COLUMNS = ("variant", "entities", "relations", "components", "largest_component", "communities", "modularity")


def report_files(dataset: Dataset, server: str = "") -> dict[str, bytes]:
    """The report's files; with ``server`` (an ``aizones serve`` address) each entity's label in the
    Markdown links to its page there, ``SERVER/id/NAME`` (the build, which knows no server, writes none)."""
    found = measure(dataset)
    return {
        "network.md": _markdown(found, server.rstrip("/")).encode(),
        "entities.csv": _entities_csv(found),
        "variants.csv": _csv([VARIANT_COLUMNS, *(_variant_row(v) for v in found.variants)]),
        "bridges.svg": _bridges(found),
    }


def write_report(dataset: Dataset, folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    files = report_files(dataset)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return sorted(files)


def add_to_build(dataset: Dataset, staging) -> None:
    """The build's hook: the report goes into ``network/`` of the output folder and its manifest."""
    quads = len(dataset.store)
    if quads <= BUILD_QUADS:
        staging.add_tree(FOLDER, lambda folder: write_report(dataset, folder))
        return
    note = (
        "# The network\n\nThis build's store holds more than "
        f"{BUILD_QUADS:,} quads, so the build leaves the network report out: its betweenness and communities would take\n"
        "longer than the rest of the build. `aizones network -o DIR` writes it (network.md, entities.csv, variants.csv,\n"
        "bridges.svg); `aizones path A B` answers how two entities are connected at any size.\n"
    )
    staging.add_tree(FOLDER, lambda folder: (folder / "network.md").write_text(note, encoding="utf-8"))


def _label(found: Measures, node: str) -> str:
    return found.outline.label(node, "en").replace("|", "/")


def _ranked(found: Measures, family: str) -> list[str]:
    everything = found.variants[0]
    nodes = [n for n, f in found.ranked.items() if f == family]
    return sorted(nodes, key=lambda n: (-_as_shown(everything.betweenness.get(n, 0.0)), -everything.degree.get(n, 0), n))


def _named(found: Measures, node: str, server: str) -> str:
    """An entity's label, linked to its page on ``server`` when there is one (brackets kept out of the link text)."""
    label = _label(found, node)
    local = node.removeprefix(str(ID[""]))
    if not server or local == node:
        return label
    text = label.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return f"[{text}]({server}/id/{quote(local, safe='/-._~')})"


def _markdown(found: Measures, server: str = "") -> str:
    everything, others = found.variants[0], found.variants[1:]
    exact = everything.nodes <= EXACT_BETWEENNESS
    lines = [
        "# The network: who bridges the zones, and which clusters form",
        "",
        "The projection of docs/projection.md as an undirected simple graph: entities joined by any stated relation are neighbours.",
        f"Betweenness is normalised and {'exact' if exact else f'estimated from {SAMPLED} sources (seed {SEED})'}; "
        f"communities are networkx's Louvain (seed {SEED}).",
        "`aizones explain NAME` tells everything about an entity (its explain name is listed beside it); `aizones path A B` how two",
        "are connected. Under `aizones serve` this report is the page /network, each entity linked to its page /id/NAME"
        + (f" (here: {server}/network)." if server else "."),
        "",
        "## The numbers, and how they change with what is kept",
        "",
        "| " + " | ".join(VARIANT_COLUMNS) + " |",
        "|" + "---|" * len(VARIANT_COLUMNS),
        *("| " + " | ".join(_variant_row(v)) + " |" for v in found.variants),
        "",
        "`programme:X` leaves out the entities that name another programme; `source:K` keeps only the relations stated",
        "in files under `graph/K/`, and the entities they join.",
    ]
    for family in ("organisation", "facility", "region"):
        ranked = _ranked(found, family)[:TOP]
        if not ranked:
            continue
        head = ["entity", "explain name", "degree", "betweenness", "community", *(f"betweenness, {v.name}" for v in others)]
        lines += ["", f"## The {PLURAL[family]} that bridge most", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for node in ranked:
            cells = [_named(found, node, server), f"`{compact(node)}`", str(everything.degree[node]), _number(everything.betweenness[node])]
            cells += [str(everything.community[node]), *(_in(v, node) for v in others)]
            lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## Communities", "", f"{everything.communities} communities, modularity {everything.modularity:.4f}; the largest:", ""]
    members: dict[int, list[str]] = {}
    for node, number in everything.community.items():
        members.setdefault(number, []).append(node)
    for number in range(1, min(everything.communities, SHOWN_COMMUNITIES) + 1):
        hubs = sorted(members[number], key=lambda n: (-everything.degree[n], n))[:3]
        named = ", ".join(f"{_named(found, n, server)} (`{compact(n)}`)" for n in hubs)
        lines.append(f"- community {number}: {len(members[number])} entities, around {named}")
    sizes: dict[int, int] = {}
    for number in everything.component.values():
        sizes[number] = sizes.get(number, 0) + 1
    alone = sum(1 for size in sizes.values() if size == 1)
    largest = ", ".join(str(sizes[n]) for n in range(1, min(len(sizes), 10) + 1))
    lines += [
        "",
        "## Connected components",
        "",
        f"{everything.components} components; the largest hold {largest} entities; {alone} stand alone.",
    ]
    return "\n".join(lines) + "\n"


def _in(variant: Variant, node: str) -> str:
    return _number(variant.betweenness[node]) if node in variant.betweenness else "–"


def _number(value: float) -> str:
    return f"{value:.6f}"


def _as_shown(value: float) -> float:
    """A betweenness as the tables print it: places are ranked by the number a reader sees, so two
    that show the same number are in the order of their degree and IRI, not of unseen digits."""
    return float(_number(value))


def _variant_row(v: Variant) -> list[str]:
    return [v.name, str(v.nodes), str(v.edges), str(v.components), str(v.largest), str(v.communities), f"{v.modularity:.4f}"]


def _entities_csv(found: Measures) -> bytes:
    head = ["iri", "explain_name", "label", "family", "kind"]
    for v in found.variants:
        head += [f"degree[{v.name}]", f"betweenness[{v.name}]", f"community[{v.name}]", f"component[{v.name}]"]
    rows = [head]
    for node in sorted(found.ranked):
        row = [node, compact(node), found.outline.label(node, "en"), found.ranked[node], compact(found.outline.kinds[node])]
        for v in found.variants:
            present = node in v.degree
            row += (
                [str(v.degree[node]), _number(v.betweenness[node]), str(v.community[node]), str(v.component[node])] if present else [""] * 4
            )
        rows.append(row)
    return _csv(rows)


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


def _bridges(found: Measures) -> bytes:
    everything = found.variants[0]
    best = sorted(found.ranked, key=lambda n: (-_as_shown(everything.betweenness.get(n, 0.0)), n))[:TOP]
    with style():
        figure = new_figure(9, 1.2 + 0.35 * max(1, len(best)))
        axes = figure.add_subplot()
        axes.barh(range(len(best)), [everything.betweenness[n] for n in best], color="#2e86c1")
        axes.set_yticks(range(len(best)), [printable(shorten(f"{_label(found, n)} ({found.ranked[n]})", 60)) for n in best])
        axes.invert_yaxis()
        axes.set_xlabel("betweenness (normalised)")
        axes.set_title("The organisations, facilities and regions that bridge most")
        return save(figure, "svg")
