"""Debian's Chromium through Playwright, for the tests marked ``browser``, and what they read from a page.

``chromium()`` skips the test where ``/usr/bin/chromium`` is absent; ``watch`` collects a page's errors and CSP violations. ``READS_LEFT_TO_RIGHT`` is a
script for ``page.evaluate``: given a CSS selector and a word, it finds the first text node under
the selected elements that holds the word and says whether the word's first letter is drawn left
of its last, as left-to-right text is; a label's unclosed right-to-left override that leaks into
the page's own words turns that around. ``None`` when no element holds the word.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aizones.drawing import page

READS_LEFT_TO_RIGHT = """([selector, word]) => {
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(word);
      if (at < 0) continue;
      const box = (offset) => { const r = document.createRange(); r.setStart(node, offset); r.setEnd(node, offset + 1); return r.getBoundingClientRect(); };
      return box(at).left < box(at + word.length - 1).left;
    }
  }
  return null;
}"""


def chromium() -> Iterator:
    """A launched headless Chromium (a generator for a module-scoped fixture); skips without one."""
    if not Path(page.CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed (/usr/bin/chromium); .ci/run installs it with apt-get install chromium")
    from playwright.sync_api import sync_playwright  # only the browser tests need Playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=page.CHROMIUM, args=list(page.CHROMIUM_ARGS), headless=True)
        yield launched
        launched.close()


def watch(page) -> list[str]:
    """The errors a Playwright ``page`` will raise or log, collected as they come; and every
    Content-Security-Policy violation recorded in ``window.__violations`` (directive and blocked URI)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.add_init_script(
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return errors
