"""Lead lists that came from a create's or an add's answer (the 202), told apart from those a GET read.

The guide's flow reads entries from `GET /lead-lists/{id}`; the 202 describes the request (`leads: []`,
as its example shows), even when it already says `completed`. Paging or waiting on such an answer
reads the list again, so no entry is lost to a 202 that never carries them.
"""

from __future__ import annotations

import threading
import weakref

from ..models.lead_list import LeadList

_answers: dict[int, weakref.ref[LeadList]] = {}
_lock = threading.Lock()


def mark_answer(lead_list: LeadList) -> LeadList:
    """Note `lead_list` as a create's or an add's answer, for as long as it lives; return it."""
    key = id(lead_list)

    def forget(_: object) -> None:
        with _lock:
            if _answers.get(key) is reference:
                del _answers[key]

    reference = weakref.ref(lead_list, forget)
    with _lock:
        _answers[key] = reference
    return lead_list


def is_answer(lead_list: LeadList | str) -> bool:
    """Whether `lead_list` is a create's or an add's answer (by identity: models compare by value)."""
    if not isinstance(lead_list, LeadList):
        return False
    with _lock:
        reference = _answers.get(id(lead_list))
    return reference is not None and reference() is lead_list
