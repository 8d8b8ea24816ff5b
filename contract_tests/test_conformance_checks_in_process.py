"""The custom Schemathesis checks called one by one on a real Case and its answer from an in-process
sandbox (broken one way by the faults a test sets): each stays quiet on a conforming answer, fails
naming the fault, remembers what a run accepted, and runs its once-per-run probes once. Fast where
`test_conformance` drives Schemathesis itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis import Case
from schemathesis.core.transport import Response
from starlette.testclient import TestClient

from amplemarket_lead_lists.conformance.reading import MAX_LEADS_PER_LIST
from amplemarket_lead_lists.sandbox.server import serving
from contract_tests import checks
from contract_tests.broken_sandboxes import Exchange, rewriting
from contract_tests.sandbox_harness import create_body
from contract_tests.test_catalogue import clocked

FAULTS: list[Callable[[Exchange], None]] = []
"""How the sandbox below misbehaves in the current test (nothing by default)."""
SEEN: list[tuple[str, str, str]] = []
"""Every request the sandbox below answered: method, path, query."""


def _misbehave(exchange: Exchange) -> None:
    SEEN.append((exchange["method"], exchange["path"], exchange["query"]))
    for fault in FAULTS:
        fault(exchange)


AUTH: dict[str, str] = {}
"""The current test's key: an account of its own on the shared sandbox."""
SCHEMA = schemathesis.openapi.from_asgi("/openapi.yaml", rewriting(clocked(), _misbehave))


