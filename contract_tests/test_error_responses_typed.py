"""An error response becomes its typed exception with the vendor's `_errors` as sent: a 422 (the body
was understood but refused) is a BadRequestError like a 400, and the fields of an error object that
are not text (numbers, booleans, null) come through as they were, not lost to the scrubbing of the key."""

from __future__ import annotations

import httpx
import pytest
import respx

from amplemarket_lead_lists import BadRequestError
from contract_tests.polling_harness import CT, LL, TOKEN, Runner

GET = f"/lead-lists/{LL}"


def test_a_422_is_a_bad_request_and_is_not_retried(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(
        return_value=httpx.Response(422, headers=CT, json={"_errors": [{"code": "unprocessable", "status": "422"}]})
    )
    with pytest.raises(BadRequestError) as caught:
        run.wait()
    assert caught.value.status_code == 422 and [e.code for e in caught.value.errors] == ["unprocessable"]
    assert route.call_count == 1


def test_an_error_objects_fields_that_are_not_text_are_kept(run: Runner, api: respx.MockRouter) -> None:
    sent = {"code": "bad_lead", "detail": f"key {TOKEN} echoed", "row": 3, "fixable": False, "hint": None}
    api.get(GET).mock(return_value=httpx.Response(400, headers=CT, json={"_errors": [sent]}))
    with pytest.raises(BadRequestError) as caught:
        run.wait()
    (error,) = caught.value.errors
    assert error.detail == "key [redacted] echoed"
    assert (error["row"], error["fixable"], error["hint"]) == (3, False, None)


def test_the_key_echoed_inside_a_list_of_an_error_object_is_scrubbed(run: Runner, api: respx.MockRouter) -> None:
    """A server may echo the key anywhere in its `_errors`, lists of texts too: none of it reaches the error."""
    sent = {"code": "bad_lead", "detail": "refused", "fields": ["email", f"key {TOKEN}", [f"{TOKEN}"]]}
    api.get(GET).mock(return_value=httpx.Response(400, headers=CT, json={"_errors": [sent]}))
    with pytest.raises(BadRequestError) as caught:
        run.wait()
    (error,) = caught.value.errors
    assert error["fields"] == ["email", "key [redacted]", ["[redacted]"]]
    assert TOKEN not in repr(caught.value.errors)


@pytest.mark.parametrize(
    ("detail", "shown"),
    [("x" * 500, "x" * 500), ("x" * 501, "x" * 499 + "…")],
    ids=["500 characters: whole", "501: cut to 500"],
)
def test_the_message_keeps_500_characters_of_the_servers_words_and_errors_keep_them_all(
    run: Runner, api: respx.MockRouter, detail: str, shown: str
) -> None:
    """A server's text is cut in the message (a page of HTML as `detail` would drown it), not in `errors`."""
    api.get(GET).mock(return_value=httpx.Response(400, headers=CT, json={"_errors": [{"detail": detail}]}))
    with pytest.raises(BadRequestError) as caught:
        run.wait()
    assert str(caught.value) == f"HTTP 400 from GET {GET}: {shown}"
    assert caught.value.errors[0].detail == detail


def test_an_error_that_did_not_stop_paging_has_no_resume_point(run: Runner, api: respx.MockRouter) -> None:
    """`resume_after` is on every LeadListError: None when there is no paging to continue."""
    api.get(GET).mock(return_value=httpx.Response(400, headers=CT, json={"_errors": [{"code": "bad"}]}))
    with pytest.raises(BadRequestError) as caught:
        run.wait()
    assert caught.value.resume_after is None
