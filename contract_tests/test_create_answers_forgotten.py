"""A create's answer is noted (so that paging or waiting on it reads the list again: its 202 carries no
entries) only for as long as it lives: a long-running importer creating list after list holds nothing
for the answers it has dropped (`operations/answers.py`)."""

from __future__ import annotations

import gc
import tracemalloc

from amplemarket_lead_lists.models import LeadList
from amplemarket_lead_lists.operations.answers import is_answer, mark_answer

ANSWERS = 4_000


def test_answers_that_died_are_forgotten_and_hold_no_memory() -> None:
    answers = [LeadList.from_dict({"id": f"ll_{n}", "status": "queued"}) for n in range(ANSWERS)]
    read_back = LeadList.from_dict({"id": "ll_0", "status": "queued"})  # equal to an answer, but read by GET
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for answer in answers:
            mark_answer(answer)
        assert all(map(is_answer, answers)) and not is_answer(read_back)
        del answer
        answers.clear()
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # What may stay is the table that held them (about 40 bytes an answer); each one noted and never
    # forgotten would hold its weak reference and its key too (over 100 bytes an answer).
    assert held < 70 * ANSWERS, held
