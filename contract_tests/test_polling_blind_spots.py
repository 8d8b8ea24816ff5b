"""Issue 12's blind spots: behaviour a mutation run showed no test would notice if it changed.

Each test pins one rule (a budget, a bound, a header form, an attribute, a message a user reads) so
that deleting or bending the code behind it fails here; sync and async where both exist.
"""

from __future__ import annotations

import logging
import pickle
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import respx

from amplemarket_lead_lists import (
    ApiError,
    AuthenticatedClient,
    CreateOutcomeUnknownError,
    InvalidRequestError,
    LeadListCanceledError,
    MalformedResponseError,
    NotFoundError,
    PaginationLimitError,
    PaginationLoopError,
    PermissionDeniedError,
    PollingTimeoutError,
    RateLimitError,
    ServerError,
    TransportError,
    UnexpectedStatusError,
    UnsafeLinkError,
    wait_for_lead_list,
)
from amplemarket_lead_lists.exceptions import LeadListError, outcome_unknown
from amplemarket_lead_lists.models import LeadList
from amplemarket_lead_lists.transport.links import link_target
from amplemarket_lead_lists.validation import Problem, body_problems, packaged_validator
from amplemarket_lead_lists.wire.retry_after import retry_after_seconds
from contract_tests.polling_harness import BASE, CT, LL, TOKEN, Runner, body, error, next_href, respond

GET = f"/lead-lists/{LL}"
NOW = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)
VALID: dict[str, Any] = {
    "name": "Example",
    "owner": "user@example.com",
    "shared": True,
    "type": "linkedin",
    "leads": [{"linkedin_url": "https://www.linkedin.com/in/lead1/"}],
}
ACCEPTED = httpx.Response(202, headers=CT, json=body("queued"))


def processing(retry_after: str) -> Any:
    """A route side effect that answers `processing` with this Retry-After, however often it is called."""
    return lambda request: respond("processing", retry_after=retry_after)


def page(entries: range, href: str | None = None) -> httpx.Response:
    return httpx.Response(200, headers=CT, json=body(entries=entries, next_href=href))


# Budgets and deadlines ----------------------------------------------------------------------------


def test_create_stops_at_its_retry_budget_not_only_at_the_retry_count(run: Runner, api: respx.MockRouter) -> None:
    """A create may spend 600 s on retries: a second 400 s wait would pass that, so the 429 is raised."""
    route = api.post("/lead-lists").mock(return_value=error(429, "rate_limited", retry_after="400"))
    with pytest.raises(RateLimitError) as caught:
        run.create(VALID)
    assert route.call_count == 2 and run.time.sleeps == [400.0]
    assert caught.value.retry_after == 400.0


def test_waiting_gives_up_after_an_hour_by_default(run: Runner, api: respx.MockRouter) -> None:
    """`timeout=3600`: polls every 600 s (the max) up to 3600 s, never sleeping past the hour."""
    api.get(GET).mock(side_effect=processing("600"))
    with pytest.raises(PollingTimeoutError) as caught:
        run.wait()
    assert run.time.sleeps == [600.0] * 6
    assert caught.value.polls == 7 and caught.value.elapsed == 3600.0


def test_deadline_counts_from_when_waiting_began_not_from_zero(run: Runner, api: respx.MockRouter) -> None:
    """A monotonic clock starts anywhere: the deadline is measured from the first reading."""
    run.time.now = 1_000_000.0
    api.get(GET).mock(side_effect=processing("4"))
    with pytest.raises(PollingTimeoutError) as caught:
        run.wait(timeout=10)
    assert run.time.sleeps == [4.0, 4.0]
    assert caught.value.elapsed == 8.0 and caught.value.polls == 3


