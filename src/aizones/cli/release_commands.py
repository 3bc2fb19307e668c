"""The commands about releases: ``aizones diff OLD NEW``, ``aizones release`` and ``build --release``.

Kept apart from ``commands`` (one handler per command there too), whose module is full; each
imports its stages inside the handler, as the others do, so ``aizones --help`` starts at once.
"""

from __future__ import annotations

import sys
from pathlib import Path

from aizones.core.errors import EXIT_OK

DIFF_FORMATS = ("markdown", "json")


def add_release_commands(commands, add) -> None:
    """The two commands' parsers, made by ``add`` (``arguments._add``) as every other one."""
    changes = add(
        commands,
        "diff",
        "what changed between two releases, in the domain's words: entities, facts, figures, conflicts",
        "aizones diff release/aizones-0.1.0 dist\n  aizones diff v0.1.0 HEAD --format json",
        cmd_diff,
    )
    changes.add_argument("old", help="a build folder (dist), a release folder (release/aizones-VERSION) or a git revision")
    changes.add_argument("new", help="the same, for the newer side")
    changes.add_argument("--format", choices=DIFF_FORMATS, default="markdown", help="Markdown for people (default) or JSON")
    changes.add_argument("-o", "--output", help="write to this file instead of standard output")
    made = add(
        commands,
        "release",
        "copy the current build into release/aizones-VERSION/ with checksums and a CHANGELOG.md section",
        "aizones build && aizones release",
        cmd_release,
    )
    made.add_argument("--out", type=Path, help="the build to release (default: dist in the project folder)")
    made.add_argument("--releases", type=Path, help="the folder of releases (default: release in the project folder)")


def add_build_release_flag(build) -> None:
    """``aizones build --release``: the shortcut for ``aizones build`` then ``aizones release``, on
    the build just made (the build's own handler is kept, and wrapped)."""
    build.add_argument(
        "--release", action="store_true", help="then release the build into release/aizones-VERSION/ (as aizones release does)"
    )
    build_only = build.get_default("handler")

    def build_then_release(args) -> int:
        code = build_only(args)
        return cmd_release(args) if args.release and code == EXIT_OK else code

    build.set_defaults(handler=build_then_release)


def cmd_diff(args) -> int:
    from aizones.cli.commands import _emit
    from aizones.querying.diff_text import render_markdown
    from aizones.releasing.revisions import compare

    result = compare(args.old, args.new, args.root)
    text = result.as_json() if args.format == "json" else render_markdown(result)
    _emit(text.encode(), args.output, args.root)
    return EXIT_OK


def cmd_release(args) -> int:
    from aizones.releasing.release import release

    summary = release(args.root, args.out or args.root / "dist", getattr(args, "releases", None))  # build --release has no --releases
    for line in summary.lines():
        print(line, file=sys.stderr)
    return EXIT_OK
