"""Rules 1–5 of `polling`: waiting politely for a lead list, sync and async (respx, fake clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import respx

from amplemarket_lead_lists import (
    AuthenticationError,
    InvalidRequestError,
    LeadListCanceledError,
    MalformedResponseError,
    NotFoundError,
    PollEvent,
    PollingTimeoutError,
    RateLimitError,
    ServerError,
    TransportError,
    UnexpectedStatusError,
)
from amplemarket_lead_lists.models import LeadList
from amplemarket_lead_lists.wire.retry_after import retry_after_seconds
from contract_tests.polling_harness import LL, Runner, body, error, respond

GET = f"/lead-lists/{LL}"


# Rule 1: Retry-After parsing -------------------------------------------------------------------

NOW = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("60", 60.0),
        ("0", 0.0),
        ("1.5", 1.5),
        (" 7 ", 7.0),
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        ("soon", None),
        ("-5", None),
        ("nan", None),
        ("inf", None),
        ("1e3", None),
        ("", None),
        (format_datetime(NOW - timedelta(seconds=30), usegmt=True), None),
    ],
)
def test_retry_after_forms(value: str, seconds: float | None) -> None:
    headers = httpx.Headers({"Retry-After": value, "Date": format_datetime(NOW, usegmt=True)})
    assert retry_after_seconds(headers) == seconds


def test_retry_after_absent() -> None:
    assert retry_after_seconds(httpx.Headers({})) is None


def test_a_date_too_far_off_for_a_datetime_is_no_date() -> None:
    """The standard library's parser raises OverflowError for such a year: an invalid value, not a crash."""
    huge = "Mon, 01 Jan 99999999999999999999 00:00:00 GMT"
    assert retry_after_seconds(httpx.Headers({"Retry-After": huge})) is None
    in_an_hour = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    seconds = retry_after_seconds(httpx.Headers({"Retry-After": in_an_hour, "Date": huge}))
    assert seconds is not None and 3590 < seconds <= 3600, "a Date that is no date: the local clock"


def test_a_retry_after_too_far_off_is_waited_as_absent(run: Runner, api: respx.MockRouter) -> None:
    huge = "Mon, 01 Jan 99999999999999999999 00:00:00 GMT"
    api.get(GET).mock(side_effect=[respond("processing", retry_after=huge), respond()])
    assert run.wait().status == "completed"
    assert run.time.sleeps == [60.0]


@pytest.mark.parametrize(
    ("setting", "parameter"),
    [
        ({"timeout": float("nan")}, "timeout"),
        ({"timeout": -1}, "timeout"),
        ({"timeout": "3"}, "timeout"),
        ({"min_interval": -5}, "min_interval"),
        ({"max_interval": float("inf")}, "max_interval"),
        ({"default_interval": None}, "default_interval"),
        ({"min_interval": 10, "max_interval": 0.01}, "min_interval"),
    ],
    ids=["NaN timeout", "negative timeout", "timeout as text", "negative min", "endless max", "no default",
         "min above max"],
)  # fmt: skip
def test_a_wait_that_cannot_mean_anything_is_refused_before_sending(
    run: Runner, api: respx.MockRouter, setting: dict[str, Any], parameter: str
) -> None:
    """A NaN timeout never ended; min above max polled 433 times in 5 s; a negative interval was a raw
    ValueError from sleep."""
    route = api.get(GET).mock(return_value=respond())
    with pytest.raises(InvalidRequestError) as caught:
        run.wait(**setting)
    assert [problem.parameter for problem in caught.value.problems] == [parameter]
    assert not route.called


def test_a_min_interval_equal_to_max_interval_polls_at_that_one_interval(run: Runner, api: respx.MockRouter) -> None:
    """min = max is a fixed interval, not a contradiction: every wait is that long, whatever Retry-After says."""
    api.get(GET).mock(side_effect=[respond("processing", retry_after="60"), respond("processing"), respond()])
    assert run.wait(min_interval=7, max_interval=7).status == "completed"
    assert run.time.sleeps == [7.0, 7.0]


@pytest.mark.parametrize(
    "bad", ["\ud800", "x" * 70_000, "a\x00b", "a\nb"], ids=["surrogate", "70,000 chars", "NUL", "LF"]
)
def test_an_id_that_cannot_go_in_a_url_is_refused_before_sending(run: Runner, api: respx.MockRouter, bad: str) -> None:
    """Was a raw UnicodeEncodeError or httpx.InvalidURL."""
    route = api.get(url__regex=r".*").mock(return_value=respond())
    with pytest.raises(InvalidRequestError, match="cannot be a lead list id"):
        run.wait(bad)
    with pytest.raises(InvalidRequestError, match="cannot be a lead list id"):
        run.entries(bad)
    assert not route.called


