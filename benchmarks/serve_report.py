"""The serve section of ``benchmarks/results.md``: ``aizones serve`` against the Oxigraph server."""

from __future__ import annotations

SERVERS = ("aizones", "aizones, no cache", "oxigraph")


def section(serve: dict | None) -> list[str]:
    if not serve:
        return []
    clients = serve.get("clients", [1, 8, 32])
    lines = [
        "",
        "## Serving: `aizones serve` against `oxigraph serve-read-only`",
        "",
        f"Measured by `benchmarks/serve_bench.py` (serve-core's own run, {serve.get('seconds', 1):g} s per cell, keep-alive, "
        "127.0.0.1, the load generator `benchmarks/serve_load.py` in a process of its own on the same 2 cores). Each cell: "
        "requests per second, p50 / p99 in ms. *no cache*: `--cache-mb 0`, every request evaluated by a worker. The Oxigraph "
        "server reads a copy of the release's own store (the same default graph, the merge).",
    ]
    if serve.get("load") is not None:
        lines += [
            "",
            f"The machine's load average was {serve['load']:.1f} when the run began and {serve.get('load_after', 0):.1f} when it ended.",
        ]
    if serve.get("note"):
        lines += ["", serve["note"]]
    for kind in ("real", "100k"):
        run = serve.get(kind)
        if not run:
            continue
        lines += ["", f"### {'the real graph' if kind == 'real' else '100k triples'}", ""]
        header = " | ".join(f"{server}, {n} client{'s' if n > 1 else ''}" for n in clients for server in SERVERS)
        lines += [f"| query | {header} | worst ratio to Oxigraph (no cache) |", "|---|" + "---:|" * (len(clients) * len(SERVERS) + 1)]
        for name, by_server in run["queries"].items():
            cells = [_cell(by_server.get(server, {}).get(str(n))) for n in clients for server in SERVERS]
            lines.append(f"| {name} | " + " | ".join(cells) + f" | {_ratio(by_server, clients)} |")
        if run.get("pages"):
            lines += ["", "Entity pages `/id/NAME` (aizones): " + "; ".join(f"{n} clients: {_cell(run['pages'][str(n)])}" for n in clients)]
    return lines


def targets(serve: dict | None) -> list[str]:
    if not serve:
        return []
    rows = []
    for kind in ("real", "100k"):
        run = serve.get(kind)
        if not run:
            continue
        ratios = [_worst(by_server, serve.get("clients", [1, 8, 32]), "aizones") for by_server in run["queries"].values()]
        ratios = [r for r in ratios if r is not None]
        if ratios:
            rows.append(
                f"| {kind}: `aizones serve` at least half the Oxigraph server's requests/s on every saved query | "
                f"worst {min(ratios):.2f}x | {'met' if min(ratios) >= 0.5 else '**not met**'} |"
            )
    pages = (serve.get("real") or {}).get("pages")
    if serve.get("real") and not pages:
        rows.append("| real graph: entity pages p99 under 50 ms | not measured: the server of this run had no `/id/NAME` pages | — |")
    if pages:
        worst = max(cell["p99_ms"] for cell in pages.values())
        rows.append(f"| real graph: entity pages p99 under 50 ms | {worst:g} ms | {'met' if worst < 50 else '**not met**'} |")
    return rows


def _cell(cell: dict | None) -> str:
    if not cell:
        return "—"
    errors = f", **{cell['errors']} errors**" if cell.get("errors") else ""
    return f"{cell['rps']:,.0f} ({cell['p50_ms']:g} / {cell['p99_ms']:g}){errors}"


def _worst(by_server: dict, clients, ours: str) -> float | None:
    ratios = []
    for n in clients:
        mine, theirs = by_server.get(ours, {}).get(str(n)), by_server.get("oxigraph", {}).get(str(n))
        if mine and theirs and theirs["rps"]:
            ratios.append(mine["rps"] / theirs["rps"])
    return min(ratios) if ratios else None


def _ratio(by_server: dict, clients) -> str:
    cached, uncached = _worst(by_server, clients, "aizones"), _worst(by_server, clients, "aizones, no cache")
    if cached is None:
        return "—"
    return f"{cached:.2f}x ({uncached:.2f}x)" if uncached is not None else f"{cached:.2f}x"
