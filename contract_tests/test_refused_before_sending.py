"""Arguments and bodies that can never work are refused before anything is sent, with a typed error
that names what is wrong (never an AttributeError from deep inside, never a body the server would refuse)."""

from __future__ import annotations

import pytest
import respx

from amplemarket_lead_lists import AuthenticatedClient, InvalidRequestError
from amplemarket_lead_lists.validation import Problem, body_problems, packaged_validator
from contract_tests.polling_harness import BASE, TOKEN, Runner

CREATE = packaged_validator("LeadListCreate")


def test_a_bad_bound_is_named_even_with_a_resume_point(run: Runner, api: respx.MockRouter) -> None:
    """`after=` (a resume point) is checked first; a valid one must not hide a bad `max_pages`."""
    with pytest.raises(InvalidRequestError) as caught:
        run.entries(after="e00041", max_pages=0)
    assert caught.value.problems == (Problem("", "must be an integer of at least 1, got 0", parameter="max_pages"),)
    assert not api.calls


def test_leads_given_as_a_tuple_are_refused_as_jsonschema_refuses_them() -> None:
    """The compiled check reads a tuple as an array; the detailed check, which has the last word, does not."""
    body = {"type": "linkedin", "leads": ({"linkedin_url": "https://www.linkedin.com/in/p1"},), "owner": "a@b"}
    assert CREATE.surely_valid({**body, "shared": True}) is False
    assert body_problems({**body, "shared": True}, CREATE) == [
        Problem("/leads", "must be of type array, got tuple"),
    ]
    assert body_problems(tuple(body.items()), CREATE) == [Problem("", "must be of type object, got tuple")]


@pytest.mark.parametrize("unreadable", [{"a", "set"}, b"bytes"])
def test_a_value_the_compiled_check_cannot_read_is_a_plain_no(unreadable: object) -> None:
    """`surely_valid` answers False (go to the detailed check), not an error, for what is not JSON."""
    assert CREATE.surely_valid(unreadable) is False
    assert body_problems(unreadable, CREATE)[0].pointer == ""


def test_a_prefix_that_is_not_a_string_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match=r"^prefix \(of the key in the auth header\) is not a string$"):
        AuthenticatedClient(base_url=BASE, token=TOKEN, prefix=None)  # type: ignore[arg-type]
