"""The ids one paging run remembers are bounded by exactly `limit`: a page that crosses the bound has its
ids remembered up to the last one that fits, the `limit`-th included (`operations/delivered.py`)."""

from __future__ import annotations

from amplemarket_lead_lists.operations.delivered import DeliveredIds


def test_the_id_that_reaches_the_bound_is_remembered_and_the_next_is_not() -> None:
    delivered = DeliveredIds(["e1", "e2"], limit=3)
    delivered.add([hash("e3"), hash("e4")])  # room for one more: e3
    delivered.add([hash("e5")])  # the page delivered last, always compared
    assert len(delivered) == 3
    assert delivered.first_repeat([hash("e6"), hash("e3")]) == 1
    assert delivered.first_repeat([hash("e6"), hash("e4")]) is None, "past the bound and not on the last page"
    assert delivered.first_repeat([hash("e6"), hash("e5")]) == 1
