"""Answers kept in memory, bounded in bytes: a release never changes while it is served.

The key is everything an answer depends on (the query text, its bindings, the dataset the request
named, the format); each cache belongs to the application of one release (a new release gets a new
application, ``following``), so an answer never goes stale and is dropped only to make room (least recently used first). An answer larger than an eighth of the
budget is not kept: one huge answer must not push out all the small ones. ``docs/serving.md``
has what it saves: a repeated saved query is answered without a worker, at the cost of the HTTP
round trip alone.
"""

from __future__ import annotations

from collections import OrderedDict


class AnswerCache:
    def __init__(self, budget: int) -> None:
        self.budget = max(0, budget)
        self.used = 0
        self.hits = self.misses = 0
        self._entries: OrderedDict[object, tuple[int, object]] = OrderedDict()

    def get(self, key: object):
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[1]

    def put(self, key: object, value: object, size: int) -> None:
        if not self.budget or size > self.budget // 8 or key in self._entries:
            return
        self._entries[key] = (size, value)
        self.used += size
        while self.used > self.budget:
            _key, (dropped, _value) = self._entries.popitem(last=False)
            self.used -= dropped

    def __len__(self) -> int:
        return len(self._entries)
