"""The ``aizones`` command: parse arguments, call one library function, render its result.

Heavy modules are imported inside the command that needs them, so ``aizones --help`` starts in a
fraction of a second. Every ``AizonesError`` becomes one line on stderr and its exit code; anything
else is a bug, and becomes one line naming a crash log and exit 70 (``aizones.cli.crash``).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from aizones.cli.commands import (
    cmd_build,
    cmd_explain,
    cmd_export,
    cmd_network,
    cmd_path,
    cmd_query,
    cmd_stats,
    cmd_synth,
    cmd_validate,
    cmd_viz,
)
from aizones.cli.release_commands import add_build_release_flag, add_release_commands
from aizones.cli.serve_command import EXAMPLE as SERVE_EXAMPLE
from aizones.cli.serve_command import add_arguments as add_serve_arguments
from aizones.cli.serve_command import cmd_serve
from aizones.cli.store_commands import add_push_command
from aizones.core.errors import EXIT_BUG, EXIT_INTERRUPTED, EXIT_OK, AizonesError, exit_codes_help
from aizones.core.files import check_root
from aizones.core.formats import (
    EXPLAIN_FORMATS,
    EXPORT_CHOICES,
    FINDINGS_FORMATS,
    PICTURE_FORMATS,
    QUERY_OUTPUT_FORMATS,
)
from aizones.core.interrupts import interrupt_handled, interrupts_raised, wraps_an_interrupt
from aizones.core.names import LABEL_LANGUAGES
from aizones.reasoning import DEFAULT_ENGINE as DEFAULT_REASONER
from aizones.reasoning import ENGINES as REASONERS
from aizones.validation.findings import ERROR, LEVELS
from aizones.validation.shacl import DEFAULT_ENGINE as DEFAULT_SHACL_ENGINE
from aizones.validation.shacl import ENGINES as SHACL_ENGINES

EXIT_CODES = exit_codes_help()


class _Version(argparse.Action):
    """``--version``, read from the installed package only when asked (``importlib.metadata`` costs
    tens of milliseconds, which every other command would pay)."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from importlib.metadata import version  # start-up: only --version needs it

        sys.stdout.write(f"aizones {version('aizones')}\n")
        parser.exit()


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)


def _add(commands, name: str, summary: str, example: str, handler) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        name, help=summary, description=summary, epilog=f"example:\n  {example}\n\n{EXIT_CODES}", formatter_class=_Formatter
    )
    parser.set_defaults(handler=handler)
    return parser