def test_http_date_without_date_header_uses_the_local_clock() -> None:
    when = datetime.now(UTC) + timedelta(hours=1)
    seconds = retry_after_seconds(httpx.Headers({"Retry-After": format_datetime(when, usegmt=True)}))
    assert seconds is not None and 3590 < seconds <= 3600


@pytest.mark.parametrize(
    ("header", "expected"),
    [("60", 60.0), ("2.5", 2.5), ("0", 1.0), ("100000", 600.0), ("soon", 60.0), (None, 60.0), ("-3", 60.0)],
)
def test_wait_sleeps_the_clamped_retry_after(
    run: Runner, api: respx.MockRouter, header: str | None, expected: float
) -> None:
    api.get(GET).mock(side_effect=[respond("processing", retry_after=header or "60"), respond()])
    if header is None:
        api.get(GET).mock(side_effect=[respond("processing"), respond()])
    run.wait()
    assert run.time.sleeps == [expected]


def test_http_date_is_measured_against_the_response_date(run: Runner, api: respx.MockRouter) -> None:
    server_now = datetime(2020, 1, 1, tzinfo=UTC)  # the server's clock, far from ours
    pending = respond("queued", retry_after=format_datetime(server_now + timedelta(seconds=45), usegmt=True))
    pending.headers["Date"] = format_datetime(server_now, usegmt=True)
    api.get(GET).mock(side_effect=[pending, respond()])
    run.wait()
    assert run.time.sleeps == [45.0]


