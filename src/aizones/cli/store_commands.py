"""``aizones push``: its parser and its handler, kept apart from ``arguments`` and ``commands``,
whose modules are full; the handler imports the stage it calls inside it, as the others do."""

from __future__ import annotations

import sys

from aizones.core.errors import EXIT_OK


def add_push_command(commands, add, add_built) -> None:
    """The command's parser, made by ``add`` (``arguments._add``) as every other one."""
    push = add(
        commands,
        "push",
        "send the build into a SPARQL store (Graph Store HTTP Protocol): every named graph, and their merge as the default graph",
        "aizones push --endpoint http://127.0.0.1:7878/query\n  aizones push --endpoint http://localhost:3030/ds/query --graph-store http://localhost:3030/ds/data --dry-run",
        cmd_push,
    )
    push.add_argument("--endpoint", metavar="URL", required=True, help="the store's SPARQL query endpoint (used to verify the counts)")
    push.add_argument(
        "--graph-store", metavar="URL", help="the store's Graph Store Protocol URL (default: the endpoint's /query as /store, Oxigraph's)"
    )
    push.add_argument(
        "--atomic",
        action="store_true",
        help="stage every graph first, then move them all into place in one update: readers see the old release or the new one, never a mix",
    )
    push.add_argument(
        "--update", metavar="URL", help="the store's SPARQL update endpoint, for --atomic (default: …/update beside an Oxigraph …/query)"
    )
    push.add_argument("--dry-run", action="store_true", help="say what would be sent, send nothing")
    push.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    add_built(push)


def cmd_push(args) -> int:
    from aizones.publishing.push import push

    out = args.out or args.root / "dist"
    step = (lambda _line: None) if args.quiet else (lambda line: print(f"aizones: {line}", file=sys.stderr))
    push(out, args.endpoint, graph_store=args.graph_store, dry_run=args.dry_run, step=step, atomic=args.atomic, update=args.update)
    return EXIT_OK