def test_a_429_past_the_deadline_keeps_the_last_lead_list_and_poll_count(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(
        side_effect=[respond("processing", retry_after="5"), error(429, "rate_limited", retry_after="100")]
    )
    with pytest.raises(PollingTimeoutError) as caught:
        run.wait(timeout=50)
    timeout = caught.value
    assert timeout.lead_list is not None and timeout.lead_list.status == "processing"
    assert timeout.polls == 1 and timeout.elapsed == 5.0 and timeout.lead_list_id == LL
    assert isinstance(timeout.__cause__, RateLimitError)


def test_a_429_on_the_first_poll_past_the_deadline_knows_only_the_id(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=error(429, "rate_limited", retry_after="100"))
    with pytest.raises(PollingTimeoutError) as caught:
        run.wait(timeout=50)
    assert caught.value.lead_list is None and caught.value.polls == 0 and caught.value.lead_list_id == LL
    assert str(caught.value) == (
        f"lead list {LL}: no poll was answered in 0.0 s (the cause says why): "
        f"call wait_for_lead_list(client, {LL!r}) again to go on waiting"
    )


# 429s and 5xx without the usual headers or bodies ----------------------------------------------


def test_429_waits_follow_the_callers_min_and_max_interval(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(
        side_effect=[
            error(429, "rate_limited", retry_after="1"),
            error(429, "rate_limited", retry_after="100"),
            respond(),
        ]
    )
    run.wait(min_interval=5, max_interval=20)
    assert run.time.sleeps == [5.0, 20.0]


def test_429_without_retry_after_backs_off_exponentially(run: Runner, api: respx.MockRouter) -> None:
    """1, 2, 4 s ceilings with jitter into [50 %, 100 %]; the first is raised to the 1 s minimum."""
    limited = error(429, "rate_limited")
    api.get(GET).mock(side_effect=[limited, limited, limited, respond()])
    assert run.wait().id == LL
    first, second, third = run.time.sleeps
    assert first == 1.0 and 1.0 <= second <= 2.0 and 2.0 <= third <= 4.0


def test_a_5xx_may_be_retried_at_once_when_the_server_says_so(run: Runner, api: respx.MockRouter) -> None:
    """The lower bound of 5xx waits is 0, not `min_interval`: `Retry-After: 0` retries straight away."""
    api.get(GET).mock(side_effect=[error(503, "unavailable", retry_after="0"), respond()])
    run.wait(min_interval=5)
    assert run.time.sleeps == [0.0]


def test_a_5xx_without_retry_after_backs_off_below_one_second(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=[error(500), respond()])
    run.wait()
    assert len(run.time.sleeps) == 1 and 0.5 <= run.time.sleeps[0] <= 1.0


def test_a_gateways_html_502_is_a_server_error_without_errors(run: Runner, api: respx.MockRouter) -> None:
    html = httpx.Response(502, headers={"Content-Type": "text/html"}, text="<html><h1>502 Bad Gateway</h1></html>")
    api.get(GET).mock(return_value=html)
    with pytest.raises(ServerError) as caught:
        run.wait(max_retries=0)
    assert caught.value.status_code == 502 and caught.value.errors == ()
    assert str(caught.value) == f"HTTP 502 from GET {GET}"


@pytest.mark.parametrize("status", [413, 415])
def test_an_unmapped_4xx_is_a_plain_api_error_and_not_retried(run: Runner, api: respx.MockRouter, status: int) -> None:
    route = api.get(GET).mock(return_value=error(status, "refused"))
    with pytest.raises(ApiError) as caught:
        run.wait()
    assert type(caught.value) is ApiError and caught.value.status_code == status
    assert route.call_count == 1


def test_403_is_permission_denied_and_not_retried(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(return_value=error(403, "forbidden"))
    with pytest.raises(PermissionDeniedError) as caught:
        run.wait()
    assert route.call_count == 1
    assert str(caught.value) == f"HTTP 403 from GET {GET}: forbidden forbidden happened"


# Retry-After forms ------------------------------------------------------------------------------


def _retry_after(value: str, date: datetime | None = NOW) -> float | None:
    headers = {"Retry-After": value} | ({} if date is None else {"Date": format_datetime(date, usegmt=True)})
    return retry_after_seconds(httpx.Headers(headers))


def test_retry_after_equal_to_the_responses_date_means_now() -> None:
    assert _retry_after(format_datetime(NOW, usegmt=True)) == 0.0


def test_retry_after_in_asctime_form_is_read_as_utc() -> None:
    assert _retry_after((NOW + timedelta(seconds=90)).strftime("%a %b %d %H:%M:%S %Y")) == 90.0


def test_retry_after_with_hundreds_of_digits() -> None:
    """A finite huge number is a (clamped) wait; one past a float's range is not a number of seconds."""
    assert _retry_after("9" * 300) == float("9" * 300)
    assert _retry_after("9" * 400) is None


def test_a_huge_retry_after_waits_the_longest_allowed(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=[respond("processing", retry_after="9" * 300), respond()])
    run.wait(max_interval=42)
    assert run.time.sleeps == [42.0]


# Paging -----------------------------------------------------------------------------------------


def test_max_pages_one_reads_one_page(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(side_effect=[page(range(2), next_href(1)), page(range(2, 4))])
    pages = run.pages(max_pages=1)
    assert [len(p.leads or []) for p in pages] == [2] and route.call_count == 1


def test_resume_after_is_the_given_after_when_the_first_fetch_fails(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=error(404, "not_found"))
    with pytest.raises(NotFoundError) as caught:
        run.entries(after="e00042")
    assert caught.value.resume_after == "e00042"


@pytest.mark.parametrize(
    "href", ["/lead-lists/ll_1?page[after]=e00001", "lead-lists/ll_1", "https://api.example/v1/x?y=1"]
)
def test_a_base_url_with_a_query_string_resolves_links_as_httpx_does(href: str) -> None:
    """Where httpx would send a relative URL, so does a `next` link (never a different path)."""
    base = "https://api.example/v1?region=eu"
    with httpx.Client(base_url=base) as client:
        expected = client._merge_url(href) if not href.startswith("http") else httpx.URL(href)
        assert link_target(href, client.base_url) == expected


def test_an_href_that_is_not_a_url_is_refused_and_resumable(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=page(range(2), "https://[::1"))
    with pytest.raises(UnsafeLinkError) as caught:
        run.entries()
    assert caught.value.href == "https://[::1" and caught.value.resume_after == "e00001"
    assert str(caught.value) == "refusing to follow '<invalid URL>': not on https://api.amplemarket.com"


# Attributes and messages ------------------------------------------------------------------------


def test_transport_error_attributes(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(TransportError) as caught:
        run.wait(max_retries=1)
    error_ = caught.value
    assert (error_.method, error_.path, error_.host, error_.attempts, error_.sent) == (
        "GET",
        GET,
        "api.amplemarket.com",
        2,
        False,
    )
    assert str(error_) == f"GET {GET} to api.amplemarket.com failed after 2 attempt(s): {error_.reason} (ConnectError)"
    assert error_.reason == "connection refused (nothing listens on that host and port)"


def test_create_outcome_unknown_attributes(run: Runner, api: respx.MockRouter) -> None:
    api.post("/lead-lists").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(CreateOutcomeUnknownError) as caught:
        run.create(VALID)
    error_ = caught.value
    assert (error_.name, error_.owner, error_.method, error_.path, error_.sent) == (
        "Example",
        "user@example.com",
        "POST",
        "/lead-lists",
        True,
    )
    assert error_.requested_at.endswith(" UTC")
    assert "find_lead_lists(client, name='Example') (owned by user@example.com" in str(error_)


def test_malformed_response_attributes(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=httpx.Response(200, headers=CT, json={"id": LL}))
    with pytest.raises(MalformedResponseError) as caught:
        run.wait()
    assert caught.value.status_code == 200
    assert caught.value.response is not None and caught.value.response.status_code == 200
    assert str(caught.value).startswith(f"HTTP 200 from GET {GET}: ")
    unpickled = pickle.loads(pickle.dumps(caught.value))
    assert unpickled.response is None and unpickled.status_code == 200 and str(unpickled) == str(caught.value)


def test_malformed_page_given_by_the_caller_has_no_response() -> None:
    error_ = MalformedResponseError(None, "no leads")
    assert error_.response is None and error_.status_code is None and str(error_) == "malformed lead list: no leads"


def test_unexpected_status_attributes(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=respond("processing"))
    with pytest.raises(UnexpectedStatusError) as caught:
        run.entries()
    assert caught.value.lead_list.id == LL and caught.value.status == "processing"
    assert str(caught.value) == f"lead list {LL} has status 'processing'; expected completed (wait_for_lead_list first)"


def test_pagination_loop_attributes(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=lambda request: page(range(1), next_href(0)))
    with pytest.raises(PaginationLoopError) as caught:
        run.entries()
    assert type(caught.value) is PaginationLoopError and caught.value.href == next_href(0)
    assert str(caught.value) == f"pagination loop: {next_href(0)!r} was already followed"


def test_pagination_limit_attributes(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=[page(range(3), next_href(2)), page(range(3, 6), next_href(5))])
    with pytest.raises(PaginationLimitError) as caught:
        run.entries(entry_limit=2)
    assert caught.value.href == next_href(2)
    assert (
        caught.value.reason == f"3 entries and still a `next` link; lead list {LL} holds no more than 2 (entry_limit)"
    )
    assert str(caught.value) == f"pagination stopped: {caught.value.reason}"


def test_api_error_attributes(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=error(404, "not_found", retry_after="7", parameter="id"))
    with pytest.raises(NotFoundError) as caught:
        run.wait()
    error_ = caught.value
    assert error_.status_code == 404 and error_.retry_after == 7.0 and error_.response is not None
    assert [e.code for e in error_.errors] == ["not_found"]
    assert str(error_) == f"HTTP 404 from GET {GET}: not_found not_found happened (parameter id)"


def test_canceled_message_and_attribute(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=respond("canceled"))
    with pytest.raises(LeadListCanceledError) as caught:
        run.wait()
    assert caught.value.lead_list.id == LL and str(caught.value) == f"lead list {LL} was canceled"


def test_polling_timeout_message_names_the_list_and_how_to_go_on(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=processing("30"))
    with pytest.raises(PollingTimeoutError) as caught:
        run.wait(timeout=45)
    assert str(caught.value) == (
        f"lead list {LL} still processing after 30.0 s and 2 poll(s); it keeps processing on the server: "
        f"call wait_for_lead_list(client, {LL!r}) again to go on waiting"
    )


def test_polling_timeout_without_an_id_says_so() -> None:
    message = str(PollingTimeoutError(None, 1.25, 0))
    assert message.startswith("the lead list: no poll was answered in 1.2 s"), "nothing claimed about its state"
    assert "wait_for_lead_list(client, <id>)" in message


def test_unsafe_link_message_names_both_origins_without_credentials(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=page(range(1), "https://user:pw@evil.example:8443/steal"))
    with pytest.raises(UnsafeLinkError) as caught:
        run.entries()
    assert str(caught.value) == (
        "refusing to follow 'https://evil.example:8443/steal': not on https://api.amplemarket.com"
    )


def test_unsafe_link_message_names_a_non_default_port_of_the_base() -> None:
    error_ = UnsafeLinkError("https://evil.example/x", httpx.URL("http://127.0.0.1:8000/"))
    assert str(error_) == "refusing to follow 'https://evil.example/x': not on http://127.0.0.1:8000"


@pytest.mark.parametrize(("count", "suffix"), [(5, ""), (6, " (and 1 more)"), (9, " (and 4 more)")])
def test_invalid_request_shows_five_problems_and_counts_the_rest(count: int, suffix: str) -> None:
    problems = [Problem(f"/leads/{n}", "is wrong") for n in range(count)]
    message = str(InvalidRequestError(problems))
    assert message.endswith("is wrong" + suffix)
    assert message.count("is wrong") == 5 if count > 5 else message.count("is wrong") == count
    assert message.startswith("invalid request: ")


def test_json_pointers_escape_tilde_and_slash() -> None:
    """RFC 6901: `~` is written `~0` and `/` is written `~1`, in that order."""
    problems = body_problems({**VALID, "a~/b": 1}, packaged_validator("LeadListCreate"))
    assert [problem.pointer for problem in problems] == ["/a~0~1b"]


def test_a_client_with_a_lead_list_model_refuses_an_empty_id() -> None:
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    with pytest.raises(InvalidRequestError) as caught:
        wait_for_lead_list(client, LeadList.from_dict(body("processing", lead_list_id=" ")))
    assert caught.value.problems[0].parameter == "id" and "' '" in str(caught.value)


# Survivors of `make mutation` ----------------------------------------------------------------------


def test_waiting_logs_each_wait_at_debug(run: Runner, api: respx.MockRouter, caplog: pytest.LogCaptureFixture) -> None:
    """AMPLEMARKET_LOG=debug shows why the client is idle: the list's status and the next wait."""
    api.get(GET).mock(side_effect=[respond("processing", retry_after="2"), respond()])
    with caplog.at_level(logging.DEBUG, logger="amplemarket_lead_lists"):
        run.wait()
    assert f"lead list {LL} is processing; next poll in 2.0 s" in caplog.messages


def test_an_unusable_id_is_quoted_in_at_most_40_characters() -> None:
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    blank = " " * 60
    with pytest.raises(InvalidRequestError) as caught:
        wait_for_lead_list(client, blank)
    assert caught.value.problems[0].message == f"must be a lead list id or LeadList, got {repr(blank)[:40]}"


def test_another_port_is_another_origin_even_next_to_a_default_port() -> None:
    """httpx drops default ports, so the base's port is filled in: `:81` is not `http://host`'s 80."""
    with pytest.raises(UnsafeLinkError):
        link_target("http://api.example:81/lead-lists/ll_1", httpx.URL("http://api.example/"))
    with pytest.raises(UnsafeLinkError):
        link_target("https://api.example:444/lead-lists/ll_1", httpx.URL("https://api.example/"))
    assert link_target("http://api.example:80/x", httpx.URL("http://api.example/")).path == "/x"
    with pytest.raises(UnsafeLinkError):
        link_target("http://127.0.0.1:9000/x", httpx.URL("http://127.0.0.1:8000/"))


def test_a_scheme_relative_href_to_another_host_is_refused() -> None:
    """`//evil.example/…` has a host but no scheme: it is absolute enough to leave, so it is refused."""
    with pytest.raises(UnsafeLinkError):
        link_target("//evil.example/lead-lists/ll_1", httpx.URL(BASE))


def test_a_failure_nothing_says_anything_of_may_have_happened() -> None:
    """A create or an add that failed otherwise than by a refusal or a request never sent: its outcome is
    unknown (the caller looks before sending it again)."""
    assert outcome_unknown(LeadListError("something else went wrong")) is True
