"""The work behind each ``aizones`` command: call one library function, render its result.

``aizones.cli.arguments`` parses the arguments and dispatches here; heavy modules are imported inside each
handler, so a command pays only for what it uses.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from aizones.core.errors import EXIT_OK, UsageError
from aizones.core.formats import GRAPH_FORMATS, RDF_FORMATS


def _step_printer(quiet: bool):
    """Progress lines on stderr in a terminal; nothing when piped or in CI."""
    show = not quiet and sys.stderr.isatty() and not os.environ.get("CI")
    return (lambda message: print(f"… {message}", file=sys.stderr, flush=True)) if show else (lambda _message: None)


def cmd_build(args) -> int:
    from aizones.core.errors import NonConformantError
    from aizones.drawing import pictures
    from aizones.ontodoc import page
    from aizones.pipeline import build
    from aizones.validation.report import render

    writers = [page.add_to_build, *([] if args.no_pictures else [pictures.add_to_build])]
    try:
        summary = build(
            args.root,
            args.out,
            shacl_engine=args.engine,
            reasoner=args.reasoner,
            fail_on=args.fail_on,
            step=_step_printer(args.quiet),
            extra_outputs=writers,
            allow_outside_links=args.allow_outside_links,
        )
    except NonConformantError as error:
        sys.stdout.write(render(getattr(error, "findings", []), "table"))
        raise
    for line in summary.lines():
        print(line)
    return EXIT_OK


def cmd_validate(args) -> int:
    from aizones.core.errors import NonConformantError
    from aizones.reading.loader import load_dataset
    from aizones.validation.coordinator import validate
    from aizones.validation.findings import at_or_above
    from aizones.validation.report import render, summary_line

    result = validate(
        load_dataset(args.root, extra=args.add, allow_outside_links=args.allow_outside_links),
        engine=args.engine,
        checks=args.root / "queries" / "checks",
    )
    text = render(result.findings, args.format)
    _emit(text.encode(), args.output)
    failing = at_or_above(result.findings, args.fail_on)
    if failing:
        raise NonConformantError(f"the data does not conform: {summary_line(result.findings)} (failing on {args.fail_on} and above)")
    return EXIT_OK


def cmd_query(args) -> int:
    from aizones.querying import saved

    folder = args.root / "queries"
    if args.list:
        print(saved.listing(saved.catalogue(folder)), end="")
        return EXIT_OK
    if args.describe:
        print(saved.describe(saved.find(folder, args.describe)), end="")
        return EXIT_OK
    from aizones.core.labels import Labeller
    from aizones.core.limits import run
    from aizones.core.sparql import execute
    from aizones.pipeline import open_dataset
    from aizones.querying.results import render_result

    if args.all:
        return _answer_all(args, folder)

    text, shown_as, named = _query_text(args, folder)
    if named is None and args.param:
        raise UsageError("--param works with saved queries only (aizones query --list shows them)")
    dataset = open_dataset(args.root, args.out, inference=not args.no_inference)

    def answer() -> bytes:  # evaluated and rendered in full under --timeout / --memory
        if named is not None:
            result = saved.run(dataset, named, saved.parse_assignments(args.param), inference=not args.no_inference)
        else:
            result = execute(dataset, text, inference=not args.no_inference, allow_network=args.allow_network, shown_as=shown_as)
        return render_result(result, args.format, Labeller(dataset, args.lang))

    _emit(run("the query", answer), args.output)
    return EXIT_OK


def _answer_all(args, folder: Path) -> int:
    from aizones.core.limits import run
    from aizones.pipeline import open_dataset
    from aizones.publishing.layout import ANSWERS_FOLDER, shown_path
    from aizones.querying.answers import answer_all

    if args.query or args.expression is not None or args.param:
        raise UsageError("--all answers every saved query with its defaults; give no query name, -e or --param with it")
    dataset = open_dataset(args.root, args.out, inference=not args.no_inference)
    target = args.out / ANSWERS_FOLDER
    answers = run(
        "the saved queries", answer_all, dataset, folder, target, fmt=args.format, lang=args.lang, inference=not args.no_inference
    )
    width = max((len(a.name) for a in answers), default=4)
    for answer in answers:
        print(
            f"{answer.name:{width}}  {answer.rows:>6} row{'s' if answer.rows != 1 else ' '}  {answer.seconds * 1000:8.1f} ms  {answer.title}"
        )
    print(f"answered {len(answers)} saved queries into {shown_path(target)}")
    return EXIT_OK


def _query_text(args, folder: Path):
    """The query to run: ``-e`` text, stdin, a .rq file, or a saved query by name."""
    if args.expression is not None:
        if args.query not in (None, "-"):
            raise UsageError("give the query either as a file or with -e, not both")
        return args.expression, "-e", None
    if args.query in (None, "-"):
        if sys.stdin.isatty():
            raise UsageError("no query given: pass a saved query name (aizones query --list), a .rq file, -e 'SELECT …', or - for stdin")
        return sys.stdin.read(), "<stdin>", None
    path = Path(args.query)
    if path.suffix == ".rq" or path.is_file():
        if not path.is_file():
            raise UsageError(f"no query file {args.query!r}; pass a saved query name (aizones query --list), a .rq file or -e 'SELECT …'")
        return path.read_text(encoding="utf-8"), args.query, None
    from aizones.querying import saved

    return "", args.query, saved.find(folder, args.query)


def cmd_export(args) -> int:
    from aizones.pipeline import open_dataset
    from aizones.publishing.writers import export_dataset, export_format, format_for_extension

    graph_format = args.format or next((f.name for f in GRAPH_FORMATS.values() if (args.output or "").lower().endswith(f.extension)), None)
    if graph_format in GRAPH_FORMATS:
        from aizones.drawing.graph_files import export_graph

        _emit(export_graph(open_dataset(args.root, args.out, inference=False), graph_format), args.output)
        return EXIT_OK
    if args.format:
        fmt = export_format(args.format)
    elif args.output and args.output != "-":
        fmt = format_for_extension(args.output)
    else:
        raise UsageError(f"pass --format ({', '.join(RDF_FORMATS)}) or -o FILE with a known extension")
    dataset = open_dataset(args.root, args.out, inference=not args.no_inference)
    _emit(export_dataset(dataset, fmt, inference=not args.no_inference), args.output)
    return EXIT_OK


def cmd_viz(args) -> int:
    from aizones.drawing.pictures import visualise
    from aizones.pipeline import open_dataset

    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if args.output != "-" else "html")
    dataset = open_dataset(args.root, args.out, inference=False)
    data = visualise(dataset, fmt=fmt, focus=args.focus, depth=args.depth, kinds=args.kind, province=args.province)
    _emit(data, args.output)
    if args.output != "-":
        print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_stats(args) -> int:
    from aizones.pipeline import open_dataset
    from aizones.querying.stats import render_stats, stats

    print(render_stats(stats(open_dataset(args.root, args.out))), end="")
    return EXIT_OK


def cmd_explain(args) -> int:
    from aizones.pipeline import open_dataset
    from aizones.querying.explain import explain, render_json, render_text

    explanation = explain(open_dataset(args.root, args.out), args.entity, args.lang)
    _emit((render_json(explanation) if args.format == "json" else render_text(explanation)).encode(), None)
    return EXIT_OK


def cmd_synth(args) -> int:
    from aizones.synth import synthesise

    if args.triples < 1000:
        raise UsageError("--triples must be at least 1000 (one synthetic province)")
    result = synthesise(triples=args.triples, seed=args.seed, out=args.output, ontology=args.root / "ontology")
    print(f"wrote {result.triples} triples in {result.files} files into {result.root / 'graph' / 'synth'} (with a copy of ontology/)")
    return EXIT_OK


def _emit(data: bytes, output: str | None) -> None:
    if output and output != "-":
        from aizones.publishing.staging import write_file_atomically

        write_file_atomically(Path(output), data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
