"""Turn the benchmark's measurements into ``benchmarks/results.md``: tables, targets and verdicts."""

from __future__ import annotations

import serve_report  # benchmarks/ is on the path: run.py and serve_bench.py put it there


def _s(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def _ok(passed: bool | None) -> str:
    return "—" if passed is None else ("met" if passed else "**not met**")


def _total_rdflib(queries: dict):
    """rdflib's total over the saved queries; "> N s" when some were stopped at the limit."""
    stopped = [q["rdflib_s"] for q in queries.values() if isinstance(q["rdflib_s"], str)]
    total = sum(float(str(q["rdflib_s"]).strip("> s")) for q in queries.values())
    return f"> {total:.0f} s" if stopped else total


def _plain(plain: dict, task: str):
    """Seconds of a plain-library task, or "> N s" when it was stopped at the time limit."""
    entry = plain.get(task) or {}
    if task == "parse":  # every plain task parses first and records how long that took
        times = [e["parse_s"] for e in plain.values() if isinstance(e, dict) and e.get("parse_s")]
        return max(times) if times else None
    if "timeout" in entry:
        return f"> {entry['timeout']:.0f} s"
    return entry.get(f"{task}_s")


def _stage(run: dict, name: str):
    """Seconds of one stage. Since validation runs in a child while the build reasons, each of the
    two has its own time ("overlapping") and the stage "validating" is both together, wall clock."""
    build = run.get("build", {})
    overlapping = build.get("overlapping") or {}
    if name in ("validating", "reasoning") and overlapping:
        return overlapping.get("validation" if name == "validating" else "reasoning")
    return build.get("stages", {}).get(name)


def _both(run: dict):
    """Validation and reasoning, wall clock: side by side since issue 14, one after the other before."""
    stages = run.get("build", {}).get("stages", {})
    if run.get("build", {}).get("overlapping"):
        return stages.get("validating")
    return (stages.get("validating") or 0) + (stages.get("reasoning") or 0) or None


def _rdf_build(run: dict):
    """The build without the pictures and pages: read, validate, reason, publish and re-read the RDF."""
    stages = run.get("build", {}).get("stages", {})
    return sum(stages.get(name) or 0 for name in ("reading", "publishing")) + (_both(run) or 0) or None


def write_report(header: dict, runs: dict, baseline: dict | None = None) -> str:
    baseline = baseline or {}
    sizes = [label for label in runs if label not in ("startup", "page", "serve")]
    lines = [
        "# Benchmark results",
        "",
        f"Measured {header['date']} on {header['machine']}.",
        f"Versions: {header['versions']}.",
        "",
        "Written by `make bench` (`benchmarks/run.py`); every figure is a median over fresh processes",
        "(3 builds; 5 runs of each query, or 1 when a run takes over a second). The synthetic graphs come from `aizones synth --seed 1` plus",
        "the real graph, so the saved queries' default parameters resolve.",
        "",
        "## The build, stage by stage",
        "",
        "Peak memory: of the build's own process, and (in brackets) of all its processes together at one moment",
        "(proportional set size, sampled every 0.2 s, so pages a forked child shares with the build count once).",
        "",
        "| size | triples | read | validate | reason | both (wall) | publish (RDF, re-read) | RDF build | pictures, docs, store | whole build | peak memory |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [(label, runs[label]) for label in sizes]
    if baseline.get("1M", {}).get("build"):
        rows.append(("1M before (2026-11-21)", baseline["1M"]))
    for label, run in rows:
        build = run.get("build", {})
        if "error" in build:
            lines.append(f"| {label} | failed: {build['error']} |")
            continue
        together = f" ({build['tree_peak_mb']:,} MB)" if build.get("tree_peak_mb") else ""
        lines.append(
            f"| {label} | {build['triples']:,} | {_s(_stage(run, 'reading'))} | {_s(_stage(run, 'validating'))} | "
            f"{_s(_stage(run, 'reasoning'))} | {_s(_both(run))} | {_s(_stage(run, 'publishing'))} | {_s(_rdf_build(run))} | "
            f"{_s(_stage(run, 'drawing'))} | {_s(build['total'])} | {build['peak_mb']:,} MB{together} |"
        )
    for label in sizes:
        if runs[label].get("note"):
            lines += ["", f"{label}: {runs[label]['note']}."]
    carried = not any(runs[label].get("plain") for label in sizes) and any((baseline.get(label) or {}).get("plain") for label in sizes)
    heading = "measured in the same run" if not carried else "as measured on 2026-11-21 (`--plain-max 0` left it out of this run)"
    lines += ["", f"## Against the plain-library path (rdflib, pySHACL, owlrl), {heading}", ""]
    lines += ["| size | task | plain library | aizones | speed-up |", "|---|---|---:|---:|---:|"]
    for label in sizes:
        plain = runs[label].get("plain") or {}
        if not plain and carried:
            plain = (baseline.get(label) or {}).get("plain") or {}
        if not plain:
            continue
        pairs = [
            ("parse the files", _plain(plain, "parse"), _stage(runs[label], "reading")),
            ("SHACL validation", _plain(plain, "pyshacl"), _stage(runs[label], "validating")),
            ("OWL 2 RL reasoning", _plain(plain, "owlrl"), _stage(runs[label], "reasoning")),
            ("write Turtle", _plain(plain, "turtle"), (runs[label].get("exports") or {}).get("exports", {}).get("turtle")),
        ]
        queries = (runs[label].get("queries") or {}).get("queries", {})
        if queries and all("rdflib_s" in q for q in queries.values()):
            pairs.append(("all saved queries", _total_rdflib(queries), sum(q["aizones_s"] for q in queries.values())))
        for task, slow, fast in pairs:
            if isinstance(slow, str):  # stopped at the time limit: the ratio is at least this
                bound = float(slow.strip("> s"))
                lines.append(
                    f"| {label} | {task} | {slow} | {_s(fast)} | > {bound / fast:,.0f}x |"
                    if fast
                    else f"| {label} | {task} | {slow} | — | — |"
                )
                continue
            ratio = f"{slow / fast:,.0f}x" if slow and fast else "—"
            lines.append(f"| {label} | {task} | {_s(slow)} | {_s(fast)} | {ratio} |")
    lines += [
        "",
        "## Saved queries",
        "",
        "In one process: aizones (`saved.run` on the build's on-disk store), bare pyoxigraph running the same text on the same",
        "store opened read-only, and on an in-memory store of the same quads. From process start: `aizones query NAME --format csv`",
        "against the Oxigraph CLI (`oxigraph query --union-default-graph`) on its own store of the same quads (`oxigraph load`",
        "once), given the very text aizones runs, prefixes and parameter values written in; median of 3.",
        "",
    ]
    for label in sizes:
        queries = (runs[label].get("queries") or {}).get("queries", {})
        cold = (runs[label].get("cold") or {}).get("queries", {})
        if not queries:
            lines += _from_start_only(label, runs[label].get("cold") or {})
            continue
        lines += [
            f"### {label}",
            "",
            "| query | rows | aizones | bare pyoxigraph | ratio | in memory | from start: aizones | Oxigraph CLI | ratio | rdflib |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, q in sorted(queries.items()):
            ratio = q["aizones_s"] / q["pyoxigraph_s"] if q["pyoxigraph_s"] else 0
            c = cold.get(name) or {}
            cold_ratio = f"{c['aizones_s'] / c['cli_s']:.2f}" if c.get("cli_s") else "—"
            lines.append(
                f"| {name} | {q['rows']:,} | {_s(q['aizones_s'])} | {_s(q['pyoxigraph_s'])} | {ratio:.2f} | {_s(q.get('memory_s'))} | "
                f"{_s(c.get('aizones_s'))} | {_s(c.get('cli_s'))} | {cold_ratio} | {_s(q.get('rdflib_s'))} |"
            )
        count = (runs[label].get("cold") or {}).get("count")
        if count:
            lines.append(
                f"| `SELECT (COUNT(*) …)` | 1 | | | | | {_s(count['aizones_s'])} ({count['aizones_mb']} MB) | "
                f"{_s(count['cli_s'])} ({count['cli_mb']} MB) | {count['aizones_s'] / count['cli_s']:.2f} | |"
            )
        lines.append("")
    lines += [
        "## Exports",
        "",
        "From process start (`aizones export --format F -o FILE`, from the build's store), with peak memory; at 10k and 100k",
        "also in one process from the loaded dataset (the figure the plain-library comparison uses).",
        "",
        "| size | " + " | ".join(("turtle", "trig", "nt", "nq", "jsonld", "xml")) + " |",
        "|---|" + "---:|" * 6,
    ]
    names = ("turtle", "trig", "nt", "nq", "jsonld", "xml")
    for label in sizes:
        cold = (runs[label].get("cold") or {}).get("exports", {})
        if cold:
            lines.append(
                f"| {label}, from start | " + " | ".join(f"{_s(cold[n]['seconds'])} ({cold[n]['peak_mb']:,} MB)" for n in names) + " |"
            )
        exports = (runs[label].get("exports") or {}).get("exports", {})
        if exports:
            lines.append(f"| {label}, in process | " + " | ".join(_s(exports.get(n)) for n in names) + " |")
    before = (baseline.get("1M", {}).get("exports") or {}).get("exports", {})
    if before:
        lines.append("| 1M before (2026-11-21), in process | " + " | ".join(_s(before.get(n)) for n in names) + " |")
    lines += _network(runs, sizes)
    lines += _push(runs, sizes)
    lines += serve_report.section(runs.get("serve"))
    lines += ["", "## Targets", "", "| target | measured | verdict |", "|---|---|---|"]
    lines += _targets(runs, baseline) + serve_report.targets(runs.get("serve"))
    return "\n".join(lines) + "\n"


def _network(runs: dict, sizes) -> list[str]:
    """``aizones path`` between random entities and ``aizones network``, from process start (issue 20)."""
    rows = []
    for label in sizes:
        found, report = runs[label].get("path") or {}, runs[label].get("network") or {}
        if not found.get("pairs") and not report.get("s"):
            continue
        path = f"{_s(found['median_s'])} (slowest {_s(found['max_s'])}), {found['peak_mb']:,} MB" if found.get("pairs") else "—"
        shown = f"{_s(report['s'])}, {report['peak_mb']:,} MB" if report.get("s") else "—"
        rows.append(f"| {label} | {found.get('entities', 0):,} | {path} | {shown} |")
    if not rows:
        return []
    return [
        "",
        "## Relationships as a network",
        "",
        "From process start on the build's store: `aizones path <A> <B>` between five pairs of entities drawn with seed 1",
        "(median of the pairs, each the median of 3 runs), and `aizones network -o DIR` once.",
        "",
        "| size | entities | `aizones path` | `aizones network` |",
        "|---|---:|---:|---:|",
        *rows,
    ]


def _push(runs: dict, sizes) -> list[str]:
    """``aizones push`` beside each store's own bulk loader, from process start (issue 16: within 2x)."""
    rows = []
    for label in sizes:
        timed = runs[label].get("push") or {}
        for store in ("oxigraph", "virtuoso"):
            pair = timed.get(store)
            if pair and pair.get("native_s"):
                ratio = pair["push_s"] / pair["native_s"]
                verdict = "met" if ratio <= 2 else "missed"
                rows.append(
                    f"| {label} | {timed['quads']:,} | {store} | {_s(pair['push_s'])} | {_s(pair['native_s'])} | {ratio:.2f} ({verdict}) |"
                )
    if not rows:
        return []
    return [
        "",
        "## Into the stores people run",
        "",
        "From process start, each store on a scratch database on 127.0.0.1: `aizones push` against the store's own bulk loader",
        "of the same release (Oxigraph: `oxigraph load` of `aizones.nq`, `aizones.nt` and `inferred.ttl`, the triples the push",
        "sends; Virtuoso: `ld_dir` + `rdf_loader_run` + `checkpoint` of `aizones.nq`). Target: the push within 2x.",
        "",
        "| size | quads | store | `aizones push` | native loader | push / native |",
        "|---|---:|---|---:|---:|---:|",
        *rows,
    ]


def _from_start_only(label: str, cold: dict) -> list[str]:
    """A size measured only from process start (ten million: each command once, as a user meets it)."""
    if not cold.get("queries"):
        return []
    lines = [
        f"### {label}, from process start only (each command once)",
        "",
        f"The Oxigraph CLI's own store was loaded once in {_s(cold.get('cli_load_s'))}.",
        "",
        "| query | aizones | peak | Oxigraph CLI | peak | ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    entries = sorted(cold["queries"].items())
    if cold.get("count"):
        entries.append(("`SELECT (COUNT(*) …)`", cold["count"]))
    for name, c in entries:
        ratio = f"{c['aizones_s'] / c['cli_s']:.2f}" if c.get("cli_s") else "—"
        lines.append(f"| {name} | {_s(c['aizones_s'])} | {c['aizones_mb']:,} MB | {_s(c['cli_s'])} | {c['cli_mb']:,} MB | {ratio} |")
    return [*lines, ""]


def _beyond(timed: dict, anchor: str, limit: float) -> list[str]:
    """The queries whose aizones time is over ``limit`` times the ``anchor`` time, each with both."""
    return sorted(
        f"{name} {t['aizones_s'] / max(t[anchor], 1e-9):.2f}x ({_s(t['aizones_s'])} against {_s(t[anchor])})"
        for name, t in timed.items()
        if t["aizones_s"] > limit * t[anchor]
    )


def _targets(runs: dict, baseline: dict) -> list[str]:
    """The targets of issue 14 at 1M (and 10M), then the earlier ones that still apply."""
    rows = []
    million = runs.get("1M", {})
    build = million.get("build", {}) if million else {}
    before = baseline.get("1M", {})
    if build and "error" not in build:
        together = build.get("tree_peak_mb") or build["peak_mb"]
        rows.append(
            f"| 1M: the whole build, with pictures and pages, under 45 s | {_s(build['total'])} (before: {_s(before.get('build', {}).get('total'))}) "
            f"| {_ok(build['total'] < 45)} |"
        )
        rows.append(
            f"| 1M: build peak memory under 2 GB | {build['peak_mb']:,} MB in the build's process, {together:,} MB all processes together "
            f"(before: {before.get('build', {}).get('peak_mb', 0):,} MB) | {_ok(together < 2048)} |"
        )
        for stage, name in (("validating", "validation"), ("reasoning", "reasoning")):
            now, then = _stage(million, stage), _stage(before, stage) if before else None
            rows.append(
                f"| 1M: {name} no slower than before | {_s(now)} (before: {_s(then)}) | {_ok(None if then is None else now <= then * 1.05)} |"
            )
        queries = (million.get("queries") or {}).get("queries", {})
        cold = (million.get("cold") or {}).get("queries", {})
        if cold:
            beyond = _beyond(cold, "cli_s", 1.5)
            floor = (million.get("cold") or {}).get("python_floor_s")
            below = sorted(name for name, c in cold.items() if floor and c["cli_s"] * 1.5 < floor)
            why = (
                f" (Python's own floor, the interpreter started, pyoxigraph imported and the store opened, is {_s(floor)}: "
                f"over 1.5x the CLI's whole time for {len(below)} of them, {', '.join(below)})"
                if below
                else ""
            )
            rows.append(
                f"| 1M: `aizones query NAME` from process start at most 1.5x the Oxigraph CLI on its own store | "
                f"{len(cold) - len(beyond)} of {len(cold)}; beyond: {', '.join(beyond) or 'none'}{why} | {_ok(not beyond)} |"
            )
            small = {name: c for name, c in cold.items() if queries.get(name, {}).get("rows", 0) < 10_000}
            slow = sorted(f"{name} {_s(c['aizones_s'])}" for name, c in small.items() if c["aizones_s"] >= 1)
            rows.append(
                f"| 1M: from process start under 1 s, each saved query of under 10,000 rows | {len(small) - len(slow)} of {len(small)}; "
                f"over: {', '.join(slow) or 'none'} | {_ok(not slow)} |"
            )
        if queries:
            slowest = max(queries.items(), key=lambda kv: kv[1]["aizones_s"])
            beyond = _beyond(queries, "pyoxigraph_s", 1.2)
            resolving = sorted(
                f"{name} {_s(q['bind_s'])} of {_s(q['aizones_s'])}, {(q['aizones_s'] - q['bind_s']) / q['pyoxigraph_s']:.2f}x without it"
                for name, q in queries.items()
                if q.get("bind_s") and q["aizones_s"] > 1.2 * q["pyoxigraph_s"]
            )
            why = (
                f" (resolving the default parameter's name, which bare pyoxigraph is given resolved: {', '.join(resolving)})"
                if resolving
                else ""
            )
            rows.append(
                f"| 1M: every saved query within 1.2x of bare pyoxigraph on the same text | {len(queries) - len(beyond)} of {len(queries)}; "
                f"beyond: {', '.join(beyond) or 'none'}{why} | {_ok(not beyond)} |"
            )
            rows.append(
                f"| 1M: the slowest saved query under 1.5 s | {slowest[0]} {_s(slowest[1]['aizones_s'])} | {_ok(slowest[1]['aizones_s'] < 1.5)} |"
            )
        exports = (million.get("cold") or {}).get("exports", {})
        if exports:
            worst = max(exports.items(), key=lambda kv: kv[1]["seconds"])
            rows.append(
                f"| 1M: each export from the store under 5 s | slowest {worst[0]} {_s(worst[1]['seconds'])} (from process start) | {_ok(worst[1]['seconds'] < 5)} |"
            )
        found = million.get("path") or {}
        if found.get("pairs"):
            rows.append(
                f"| 1M: `aizones path` between two random entities under 1 s from a built dist/ | slowest of {len(found['pairs'])} pairs "
                f"{_s(found['max_s'])} (median {_s(found['median_s'])}) | {_ok(found['max_s'] < 1)} |"
            )
    else:
        rows.append("| 1M targets | not run (--skip-1m) or failed | — |")
    ten = runs.get("10M", {})
    if ten:
        build = ten.get("build", {})
        if build and "error" not in build:
            rows.append(
                f"| 10M: builds, validates, reasons and publishes within the machine's 24 GB | {_s(build['total'])}, "
                f"{(build.get('tree_peak_mb') or build['peak_mb']):,} MB at peak | {_ok((build.get('tree_peak_mb') or build['peak_mb']) < 24 * 1024)} |"
            )
        else:
            rows.append(f"| 10M: builds within 24 GB | failed: {build.get('error')} | **not met** |")
    hundred = runs.get("100k", {})
    queries = (hundred.get("queries") or {}).get("queries", {})
    if queries and all("rdflib_s" in q for q in queries.values()):
        total = _total_rdflib(queries)
        bound = float(total.strip("> s")) if isinstance(total, str) else total
        ratio = bound / sum(q["aizones_s"] for q in queries.values())
        rows.append(
            f"| 100k: saved queries at least 50x faster than rdflib | {'> ' if isinstance(total, str) else ''}{ratio:,.0f}x | {_ok(ratio >= 50)} |"
        )
    pyshacl = _plain(hundred.get("plain") or {}, "pyshacl") if hundred else None
    validate = _stage(hundred, "validating") if hundred else None
    if pyshacl and validate:
        bound = float(pyshacl.strip("> s")) if isinstance(pyshacl, str) else pyshacl
        shown = (
            f"> {bound / validate:,.0f}x (pySHACL stopped at {pyshacl.strip('> ')})"
            if isinstance(pyshacl, str)
            else f"{bound / validate:,.0f}x"
        )
        rows.append(f"| 100k: validation at least 20x faster than pySHACL | {shown} | {_ok(bound / validate >= 20)} |")
    page = runs.get("page") or {}
    if page.get("draw_ms") is not None:
        rows.append(
            f"| graph page usable at 5,000 nodes: first drawing in Chromium under 3 s | {page['nodes']:,} nodes, {page['edges']:,} edges: "
            f"drawn {page['draw_ms'] / 1000:.2f} s after load ({page['bytes'] / 1e6:.1f} MB page, written in {_s(page['write_s'])}) | {_ok(page['draw_ms'] < 3000)} |"
        )
    startup = runs.get("startup") or {}
    if startup and "error" not in startup:
        rows.append(f"| `aizones --help` under 0.3 s | {_s(startup['help_s'])} | {_ok(startup['help_s'] < 0.3)} |")
        rows.append(f"| `aizones query NAME` under 1 s | {_s(startup['query_s'])} | {_ok(startup['query_s'] < 1)} |")
    return rows
