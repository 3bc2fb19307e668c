"""The README's picture of an entity page, made again on demand:

    python -m tests.support.screenshots [docs/images/entity-page.png]

(``docs/images/connections-page.png`` is ``entity_page(OUTPUT, CONNECTIONS_PAGE, height=1300)``.)

Builds a scratch copy of the project (``release.built_copy``), serves it on 127.0.0.1
(``server.running``) and photographs one entity page in Debian's Chromium: the MOST zone of
Changsha, whose designation date the sources disagree on, with its sources and its neighbourhood.
Nothing is fetched from anywhere else (the page loads only its own stylesheet).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from aizones.drawing import page as graph_page
from aizones.pipeline import open_dataset
from aizones.serving.app import create_app
from aizones.serving.context import Served
from tests.support.paths import REPO
from tests.support.release import built_copy
from tests.support.server import running

ENTITY_PAGE = "/id/most-zone-changsha"
CONNECTIONS_PAGE = "/connections?from=id%3Amost-zone-changsha&to=id%3Amost"
OUTPUT = REPO / "docs" / "images" / "entity-page.png"


def entity_page(output: Path = OUTPUT, path: str = ENTITY_PAGE, *, width: int = 1200, height: int = 1900) -> Path:
    from playwright.sync_api import sync_playwright  # only this script and the browser tests need Playwright

    with tempfile.TemporaryDirectory() as scratch:
        root = built_copy(Path(scratch))
        served = Served(root=root, out=root / "dist", dataset=open_dataset(root, root / "dist"), queries=root / "queries")
        with running(create_app(served)) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=graph_page.CHROMIUM, args=list(graph_page.CHROMIUM_ARGS), headless=True)
            try:
                tab = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
                tab.goto(base + path)
                tab.wait_for_load_state("networkidle")
                output.parent.mkdir(parents=True, exist_ok=True)
                tab.screenshot(path=str(output), full_page=False)
            finally:
                browser.close()
    return output


if __name__ == "__main__":
    print(entity_page(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT))
