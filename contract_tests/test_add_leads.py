"""`add_leads`: the same strict writer and the same safe retries as a create (respx)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

import amplemarket_lead_lists as lead_lists
from amplemarket_lead_lists import (
    ConflictError,
    InvalidRequestError,
    MalformedResponseError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
)
from amplemarket_lead_lists.models import LeadInput, LeadList, LeadListCreateType
from amplemarket_lead_lists.sandbox.server import running_sandbox
from contract_tests.polling_harness import CT, LL, Runner, body, error, respond
from contract_tests.uploads_harness import LIVE, Live, add, linkedin_leads

LEADS = linkedin_leads(3)
VALID_CREATE = {"owner": "user@example.com", "shared": True, "type": "linkedin"}
ADD_PATH = f"/lead-lists/{LL}/leads"
ACCEPTED = httpx.Response(202, headers={**CT, "Location": f"/lead-lists/{LL}"}, json=body("queued"))


def sent_body(route: respx.Route, call: int = -1) -> Any:
    return json.loads(route.calls[call].request.content)


def test_add_posts_the_leads_and_returns_the_pending_lead_list(run: Runner, api: respx.MockRouter) -> None:
    route = api.post(ADD_PATH).mock(return_value=ACCEPTED)
    lead_list = add(run, LL, LEADS)
    assert lead_list.id == LL and lead_list.status == "queued"
    request = route.calls.last.request
    assert sent_body(route) == {"leads": LEADS}
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"].startswith("Bearer ")


def test_add_takes_a_lead_list_models_and_a_type(run: Runner, api: respx.MockRouter) -> None:
    route = api.post(ADD_PATH).mock(return_value=ACCEPTED)
    lead_list = LeadList.from_dict(body("completed"))
    add(run, lead_list, [LeadInput(email="a@b.co"), {"email": "c@d.co"}], type=LeadListCreateType.EMAIL)
    assert sent_body(route) == {"leads": [{"email": "a@b.co"}, {"email": "c@d.co"}], "type": "email"}


def test_an_id_is_escaped_into_one_path_segment(run: Runner, api: respx.MockRouter) -> None:
    """A `/` is refused outright (issue 25: some servers decode `%2F` before routing)."""
    answer = httpx.Response(202, headers=CT, json=body("queued", lead_list_id="a?b#c"))
    route = api.post("/lead-lists/a%3Fb%23c/leads").mock(return_value=answer)
    assert add(run, "a?b#c", LEADS).id == "a?b#c"
    assert route.call_count == 1


def test_an_answer_naming_another_list_is_malformed(run: Runner, api: respx.MockRouter) -> None:
    other = httpx.Response(202, headers=CT, json=body("queued", lead_list_id="OTHER"))
    api.post(f"/lead-lists/{LL}/leads").mock(return_value=other)
    with pytest.raises(MalformedResponseError, match="OTHER"):
        add(run, LL, LEADS)


@pytest.mark.parametrize(
    ("leads", "kwargs", "pointer"),
    [
        ([], {}, "/leads"),
        ([{"linkedin_url": "x"}] * 10_001, {}, "/leads"),
        (LEADS, {"type": "csv"}, "/type"),
        ([*LEADS, {"email": "a@b.co"}], {"type": "linkedin"}, "/leads/3/linkedin_url"),
        ([{"title": "CEO"}], {"type": "titles_and_company"}, "/leads/0/company_domain"),
        (["https://www.linkedin.com/in/x"], {}, "/leads/0"),
    ],
)
def test_an_invalid_add_is_refused_before_sending(
    run: Runner, api: respx.MockRouter, leads: Any, kwargs: dict[str, Any], pointer: str
) -> None:
    route = api.post(ADD_PATH).mock(return_value=ACCEPTED)
    with pytest.raises(InvalidRequestError) as caught:
        add(run, LL, leads, **kwargs)
    assert pointer in [problem.pointer for problem in caught.value.problems]
    assert route.call_count == 0


def test_a_full_lead_list_is_a_conflict_with_the_vendors_errors(run: Runner, api: respx.MockRouter) -> None:
    route = api.post(ADD_PATH).mock(return_value=error(409, "limit_reached"))
    with pytest.raises(ConflictError, match="HTTP 409 from POST /lead-lists/ll_1/leads: limit_reached") as caught:
        add(run, LL, LEADS)
    assert caught.value.status_code == 409
    assert [e.code for e in caught.value.errors] == ["limit_reached"]
    assert route.call_count == 1


def test_an_unknown_lead_list_is_not_found(run: Runner, api: respx.MockRouter) -> None:
    api.post(ADD_PATH).mock(return_value=error(404, "not_found"))
    with pytest.raises(NotFoundError):
        add(run, LL, LEADS)


@pytest.mark.parametrize("refusal", [error(429, "rate_limited", retry_after="3"), error(503, "down", retry_after="3")])
def test_an_add_the_server_refused_is_retried(run: Runner, api: respx.MockRouter, refusal: httpx.Response) -> None:
    route = api.post(ADD_PATH).mock(side_effect=[refusal, ACCEPTED])
    assert add(run, LL, LEADS).status == "queued"
    assert route.call_count == 2 and run.time.sleeps == [3.0]
    assert sent_body(route, 0) == sent_body(route, 1)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_other_server_errors_are_not_retried(run: Runner, api: respx.MockRouter, status: int) -> None:
    route = api.post(ADD_PATH).mock(return_value=error(status))
    with pytest.raises(ServerError):
        add(run, LL, LEADS)
    assert route.call_count == 1


@pytest.mark.parametrize("failure", [httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped")])
def test_an_add_that_may_have_arrived_is_never_sent_again(
    run: Runner, api: respx.MockRouter, failure: httpx.RequestError
) -> None:
    route = api.post(ADD_PATH).mock(side_effect=[failure, ACCEPTED])
    with pytest.raises(TransportError) as caught:
        add(run, LL, LEADS)
    assert route.call_count == 1 and caught.value.attempts == 1 and caught.value.sent


def test_endless_429s_end_in_a_rate_limit_error(run: Runner, api: respx.MockRouter) -> None:
    route = api.post(ADD_PATH).mock(return_value=error(429, "rate_limited", retry_after="30"))
    with pytest.raises(RateLimitError):
        add(run, LL, LEADS)
    assert route.call_count == 11


def test_after_an_add_the_lead_list_is_waited_for_as_usual(run: Runner, api: respx.MockRouter) -> None:
    api.post(ADD_PATH).mock(return_value=ACCEPTED)
    api.get(f"/lead-lists/{LL}").mock(
        side_effect=[respond("processing", retry_after="5"), respond("completed", entries=range(6))]
    )
    done = run.wait(add(run, LL, LEADS))
    assert done.status == "completed" and run.time.sleeps == [5.0]
    assert len(run.entries(done)) == 6


# -- against the sandbox over HTTP -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    with running_sandbox(LIVE) as url:
        yield url


@pytest.fixture(params=["sync", "async"])
def live(request: pytest.FixtureRequest, sandbox_url: str) -> Live:
    return Live(request.param, sandbox_url)


def test_added_leads_follow_the_old_entries_once_the_list_is_completed(live: Live) -> None:
    first, more = linkedin_leads(150, "first"), linkedin_leads(120, "more")
    created = live(lead_lists.create_lead_list, lead_lists.create_lead_list_async, {**VALID_CREATE, "leads": first})
    live.wait(created)
    added = live(lead_lists.add_leads, lead_lists.add_leads_async, created, more, type="linkedin")
    assert added.id == created.id and added.status in ("queued", "processing")
    entries = live.entries(added)
    assert [entry.linkedin_url for entry in entries] == [lead["linkedin_url"] for lead in first + more]
    assert len({entry.id for entry in entries}) == 270


def test_an_add_to_a_full_list_is_a_conflict_with_the_vendors_errors(live: Live) -> None:
    full = live.prefilled(60_000)
    with pytest.raises(ConflictError) as caught:
        live(lead_lists.add_leads, lead_lists.add_leads_async, full, LEADS)
    assert caught.value.status_code == 409
    assert [(e.status, e.code) for e in caught.value.errors] == [("409", "limit_reached")]


def test_near_the_limit_an_add_is_partial_then_the_list_is_full(live: Live) -> None:
    nearly_full = live.prefilled(59_990)
    assert live(lead_lists.add_leads, lead_lists.add_leads_async, nearly_full, linkedin_leads(25)).id == nearly_full
    with pytest.raises(ConflictError):
        live(lead_lists.add_leads, lead_lists.add_leads_async, nearly_full, LEADS)
    assert live.sent == [f"POST /lead-lists/{nearly_full}/leads"] * 2


def test_an_invalid_add_sends_nothing_to_the_sandbox(live: Live) -> None:
    with pytest.raises(InvalidRequestError):
        live(
            lead_lists.add_leads, lead_lists.add_leads_async, live.prefilled(3), [{"email": "a@b.co"}], type="linkedin"
        )
    assert live.sent == []
