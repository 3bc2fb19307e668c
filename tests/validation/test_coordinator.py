"""Validation fails closed: without shapes it is an error (exit 2), not "0 errors", unless --no-shapes."""

from __future__ import annotations

import pytest

from aizones.core.errors import EXIT_BAD_INPUT, InputError
from aizones.reading.loader import load_dataset
from aizones.validation.coordinator import require_shapes, validate
from tests.support.cli import run_cli

PREFIXES = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
NO_SHAPES = {
    "removed": None,
    "empty": "",
    "only prefixes": PREFIXES,
    "no shape declared": PREFIXES + "ex:a ex:b ex:c .\n",
    "shapes without targets": PREFIXES + "ex:S a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .\n",
}


def _without_shapes(project, case: str):
    shapes = project / "ontology" / "shapes.ttl"
    if NO_SHAPES[case] is None:
        shapes.unlink()
    else:
        shapes.write_text(NO_SHAPES[case], encoding="utf-8")
    return project


@pytest.mark.parametrize("case", NO_SHAPES)
def test_no_shapes_is_an_input_error_in_the_library(mini, case):
    dataset = load_dataset(_without_shapes(mini, case))
    with pytest.raises(InputError, match=r"so nothing would be validated; restore the shapes, or pass --no-shapes"):
        require_shapes(dataset)
    with pytest.raises(InputError):
        validate(dataset)
    assert validate(dataset, no_shapes=True).findings is not None  # meant: SHACL is left out


def test_the_shapes_of_the_project_pass(mini):
    require_shapes(load_dataset(mini))  # raises nothing


@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("case", ["removed", "no shape declared", "shapes without targets"])
def test_validate_and_build_without_shapes_exit_2_with_one_line(mini, command, case):
    """The reported case: shapes.ttl removed, and the build said "validation: 0 errors" and published."""
    result = run_cli(command, cwd=_without_shapes(mini, case))
    assert result.code == EXIT_BAD_INPUT, (result.code, result.err)
    assert len(result.err.splitlines()) == 1, result.err
    assert result.err.startswith("aizones: ") and "--no-shapes" in result.err
    assert not (mini / "dist").exists()


@pytest.mark.slow
def test_no_shapes_says_it_is_meant(mini):
    _without_shapes(mini, "removed")
    validated = run_cli("validate", "--no-shapes", cwd=mini)
    assert validated.code == 0, validated.err
    built = run_cli("build", "-q", "--no-shapes", "--no-pictures", cwd=mini)
    assert built.code == 0, built.err
    assert any((mini / "dist").iterdir())


def test_no_shapes_leaves_the_shapes_out_when_there_are_some(mini):
    unlabelled = "@prefix ex: <http://example.org/mini#> .\nex:nowhere a ex:Place .\n"
    (mini / "graph" / "sources" / "nowhere.ttl").write_text(unlabelled, encoding="utf-8")
    dataset = load_dataset(mini)
    shacl = lambda result: [f for f in result.findings if f.validator == "shacl"]  # noqa: E731
    assert shacl(validate(dataset)), "the shapes find the place without a label"
    assert shacl(validate(dataset, no_shapes=True)) == []


def test_the_public_api_fails_closed_too(mini):
    import aizones

    dataset = aizones.load(_without_shapes(mini, "removed"), out=None, inference=False)
    with pytest.raises(InputError, match="--no-shapes"):
        aizones.validate(dataset, checks=None)
    assert aizones.validate(dataset, checks=None, no_shapes=True).conforms
