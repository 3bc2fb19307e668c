"""The work behind each ``aizones`` command: call one library function, render its result.

``aizones.cli.arguments`` parses the arguments and dispatches here; heavy modules are imported inside each
handler, so a command pays only for what it uses.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path

from aizones.core.errors import EXIT_OK, InputError, OutputError, UsageError
from aizones.core.formats import GRAPH_FORMATS, RDF_FORMATS
from aizones.publishing.targets import check_file, is_stderr, is_stdout


def _step_printer(quiet: bool):
    """Progress lines on stderr in a terminal; nothing when piped or in CI."""
    show = not quiet and sys.stderr.isatty() and not os.environ.get("CI")
    return (lambda message: print(f"… {message}", file=sys.stderr, flush=True)) if show else (lambda _message: None)


def cmd_build(args) -> int:
    from aizones.core.errors import NonConformantError
    from aizones.outputs import build_writers
    from aizones.pipeline import build
    from aizones.validation.report import render

    writers = build_writers(args.root, pictures_too=not args.no_pictures)
    try:
        summary = build(
            args.root,
            args.out,
            shacl_engine=args.engine,
            reasoner=args.reasoner,
            fail_on=args.fail_on,
            no_shapes=args.no_shapes,
            step=_step_printer(args.quiet),
            extra_outputs=writers,
            allow_outside_links=args.allow_outside_links,
        )
    except NonConformantError as error:
        sys.stdout.write(render(getattr(error, "findings", []), "table"))
        raise
    _emit("".join(f"{line}\n" for line in summary.lines()).encode())
    return EXIT_OK


def _check_output(args) -> None:
    """Refuse a ``-o`` path that may not be replaced before any work is done (``publishing.targets``)."""
    if not is_stdout(args.output) and not is_stderr(args.output):
        check_file(Path(args.output), project=args.root)


def cmd_validate(args) -> int:
    from aizones.core.errors import NonConformantError
    from aizones.reading.loader import load_dataset
    from aizones.validation.coordinator import validate
    from aizones.validation.findings import at_or_above
    from aizones.validation.report import render, summary_line

    _check_output(args)
    dataset = load_dataset(args.root, extra=args.add, allow_outside_links=args.allow_outside_links)
    result = validate(dataset, engine=args.engine, checks=args.root / "queries" / "checks", no_shapes=args.no_shapes)
    text = render(result.findings, args.format)
    _emit(text.encode(), args.output, args.root)
    failing = at_or_above(result.findings, args.fail_on)
    if failing:
        raise NonConformantError(f"the data does not conform: {summary_line(result.findings)} (failing on {args.fail_on} and above)")
    return EXIT_OK


def cmd_query(args) -> int:
    from aizones.querying import saved

    folder = args.root / "queries"
    if args.list:
        _emit(saved.listing(saved.catalogue(folder)).encode())
        return EXIT_OK
    if args.describe:
        _emit(saved.describe(saved.find(folder, args.describe)).encode())
        return EXIT_OK
    from aizones.core.labels import Labeller
    from aizones.core.limits import run
    from aizones.core.sparql import execute
    from aizones.pipeline import open_dataset
    from aizones.querying.results import render_counted

    if args.all:
        return _answer_all(args, folder)

    _check_output(args)
    text, shown_as, named = _query_text(args, folder)
    if named is None and args.param:
        raise UsageError("--param works with saved queries only (aizones query --list shows them)")
    dataset = open_dataset(args.root, args.out, inference=not args.no_inference)
    if args.endpoint:
        return _query_remote(args, dataset, text, shown_as, named)

    width = _table_width(args)

    def answer() -> tuple[bytes, list[str]]:  # evaluated and rendered in full under --timeout / --memory
        if named is None:
            result = execute(dataset, text, inference=not args.no_inference, allow_network=args.allow_network, shown_as=shown_as)
            return render_counted(result, args.format, Labeller(dataset, args.lang), width)[0], []
        values = saved.parse_assignments(args.param)
        result = saved.run(dataset, named, values, inference=not args.no_inference)
        rendered, rows = render_counted(result, args.format, Labeller(dataset, args.lang), width)
        if rows != 0:
            return rendered, []
        from aizones.querying.empty_hints import hint  # only an empty answer needs it

        return rendered, [h.line() for h in hint(dataset, named, values, inference=not args.no_inference, lang=args.lang)]

    from aizones.core.netns import allowed

    with allowed(args.allow_network):  # the child keeps the network only when asked
        rendered, hints = run("the query", answer)
    _emit_paged(rendered, args)
    for line in hints:  # on standard error, so the table or file stays exactly the answer
        print(f"aizones: hint: {line}", file=sys.stderr)
    return EXIT_OK


def _table_width(args) -> int | None:
    """The width a table must fit: ``--width``, else the terminal's when the table goes to one
    (a file or a pipe gets every character, as scripts and the README's examples expect)."""
    if getattr(args, "wide", False):
        return None
    if args.width is not None:
        if args.width < 0:
            raise UsageError(f"--width takes a number of columns (0 for no limit), not {args.width}")
        return args.width or None
    if is_stdout(args.output) and sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def _query_remote(args, dataset, text, shown_as, named) -> int:
    """``query --endpoint``: the same text as locally, answered by the store; the local labels."""
    from aizones.core.labels import Labeller
    from aizones.querying.remote_query import query_endpoint
    from aizones.querying.results import render_counted

    values = saved_values(args)
    result = query_endpoint(
        dataset,
        args.endpoint,
        text if named is None else named,
        params=values,
        timeout=args.timeout or None,
        allow_network=args.allow_network,
    )
    _emit(render_counted(result, args.format, Labeller(dataset, args.lang), _table_width(args))[0], args.output, args.root)
    return EXIT_OK


def saved_values(args) -> dict[str, str]:
    from aizones.querying import saved

    return saved.parse_assignments(args.param)


def _answer_all(args, folder: Path) -> int:
    from aizones.pipeline import open_dataset
    from aizones.publishing.layout import ANSWERS_FOLDER, shown_path
    from aizones.querying.answers import answer_all

    if args.query or args.expression is not None or args.param:
        raise UsageError("--all answers every saved query with its defaults; give no query name, -e or --param with it")
    dataset = open_dataset(args.root, args.out, inference=not args.no_inference)
    target = args.out / ANSWERS_FOLDER
    answers = answer_all(dataset, folder, target, fmt=args.format, lang=args.lang, inference=not args.no_inference, project=args.root)
    width = max((len(a.name) for a in answers), default=4)
    lines = [f"{a.name:{width}}  {a.rows:>6} row{'s' if a.rows != 1 else ' '}  {a.seconds * 1000:8.1f} ms  {a.title}\n" for a in answers]
    _emit(("".join(lines) + f"answered {len(answers)} saved queries into {shown_path(target)}\n").encode())
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
        from aizones.core.queryfiles import MAX_QUERY_BYTES  # only a query from stdin needs the bound

        text = sys.stdin.buffer.read(MAX_QUERY_BYTES + 1)  # bounded: `aizones query - < /dev/zero` ends
        if len(text) > MAX_QUERY_BYTES:
            raise InputError(f"the query is over {MAX_QUERY_BYTES} bytes; is this the file meant?", "<stdin>")
        return _utf8(text, "<stdin>"), "<stdin>", None
    path = Path(args.query)
    if path.suffix == ".rq" or path.is_file():
        if not path.exists():  # anything else at the path is named by read_regular (a FIFO, a folder)
            raise UsageError(f"no query file {args.query!r}; pass a saved query name (aizones query --list), a .rq file or -e 'SELECT …'")
        from aizones.core.files import read_regular  # only a query file needs it
        from aizones.core.queryfiles import MAX_QUERY_BYTES  # the same

        return _utf8(read_regular(path, args.query, limit=MAX_QUERY_BYTES), args.query), args.query, None
    from aizones.querying import saved

    return "", args.query, saved.find(folder, args.query)


def _utf8(data: bytes, shown_as: str) -> str:
    """A query's text; bytes that are not UTF-8 are a one-line error naming where (not a crash)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(f"byte 0x{data[error.start]:02x} is not UTF-8; save the query as UTF-8", shown_as, line, column) from None


def cmd_export(args) -> int:
    from aizones.pipeline import open_dataset
    from aizones.publishing.writers import export_dataset, export_format, format_for_extension

    _check_output(args)
    graph_format = args.format or next((f.name for f in GRAPH_FORMATS.values() if (args.output or "").lower().endswith(f.extension)), None)
    if graph_format in GRAPH_FORMATS:
        if args.graph:
            raise UsageError("--graph works with the RDF formats; GraphML and GEXF hold the projected graph of every source")
        from aizones.drawing.graph_files import export_graph

        _emit(export_graph(open_dataset(args.root, args.out, inference=False), graph_format), args.output, args.root)
        return EXIT_OK
    if args.format:
        fmt = export_format(args.format)
    elif not is_stdout(args.output):
        fmt = format_for_extension(args.output)
    else:
        raise UsageError(f"pass --format ({', '.join(RDF_FORMATS)}) or -o FILE with a known extension")
    dataset = open_dataset(args.root, args.out, inference=not args.no_inference)
    if args.graph:
        from aizones.core.graph_names import resolve_graphs
        from aizones.publishing.writers import export_graphs

        graphs = resolve_graphs(dataset, args.graph)
        data, triples = export_graphs(dataset, fmt, graphs)
        _emit(data, args.output, args.root)
        where = "standard output" if is_stdout(args.output) else args.output
        what = "quads" if fmt.carries_graphs else "triples"
        print(f"wrote {triples} {what} of {len(graphs)} named graph{'s' if len(graphs) != 1 else ''} to {where}", file=sys.stderr)
        return EXIT_OK
    _emit(export_dataset(dataset, fmt, inference=not args.no_inference), args.output, args.root)
    return EXIT_OK


def cmd_viz(args) -> int:
    from aizones.drawing.pictures import visualise
    from aizones.pipeline import open_dataset

    _check_output(args)
    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if not is_stdout(args.output) else "html")
    dataset = open_dataset(args.root, args.out, inference=False)
    data = visualise(dataset, fmt=fmt, focus=args.focus, depth=args.depth, kinds=args.kind, province=args.province)
    _emit(data, args.output, args.root)
    if not is_stdout(args.output):
        print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_stats(args) -> int:
    from aizones.pipeline import open_dataset
    from aizones.querying.stats import render_stats, stats

    _emit(render_stats(stats(open_dataset(args.root, args.out))).encode())
    return EXIT_OK


def cmd_explain(args) -> int:
    from aizones.pipeline import open_dataset
    from aizones.querying.explain import explain, render_json, render_text

    explanation = explain(open_dataset(args.root, args.out), args.entity, args.lang)
    if args.format == "json":
        _emit(render_json(explanation).encode())
    else:
        args.output = None
        _emit_paged(render_text(explanation).encode(), args)
    return EXIT_OK


def cmd_path(args) -> int:
    from aizones.connections.paths import find_paths
    from aizones.pipeline import open_dataset

    fmt = None
    if args.output is not None:
        fmt = Path(args.output).suffix.lstrip(".").lower()
        if fmt not in ("svg", "png"):
            raise UsageError(f"-o {args.output!r}: the diagram of a path is written as .svg or .png; the answer itself goes to stdout")
        _check_output(args)
    dataset = open_dataset(args.root, args.out)
    answer = find_paths(dataset, args.start, args.end, max_length=args.max_length, via_kind=args.via, all_paths=args.all)
    from aizones.connections.path_output import diagram, render_json, render_text

    _emit((render_json(answer) if args.format == "json" else render_text(answer)).encode())
    if fmt is not None:
        _emit(diagram(answer, fmt), args.output, args.root)
        print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_network(args) -> int:
    from aizones.connections.report import report_files
    from aizones.pipeline import open_dataset

    if args.output is not None:
        from aizones.publishing.targets import check_folder

        # a folder an earlier ``aizones network -o`` filled (it writes no manifest) may be filled again
        check_folder(Path(args.output), project=args.root, option="-o", known=r"network\.md|entities\.csv|variants\.csv|bridges\.svg")
    if args.server and not args.server.startswith(("http://", "https://")):
        raise UsageError(f"--server {args.server!r}: give the address aizones serve prints, such as http://127.0.0.1:8000")
    files = report_files(open_dataset(args.root, args.out, inference=False), server=args.server or "")
    if args.output is None:
        _emit(files["network.md"])
        return EXIT_OK
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(files.items()):
        _emit(data, str(folder / name), args.root)
    print(f"wrote {', '.join(sorted(files))} into {folder}", file=sys.stderr)
    return EXIT_OK


def cmd_synth(args) -> int:
    from aizones.synth import synthesise

    if args.triples < 1000:
        raise UsageError("--triples must be at least 1000 (one synthetic province)")
    result = synthesise(triples=args.triples, seed=args.seed, out=args.output, ontology=args.root / "ontology")
    print(f"wrote {result.triples} triples in {result.files} files into {result.root / 'graph' / 'synth'} (with a copy of ontology/)")
    return EXIT_OK


def _emit_paged(data: bytes, args) -> None:
    """``_emit``, through the pager when the answer goes to a terminal taller than it (``cli.pager``)."""
    from aizones.cli.pager import page

    if is_stdout(args.output) and page(data, enabled=not args.no_pager):
        return
    _emit(data, args.output, args.root)


def _emit(data: bytes, output: str | None = None, root: Path | None = None) -> None:
    """Write a command's output: to ``output`` (replaced atomically, if it may be: see
    ``aizones.publishing.targets``), or to standard output for none, ``-`` or ``/dev/stdout``.

    A closed pipe is left to the caller (``BrokenPipeError``: the reader stopped, which is not an
    error); any other failure to write standard output (a full disk, ``> /dev/full``) is one line
    and exit 4, with standard output pointed at /dev/null so that Python's own flush at exit does
    not fail a second time with a traceback.
    """
    if not is_stdout(output) and not is_stderr(output):
        from aizones.publishing.staging import write_file_atomically

        write_file_atomically(Path(output), data, project=root)
        return
    stream, name = (sys.stderr, "standard error") if is_stderr(output) else (sys.stdout, "standard output")
    try:
        stream.flush()
        stream.buffer.write(data)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        raise OutputError(
            f"{name}: cannot write ({error.strerror or error}); free some space where it goes, or write to a file with -o FILE"
        ) from None
