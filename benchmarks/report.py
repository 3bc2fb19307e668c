"""Turn the benchmark's measurements into ``benchmarks/results.md``: tables, targets and verdicts."""

from __future__ import annotations


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
    return run.get("build", {}).get("stages", {}).get(name)


def _rdf_build(run: dict):
    """The build without the pictures and pages: read, validate, reason, publish and re-read the RDF."""
    stages = run.get("build", {}).get("stages", {})
    return sum(stages.get(name) or 0 for name in ("reading", "validating", "reasoning", "publishing")) or None


def write_report(header: dict, runs: dict) -> str:
    sizes = [label for label in runs if label not in ("startup", "page")]
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
        "| size | triples | read | validate | reason | publish (RDF, re-read) | RDF build | pictures, docs | whole build | peak memory |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label in sizes:
        build = runs[label].get("build", {})
        if "error" in build:
            lines.append(f"| {label} | failed: {build['error']} |")
            continue
        lines.append(
            f"| {label} | {build['triples']:,} | {_s(_stage(runs[label], 'reading'))} | {_s(_stage(runs[label], 'validating'))} | "
            f"{_s(_stage(runs[label], 'reasoning'))} | {_s(_stage(runs[label], 'publishing'))} | {_s(_rdf_build(runs[label]))} | "
            f"{_s(_stage(runs[label], 'drawing'))} | {_s(build['total'])} | {build['peak_mb']:,} MB |"
        )
    lines += ["", "## Against the plain-library path (rdflib, pySHACL, owlrl), measured in the same run", ""]
    lines += ["| size | task | plain library | aizones | speed-up |", "|---|---|---:|---:|---:|"]
    for label in sizes:
        plain = runs[label].get("plain") or {}
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
    lines += ["", "## Saved queries", ""]
    for label in sizes:
        queries = (runs[label].get("queries") or {}).get("queries", {})
        if not queries:
            continue
        lines += [f"### {label}", "", "| query | rows | aizones | bare pyoxigraph | ratio | rdflib |", "|---|---:|---:|---:|---:|---:|"]
        for name, q in sorted(queries.items()):
            ratio = q["aizones_s"] / q["pyoxigraph_s"] if q["pyoxigraph_s"] else 0
            lines.append(
                f"| {name} | {q['rows']:,} | {_s(q['aizones_s'])} | {_s(q['pyoxigraph_s'])} | {ratio:.2f} | {_s(q.get('rdflib_s'))} |"
            )
        lines.append("")
    lines += [
        "## Exports from the built dataset",
        "",
        "| size | " + " | ".join(("turtle", "trig", "nt", "nq", "jsonld", "xml")) + " |",
        "|---|" + "---:|" * 6,
    ]
    for label in sizes:
        exports = (runs[label].get("exports") or {}).get("exports", {})
        if exports:
            lines.append(
                f"| {label} | " + " | ".join(_s(exports.get(name)) for name in ("turtle", "trig", "nt", "nq", "jsonld", "xml")) + " |"
            )
    lines += ["", "## Targets", "", "| target | measured | verdict |", "|---|---|---|"]
    lines += _targets(runs)
    return "\n".join(lines) + "\n"


def _targets(runs: dict) -> list[str]:
    rows = []
    million = runs.get("1M", {})
    build = million.get("build", {}) if million else {}
    if build and "error" not in build:
        rdf = _rdf_build(million)
        rows.append(
            f"| 1M: the build (read, validate, reason, publish every format, re-read check) under 90 s | {_s(rdf)} | {_ok(rdf is not None and rdf < 90)} |"
        )
        rows.append(
            f"| 1M: all of `aizones build`, with the ontology pages and the pictures, under 90 s | {_s(build['total'])} "
            f"(pictures and pages {_s(_stage(million, 'drawing'))}) | {_ok(build['total'] < 90)} |"
        )
        rows.append(f"| 1M: build peak memory under 4 GB | {build['peak_mb']:,} MB | {_ok(build['peak_mb'] < 4096)} |")
        validate, reason = _stage(million, "validating"), _stage(million, "reasoning")
        rows.append(f"| 1M: validation under 20 s | {_s(validate)} | {_ok(validate is not None and validate < 20)} |")
        rows.append(f"| 1M: reasoning under 30 s | {_s(reason)} | {_ok(reason is not None and reason < 30)} |")
        queries = (million.get("queries") or {}).get("queries", {})
        if queries:
            slowest = max(queries.items(), key=lambda kv: kv[1]["aizones_s"])
            worst = max(queries.items(), key=lambda kv: kv[1]["aizones_s"] / max(kv[1]["pyoxigraph_s"], 1e-9))
            over = sorted(f"{name} ({q['rows']:,} rows, {_s(q['aizones_s'])})" for name, q in queries.items() if q["aizones_s"] >= 0.1)
            rows.append(
                f"| 1M: every saved query under 100 ms | slowest {slowest[0]} {_s(slowest[1]['aizones_s'])}; over: {', '.join(over) or 'none'} | {_ok(not over)} |"
            )
            ratio = worst[1]["aizones_s"] / max(worst[1]["pyoxigraph_s"], 1e-9)
            beyond = sorted(
                f"{name} {q['aizones_s'] / max(q['pyoxigraph_s'], 1e-9):.2f}x ({_s(q['aizones_s'])} against {_s(q['pyoxigraph_s'])})"
                for name, q in queries.items()
                if q["aizones_s"] > 1.5 * q["pyoxigraph_s"]
            )
            within = len(queries) - len(beyond)
            rows.append(
                f"| 1M: each query within 1.5x of bare pyoxigraph | {within} of {len(queries)}; beyond: {', '.join(beyond) or 'none'} | {_ok(ratio <= 1.5)} |"
            )
    else:
        rows.append("| 1M targets | not run (--skip-1m) or failed | — |")
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
