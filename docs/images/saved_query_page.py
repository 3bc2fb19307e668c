"""Make ``docs/images/saved-query-page.png``, the README's picture of a saved-query page.

Run from the repository root: ``PYTHONPATH=src:. python docs/images/saved_query_page.py``. It
builds a scratch copy of the project, starts the server on 127.0.0.1 (the tests' fixture), opens
one saved query with a parameter typed through the form's autocomplete in Debian's Chromium, and
saves the window; nothing is fetched from anywhere else.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from aizones.drawing.page import CHROMIUM, CHROMIUM_ARGS
from aizones.pipeline import open_dataset
from aizones.serving.app import create_app
from aizones.serving.context import Served
from tests.support.release import built_copy
from tests.support.server import running

OUT = Path(__file__).parent / "saved-query-page.png"


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = built_copy(Path(scratch))
        served = Served(root=root, out=root / "dist", dataset=open_dataset(root, root / "dist"), queries=root / "queries")
        with running(create_app(served)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), headless=True)
            page = browser.new_page(viewport={"width": 1280, "height": 1100}, device_scale_factor=1)
            page.goto(f"{url}/queries/figures-over-time")
            page.wait_for_selector("body[data-ready=true]")
            page.fill("#param-subject", "")
            page.locator("#param-subject").press_sequentially("济南", delay=40)  # Jinan, by its Chinese name
            page.locator("#options-subject button").first.click()
            page.click(".query-form button[type=submit]")
            page.wait_for_selector("table.answer")
            page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
            page.screenshot(path=str(OUT))
            browser.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
