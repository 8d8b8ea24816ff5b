"""How a conformance run's session reaches the server, pinned in-process: POSTs wait out 429s like GETs,
every answer is kept for the response rules, a `_links` href is fetched or fails the rule, lists are
created once per role and waited for (as `Retry-After` says, never forever), a list's entries are
walked to the end, and the list a read-only rule reads is found or the rule is skipped by name."""

from __future__ import annotations

import itertools
import re
from typing import Any

import httpx
import pytest

from amplemarket_lead_lists.conformance import RULES, Rule, Skip
from amplemarket_lead_lists.conformance.session import (
    expect,
    linkedin_leads,
    plain_body,
)
from contract_tests.rule_harness import (
    AUTH,
    OTHER_AUTH,
    in_turn,
    prefill,
    sandbox_session,
    scripted_session,
)


def answer(status: int, body: Any = None, **headers: str) -> httpx.Response:
    return (
        httpx.Response(status, json=body, headers=headers)
        if body is not None
        else httpx.Response(status, headers=headers)
    )


def never(seconds: float) -> None:
    pytest.fail(f"waited {seconds} s where no wait was due")


# -- requests -----------------------------------------------------------------------------------------


def test_a_post_waits_out_429s_as_retry_after_says_and_keeps_only_the_final_answer() -> None:
    slept: list[float] = []
    s, requests = scripted_session(
        in_turn(
            answer(429, **{"Retry-After": "2"}),
            answer(429),
            answer(429, **{"Retry-After": "later"}),
            answer(202, {"id": "L"}),
        ),
        sleep=slept.append,
    )
    got = s.post("/lead-lists", {"leads": []})
    assert got.status_code == 202
    assert slept == [2.0, 1.0, 1.0]
    assert [(r.method, r.url.path, r.content) for r in requests] == [("POST", "/lead-lists", b'{"leads":[]}')] * 4
    assert [(seen.method, seen.path, seen.status, seen.body) for seen in s.seen] == [
        ("POST", "/lead-lists", 202, {"id": "L"})
    ]


def test_a_post_gives_up_after_five_429s() -> None:
    slept: list[float] = []
    s, requests = scripted_session(in_turn(answer(429, **{"Retry-After": "3"})), sleep=slept.append)
    assert s.post("/lead-lists", {}).status_code == 429
    assert slept == [3.0] * 5 and len(requests) == 6


def test_a_get_waits_out_a_429_and_keeps_what_it_saw() -> None:
    slept: list[float] = []
    s, requests = scripted_session(
        in_turn(answer(429, **{"Retry-After": "4"}), httpx.Response(200, text="not json", headers={"X-A": "1"})),
        sleep=slept.append,
    )
    got = s.get("/lead-lists/L", {"page[size]": 3})
    assert got.status_code == 200 and slept == [4.0]
    assert str(requests[-1].url) == "http://testserver/lead-lists/L?page%5Bsize%5D=3"
    assert requests[-1].headers["authorization"] == AUTH["Authorization"]
    [seen] = s.seen
    assert (seen.method, seen.path, seen.status, seen.body, seen.headers["x-a"]) == (
        "GET",
        "/lead-lists/L",
        200,
        None,
        "1",
    )


def test_the_second_key_is_sent_only_when_asked_for() -> None:
    s, requests = scripted_session(in_turn(answer(404, {})), other_headers=OTHER_AUTH)
    s.get("/lead-lists/L", other=True)
    s.post("/lead-lists/L/leads", {}, other=True)
    s.get("/lead-lists/L")
    assert [r.headers["authorization"] for r in requests] == [OTHER_AUTH["Authorization"]] * 2 + [AUTH["Authorization"]]


def test_without_a_second_key_a_rule_needing_it_is_skipped_by_name() -> None:
    s, requests = scripted_session(in_turn(answer(200, {})))
    with pytest.raises(Skip, match=r"^needs CONFORMANCE_SECOND_API_KEY$"):
        s.get("/lead-lists", other=True)
    with pytest.raises(Skip, match=r"^needs CONFORMANCE_SECOND_API_KEY$"):
        s.post("/lead-lists", {}, other=True)
    assert requests == []