def test_retry_after_is_reread_on_every_poll(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(
        side_effect=[
            respond("queued", retry_after="30"),
            respond("processing", retry_after="5"),
            respond("processing"),
            respond(),
        ]
    )
    run.wait(default_interval=20.0)
    assert run.time.sleeps == [30.0, 5.0, 20.0]


# Rule 2: statuses ---------------------------------------------------------------------------------


def test_completed_is_returned_with_its_first_page(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(
        side_effect=[
            respond("queued", retry_after="60"),
            respond("processing", retry_after="60"),
            respond(entries=range(3)),
        ]
    )
    lead_list = run.wait()
    assert isinstance(lead_list, LeadList) and lead_list.status == "completed"
    assert isinstance(lead_list.leads, list)
    assert [e.id for e in lead_list.leads] == ["e00000", "e00001", "e00002"]
    assert route.call_count == 3 and run.time.sleeps == [60.0, 60.0]
    assert route.calls.last.request.headers["Authorization"].startswith("Bearer sk-test-")


def test_a_completed_lead_list_is_returned_without_a_request(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(return_value=respond())
    given = LeadList.from_dict(body("completed", entries=range(2)))
    assert run.wait(given) is given
    assert route.call_count == 0


def test_a_queued_lead_list_is_polled_by_its_id(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(return_value=respond())
    run.wait(LeadList.from_dict(body("queued")))
    assert route.call_count == 1


def test_canceled_raises(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=[respond("processing", retry_after="10"), respond("canceled")])
    with pytest.raises(LeadListCanceledError) as caught:
        run.wait()
    assert caught.value.lead_list.status == "canceled"


def test_unknown_status_is_polled_while_retry_after_comes(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=[respond("validating", retry_after="10"), respond()])
    assert run.wait().status == "completed"
    assert run.time.sleeps == [10.0]


def test_unknown_status_without_retry_after_raises(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=respond("failed"))
    with pytest.raises(UnexpectedStatusError, match="'failed'") as caught:
        run.wait()
    assert caught.value.status == "failed"


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        (httpx.Response(200, text="<html>oops</html>"), "not JSON"),
        (httpx.Response(200, content=b"[" * 100_000 + b"]" * 100_000), "not JSON"),
        (httpx.Response(200, json=[1, 2]), "expected a lead list object"),
        (httpx.Response(200, json={"status": "queued"}), "no 'id'"),
        (httpx.Response(200, json={"id": "x", "status": "queued", "leads": "many"}), "does not match"),
    ],
)
def test_a_malformed_lead_list_is_a_typed_error(
    run: Runner, api: respx.MockRouter, response: httpx.Response, problem: str
) -> None:
    api.get(GET).mock(return_value=response)
    with pytest.raises(MalformedResponseError, match=problem):
        run.wait()


# Rule 3: deadline ----------------------------------------------------------------------------------


def test_timeout_raises_before_a_poll_that_would_pass_the_deadline(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(return_value=respond("processing", retry_after="60"))
    with pytest.raises(PollingTimeoutError) as caught:
        run.wait(timeout=150.0)
    assert route.call_count == 3  # at 0, 60 and 120 s; the next would be at 180 s
    assert run.time.sleeps == [60.0, 60.0]
    assert caught.value.polls == 3 and caught.value.elapsed == 120.0
    assert caught.value.lead_list is not None and caught.value.lead_list.status == "processing"


def test_a_poll_exactly_at_the_deadline_is_allowed(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=[respond("processing", retry_after="60"), respond()])
    assert run.wait(timeout=60.0).status == "completed"


def test_no_timeout_waits_as_long_as_it_takes(run: Runner, api: respx.MockRouter) -> None:
    pending = [respond("processing", retry_after="600") for _ in range(30)]
    api.get(GET).mock(side_effect=[*pending, respond()])
    assert run.wait(timeout=None).status == "completed"
    assert run.time.now == 18_000.0


# Rule 4: on_poll ----------------------------------------------------------------------------------


def test_on_poll_sees_every_poll(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(
        side_effect=[respond("queued", retry_after="5"), respond("processing", retry_after="7"), respond()]
    )
    events: list[PollEvent] = []
    run.wait(on_poll=events.append)
    assert [(e.attempt, e.lead_list.status, e.elapsed, e.next_delay) for e in events] == [
        (1, "queued", 0.0, 5.0),
        (2, "processing", 5.0, 7.0),
        (3, "completed", 12.0, None),
    ]


def test_an_exception_in_on_poll_propagates_and_stops_polling(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(return_value=respond("processing", retry_after="5"))

    def stop(event: PollEvent) -> None:
        if event.attempt == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run.wait(on_poll=stop)
    assert route.call_count == 2


# Rule 5: retries ------------------------------------------------------------------------------------


def test_429_waits_its_retry_after_then_retries(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(side_effect=[error(429, "rate_limited", retry_after="17"), respond()])
    assert run.wait().status == "completed"
    assert route.call_count == 2 and run.time.sleeps == [17.0]


def test_429_past_the_deadline_is_a_timeout_caused_by_the_rate_limit(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(return_value=error(429, "rate_limited", retry_after="120"))
    with pytest.raises(PollingTimeoutError) as caught:
        run.wait(timeout=100.0)
    assert route.call_count == 1 and run.time.sleeps == []
    assert isinstance(caught.value.__cause__, RateLimitError)
    assert caught.value.__cause__.retry_after == 120.0


def test_endless_429s_give_up_with_a_rate_limit_error(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(return_value=error(429, "rate_limited", retry_after="1"))
    with pytest.raises(RateLimitError) as caught:
        run.wait(timeout=None)
    assert route.call_count == 11 and caught.value.retry_after == 1.0


def test_5xx_backs_off_exponentially_with_jitter(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=[error(500), error(502), error(503), error(504), respond()])
    assert run.wait().status == "completed"
    assert len(run.time.sleeps) == 4
    for retry, slept in enumerate(run.time.sleeps):
        assert 2**retry / 2 <= slept <= 2**retry


def test_5xx_gives_up_after_five_retries(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(return_value=error(500, "internal_server_error"))
    with pytest.raises(ServerError, match="internal_server_error") as caught:
        run.wait()
    assert route.call_count == 6 and caught.value.status_code == 500
    assert [e.code for e in caught.value.errors] == ["internal_server_error"]


def test_backoff_is_capped_at_30_seconds(api: respx.MockRouter) -> None:
    from amplemarket_lead_lists.engine.retries import RetryPolicy

    policy = RetryPolicy(jitter=lambda: 1.0)
    assert [policy.backoff(n) for n in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    assert RetryPolicy(jitter=lambda: 0.0).backoff(3) == 4.0


def test_transport_errors_are_retried_then_wrapped(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(TransportError, match="ConnectError") as caught:
        run.wait()
    assert route.call_count == 6 and caught.value.attempts == 6
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


def test_a_timeout_then_success_is_transparent(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=[httpx.ReadTimeout("slow"), respond()])
    assert run.wait().status == "completed"
    assert len(run.time.sleeps) == 1


@pytest.mark.parametrize(("status", "exc"), [(404, NotFoundError), (401, AuthenticationError)])
def test_other_4xx_raise_at_once(run: Runner, api: respx.MockRouter, status: int, exc: type[Exception]) -> None:
    route = api.get(GET).mock(return_value=error(status, "nope", header="Authorization"))
    with pytest.raises(exc, match=f"HTTP {status} from GET /lead-lists/ll_1: nope") as caught:
        run.wait()
    assert route.call_count == 1 and run.time.sleeps == []
    assert "header Authorization" in str(caught.value)
