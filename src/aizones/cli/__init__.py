"""The ``aizones`` command line: ``arguments`` builds the parser, ``commands`` holds one handler per
command. Nothing in the package imports this one; it imports the stages it drives."""

from aizones.cli.arguments import main

__all__ = ["main"]