def test_fetch_follows_an_href_with_its_query_and_fails_on_anything_but_200() -> None:
    s, requests = scripted_session(in_turn(answer(200, {"leads": [1]}), answer(404, {})))
    assert s.fetch("/lead-lists/L?page[size]=2&page[after]=e1") == {"leads": [1]}
    assert requests[0].url.path == "/lead-lists/L"
    assert dict(requests[0].url.params) == {"page[size]": "2", "page[after]": "e1"}
    with pytest.raises(AssertionError, match=r"^GET /lead-lists/L\?page\[size\]=2 answered 404$"):
        s.fetch("/lead-lists/L?page[size]=2")


def test_expect_names_what_answered_what() -> None:
    expect(httpx.Response(202), 202, "a create")
    with pytest.raises(AssertionError, match=r"^a create answered 400, not 202$"):
        expect(httpx.Response(400), 202, "a create")


# -- lists ----------------------------------------------------------------------------------------------


def test_a_roles_list_is_created_once_and_its_202_kept() -> None:
    s = sandbox_session()
    list_id, body = s.created("plain")
    assert s.created("plain") == (list_id, body)
    assert [seen.method for seen in s.seen] == ["POST"]
    assert s.accepted["plain"]["id"] == list_id and s.accepted["plain"]["status"] == "queued"
    assert body == plain_body(s) and len(body["leads"]) == 120
    assert s.client.get(f"/lead-lists/{list_id}", headers=AUTH).status_code == 200


def test_a_refused_create_fails_the_rule_with_the_role_and_the_count() -> None:
    s, _ = scripted_session(in_turn(answer(400, {})))
    with pytest.raises(AssertionError, match=r"^create of the quiet email list \(3 leads\) answered 400, not 202$"):
        s.created("quiet email")
    assert s.lists == {} and s.accepted == {}


def test_the_create_bodies_turn_each_default_the_other_way() -> None:
    s = sandbox_session()
    plain, flags, quiet = (s.created(role)[1] for role in ("plain", "flags", "quiet email"))
    assert {"name", "visible", "options"} & set(plain) == set()
    assert plain["owner"] == "conformance@example.com" and plain["type"] == "linkedin"
    assert flags["visible"] is False and flags["options"]["reveal_phone_numbers"] is True
    assert re.fullmatch("conformance [0-9a-f]{8}", flags["name"]) and len(flags["leads"]) == 3
    assert quiet["type"] == "email" and quiet["options"] == {"validate_email": False, "enrich": False}
    assert [lead["email"] for lead in quiet["leads"]] == [f"conformance-{n}@example.com" for n in range(3)]


def test_linkedin_leads_count_from_start() -> None:
    assert linkedin_leads(2, "t") == [
        {"linkedin_url": "https://www.linkedin.com/in/conformance-t-0"},
        {"linkedin_url": "https://www.linkedin.com/in/conformance-t-1"},
    ]
    assert linkedin_leads(1, "t", start=3) == [{"linkedin_url": "https://www.linkedin.com/in/conformance-t-3"}]


def test_a_list_is_polled_as_retry_after_says_until_completed() -> None:
    slept: list[float] = []
    s, requests = scripted_session(
        in_turn(
            answer(200, {"status": "queued"}, **{"Retry-After": "7"}),
            answer(200, {"status": "processing"}),
            answer(200, {"status": "completed", "leads": []}),
        ),
        sleep=slept.append,
    )
    assert s.completed("L") == {"status": "completed", "leads": []}
    assert slept == [7.0, 5.0]  # 5 s when the pending list gives no Retry-After
    assert [r.url.path for r in requests] == ["/lead-lists/L"] * 3


@pytest.mark.parametrize("status", ["failed", None])
def test_a_list_that_will_never_complete_fails_the_rule(status: str | None) -> None:
    s, requests = scripted_session(in_turn(answer(200, {"status": status})), sleep=never)
    with pytest.raises(AssertionError, match=f"^lead list L is {status!r}, not completed$"):
        s.completed("L")
    assert len(requests) == 1


