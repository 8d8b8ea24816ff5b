"""The ids one paging run has delivered, so that none is delivered twice, in memory with a fixed bound.

A server that pages back two pages (`e0 e1 | e2 e3 | e0 e1`) would otherwise hand an export the same
entries again. Each id is kept as its 64-bit hash in a set, never the string, so a page is checked with
set operations in C; at most `limit` ids are kept (the vendor's 60,000 entries a list: README's
Benchmarks has what that holds, and what a sorted array of the hashes cost in time instead). Past
`limit` nothing more is remembered, but the page delivered last is always compared: the guard paging
had before, kept for the listing (up to 100,000 lists) and for any list longer than the vendor allows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

REMEMBERED_IDS = 60_000
"""Ids remembered per paging run: the vendor's maximum number of leads in one list."""


class DeliveredIds:
    """Hashes of the ids delivered so far in one paging run (at most `limit`), and those of the last page."""

    def __init__(self, first: Iterable[str] = (), limit: int = REMEMBERED_IDS) -> None:
        self._seen: set[int] = set()
        self._last: frozenset[int] = frozenset()
        self._limit = limit
        self.add(list(map(hash, first)))

    def __len__(self) -> int:
        return len(self._seen)

    def first_repeat(self, hashes: Sequence[int]) -> int | None:
        """The index of the first hash delivered before, or earlier in `hashes`; None when all are new."""
        page = frozenset(hashes)
        if len(page) == len(hashes) and page.isdisjoint(self._seen) and page.isdisjoint(self._last):
            return None  # the usual case, in C
        earlier: set[int] = set()
        for index, digest in enumerate(hashes):
            if digest in earlier or digest in self._seen or digest in self._last:
                return index
            earlier.add(digest)
        return None  # pragma: no cover - the check above found one

    def add(self, hashes: Sequence[int]) -> None:
        """Note a page's ids as delivered (its hashes, all new: `first_repeat` said so)."""
        self._last = frozenset(hashes)
        room = self._limit - len(self._seen)
        if room > 0:
            self._seen.update(hashes[:room])
