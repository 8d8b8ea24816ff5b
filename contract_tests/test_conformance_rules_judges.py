"""The response rules judged one answer at a time: which answers each one judges (None: not its
business), that a conforming answer holds, and the problem each names on a wrong one."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from amplemarket_lead_lists.conformance import Seen
from amplemarket_lead_lists.conformance.judges import (
    error_codes_fit_the_status,
    error_pointers_are_json_pointers,
    errors_carry_the_envelope,
    pending_lists_carry_no_entries,
    responses_use_the_vendors_media_type,
    retry_after_only_while_pending,
)


def seen(
    status: int = 200, body: Any = None, method: str = "GET", path: str = "/lead-lists/L", headers: Any = None
) -> Seen:
    return Seen(method, path, status, httpx.Headers(headers or {}), body)


def lead_list(status: str, **fields: Any) -> dict[str, Any]:
    return {"id": "L", "status": status, **fields}


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (seen(body=lead_list("queued"), headers={"Retry-After": "5"}), True),
        (seen(body=lead_list("processing"), headers={"Retry-After": "5"}), True),
        (seen(body=lead_list("completed")), True),
        (seen(body=lead_list("queued")), "a queued list lacks Retry-After"),
        (seen(body=lead_list("completed"), headers={"Retry-After": "5"}), "a completed list carries Retry-After"),
        (seen(body=lead_list("queued"), method="POST"), None),
        (seen(404, lead_list("queued")), None),
        (seen(body=lead_list("queued"), path="/lead-lists"), None),
        (seen(body={"status": "queued"}), None),
        (seen(body={"id": "L"}), None),
        (seen(body=[lead_list("queued")]), None),
    ],
)
def test_retry_after_is_judged_on_reads_of_one_list(answer: Seen, verdict: object) -> None:
    assert retry_after_only_while_pending(answer) == verdict


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (seen(202, lead_list("queued", leads=[], _links={"self": {}}), "POST"), True),
        (seen(body=lead_list("processing")), True),
        (seen(body=lead_list("processing", leads=[{}, {}])), "a processing list carries 2 entries"),
        (seen(body=lead_list("queued", _links={"next": {}})), "a queued list carries next/prev links"),
        (seen(body=lead_list("queued", _links={"prev": {}})), "a queued list carries next/prev links"),
        (seen(body=lead_list("completed", leads=[{}])), None),
    ],
)
def test_pending_lists_are_judged_on_their_entries_and_links(answer: Seen, verdict: object) -> None:
    assert pending_lists_carry_no_entries(answer) == verdict


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (seen(body={}, headers={"Content-Type": "application/vnd.amp+json"}), True),
        (seen(body={}, headers={"Content-Type": " Application/VND.amp+JSON ; charset=utf-8"}), True),
        (seen(body={}, headers={"Content-Type": "application/json"}), "HTTP 200 answered as 'application/json'"),
        (seen(404, {}), "HTTP 404 answered as ''"),
        (seen(429, {}, headers={"Content-Type": "application/json"}), None),
        (seen(204), None),
    ],
)
def test_every_answer_with_a_body_is_judged_on_its_media_type(answer: Seen, verdict: object) -> None:
    assert responses_use_the_vendors_media_type(answer) == verdict


GOOD_ERROR = {"status": "400", "code": "missing_field", "title": "Missing Field", "source": {"pointer": "/owner"}}


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (seen(400, {"_errors": [GOOD_ERROR]}), True),
        (seen(401, {"_errors": [{"code": "unauthorized"}]}), True),  # no status, no source: fine
        (seen(400, {"_errors": [{"source": {"parameter": "page[size]"}}, {"source": {"header": "x"}}]}), True),
        (seen(399, {}), None),
        (seen(200, {"_errors": "anything"}), None),
        (seen(400, None), "HTTP 400 without a non-empty _errors array of objects"),
        (seen(400, {"_errors": "x"}), "HTTP 400 without a non-empty _errors array of objects"),
        (seen(400, {"_errors": []}), "HTTP 400 without a non-empty _errors array of objects"),
        (seen(400, {"_errors": [GOOD_ERROR, {}]}), "HTTP 400 without a non-empty _errors array of objects"),
        (seen(400, {"_errors": [GOOD_ERROR, "x"]}), "HTTP 400 without a non-empty _errors array of objects"),
        (seen(400, {"_errors": [{"status": 400}]}), "_errors[].status 400 on HTTP 400"),
        (seen(404, {"_errors": [GOOD_ERROR]}), "_errors[].status '400' on HTTP 404"),
        (
            seen(400, {"_errors": [{"source": {"pointer": "", "header": "x"}}]}),
            "_errors[].source names ['header', 'pointer']",
        ),
        (seen(400, {"_errors": [{"source": {}}]}), "_errors[].source names []"),
        (seen(400, {"_errors": [{"source": {"query": "x"}}]}), "_errors[].source names ['query']"),
        (seen(400, {"_errors": [{"source": "/owner"}]}), "_errors[].source names str"),
    ],
)
def test_error_answers_are_judged_on_their_envelope(answer: Seen, verdict: object) -> None:
    assert errors_carry_the_envelope(answer) == verdict


def pointed(*pointers: object) -> Seen:
    return seen(400, {"_errors": [{"source": {"pointer": pointer}} for pointer in pointers]})


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (pointed("", "/leads/0/linkedin_url", "/a~0b~1c", "/"), True),
        (pointed("/owner", "leads.0.linkedin_url"), "source.pointer 'leads.0.linkedin_url' is no RFC 6901 pointer"),
        (pointed("/a~2"), "source.pointer '/a~2' is no RFC 6901 pointer"),
        (pointed(5), "source.pointer '5' is no RFC 6901 pointer"),
        (pointed("x" * 50), f"source.pointer {'x' * 40!r} is no RFC 6901 pointer"),
        (seen(400, {"_errors": [{"source": {"parameter": "page[size]"}}, "x", {"source": "y"}]}), None),
        (seen(200, {"_errors": [{"source": {"pointer": "bad"}}]}), None),
    ],
)
def test_error_pointers_are_judged_as_rfc_6901(answer: Seen, verdict: object) -> None:
    assert error_pointers_are_json_pointers(answer) == verdict


def coded(status: int, code: object, title: object = None) -> Seen:
    error = {"code": code} if title is None else {"code": code, "title": title}
    return seen(status, {"_errors": [error]})


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "unsupported_value"),
        (400, "missing_field"),
        (401, "unauthorized"),
        (404, "not_found"),
        (409, "limit_reached"),
        (429, "rate_limited"),
        (500, "internal_server_error"),
        (503, "service_unavailable"),
    ],
)
def test_each_vendor_code_holds_on_its_own_status_only(status: int, code: str) -> None:
    assert error_codes_fit_the_status(coded(status, code, code.replace("_", " ").title())) is True
    assert error_codes_fit_the_status(coded(status + 1, code)) == (
        f"code {code!r} on HTTP {status + 1} (it belongs to {status})"
    )


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (coded(418, "teapot", "Anything"), True),
        (coded(404, "not_found", 404), True),
        (coded(404, "not_found", "Missing"), "code 'not_found' titled 'Missing'"),
        (coded(404, "not_found", "y" * 50), f"code 'not_found' titled {'y' * 40!r}"),
        (coded(404, 7), None),
        (seen(404, {"_errors": ["x"]}), None),
        (coded(200, "not_found"), None),
    ],
)
def test_titles_are_their_codes_and_unknown_codes_any_status(answer: Seen, verdict: object) -> None:
    assert error_codes_fit_the_status(answer) == verdict
