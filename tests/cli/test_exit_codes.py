"""One exit-code table: ``aizones.core.errors.EXIT_CODES``, printed by every ``--help`` and equal to the README's."""

from __future__ import annotations

import re

import pytest

from aizones.cli.arguments import make_parser
from aizones.core import errors
from aizones.core.errors import EXIT_CODES, AizonesError, exit_codes_help
from tests.support.paths import REPO

README = REPO / "README.md"


def readme_table() -> dict[int, str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Exit codes") :]
    section = section[: section.index("\n\n", section.index("| code |"))]
    return {int(code): meaning for code, meaning in re.findall(r"^\| (\d+) \| (.+?) \|$", section, re.M)}


def test_the_readme_lists_every_code_with_its_meaning_and_no_other():
    table = readme_table()
    assert sorted(table) == sorted(EXIT_CODES)
    for code, (meaning, _cause) in EXIT_CODES.items():
        assert table[code] == meaning or table[code].startswith(meaning + ":"), f"README row {code}: {table[code]!r}"


def subcommands():
    parser = make_parser()
    actions = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return [parser, *actions[0].choices.values()]


@pytest.mark.parametrize("parser", subcommands(), ids=lambda p: p.prog)
def test_every_help_ends_with_the_table(parser):
    assert parser.format_help().rstrip().endswith(exit_codes_help())


def test_every_error_class_has_a_documented_code():
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, AizonesError)]
    assert len(classes) >= 6
    assert all(c.exit_code in EXIT_CODES for c in classes)


def test_a_changed_table_would_be_caught(monkeypatch):
    monkeypatch.setitem(EXIT_CODES, 6, ("a code the README does not have", ""))
    with pytest.raises(AssertionError):
        test_the_readme_lists_every_code_with_its_meaning_and_no_other()
