"""`upload_lead_list` and `continue_upload` against respx mocks: chunks, checks, errors, resuming."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import respx

from amplemarket_lead_lists import (
    BadRequestError,
    ClientClosedError,
    InvalidRequestError,
    PartialUploadError,
    ServerError,
    TransportError,
    UploadProgress,
    uploads,
)
from amplemarket_lead_lists.sandbox.server import running_sandbox
from contract_tests.polling_harness import CT, LL, TOKEN, Runner, body, error
from contract_tests.spec import ROOT
from contract_tests.uploads_harness import LIVE, Live, linkedin_leads, resume, upload

ADD_PATH = f"/lead-lists/{LL}/leads"


def upload_body(count: int, **changes: Any) -> dict[str, Any]:
    return {"owner": "user@example.com", "shared": True, "type": "linkedin", "leads": linkedin_leads(count), **changes}


def accepted(status: int = 202) -> httpx.Response:
    return httpx.Response(status, headers={**CT, "Location": f"/lead-lists/{LL}"}, json=body("queued"))


class Server:
    """A lead list that keeps every lead it accepted; `fail` maps a request number (1-based) to a failure."""

    def __init__(self, fail: dict[int, httpx.Response | Exception] | None = None) -> None:
        self.leads: list[dict[str, Any]] = []
        self.requests = 0
        self.fail = fail or {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        failure = self.fail.get(self.requests)
        if isinstance(failure, Exception):
            raise failure
        if failure is not None:
            return failure
        self.leads.extend(json.loads(request.content)["leads"])
        return accepted()

    def mount(self, api: respx.MockRouter) -> tuple[respx.Route, respx.Route]:
        return api.post("/lead-lists").mock(side_effect=self), api.post(ADD_PATH).mock(side_effect=self)


def test_the_first_chunk_creates_the_list_and_the_rest_are_added_in_order(run: Runner, api: respx.MockRouter) -> None:
    server = Server()
    create, add = server.mount(api)
    events: list[UploadProgress] = []
    lead_list = upload(run, upload_body(25), chunk_size=10, on_chunk=events.append)
    assert lead_list.id == LL and lead_list.status == "queued"
    assert create.call_count == 1 and add.call_count == 2
    created = json.loads(create.calls.last.request.content)
    assert created["owner"] == "user@example.com" and len(created["leads"]) == 10
    assert [json.loads(c.request.content) for c in add.calls] == [
        {"leads": linkedin_leads(25)[10:20], "type": "linkedin"},
        {"leads": linkedin_leads(25)[20:], "type": "linkedin"},
    ]
    assert server.leads == linkedin_leads(25)
    assert [(e.chunk, e.chunks, e.accepted, e.total) for e in events] == [
        (1, 3, 10, 25),
        (2, 3, 20, 25),
        (3, 3, 25, 25),
    ]
    assert all(e.lead_list.id == LL for e in events)


def test_a_body_within_one_chunk_is_a_plain_create(run: Runner, api: respx.MockRouter) -> None:
    create, add = Server().mount(api)
    upload(run, upload_body(7))
    assert create.call_count == 1 and add.call_count == 0


def test_more_than_60000_leads_are_refused_before_sending(run: Runner, api: respx.MockRouter) -> None:
    create, add = Server().mount(api)
    with pytest.raises(InvalidRequestError, match="/leads: has 60001 leads; a lead list holds at most 60000"):
        upload(run, upload_body(60_001))
    assert create.call_count == add.call_count == 0


@pytest.mark.parametrize("chunk_size", [0, -1, 10_001])
def test_a_chunk_size_outside_the_request_limit_is_refused(run: Runner, api: respx.MockRouter, chunk_size: int) -> None:
    create, _ = Server().mount(api)
    with pytest.raises(InvalidRequestError, match="chunk_size: must be 1 to 10000"):
        upload(run, upload_body(5), chunk_size=chunk_size)
    assert create.call_count == 0


def test_every_lead_is_checked_before_anything_is_sent(run: Runner, api: respx.MockRouter) -> None:
    leads: list[dict[str, Any]] = list(linkedin_leads(30))
    leads[3] = {"email": "a@b.co"}
    leads[23] = {"linkedin_url": 23}
    create, add = Server().mount(api)
    with pytest.raises(InvalidRequestError) as caught:
        upload(run, upload_body(30, leads=leads, owner="nobody"), chunk_size=10)
    pointers = sorted(p.pointer for p in caught.value.problems)
    assert pointers == ["/leads/23/linkedin_url", "/leads/3/linkedin_url", "/owner"]
    assert create.call_count == add.call_count == 0


def test_a_body_of_bad_leads_gives_a_bounded_report_across_chunks(run: Runner, api: respx.MockRouter) -> None:
    create, _ = Server().mount(api)
    with pytest.raises(InvalidRequestError) as caught:
        upload(run, upload_body(5_000, leads=[{"email": "a@b.co"}] * 5_000), chunk_size=30)
    assert [p.pointer for p in caught.value.problems] == [f"/leads/{n}/linkedin_url" for n in range(100)]
    assert create.call_count == 0


@pytest.mark.parametrize(
    ("payload", "pointer"),
    [
        ({k: v for k, v in upload_body(1).items() if k != "leads"}, "/leads"),
        (upload_body(1, leads="all of them"), "/leads"),
        (upload_body(0), "/leads"),
        (upload_body(3, type="csv"), "/type"),
    ],
)
def test_a_body_without_leads_or_with_a_bad_type_is_refused(
    run: Runner, api: respx.MockRouter, payload: dict[str, Any], pointer: str
) -> None:
    create, _ = Server().mount(api)
    with pytest.raises(InvalidRequestError) as caught:
        upload(run, payload, chunk_size=2)
    assert pointer in [p.pointer for p in caught.value.problems]
    assert [p.pointer for p in caught.value.problems].count(pointer) == 1
    assert create.call_count == 0


def test_a_failed_create_raises_as_a_create_does(run: Runner, api: respx.MockRouter) -> None:
    create, add = Server({1: error(400, "invalid_owner", pointer="/owner")}).mount(api)
    with pytest.raises(BadRequestError):
        upload(run, upload_body(25), chunk_size=10)
    assert create.call_count == 1 and add.call_count == 0


def test_a_refused_add_raises_a_partial_upload_error_that_resumes_without_repeats(
    run: Runner, api: respx.MockRouter
) -> None:
    server = Server({3: error(400, "bad_lead")})
    server.mount(api)
    payload = upload_body(45)
    with pytest.raises(PartialUploadError) as caught:
        upload(run, payload, chunk_size=10)
    failure = caught.value
    assert (failure.lead_list_id, failure.accepted, failure.total, failure.failed) == (LL, 20, 45, range(20, 30))
    assert failure.lead_list is not None and failure.lead_list.id == LL
    assert not failure.outcome_unknown and isinstance(failure.__cause__, BadRequestError)
    assert "start=error.accepted" in str(failure)
    assert str(failure).startswith(f"upload to lead list {LL} stopped at leads 20-29 of 45")  # 0-based, inclusive
    assert len(server.leads) == failure.accepted

    events: list[UploadProgress] = []
    resumed = resume(run, failure.lead_list_id, payload, start=failure.accepted, chunk_size=10, on_chunk=events.append)
    assert resumed.id == LL
    assert server.leads == payload["leads"]
    assert [(e.chunk, e.chunks, e.accepted) for e in events] == [(1, 3, 30), (2, 3, 40), (3, 3, 45)]


@pytest.mark.parametrize(
    ("failure", "unknown"),
    [
        (error(500), True),
        (error(504), True),
        (httpx.ReadTimeout("slow"), True),
        (httpx.RemoteProtocolError("dropped"), True),
        (httpx.Response(202, headers=CT, content=b"not json"), True),
        (httpx.Response(200, headers=CT, content=b"not json"), True),
        (error(300), False),
        (error(503), False),
        (error(409, "limit_reached"), False),
        (httpx.ConnectError("refused"), False),
    ],
)
def test_whether_the_failed_chunk_may_be_in_the_list(
    run: Runner, api: respx.MockRouter, failure: httpx.Response | Exception, unknown: bool
) -> None:
    server = Server({2: failure})
    server.mount(api)
    with pytest.raises(PartialUploadError) as caught:
        upload(run, upload_body(25), chunk_size=10)
    assert caught.value.outcome_unknown is unknown
    assert caught.value.accepted == 10 and caught.value.failed == range(10, 20)
    message = str(caught.value)
    assert ("count its entries (10 or 20)" in message) is unknown
    assert server.requests == 2


def test_an_add_past_its_retries_is_a_partial_upload(run: Runner, api: respx.MockRouter) -> None:
    server = Server({n: error(429, "rate_limited", retry_after="1") for n in range(2, 13)})
    server.mount(api)
    with pytest.raises(PartialUploadError) as caught:
        upload(run, upload_body(25), chunk_size=10)
    assert caught.value.accepted == 10 and not caught.value.outcome_unknown
    assert server.requests == 12 and len(run.time.sleeps) == 10


def test_a_429_between_chunks_is_waited_out(run: Runner, api: respx.MockRouter) -> None:
    server = Server({2: error(429, "rate_limited", retry_after="7")})
    server.mount(api)
    upload(run, upload_body(25), chunk_size=10)
    assert server.leads == linkedin_leads(25) and run.time.sleeps == [7.0]


def test_errors_never_repeat_a_lead_or_the_key(run: Runner, api: respx.MockRouter) -> None:
    Server({2: httpx.ReadTimeout("slow")}).mount(api)
    with pytest.raises(PartialUploadError) as caught:
        upload(run, upload_body(25), chunk_size=10)
    text = f"{caught.value} {caught.value!r} {caught.value.__cause__}"
    assert "linkedin.com" not in text and TOKEN not in text
    assert isinstance(caught.value.__cause__, TransportError)


@pytest.mark.parametrize(("start", "count"), [(-1, 5), (5, 5), (0, 0)])
def test_continue_upload_refuses_a_start_outside_the_leads(
    run: Runner, api: respx.MockRouter, start: int, count: int
) -> None:
    _, add = Server().mount(api)
    with pytest.raises(InvalidRequestError, match="start: must be"):
        resume(run, LL, upload_body(count), start=start)
    assert add.call_count == 0


def test_continue_upload_checks_only_what_it_sends_with_whole_body_pointers(run: Runner, api: respx.MockRouter) -> None:
    leads = linkedin_leads(30)
    leads[2] = leads[27] = {"email": "a@b.co"}
    _, add = Server().mount(api)
    with pytest.raises(InvalidRequestError) as caught:
        resume(run, LL, upload_body(30, leads=leads), start=10, chunk_size=10)
    assert [p.pointer for p in caught.value.problems] == ["/leads/27/linkedin_url"]
    assert add.call_count == 0


def test_continue_upload_on_a_missing_list_keeps_the_id(run: Runner, api: respx.MockRouter) -> None:
    Server({1: error(404, "not_found")}).mount(api)
    with pytest.raises(PartialUploadError) as caught:
        resume(run, LL, upload_body(25), start=10, chunk_size=10)
    assert caught.value.lead_list_id == LL and caught.value.lead_list is None and caught.value.accepted == 10


def test_an_exception_from_on_chunk_propagates(run: Runner, api: respx.MockRouter) -> None:
    _, add = Server().mount(api)

    def stop(progress: UploadProgress) -> None:
        raise KeyboardInterrupt

    on_chunk: Callable[[UploadProgress], None] = stop
    with pytest.raises(KeyboardInterrupt):
        upload(run, upload_body(25), chunk_size=10, on_chunk=on_chunk)
    assert add.call_count == 0


def test_server_errors_on_the_create_are_not_wrapped(run: Runner, api: respx.MockRouter) -> None:
    Server({1: error(500)}).mount(api)
    with pytest.raises(ServerError):
        upload(run, upload_body(25), chunk_size=10)


# -- against the sandbox over HTTP -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    with running_sandbox(LIVE) as url:
        yield url


@pytest.fixture(params=["sync", "async"])
def live(request: pytest.FixtureRequest, sandbox_url: str) -> Live:
    return Live(request.param, sandbox_url)


def test_60000_leads_go_in_and_come_out_in_the_order_sent(live: Live) -> None:
    payload = upload_body(60_000)
    events: list[UploadProgress] = []
    lead_list = live(uploads.upload_lead_list, uploads.upload_lead_list_async, payload, on_chunk=events.append)
    assert live.sent == ["POST /lead-lists"] + [f"POST /lead-lists/{lead_list.id}/leads"] * 5
    assert [(e.chunk, e.accepted) for e in events] == [(n, n * 10_000) for n in range(1, 7)]
    entries = live.entries(lead_list)
    assert len({entry.id for entry in entries}) == 60_000
    assert [entry.linkedin_url for entry in entries] == [lead["linkedin_url"] for lead in payload["leads"]]


def test_a_60001st_lead_is_refused_before_anything_is_sent(live: Live) -> None:
    with pytest.raises(InvalidRequestError, match="at most 60000"):
        live(uploads.upload_lead_list, uploads.upload_lead_list_async, upload_body(60_001))
    assert live.sent == []


@pytest.mark.parametrize("status", [409, 500])
def test_a_failure_between_chunks_is_resumed_without_sending_a_lead_twice(live: Live, status: int) -> None:
    payload = upload_body(2_500)
    live.scenario(fail_adds_after=1, add_failure_status=status)
    with pytest.raises(PartialUploadError) as caught:
        live(uploads.upload_lead_list, uploads.upload_lead_list_async, payload, chunk_size=500)
    failure = caught.value
    assert failure.accepted == 1_000 and failure.outcome_unknown is (status == 500)
    start = failure.accepted
    if failure.outcome_unknown:  # as the message says: wait for the list and count its entries
        start = len(live.entries(failure.lead_list_id))
        assert start == failure.accepted  # the sandbox's failed add added nothing
    live(
        uploads.continue_upload,
        uploads.continue_upload_async,
        failure.lead_list_id,
        payload,
        start=start,
        chunk_size=500,
    )
    entries = live.entries(failure.lead_list_id)
    assert [entry.linkedin_url for entry in entries] == [lead["linkedin_url"] for lead in payload["leads"]]
    assert len({entry.linkedin_url for entry in entries}) == 2_500


def test_the_readme_upload_example_resumes_after_a_failed_chunk(sandbox_url: str) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Uploading more than 10,000 leads", 1)[1]
    example = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert example is not None
    live = Live("sync", sandbox_url)
    live.scenario(fail_adds_after=0, add_failure_status=500)  # the first add fails: outcome unknown
    leads = linkedin_leads(12_000)
    printed = io.StringIO()
    with live.client() as client, contextlib.redirect_stdout(printed):
        scope: dict[str, Any] = {"client": client, "leads": leads}
        exec(compile(example.group(1), "README.md", "exec"), scope)
    assert "chunk 1/2: 10000 of 12000 leads" in printed.getvalue()
    assert "may or may not be in the list" in printed.getvalue()
    entries = live.entries(scope["lead_list"])
    assert [entry.linkedin_url for entry in entries] == [lead["linkedin_url"] for lead in leads]


def test_a_partial_upload_error_made_by_hand_holds_its_cause_as_raised_ones_do() -> None:
    """Its docstring promises `__cause__` (an application's own tests build one to test its handler)."""
    cause = TransportError("POST", f"https://api.example/lead-lists/{LL}/leads", 1, httpx.ConnectError("refused"))
    made = PartialUploadError(LL, 10, range(10, 20), 30, cause)
    assert made.__cause__ is cause and made.lead_list_id == LL and made.outcome_unknown is False


def test_an_upload_stopped_by_a_closed_client_says_the_chunk_is_not_in() -> None:
    """A closed client sends nothing: the chunk that failed is surely not in the list."""
    made = PartialUploadError(LL, 10, range(10, 20), 30, ClientClosedError())
    assert made.outcome_unknown is False
    assert "continue_upload" in str(made) and "may or may not" not in str(made)