def _add_built(parser: argparse.ArgumentParser) -> None:
    """The option of every command that reads the dataset: which build to reuse when it is current."""
    parser.add_argument("--out", type=Path, help="use this build when it is current (default: dist in the project folder)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aizones",
        description="A knowledge graph of China's national AI pilot zones: build, validate, query and export it.",
        epilog=f"example:\n  aizones build && aizones query -e 'SELECT ?zone WHERE {{ ?zone a aiz:PilotZone }} ORDER BY ?zone'\n\n{EXIT_CODES}",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder holding ontology/ and graph/ (default: here)")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    build = _add(commands, "build", "read, validate, reason and publish the graph into dist/", "aizones build --out dist", cmd_build)
    build.add_argument("--out", type=Path, help="output folder, replaced atomically (default: dist in the project folder)")
    build.add_argument(
        "--fail-on",
        choices=LEVELS,
        default=ERROR,
        help="lowest finding level that fails the build (default: error)",
    )
    build.add_argument(
        "--engine",
        choices=SHACL_ENGINES,
        default=DEFAULT_SHACL_ENGINE,
        help="SHACL engine: fast (SPARQL on Oxigraph) or pyshacl (the reference); same findings (default: fast)",
    )
    build.add_argument(
        "--reasoner",
        choices=REASONERS,
        default=DEFAULT_REASONER,
        help="OWL RL engine: oxigraph (owlrl's rules as SPARQL on the store) or owlrl (the reference); same triples (default: oxigraph)",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    _add_no_shapes(build)
    _add_limits(build)
    _add_outside_links(build)
    build.add_argument("--no-pictures", action="store_true", help="skip the page, diagrams and charts in viz/ (faster)")
    add_build_release_flag(build)

    validate = _add(
        commands,
        "validate",
        "check the data against the SHACL shapes and the checks in queries/checks/",
        "aizones validate --format tsv --fail-on warning",
        cmd_validate,
    )
    validate.add_argument("--format", choices=tuple(FINDINGS_FORMATS), default="table", help="report format (default: table)")
    validate.add_argument("--fail-on", choices=LEVELS, default=ERROR, help="lowest level that makes the exit code 1 (default: error)")
    validate.add_argument(
        "--engine",
        choices=SHACL_ENGINES,
        default=DEFAULT_SHACL_ENGINE,
        help="SHACL engine: fast (SPARQL on Oxigraph) or pyshacl (the reference); same findings (default: fast)",
    )
    validate.add_argument("-o", "--output", help="write the report to this file instead of stdout")
    validate.add_argument(
        "--add",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="also validate FILE as if it were added to graph/ (repeatable)",
    )
    _add_no_shapes(validate)
    _add_limits(validate)
    _add_outside_links(validate)

    query = _add(
        commands,
        "query",
        "run a saved query by name, a .rq file, -e TEXT or stdin over the dataset",
        "aizones query zones-in-province --param province=Hunan --format csv\n  aizones query --all --format csv\n  aizones query -e 'SELECT ?zone WHERE { ?zone a aiz:PilotZone } ORDER BY ?zone'",
        cmd_query,
    )
    query.add_argument("query", nargs="?", help="a saved query name (see --list), a .rq file, or - for stdin")
    query.add_argument("--list", action="store_true", help="list the saved queries with their parameters")
    query.add_argument("--describe", metavar="NAME", help="show what a saved query answers, its parameters and an example")
    query.add_argument(
        "--all", action="store_true", help="answer every saved query with its defaults, one file each in OUT/queries/ (in --format)"
    )
    query.add_argument(
        "-p", "--param", action="append", default=[], metavar="NAME=VALUE", help="a saved query's parameter; repeat for several"
    )
    query.add_argument("--lang", choices=LABEL_LANGUAGES, default="en", help="language of the labels in the table view (default: en)")
    query.add_argument(
        "--width",
        type=int,
        metavar="COLUMNS",
        help="fit the table view into this many columns, long cells shortened with … (default: the terminal's width when the table goes to one; 0 for no limit)",
    )
    query.add_argument("--wide", action="store_true", help="never shorten the table's cells, whatever the terminal's width (as --width 0)")
    query.add_argument(
        "--no-pager", action="store_true", help="print a long answer at once instead of through $AIZONES_PAGER, $PAGER or less"
    )
    query.add_argument("-e", "--expression", help="the query text itself")
    query.add_argument("--format", choices=QUERY_OUTPUT_FORMATS, default="table", help="result format (default: table)")
    query.add_argument("--no-inference", action="store_true", help="leave the inferred graph out")
    query.add_argument("--allow-network", action="store_true", help="let SERVICE, FROM and LOAD run (they reach outside the dataset)")
    _add_limits(query)
    _add_built(query)
    query.add_argument("-o", "--output", help="write the results to this file instead of stdout")
    query.add_argument(
        "--endpoint",
        metavar="URL",
        help="ask this SPARQL endpoint instead of the local dataset (after aizones push); --timeout bounds the wait",
    )

    add_push_command(commands, _add, _add_built)

    export = _add(commands, "export", "write the dataset in an RDF format", "aizones export -o aizones.trig", cmd_export)
    export.add_argument(
        "--format",
        choices=EXPORT_CHOICES,
        help="RDF format, or graphml / gexf for the projected graph (default: from the -o extension)",
    )
    export.add_argument("-o", "--output", help="file to write (default: stdout)")
    export.add_argument("--no-inference", action="store_true", help="leave the inferred triples out")
    export.add_argument(
        "--graph",
        action="append",
        default=[],
        metavar="NAME",
        help="only this named graph: a file's path, the short name tables show, part of it (002-jinan), its IRI, or inferred (repeatable)",
    )
    _add_built(export)

    viz = _add(
        commands,
        "viz",
        "draw the graph: an offline interactive page (.html) or a static diagram (.svg, .png)",
        "aizones viz --focus id:changsha --depth 2 -o changsha.html",
        cmd_viz,
    )
    viz.add_argument("-o", "--output", default="graph.html", help="file to write; .html, .svg or .png (default: graph.html; - for stdout)")
    viz.add_argument("--focus", metavar="ENTITY", help="only what lies near this entity: IRI, prefixed name (id:changsha) or label")
    viz.add_argument("--depth", type=int, default=1, metavar="N", help="steps from the focus, either direction (default: 1)")
    viz.add_argument("--kind", action="extend", nargs="+", default=[], metavar="CLASS", help="only these classes and their subclasses")
    viz.add_argument("--province", metavar="P", help="only what lies in this province-level division")
    viz.add_argument("--format", choices=tuple(PICTURE_FORMATS), help="output format (default: from the -o extension)")
    _add_built(viz)

    stats = _add(commands, "stats", "count triples per named graph and instances per class", "aizones stats", cmd_stats)
    _add_built(stats)
    add_release_commands(commands, _add)  # diff, release

    explain = _add(
        commands,
        "explain",
        "everything the graph knows about an entity, by source, with inferences and conflicts",
        "aizones explain Changsha\n  aizones explain 长沙市 --format json",
        cmd_explain,
    )
    explain.add_argument("entity", help="a label in English or Chinese, a prefixed name such as id:changsha, or an IRI")
    explain.add_argument("--format", choices=tuple(EXPLAIN_FORMATS), default="text", help="output format (default: text)")
    explain.add_argument("--lang", choices=LABEL_LANGUAGES, default="en", help="language of the labels (default: en)")
    explain.add_argument("--no-pager", action="store_true", help="print a long explanation at once instead of through a pager")
    _add_built(explain)

    path = _add(
        commands,
        "path",
        "how two entities are connected: the shortest relationship paths, each step with the documents that state it",
        "aizones path id:changsha-xingshen-intelligent-technology Hunan\n  aizones path SenseTime Chengdu --all --format json\n"
        "  aizones path 'Changsha pilot zone (MOST)' MIIT --via Ministry -o path.svg",
        cmd_path,
    )
    path.add_argument("start", help="where the path starts: a label, a prefixed name such as id:changsha, or an IRI")
    path.add_argument("end", help="where it ends, named the same way")
    path.add_argument(
        "--max-length",
        type=int,
        default=6,
        metavar="N",
        help="the most steps a path may take (default: 6). Stated relations first; when none make a path this short, relations "
        "the reasoner infers (a company located in its province) may, and such a path is given, its inferred steps marked: "
        "a longer stated path may still exist (two entities in different provinces are 7 stated steps apart: raise N)",
    )
    path.add_argument("--via", metavar="KIND", help="only paths through another entity of this class (University, aiz:Facility, ...)")
    path.add_argument("--all", action="store_true", help="every shortest path (up to 50), not only the first")
    path.add_argument("--format", choices=tuple(EXPLAIN_FORMATS), default="text", help="output format (default: text)")
    path.add_argument("-o", "--output", help="also draw the paths into this .svg or .png file")
    _add_built(path)

    network = _add(
        commands,
        "network",
        "the network report: degree and betweenness of organisations, facilities and regions, communities, components",
        "aizones network\n  aizones network -o network-report\n  aizones network --server http://127.0.0.1:8000",
        cmd_network,
    )
    network.add_argument("-o", "--output", metavar="DIR", help="write network.md, entities.csv, variants.csv and bridges.svg into DIR")
    network.add_argument(
        "--server", metavar="URL", help="link each entity's label in network.md to its page under this aizones serve address (URL/id/NAME)"
    )
    _add_built(network)

    serve = _add(
        commands,
        "serve",
        "serve the built graph: pages for people, and a read-only SPARQL 1.1 endpoint at /sparql",
        SERVE_EXAMPLE,
        cmd_serve,
    )
    add_serve_arguments(serve, _seconds)

    synth = _add(
        commands,
        "synth",
        "write a synthetic project of N triples in this ontology, for benchmarks",
        "aizones synth --triples 100000 --seed 1 -o /tmp/synth100k",
        cmd_synth,
    )
    synth.add_argument("--triples", type=int, required=True, help="about how many triples to write (besides the ontology)")
    synth.add_argument("--seed", type=int, default=1, help="random seed; the same seed and size give identical files (default: 1)")
    synth.add_argument("-o", "--output", type=Path, required=True, help="project folder to write (its graph/synth/ is replaced)")
    return parser


def _add_no_shapes(parser: argparse.ArgumentParser) -> None:
    """--no-shapes: validation fails closed (no shapes is an error, exit 2) unless this says it is meant."""
    parser.add_argument(
        "--no-shapes",
        action="store_true",
        help="validate without SHACL shapes (checks and HermiT only); without it, a missing or empty shapes file is an error",
    )


def _seconds(text: str) -> float:
    """--timeout: a finite number of seconds, 0 or more (float() alone takes nan, inf and -1)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds; give 0 or more (0 for no time limit)")
    return value


def _megabytes(text: str) -> int:
    """--memory: a whole number of MB, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of MB; give a whole number, 0 or more (0 for no memory limit)")
    return value


def _add_limits(parser: argparse.ArgumentParser) -> None:
    """--timeout and --memory: the limits of each heavy step (reasoner, SHACL, query), see aizones.core.limits."""
    from aizones.core.limits import DEFAULT_SECONDS

    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_SECONDS,
        metavar="SECONDS",
        help=f"time limit per step, 0 for none (default: {DEFAULT_SECONDS:g})",
    )
    parser.add_argument(
        "--memory", type=_megabytes, metavar="MB", help="memory limit per step, 0 for none (default: 3/4 of the machine's memory)"
    )


def _add_outside_links(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-outside-links",
        action="store_true",
        help="read files in graph/ and ontology/ that are links to files outside the project (refused by default, exit 3)",
    )


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return EXIT_OK
    if hasattr(args, "out") and args.out is None:
        args.out = args.root / "dist"
    try:
        check_root(args.root)  # every command reads the project (synth copies its ontology): one line if there is none
        with interrupts_raised():  # SIGTERM and SIGHUP end every command as Ctrl-C does: cleaned up, exit 130
            if hasattr(args, "timeout"):
                from aizones.core.limits import applied

                with applied(args.timeout, args.memory):
                    return args.handler(args)
            return args.handler(args)
    except AizonesError as error:
        for line in str(error).splitlines() or [""]:  # several problems of a table: one line each
            print(f"aizones: {line}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # the last resort: a bug is one line and a crash log, never a traceback
        if wraps_an_interrupt(error):  # Ctrl-C during a class's creation arrives wrapped: still an interrupt
            return _interrupted()
        from aizones.cli.crash import report  # only a crash needs it

        print(f"aizones: {report(error, ['aizones', *(argv if argv is not None else sys.argv[1:])])}", file=sys.stderr)
        return EXIT_BUG


def _interrupted() -> int:
    """Ctrl-C, SIGTERM or SIGHUP: one line, and exit 130 (``interrupt_handled`` makes sure of it)."""
    interrupt_handled()
    print("aizones: interrupted; outputs were left as they were", file=sys.stderr)
    return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
