"""The ids one paging run has delivered, so that none is delivered twice, in memory that stays flat.

A server that pages back two pages (`e0 e1 | e2 e3 | e0 e1`) would otherwise hand an export the same
entries again. Each id is kept as its 64-bit hash, never the string: a sorted `array` of 8 bytes an id
(a set of strings would hold several times more; README's Benchmarks has the figures) and a small set of
the latest, merged into the array every 4,096 ids. Past `limit` ids
nothing more is remembered, but the page delivered last is always compared: the guard paging had
before, kept for the listing (up to 100,000 lists) and for any list longer than the vendor allows.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import chain

REMEMBERED_IDS = 60_000
"""Ids remembered per paging run: the vendor's maximum number of leads in one list."""

_MERGE_EVERY = 4_096
"""Latest ids kept in a set before they are merged into the sorted array (one C sort of two runs)."""


class DeliveredIds:
    """Hashes of the ids delivered so far in one paging run (at most `limit`), and those of the last page."""

    def __init__(self, first: Iterable[str] = (), limit: int = REMEMBERED_IDS) -> None:
        self._sorted = array("q")
        self._latest: set[int] = set()
        self._last: frozenset[int] = frozenset()
        self._limit = limit
        self.add(list(map(hash, first)))

    def __len__(self) -> int:
        return len(self._sorted) + len(self._latest)

    def first_repeat(self, hashes: Sequence[int]) -> int | None:
        """The index of the first hash delivered before, or earlier in `hashes`; None when all are new."""
        page = frozenset(hashes)
        new = len(page) == len(hashes) and page.isdisjoint(self._latest) and page.isdisjoint(self._last)
        if new and not any(map(self._in_sorted, hashes)):  # the usual case: set operations in C, then a bisect each
            return None
        earlier: set[int] = set()
        for index, digest in enumerate(hashes):
            if digest in earlier or digest in self._latest or digest in self._last or self._in_sorted(digest):
                return index
            earlier.add(digest)
        return None  # pragma: no cover - the check above found one

    def add(self, hashes: Sequence[int]) -> None:
        """Note a page's ids as delivered (its hashes, all new: `first_repeat` said so)."""
        self._last = frozenset(hashes)
        room = self._limit - len(self)
        if room > 0:
            self._latest.update(hashes[:room])
        if len(self._latest) >= _MERGE_EVERY:
            self._sorted = array("q", sorted(chain(self._sorted, self._latest)))
            self._latest = set()

    def _in_sorted(self, digest: int) -> bool:
        if not self._sorted:
            return False
        index = bisect_left(self._sorted, digest)
        return index < len(self._sorted) and self._sorted[index] == digest
