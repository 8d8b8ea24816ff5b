"""Issue 12: how an upload is cut into requests, at the edges of what it accepts.

The smallest and the largest `chunk_size`, the first and the last `start` of `continue_upload`, and
problems found in a later chunk reported with pointers into the whole body, whatever their shape.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from amplemarket_lead_lists import InvalidRequestError, UploadProgress
from amplemarket_lead_lists.uploads.chunks import MAX_LEADS_PER_LIST, upload_chunks
from contract_tests.polling_harness import CT, LL, Runner, body
from contract_tests.uploads_harness import linkedin_leads, resume, upload

ADD = f"/lead-lists/{LL}/leads"


def upload_body(count: int, **changes: Any) -> dict[str, Any]:
    return {"owner": "user@example.com", "shared": True, "type": "linkedin", "leads": linkedin_leads(count), **changes}


def mount(api: respx.MockRouter) -> tuple[respx.Route, respx.Route]:
    accepted = httpx.Response(202, headers=CT, json=body("queued"))
    return api.post("/lead-lists").mock(return_value=accepted), api.post(ADD).mock(return_value=accepted)


def sizes(route: respx.Route) -> list[int]:
    return [len(json.loads(call.request.content)["leads"]) for call in route.calls]


def test_a_chunk_size_of_one_sends_a_request_per_lead(run: Runner, api: respx.MockRouter) -> None:
    create, add = mount(api)
    upload(run, upload_body(3), chunk_size=1)
    assert sizes(create) == [1] and sizes(add) == [1, 1]


def test_a_chunk_size_of_10000_is_the_request_limit_itself(run: Runner, api: respx.MockRouter) -> None:
    create, add = mount(api)
    upload(run, upload_body(10_001), chunk_size=10_000)
    assert sizes(create) == [10_000] and sizes(add) == [1]


@pytest.mark.parametrize(("start", "sent"), [(0, [2, 2, 1]), (4, [1])])
def test_continue_upload_from_the_first_or_the_last_lead(
    run: Runner, api: respx.MockRouter, start: int, sent: list[int]
) -> None:
    create, add = mount(api)
    events: list[UploadProgress] = []
    resume(run, LL, upload_body(5), start=start, chunk_size=2, on_chunk=events.append)
    assert create.call_count == 0 and sizes(add) == sent
    assert {event.total for event in events} == {5}


def test_a_lead_that_is_not_an_object_in_a_later_chunk_is_pointed_at_in_the_whole_body(
    run: Runner, api: respx.MockRouter
) -> None:
    leads: list[Any] = list(linkedin_leads(30))
    leads[25] = "https://www.linkedin.com/in/not-an-object"
    create, add = mount(api)
    with pytest.raises(InvalidRequestError) as caught:
        upload(run, upload_body(30, leads=leads), chunk_size=10)
    assert [p.pointer for p in caught.value.problems] == ["/leads/25"]
    assert create.call_count == add.call_count == 0


def test_a_problem_every_chunk_shares_counts_once_so_a_later_one_is_still_reported(
    run: Runner, api: respx.MockRouter
) -> None:
    """A wrong `type` is wrong in each of 300 one-lead adds: reported once, and the cap on problems
    (100) does not hide the lead 250 adds later that is not an object."""
    leads: list[Any] = list(linkedin_leads(300))
    leads[250] = 5
    _, add = mount(api)
    with pytest.raises(InvalidRequestError) as caught:
        resume(run, LL, upload_body(300, leads=leads, type="bogus"), start=0, chunk_size=1)
    assert [p.pointer for p in caught.value.problems] == ["/type", "/leads/250"]
    assert add.call_count == 0


def test_an_empty_lead_list_is_refused_as_a_create_would_be() -> None:
    """No leads is still one create (the spec's minItems speaks), not an add of nothing."""
    with pytest.raises(InvalidRequestError) as caught:
        upload_chunks(upload_body(0), 10, None)
    assert [str(problem) for problem in caught.value.problems] == ["/leads: has 0 items; at least 1 are required"]


def test_a_list_of_exactly_60000_leads_is_within_the_vendors_limit_and_one_more_is_not() -> None:
    assert [len(chunk.leads) for chunk in upload_chunks(upload_body(MAX_LEADS_PER_LIST), 10_000, None)] == [10_000] * 6
    with pytest.raises(InvalidRequestError) as caught:
        upload_chunks(upload_body(MAX_LEADS_PER_LIST + 1), 10_000, None)
    assert [str(problem) for problem in caught.value.problems] == [
        "/leads: has 60001 leads; a lead list holds at most 60000"
    ]


def test_a_start_outside_the_leads_names_the_range_it_may_take() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        upload_chunks(upload_body(5), 10, 5)
    assert [str(problem) for problem in caught.value.problems] == [
        "start: must be 0 to 4, the index of the first lead to add"
    ]
