"""Rendered pages kept for the life of the server: the release it serves never changes.

A page (or an entity's description in an RDF syntax) costs a few milliseconds to a few tens to
make and nothing to send again, so each is kept under its path and representation. The cache is
bounded both in entries and in bytes, and forgets the least recently used first, so that a
crawler walking every entity of a million-triple release does not grow the server without limit.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    body: bytes
    media_type: str
    status: int = 200


class PageCache:
    def __init__(self, entries: int = 4096, size: int = 64 * 1024 * 1024) -> None:
        self.entries, self.size = entries, size
        self._pages: OrderedDict[tuple, Page] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: Page) -> Page:
        if len(page.body) > self.size // 8:  # one huge page must not push out everything else
            return page
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._pages[key] = page
            self._bytes += len(page.body)
            while len(self._pages) > self.entries or self._bytes > self.size:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped.body)
        return page

    def __len__(self) -> int:
        return len(self._pages)
