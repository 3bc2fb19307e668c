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
    root = built_copy(tmp_path_factory.mktemp("served"))
    return Served(root=root, out=root / "dist", dataset=open_dataset(root, root / "dist"), queries=root / "queries")


@pytest.fixture(scope="session")
def base_url(served) -> str:
    with running(create_app(served)) as url:
        yield url