def test_a_list_that_cannot_be_read_fails_the_rule() -> None:
    s, _ = scripted_session(in_turn(answer(404, {})))
    with pytest.raises(AssertionError, match=r"^GET /lead-lists/L answered 404, not 200$"):
        s.completed("L")


def test_a_list_pending_past_the_timeout_fails_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run waits `timeout` (900 s unless told) for a list, then fails it as still pending."""
    readings = itertools.chain([0.0, 900.0, 900.5], itertools.repeat(5000.0))
    monkeypatch.setattr("amplemarket_lead_lists.conformance.session.time.monotonic", lambda: next(readings))
    s, requests = scripted_session(in_turn(answer(200, {"status": "processing"}, **{"Retry-After": "1"})))
    with pytest.raises(AssertionError, match=r"^lead list L is 'processing', not completed$"):
        s.completed("L")
    # the deadline is 900 s after the first reading: a poll at 900 s still waits, one at 900.5 s gives up
    assert len(requests) == 2


def test_entries_follow_next_from_the_page_size_and_cursor_asked_for() -> None:
    s = sandbox_session()
    list_id = prefill(s, 7)
    everything = s.entries(list_id, size=3)
    assert len(everything) == 7 and len({e["id"] for e in everything}) == 7
    assert [e["id"] for e in s.entries(list_id, size=2, after=everything[2]["id"])] == [e["id"] for e in everything[3:]]
    asked = [seen.path for seen in s.seen if seen.path.startswith("/lead-lists/")]
    assert len(asked) == 1 + 3 + 1 + 2  # a poll and 3 pages, a poll and 2 pages


def test_entries_stop_once_more_than_a_full_list_was_found() -> None:
    """A server whose `next` never ends is walked no further than 60,000 entries and one page."""
    count = itertools.count()

    def endless(request: httpx.Request) -> httpx.Response:
        page = [{"id": str(next(count))} for _ in range(100)]
        return answer(
            200, {"status": "completed", "leads": page, "_links": {"next": {"href": "/lead-lists/L?page[size]=100"}}}
        )

    s, _ = scripted_session(endless)
    assert len(s.entries("L")) == 60_100


def test_the_list_named_by_the_setting_is_read_without_a_request() -> None:
    s, requests = scripted_session(in_turn(answer(500)), lead_list_id="given")
    assert s.readable_list() == "given"
    assert requests == []


def test_with_creating_allowed_the_plain_list_is_read_once_completed() -> None:
    s = sandbox_session()
    list_id = s.readable_list()
    assert list_id == s.lists["plain"][0]
    assert s.seen[-1].body["status"] == "completed"


def test_read_only_reads_the_first_completed_list_the_listing_shows() -> None:
    listing = {
        "lead_lists": [
            {"id": "P", "status": "queued"},
            {"id": "C", "status": "completed"},
            {"id": "D", "status": "completed"},
        ]
    }
    s, requests = scripted_session(in_turn(answer(200, listing)))
    assert s.readable_list() == "C"
    assert [(r.method, r.url.path) for r in requests] == [("GET", "/lead-lists")]


def test_read_only_without_a_completed_list_is_skipped_by_name() -> None:
    s, _ = scripted_session(in_turn(answer(200, {"lead_lists": [{"id": "P", "status": "processing"}]})))
    with pytest.raises(Skip, match=r"^no completed lead list to read \(set CONFORMANCE_LEAD_LIST_ID\)$"):
        s.readable_list()


def test_read_only_fails_when_the_listing_cannot_be_read() -> None:
    s, _ = scripted_session(in_turn(answer(401, {})))
    with pytest.raises(AssertionError, match=r"^GET /lead-lists answered 401, not 200$"):
        s.readable_list()


# -- rules ---------------------------------------------------------------------------------------------


def test_a_rules_summary_is_its_functions_first_paragraph_on_one_line() -> None:
    assert RULES["unknown_lead_lists_are_not_found"].summary == (
        "A lead list id that was never created is a 404, with or without paging (never the 400 the "
        "spec also documents for GET)."
    )
    assert Rule("bare", "nowhere", frozenset()).summary == ""
    assert Rule("undocumented", "nowhere", frozenset(), check=lambda s: None).summary == ""
