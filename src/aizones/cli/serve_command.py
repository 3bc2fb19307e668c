"""``aizones serve``: its options, and its handler (parse, call ``serving.server.serve``, say where it listens).

Kept apart from ``commands`` (every other handler) because the server has options of its own: the
address, the release folder and the limits of ``serving.context.Limits``, each with the limit's
default.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from aizones.core.errors import EXIT_OK, UsageError

EXAMPLE = "aizones serve --port 8000\n  curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/sparql?query=ASK%7B%7D'"


def add_arguments(parser: argparse.ArgumentParser, seconds) -> None:
    """The options of ``aizones serve``; ``seconds`` is the parser's check of a number of seconds."""
    from aizones.serving.context import Limits  # a dataclass of defaults; no server is loaded

    defaults = Limits()
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on; 0 picks a free one (default: 8000)")
    parser.add_argument(
        "--dist",
        "--out",
        dest="out",
        type=Path,
        metavar="DIR",
        help="the release to serve, built first when missing or stale (default: dist in the project folder)",
    )
    parser.add_argument(
        "--timeout",
        dest="query_timeout",
        type=seconds,
        default=defaults.timeout,
        metavar="SECONDS",
        help=f"time limit of one query; past it the query is stopped and answered 503 (default: {defaults.timeout:g}; 0 for none)",
    )
    parser.add_argument(
        "--max-rows",
        type=int,
        default=defaults.max_rows,
        metavar="N",
        help=f"rows (or triples) of one answer before it is cut (default: {defaults.max_rows})",
    )
    parser.add_argument(
        "--max-body",
        type=int,
        default=defaults.max_body,
        metavar="BYTES",
        help=f"largest request body; larger gets 413 (default: {defaults.max_body})",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=defaults.concurrency,
        metavar="N",
        help=f"queries evaluated at once, one worker process each; others wait their turn (default: {defaults.concurrency})",
    )
    parser.add_argument(
        "--queue",
        type=int,
        default=defaults.queue,
        metavar="N",
        help=f"requests that may wait for a worker; more get 503 (default: {defaults.queue})",
    )
    parser.add_argument(
        "--cache-mb",
        type=int,
        default=defaults.cache_bytes // 2**20,
        metavar="MB",
        help=f"memory for answers kept to be sent again; 0 for none (default: {defaults.cache_bytes // 2**20})",
    )


def cmd_serve(args) -> int:
    from aizones.serving.context import Limits  # start-up: only this command loads the server
    from aizones.serving.server import serve  # the same

    for name in ("max_rows", "max_body", "concurrency"):
        if getattr(args, name) < 1:
            raise UsageError(f"--{name.replace('_', '-')} takes a whole number, 1 or more, not {getattr(args, name)}")
    if args.queue < 0 or args.cache_mb < 0 or not 0 <= args.port <= 65535:
        raise UsageError("--queue and --cache-mb take 0 or more, --port a number from 0 to 65535")
    limits = Limits(
        timeout=args.query_timeout,
        max_rows=args.max_rows,
        max_body=args.max_body,
        concurrency=args.concurrency,
        queue=args.queue,
        cache_bytes=args.cache_mb * 2**20,
    )
    serve(args.root, args.out, host=args.host, port=args.port, limits=limits)
    return EXIT_OK
