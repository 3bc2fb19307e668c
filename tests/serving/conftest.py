"""One built copy of the project and one running server over it, shared by the server's tests."""

from __future__ import annotations

import pytest

from aizones.pipeline import open_dataset
from aizones.serving.app import create_app
from aizones.serving.context import Served
from tests.support.release import built_copy
from tests.support.server import running


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Served:
    root = built_copy(tmp_path_factory.mktemp("served"), network=True)  # the /network page reads its report
    return Served(root=root, out=root / "dist", dataset=open_dataset(root, root / "dist"), queries=root / "queries")


@pytest.fixture(scope="session")
def base_url(served) -> str:
    with running(create_app(served)) as url:
        yield url


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> Served:
    """A copy built whole (pictures and ontology page too, as ``aizones build``), with hostile labels planted (``hostile.py``)."""
    import shutil

    from aizones.api import build
    from tests.serving.hostile import plant
    from tests.support.paths import REPO

    root = tmp_path_factory.mktemp("hostile")
    for folder in ("graph", "ontology", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    plant(root)
    build(root, "dist")
    return Served(root=root, out=root / "dist", dataset=open_dataset(root, root / "dist"), queries=root / "queries")


@pytest.fixture(scope="session")
def hostile_url(hostile) -> str:
    with running(create_app(hostile)) as url:
        yield url
