"""``aizones diff`` as Markdown: a summary, then entities, figures, conflicts and facts in words.

The same text is the section ``aizones release`` adds to ``CHANGELOG.md``. Values are said in words
(``diff_words``: dates as dates, amounts with their unit, a figure as "Wuhan: AI enterprises (2024)
1,000 → 1,326 (document 013)", a target marked as one); the JSON keeps them exactly. Facts of
entities that came or went as a whole are counted with the entity, not listed one by one (the JSON
has them).
"""

from __future__ import annotations

from aizones.querying.diff import Change, Diff
from aizones.querying.diff_words import claimed, figure_words, property_words, words

_LISTED = 200  # facts shown per source file; the JSON has every one


def render_markdown(result: Diff, heading: str | None = None, level: int = 1) -> str:
    h = "#" * level
    title = heading or f"Changes from {_named(result.old, result.old_version)} to {_named(result.new, result.new_version)}"
    lines = [f"{h} {title}", ""]
    if result.empty:
        return "\n".join([*lines, "No change: both hold the same entities and facts.", ""])
    if result.old_version != result.new_version and result.old_version and result.new_version:
        lines += [f"Version {result.old_version} → {result.new_version}.", ""]
    lines += [*_summary(result), ""]
    whole = {e["entity"] for e in (*result.entities_added, *result.entities_removed)}
    lines += _entities(f"{h}# Entities added", result.entities_added, result.facts)
    lines += _entities(f"{h}# Entities removed", result.entities_removed, result.facts)
    if result.figures_changed:
        lines += [f"{h}# Figures whose value changed", ""]
        lines += [f"- {figure_words(c.figure_before, c.figure_after)}, in `{c.file}`" for c in result.figures_changed] + [""]
    lines += _conflicts(f"{h}# Conflicts that appeared", result.conflicts_appeared)
    lines += _conflicts(f"{h}# Conflicts resolved", result.conflicts_resolved)
    lines += _facts(f"{h}#", result, whole)
    if result.kinds:
        lines += [f"{h}# Entities per kind", "", "| kind | added | removed |", "|---|---:|---:|"]
        lines += [f"| {kind} | {n['added']} | {n['removed']} |" for kind, n in result.kinds.items()] + [""]
    return "\n".join(lines)


def _named(name: str, version: str) -> str:
    return f"{version} ({name})" if version else name


def _summary(result: Diff) -> list[str]:
    kinds = [c.kind for c in result.facts]
    figures_added = sum(e["figure"] for e in result.entities_added)
    figures_removed = sum(e["figure"] for e in result.entities_removed)
    return [
        "| | added | removed | changed |",
        "|---|---:|---:|---:|",
        f"| entities | {len(result.entities_added)} | {len(result.entities_removed)} | |",
        f"| facts | {kinds.count('added')} | {kinds.count('removed')} | {kinds.count('changed')} |",
        f"| figures | {figures_added} | {figures_removed} | {len(result.figures_changed)} |",
        f"| conflicts | {len(result.conflicts_appeared)} appeared | {len(result.conflicts_resolved)} resolved | |",
    ]


def _entities(title: str, entities: list[dict], facts: list[Change]) -> list[str]:
    if not entities:
        return []
    lines = [title, ""]
    for e in entities:
        n = sum(1 for c in facts if c.entity == e["entity"])
        what = f"a figure, {figure_words(e['said'], None)}" if e.get("said") else ", ".join(e["kinds"])
        lines.append(f"- **{e['label']}** ({what}) `{e['entity']}`, in `{e['file']}`, {n} fact{'s' * (n != 1)}")
    return [*lines, ""]


def _conflicts(title: str, found: list[dict]) -> list[str]:
    if not found:
        return []
    lines = [title, ""]
    for c in found:
        claims = "; ".join(f"{claimed(claim['value'])} says {claim['source']} (`{claim['file']}`)" for claim in c["claims"])
        lines.append(f"- **{c['label']}**, {c['property_label']}: {claims}")
    return [*lines, ""]


def _facts(h: str, result: Diff, whole: set[str]) -> list[str]:
    """Facts per source file, those of entities that came or went whole left to their line above."""
    shown = [c for c in result.facts if c.entity not in whole]
    if not shown:
        return []
    lines = [f"{h} Facts per source document", ""]
    for file, counted in result.files.items():
        mine = [c for c in shown if c.file == file]
        if not mine:
            continue
        lines += [f"{h}# `{file}`: {counted['added']} added, {counted['removed']} removed, {counted['changed']} changed", ""]
        lines += [_fact(c) for c in mine[:_LISTED]]
        if len(mine) > _LISTED:
            lines.append(f"- … and {len(mine) - _LISTED} more (see `--format json`)")
        lines.append("")
    return lines


def _fact(c: Change) -> str:
    if c.kind == "changed":
        return f"- **{c.label}**, {property_words(c.property, c.property_label)}: {_values(c.before)} → {_values(c.after)}"
    sign, values = ("added", c.after) if c.kind == "added" else ("removed", c.before)
    return f"- **{c.label}**, {property_words(c.property, c.property_label)} {sign}: {_values(values)}"


def _values(values: list[dict]) -> str:
    return ", ".join(words(v) for v in values)