@pytest.fixture(autouse=True)
def fresh_run(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test is a run of its own: nothing remembered, walked or probed yet, no fault."""
    for name, value in (
        ("submitted", {}),
        ("sent", {}),
        ("inputs", {}),
        ("walked", set()),
        ("rechecked", set()),
        ("cap_probed", []),
        ("listings_walked", []),
    ):
        monkeypatch.setattr(checks, name, value)
    monkeypatch.delenv("CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID", raising=False)
    FAULTS.clear()
    SEEN.clear()
    AUTH["Authorization"] = f"Bearer sandbox-checks-{uuid.uuid4().hex}"
    yield
    FAULTS.clear()


def call(method: str, path: str, body: Any = None, **parts: Any) -> tuple[Case[Any], Response]:
    operation = SCHEMA[path][method]
    case = (
        operation.Case(body=body, media_type="application/json", **parts)
        if body is not None
        else operation.Case(**parts)
    )
    return case, case.call(headers=AUTH)


def apply(check: Callable[[Any, Response, Case[Any]], None], exchange: tuple[Case[Any], Response]) -> None:
    check(None, exchange[1], exchange[0])


def created(count: int = 5, **changes: Any) -> str:
    """A list created through the checked path (its 202 remembered as a run's would be), once completed."""
    case, response = call("POST", "/lead-lists", create_body(count, **changes))
    checks.location_is_self_link(None, response, case)
    list_id = str(response.json()["id"])
    while TestClient(SCHEMA.app).get(f"/lead-lists/{list_id}", headers=AUTH).json()["status"] != "completed":
        pass  # the sandbox's clock moves at every reading: the list completes within a few
    return list_id


def read(list_id: str, **query: Any) -> tuple[Case[Any], Response]:
    return call("GET", "/lead-lists/{id}", path_parameters={"id": list_id}, query=query or None)


def added(list_id: str, count: int) -> tuple[Case[Any], Response]:
    leads = [{"linkedin_url": f"https://www.linkedin.com/in/added-{n}"} for n in range(count)]
    return call("POST", "/lead-lists/{id}/leads", {"leads": leads}, path_parameters={"id": list_id})


def when(predicate: Callable[[Exchange], bool], change: Callable[[Exchange], None]) -> None:
    FAULTS.append(lambda exchange: change(exchange) if predicate(exchange) else None)


def is_add(exchange: Exchange) -> bool:
    return bool(exchange["method"] == "POST" and exchange["path"].endswith("/leads"))


def is_read(exchange: Exchange) -> bool:
    reading = exchange["method"] == "GET" and exchange["status"] == 200
    return bool(reading and exchange["path"].startswith("/lead-lists/"))


# -- location_is_self_link, remember, input_problem ----------------------------------------------------------


def test_a_create_is_remembered_with_its_count_body_and_inputs() -> None:
    list_id = created(3)
    assert checks.submitted == {list_id: 3}
    assert checks.sent[list_id] == create_body(3)
    assert checks.inputs[list_id] == [f"linkedin.com/in/person-{n}" for n in range(3)]


def test_an_add_raises_the_count_and_asks_for_the_pages_to_be_walked_again() -> None:
    list_id = created(3)
    checks.walked.add(list_id)
    case, response = added(list_id, 2)
    checks.location_is_self_link(None, response, case)
    assert checks.submitted == {list_id: 5} and checks.walked == set()
    assert checks.inputs[list_id][-2:] == ["linkedin.com/in/added-0", "linkedin.com/in/added-1"]
    assert checks.sent[list_id] == create_body(3)


def test_only_accepted_posts_are_judged_and_remembered() -> None:
    list_id = created(1)
    for case, response in (read(list_id), call("POST", "/lead-lists", create_body(1, owner=None))):
        checks.location_is_self_link(None, response, case)
    assert list(checks.submitted) == [list_id]


def test_a_202_without_an_id_is_left_to_the_schema_check_and_not_remembered() -> None:
    """The answer's schema check names a 202 without an id; this check has no list to remember then."""
    when(lambda e: e["status"] == 202, lambda e: e["body"].pop("id"))
    case, response = call("POST", "/lead-lists", create_body(1))
    checks.location_is_self_link(None, response, case)
    assert (checks.submitted, checks.sent, checks.inputs) == ({}, {}, {})


def test_a_202_whose_location_is_not_its_self_link_is_named() -> None:
    when(lambda e: e["status"] == 202, lambda e: e["headers"].update(location="/elsewhere"))
    case, response = call("POST", "/lead-lists", create_body(1))
    with pytest.raises(AssertionError, match=r"^Location '/elsewhere' differs from _links.self.href '/lead-lists/"):
        checks.location_is_self_link(None, response, case)
    assert checks.submitted == {}


def test_adds_count_up_to_the_cap_and_only_for_lists_created_here() -> None:
    checks.remember("L", {"type": "email", "leads": [{"email": " A@Example.com "}, "not a lead"]}, add=False)
    checks.remember("L", {"leads": [{"email": "b@example.com"}] * (MAX_LEADS_PER_LIST - 1)}, add=True)
    checks.remember("L", {"leads": [{"email": "c@example.com"}] * 5}, add=True)
    assert checks.submitted == {"L": MAX_LEADS_PER_LIST}
    assert checks.inputs["L"][:2] == ["a@example.com", "b@example.com"] and len(checks.inputs["L"]) == 60_005
    checks.remember("elsewhere", {"leads": [{"email": "d@example.com"}]}, add=True)
    assert "elsewhere" not in checks.submitted and "elsewhere" not in checks.inputs
    checks.remember("odd", {"type": "phone", "leads": [{"phone": "1"}]}, add=False)
    assert checks.inputs["odd"] == []


def test_an_entry_no_lead_sent_is_named_with_its_input() -> None:
    checks.remember("L", {"type": "linkedin", "leads": [{"linkedin_url": "https://linkedin.com/in/a"}]}, add=False)
    assert checks.input_problem("L", [{"linkedin_url": "https://www.linkedin.com/in/A/"}]) is None
    assert checks.input_problem("L", [{"linkedin_url": "x"}, {"linkedin_url": "y"}] * 2) == (
        "entries of 'L' carry a linkedin_url no lead sent: ['x', 'y']"
    )
    strays = [{"linkedin_url": url} for url in "edcba"]
    assert checks.input_problem("L", strays) == "entries of 'L' carry a linkedin_url no lead sent: ['a', 'b', 'c']", (
        "a short failure: the first three in order, however many there are"
    )
    assert checks.input_problem("unknown", [{"linkedin_url": "x"}]) is None
    checks.remember("odd", {"type": "phone", "leads": []}, add=False)
    assert checks.input_problem("odd", [{"linkedin_url": "x"}]) is None


# -- lead_lists_echo_what_was_sent ------------------------------------------------------------------------


def test_a_list_created_here_is_judged_on_every_later_answer() -> None:
    list_id = created(2)
    apply(checks.lead_lists_echo_what_was_sent, read(list_id))  # passes as sent
    when(lambda e: is_read(e) or is_add(e), lambda e: e["body"].update(owner="someone@example.com"))
    for case, response in (read(list_id), added(list_id, 1)):
        with pytest.raises(AssertionError, match=r"reports owner 'someone@example.com'; 'user@example.com' was sent$"):
            checks.lead_lists_echo_what_was_sent(None, response, case)


def test_a_create_is_judged_on_its_own_202() -> None:
    when(lambda e: e["status"] == 202, lambda e: e["body"].update(shared=False))
    case, response = call("POST", "/lead-lists", create_body(1))
    with pytest.raises(AssertionError, match=r"reports shared False; True was sent$"):
        checks.lead_lists_echo_what_was_sent(None, response, case)


def test_answers_of_lists_not_created_here_or_not_lists_are_not_judged() -> None:
    when(
        lambda e: e["method"] == "POST", lambda e: e["body"].update(owner="someone@example.com") if e["body"] else None
    )
    case, response = call("POST", "/lead-lists", create_body(1))
    list_id = response.json()["id"]
    apply(checks.lead_lists_echo_what_was_sent, added(list_id, 1))  # an add: no create body
    for case, response in (read("no-such-list"), call("POST", "/lead-lists", create_body(1, owner=None))):
        checks.lead_lists_echo_what_was_sent(None, response, case)


def test_an_answer_other_than_200_or_202_is_not_judged_even_carrying_the_list() -> None:
    """A refusal is judged by the error checks: one that carries the list (owner changed here) is not an
    echo of what was sent."""
    list_id = created(1)
    when(is_add, lambda e: e.update(status=409, body={**e["body"], "owner": "someone@example.com"}))
    case, response = added(list_id, 1)
    assert (response.status_code, response.json()["id"]) == (409, list_id)
    checks.lead_lists_echo_what_was_sent(None, response, case)


# -- statuses_fit_the_request ---------------------------------------------------------------------------------


def test_a_400_without_query_parameters_is_named() -> None:
    when(lambda e: e["status"] == 404, lambda e: e.update(status=400))
    case, response = read("no-such-list")
    with pytest.raises(AssertionError, match=r"^GET /lead-lists/no-such-list without query parameters answered 400$"):
        checks.statuses_fit_the_request(None, response, case)


def test_a_bad_query_on_a_lead_list_is_read_again_without_it_once() -> None:
    list_id = created(1)
    case, response = read(list_id, **{"page[size]": 0})
    assert response.status_code == 400
    SEEN.clear()
    checks.statuses_fit_the_request(None, response, case)
    checks.statuses_fit_the_request(None, response, case)
    assert [("GET", f"/lead-lists/{list_id}", "")] == SEEN
    assert checks.rechecked == {f"/lead-lists/{list_id}"}


def test_an_unknown_list_read_again_without_the_bad_query_may_be_a_404() -> None:
    """The 400 was for the query; without it an unknown id is a 404, as the spec says, and passes."""
    case, response = read("no-such-list", **{"page[size]": 0})
    assert response.status_code == 400
    SEEN.clear()
    checks.statuses_fit_the_request(None, response, case)
    assert SEEN == [("GET", "/lead-lists/no-such-list", "")]


def test_a_lead_list_answering_otherwise_without_the_bad_query_is_named() -> None:
    when(lambda e: e["method"] == "GET" and e["query"] == "", lambda e: e.update(status=500))
    case, response = read("no-such-list", **{"page[size]": 0})
    with pytest.raises(
        AssertionError, match=r"^GET /lead-lists/no-such-list \(the same lead list without a query\) answered 500$"
    ):
        checks.statuses_fit_the_request(None, response, case)


def test_only_400s_of_reads_of_one_list_are_read_again() -> None:
    for case, response in (
        call("GET", "/lead-lists", query={"page[size]": 0}),
        read("no-such-list"),
        call("POST", "/lead-lists", create_body(1, owner=None)),
    ):
        SEEN.clear()
        checks.statuses_fit_the_request(None, response, case)
        assert SEEN == []


# -- adds_make_the_list_pending, errors_are_well_formed, retry_after_while_pending ------------------------------


def test_an_add_answered_with_a_completed_list_is_named() -> None:
    list_id = created(1)
    apply(checks.adds_make_the_list_pending, added(list_id, 1))
    when(lambda e: e["status"] == 202, lambda e: e["body"].update(status="completed"))
    case, response = added(list_id, 1)
    with pytest.raises(AssertionError, match=r"^an accepted add answered with the lead list 'completed', not queued"):
        checks.adds_make_the_list_pending(None, response, case)
    apply(checks.adds_make_the_list_pending, call("POST", "/lead-lists", create_body(1)))


def test_an_error_without_its_envelope_is_named() -> None:
    case, response = read("no-such-list")
    checks.errors_are_well_formed(None, response, case)
    when(lambda e: e["status"] == 404, lambda e: e.update(body={"message": "no"}))
    case, response = read("no-such-list")
    with pytest.raises(AssertionError, match=r"^HTTP 404 without a non-empty _errors array of objects$"):
        checks.errors_are_well_formed(None, response, case)


def test_a_completed_list_carrying_retry_after_is_named() -> None:
    list_id = created(1)
    case, response = read(list_id)
    assert response.json()["status"] == "completed"
    checks.retry_after_while_pending(None, response, case)
    when(is_read, lambda e: e["headers"].update({"retry-after": "5"}))
    case, response = read(list_id)
    with pytest.raises(AssertionError, match=r"^a completed list carries Retry-After$"):
        checks.retry_after_while_pending(None, response, case)


# -- lead_list_cap_is_enforced -----------------------------------------------------------------------------------


def nearly_full(monkeypatch: pytest.MonkeyPatch) -> str:
    got = TestClient(SCHEMA.app).post("/_sandbox/lead-lists", json={"entries": MAX_LEADS_PER_LIST - 1}, headers=AUTH)
    list_id = str(got.json()["id"])
    monkeypatch.setenv("CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID", list_id)
    return list_id


def test_the_cap_is_probed_once_on_the_nearly_full_list(monkeypatch: pytest.MonkeyPatch) -> None:
    list_id = nearly_full(monkeypatch)
    case, response = added(created(1), 1)
    SEEN.clear()
    checks.lead_list_cap_is_enforced(None, response, case)
    checks.lead_list_cap_is_enforced(None, response, case)
    assert [(method, path) for method, path, _ in SEEN] == [("POST", f"/lead-lists/{list_id}/leads")] * 2
    assert checks.cap_probed == [list_id]


def test_the_cap_is_probed_only_after_an_add_and_only_when_a_list_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    case, response = added(created(1), 1)
    checks.lead_list_cap_is_enforced(None, response, case)
    nearly_full(monkeypatch)
    not_an_add = read("no-such-list")
    SEEN.clear()
    apply(checks.lead_list_cap_is_enforced, not_an_add)
    assert SEEN == [] and checks.cap_probed == []


@pytest.mark.parametrize(
    ("status", "changed", "problem"),
    [
        (202, 409, r"^adding 2 lead\(s\) to a list of 59999 answered 409, not 202$"),
        (409, 202, r"^adding 1 lead\(s\) to a list of 60000 answered 202, not 409$"),
    ],
)
def test_a_cap_answered_otherwise_is_named(
    monkeypatch: pytest.MonkeyPatch, status: int, changed: int, problem: str
) -> None:
    list_id = nearly_full(monkeypatch)
    case, response = added(created(1), 1)
    when(lambda e: list_id in e["path"] and e["status"] == status, lambda e: e.update(status=changed))
    with pytest.raises(AssertionError, match=problem):
        checks.lead_list_cap_is_enforced(None, response, case)


def test_a_409_without_errors_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    nearly_full(monkeypatch)
    case, response = added(created(1), 1)
    when(lambda e: e["status"] == 409, lambda e: e.update(body={"status": "full"}))
    with pytest.raises(AssertionError, match=r"^the 409 of a full lead list carries no _errors$"):
        checks.lead_list_cap_is_enforced(None, response, case)


# -- pages_are_complete -----------------------------------------------------------------------------------------


def test_a_completed_list_is_walked_once_in_its_pages_and_in_small_ones() -> None:
    list_id = created(5)
    case, response = read(list_id, **{"page[size]": 2})
    SEEN.clear()
    checks.pages_are_complete(None, response, case)
    sizes = {query.split("&")[0] for _, _, query in SEEN}
    assert sizes == {"page%5Bsize%5D=2", "page%5Bsize%5D=1"}
    assert checks.walked == {list_id}
    SEEN.clear()
    checks.pages_are_complete(None, response, case)
    assert SEEN == []


def test_pages_read_from_a_cursor_or_of_a_pending_list_are_not_walked() -> None:
    list_id = created(3)
    _, first = read(list_id)
    for case, response in (
        read(list_id, **{"page[size]": 1, "page[after]": first.json()["leads"][0]["id"]}),
        read(list_id, **{"page[size]": 1, "page[before]": first.json()["leads"][2]["id"]}),
        read("no-such-list"),
        call("POST", "/lead-lists", create_body(1)),
    ):
        checks.pages_are_complete(None, response, case)
    assert checks.walked == set()


@pytest.mark.parametrize("status", [202, 200])
def test_only_a_read_is_walked_not_an_add_answered_with_the_list_completed(status: int) -> None:
    """An add's answer saying `completed` is adds_make_the_list_pending's fault to name: this check walks
    the pages of reads only, never of a list an add has just changed (even one answered 200)."""
    list_id = created(3)
    when(is_add, lambda e: e.update(status=status, body={**e["body"], "status": "completed"}))
    case, response = added(list_id, 1)
    assert response.json()["status"] == "completed"
    SEEN.clear()
    checks.pages_are_complete(None, response, case)
    assert (checks.walked, SEEN) == (set(), [])


def test_a_list_short_of_what_was_submitted_is_named() -> None:
    list_id = created(5)
    checks.submitted[list_id] = 6
    case, response = read(list_id)
    with pytest.raises(AssertionError, match=r"^following next returned 5 entries; 6 were submitted$"):
        checks.pages_are_complete(None, response, case)


def test_an_entry_with_another_input_is_named() -> None:
    list_id = created(5)
    when(is_read, lambda e: e["body"]["leads"][0].update(linkedin_url="https://linkedin.com/in/other"))
    case, response = read(list_id, **{"page[size]": 100})
    with pytest.raises(AssertionError, match=r"carry a linkedin_url no lead sent: \['linkedin.com/in/other'\]$"):
        checks.pages_are_complete(None, response, case)


def test_a_small_page_walk_meeting_other_entries_is_named() -> None:
    list_id = created(60)
    when(lambda e: is_read(e) and "page%5Bsize%5D=3" in e["query"], lambda e: e["body"]["leads"].reverse())
    case, response = read(list_id)
    with pytest.raises(
        AssertionError, match=r"^walking in smaller pages returned other entries than walking in large ones$"
    ):
        checks.pages_are_complete(None, response, case)


def test_a_list_of_one_or_walked_in_its_small_size_is_walked_once() -> None:
    for count, size in ((1, 100), (5, 1)):
        case, response = read(created(count), **{"page[size]": size})
        SEEN.clear()
        checks.pages_are_complete(None, response, case)
        assert {query for _, _, query in SEEN if "page%5Bsize%5D=1&" not in query and query} <= {
            f"page%5Bsize%5D={size}"
        }


def test_a_list_of_two_is_walked_again_in_pages_of_one() -> None:
    """Two entries are the fewest that cross a page boundary: the smallest list walked in small pages."""
    case, response = read(created(2))
    SEEN.clear()
    checks.pages_are_complete(None, response, case)
    assert any(query.startswith("page%5Bsize%5D=1") for _, _, query in SEEN), SEEN


# -- listed_lead_lists_are_readable -------------------------------------------------------------------------------


def test_the_listing_is_walked_and_read_back_once() -> None:
    made = [created(1) for _ in range(3)]
    case, response = call("GET", "/lead-lists", query={"page[size]": 2})
    SEEN.clear()
    checks.listed_lead_lists_are_readable(None, response, case)
    assert checks.listings_walked == [3]
    read_back = [path.rsplit("/", 1)[1] for method, path, query in SEEN if path != "/lead-lists"]
    assert read_back == made[::-1][:2]
    SEEN.clear()
    checks.listed_lead_lists_are_readable(None, response, case)
    assert SEEN == []


def test_listings_not_from_the_first_page_or_empty_or_refused_are_not_walked() -> None:
    empty = call("GET", "/lead-lists")
    older, newer = created(1), created(1)  # listed newest first: after the newer comes the older
    later = [
        call("GET", "/lead-lists", query={"page[size]": 1, "page[after]": newer}),
        call("GET", "/lead-lists", query={"page[size]": 1, "page[before]": older}),
    ]
    assert all(response.json()["lead_lists"] for _, response in later)  # only the guard keeps them unwalked
    for case, response in (empty, *later, call("GET", "/lead-lists", query={"page[size]": 0}), read(newer)):
        checks.listed_lead_lists_are_readable(None, response, case)
    assert checks.listings_walked == []


def test_a_listed_list_reading_back_otherwise_is_named() -> None:
    list_id = created(1)
    when(is_read, lambda e: e["body"].update(name="renamed"))
    case, response = call("GET", "/lead-lists")
    with pytest.raises(AssertionError, match=f"^lead list '{list_id}' reads back as '{list_id}' 'renamed'$"):
        checks.listed_lead_lists_are_readable(None, response, case)


def test_over_http_a_listed_list_is_read_back_over_http_and_named_when_it_differs() -> None:
    """`make conformance` against a URL: the check reads the lists back over HTTP, at the run's base URL
    with the run's key (no ASGI app to talk to in-process)."""
    with serving(rewriting(clocked(), _misbehave)) as url:
        over_http = schemathesis.openapi.from_url(f"{url}/openapi.yaml")
        list_id = httpx.post(f"{url}/lead-lists", json=create_body(1), headers=AUTH).json()["id"]
        when(is_read, lambda e: e["body"].update(name="renamed"))
        case = over_http["/lead-lists"]["GET"].Case()
        response = case.call(headers=AUTH)
        SEEN.clear()
        with pytest.raises(AssertionError, match=f"^lead list '{list_id}' reads back as '{list_id}' 'renamed'$"):
            checks.listed_lead_lists_are_readable(None, response, case)
    assert [(method, path) for method, path, _ in SEEN] == [("GET", f"/lead-lists/{list_id}")]


def test_a_read_without_page_size_is_judged_in_pages_of_100() -> None:
    list_id = created(120)
    case, response = read(list_id)
    while response.json()["status"] != "completed":  # the sandbox's clock moves at every reading
        case, response = read(list_id)
    assert len(response.json()["leads"]) == 100
    checks.pages_are_complete(None, response, case)
    assert checks.walked == {list_id}
