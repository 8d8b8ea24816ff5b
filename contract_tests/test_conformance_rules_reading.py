"""How the conformance rules read a server, pinned in-process without Schemathesis: a GET waits out
429s as `Retry-After` says (and no longer than it may), a page walk fails with evidence on each way a
server can page wrongly, and a lead list's echo of its create body is compared field by field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from amplemarket_lead_lists.conformance.reading import (
    check_pages,
    echo_problem,
    get_politely,
    normalised,
    walk,
)

URL = "http://server.test/lead-lists"


def answering(*answers: httpx.Response) -> tuple[httpx.Client, list[httpx.Request]]:
    """A client whose server gives `answers` in turn (the last one again once they run out)."""
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return answers[min(len(requests), len(answers)) - 1]

    return httpx.Client(transport=httpx.MockTransport(handler)), requests


def limited(retry_after: str | None = None) -> httpx.Response:
    return httpx.Response(429, headers={} if retry_after is None else {"Retry-After": retry_after})


OK = httpx.Response(200, json={"ok": True})


@pytest.mark.parametrize(("retry_after", "waited"), [("3", 3.0), (None, 1.0), ("soon", 1.0), ("120", 120.0)])
def test_a_get_waits_out_a_429_as_retry_after_says(retry_after: str | None, waited: float) -> None:
    """Without a usable `Retry-After` (absent or not a number of seconds) a rule waits 1 s."""
    client, requests = answering(limited(retry_after), OK)
    slept: list[float] = []
    got = get_politely(client, URL, {"page[size]": 5}, {"Authorization": "Bearer k"}, slept.append)
    assert got.status_code == 200
    assert slept == [waited]
    assert [(r.url.params["page[size]"], r.headers["authorization"]) for r in requests] == [("5", "Bearer k")] * 2


def test_a_get_does_not_wait_longer_than_the_longest_retry_after() -> None:
    """A `Retry-After` above 120 s is returned as the 429 it is, at once, rather than stall the run."""
    client, requests = answering(limited("121"), OK)
    slept: list[float] = []
    assert get_politely(client, URL, None, {}, slept.append).status_code == 429
    assert slept == [] and len(requests) == 1


def test_a_get_gives_up_after_the_last_retry_and_returns_the_429() -> None:
    """Five 429s in a row are waited out; the sixth answer is returned whatever it is."""
    client, requests = answering(limited("2"))
    slept: list[float] = []
    assert get_politely(client, URL, None, {}, slept.append).status_code == 429
    assert slept == [2.0] * 5
    assert len(requests) == 6


def test_a_get_answered_at_once_never_waits() -> None:
    client, requests = answering(httpx.Response(404))
    slept: list[float] = []
    assert get_politely(client, URL, None, {}, slept.append).status_code == 404
    assert slept == [] and len(requests) == 1


# -- page walks ---------------------------------------------------------------------------------------


def href(after: int | None = None, before: int | None = None, size: int = 2) -> str:
    query = f"page[size]={size}"
    query += f"&page[after]={after}" if after is not None else ""
    query += f"&page[before]={before}" if before is not None else ""
    return f"/lead-lists/L?{query}"


def paged(count: int, size: int, items: str = "leads") -> dict[str, dict[str, Any]]:
    """A correct server's pages of `count` items ("e0", "e1", ...), by the href that reaches each: the
    first page under its own href, every other by the `next` of the one before and the `prev` of
    the one after."""
    ids = [f"e{n}" for n in range(count)]
    pages: dict[str, dict[str, Any]] = {}
    starts = list(range(0, max(count, 1), size))
    for number, start in enumerate(starts):
        links: dict[str, Any] = {}
        if number + 1 < len(starts):
            links["next"] = {"href": href(after=start + size - 1, size=size)}
        if number > 0:
            links["prev"] = {"href": href(before=start, size=size)}
        page = {items: [{"id": i} for i in ids[start : start + size]], "_links": links}
        pages[href(size=size) if number == 0 else href(after=start - 1, size=size)] = page
        if number + 1 < len(starts):
            pages[href(before=start + size, size=size)] = page
    return pages


def fetcher(pages: dict[str, dict[str, Any]], limit: int = 50) -> tuple[Callable[[str], dict[str, Any]], list[str]]:
    """GET from `pages`, and the hrefs asked for; a walk that asks more than `limit` times is stuck."""
    asked: list[str] = []

    def fetch(link: str) -> dict[str, Any]:
        asked.append(link)
        if len(asked) > limit:
            raise RuntimeError(f"the walk asked for more than {limit} pages")
        return pages[link]

    return fetch, asked


def test_a_walk_reaches_every_item_once_and_follows_every_link() -> None:
    pages = paged(5, 2)
    fetch, asked = fetcher(pages)
    found = walk(pages[href()], fetch, size=2)
    assert [item["id"] for item in found] == ["e0", "e1", "e2", "e3", "e4"]
    # every next, then every prev back
    assert asked == [href(after=1), href(after=3), href(before=2), href(before=4)]


def test_a_walk_of_the_listing_reads_its_lead_lists() -> None:
    pages = paged(3, 2, items="lead_lists")
    fetch, _ = fetcher(pages)
    assert [item["id"] for item in walk(pages[href()], fetch, size=2, items="lead_lists")] == ["e0", "e1", "e2"]


def test_a_single_page_walk_fetches_nothing() -> None:
    pages = paged(2, 2)
    fetch, asked = fetcher(pages)
    assert len(walk(pages[href()], fetch, size=2)) == 2
    assert asked == []


def test_a_walk_takes_each_pages_size_from_the_next_link() -> None:
    """A `next` that asks for page[size]=1 makes the next page a page of 1, judged as such."""
    first = {"leads": [{"id": "a"}, {"id": "b"}], "_links": {"next": {"href": "/x?page[size]=1&page[after]=b"}}}
    second = {"leads": [{"id": "c"}], "_links": {"prev": {"href": "/x?page[before]=c"}}}
    fetch, _ = fetcher({"/x?page[size]=1&page[after]=b": second, "/x?page[before]=c": first})
    assert [item["id"] for item in walk(first, fetch, size=2)] == ["a", "b", "c"]
    second["leads"] = [{"id": "c"}, {"id": "d"}]
    with pytest.raises(AssertionError, match=r"page 2 of `leads` holds 2 with page\[size\]=1"):
        walk(first, fetch, size=2)


def test_a_next_link_without_a_size_keeps_the_size_before() -> None:
    first = {"leads": [{"id": "a"}, {"id": "b"}], "_links": {"next": {"href": "/x?page[after]=b"}}}
    second = {"leads": [{"id": "c"}, {"id": "d"}, {"id": "e"}], "_links": {"prev": {"href": "/x?page[before]=c"}}}
    fetch, _ = fetcher({"/x?page[after]=b": second, "/x?page[before]=c": first})
    with pytest.raises(AssertionError, match=r"page 2 of `leads` holds 3 with page\[size\]=2"):
        walk(first, fetch, size=2)


def test_next_links_that_never_end_fail_the_walk() -> None:
    endless = {"leads": [{"id": "a"}], "_links": {"next": {"href": "/x?page[size]=1"}}}
    fetch, asked = fetcher({"/x?page[size]=1": endless}, limit=1000)
    with pytest.raises(AssertionError, match="more than 1000 pages: the next links do not end"):
        walk(endless, fetch, size=1)
    assert len(asked) == 1000


def test_an_item_met_twice_fails_the_walk() -> None:
    pages = paged(4, 2)
    pages[href(after=1)]["leads"][1] = {"id": "e0"}
    fetch, _ = fetcher(pages)
    with pytest.raises(AssertionError, match="following next returned an item of `leads` twice"):
        walk(pages[href()], fetch, size=2)


def test_a_later_page_without_prev_fails_the_walk() -> None:
    pages = paged(4, 2)
    del pages[href(after=1)]["_links"]["prev"]
    fetch, _ = fetcher(pages)
    with pytest.raises(AssertionError, match="a page after the first has no prev link"):
        walk(pages[href()], fetch, size=2)


def test_a_prev_that_leads_elsewhere_fails_the_walk_naming_it() -> None:
    pages = paged(6, 2)
    pages[href(before=4)] = pages[href()]  # prev of the third page leads to the first
    fetch, _ = fetcher(pages)
    with pytest.raises(AssertionError, match=r"prev /lead-lists/L\?page\[size\]=2&page\[before\]=4 does not lead back"):
        walk(pages[href()], fetch, size=2)


def page(count: int, *, next: bool = False, prev: bool = False) -> dict[str, Any]:
    links = {name: {"href": f"/{name}"} for name, present in (("next", next), ("prev", prev)) if present}
    return {"leads": [{"id": n} for n in range(count)], "_links": links}


@pytest.mark.parametrize(
    ("pages", "sizes"),
    [
        ([page(0)], [5]),  # an empty list: one empty page
        ([page(3)], [5]),  # a short last page
        ([page(5, next=True), page(5, prev=True)], [5, 5]),  # a full last page
        ([page(5, next=True), page(1, prev=True)], [5, 5]),
    ],
)
def test_pages_a_conforming_server_gives_pass(pages: list[dict[str, Any]], sizes: list[int]) -> None:
    check_pages(pages, sizes, "leads")


@pytest.mark.parametrize(
    ("pages", "sizes", "problem"),
    [
        ([page(2, prev=True)], [5], "the first page of `leads` has a prev link"),
        ([page(6)], [5], r"page 1 of `leads` holds 6 with page\[size\]=5$"),
        ([page(4, next=True), page(1, prev=True)], [5, 5], r"page 1 of `leads` holds 4 with page\[size\]=5$"),
        ([page(6, next=True), page(1, prev=True)], [5, 5], r"page 1 of `leads` holds 6 with page\[size\]=5$"),
        (
            [page(5, next=True), page(0, prev=True)],
            [5, 5],
            r"page 2 of `leads` holds 0 with page\[size\]=5 \(next led to an empty page\)",
        ),
    ],
)
def test_each_paging_fault_fails_with_the_page_and_the_numbers(
    pages: list[dict[str, Any]], sizes: list[int], problem: str
) -> None:
    with pytest.raises(AssertionError, match=problem):
        check_pages(pages, sizes, "leads")


# -- what came back -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "got"),
    [
        ("https://www.linkedin.com/in/Someone/", "linkedin.com/in/someone"),
        ("  http://LinkedIn.com/in/a ", "linkedin.com/in/a"),
        ("www.example.com", "example.com"),
        (None, "none"),
    ],
)
def test_inputs_compare_as_a_server_may_fairly_rewrite_them(sent: object, got: str) -> None:
    assert normalised(sent) == got


SENT: dict[str, Any] = {
    "type": "linkedin",
    "owner": "Owner@Example.com",
    "shared": False,
    "visible": False,
    "name": "conformance x",
    "options": {"reveal_phone_numbers": True, "enrich": False},
}


def echoed(**changes: Any) -> dict[str, Any]:
    return {"id": "L1", **SENT, "owner": "owner@example.com", **changes}


def test_a_list_reporting_what_was_sent_has_no_echo_problem() -> None:
    assert echo_problem(SENT, echoed()) is None
    # a field not sent (or sent empty: the server names the list) is not compared
    assert echo_problem({**SENT, "name": "", "visible": None}, echoed(name="generated", visible=True)) is None


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"type": "email"}, "lead list 'L1' reports type 'email'; 'linkedin' was sent"),
        ({"owner": "x@example.com"}, "lead list 'L1' reports owner 'x@example.com'; 'owner@example.com' was sent"),
        ({"owner": None}, "lead list 'L1' reports owner None; 'Owner@Example.com' was sent"),
        ({"shared": True}, "lead list 'L1' reports shared True; False was sent"),
        ({"visible": True}, "lead list 'L1' reports visible True; False was sent"),
        ({"name": "renamed"}, "lead list 'L1' reports name 'renamed'; 'conformance x' was sent"),
        (
            {"options": {"reveal_phone_numbers": False, "enrich": False}},
            "lead list 'L1' reports options.reveal_phone_numbers False; True was sent",
        ),
        ({"options": None}, "lead list 'L1' reports options.reveal_phone_numbers None; True was sent"),
    ],
)
def test_each_field_reported_otherwise_than_sent_is_named(changes: dict[str, Any], problem: str) -> None:
    assert echo_problem(SENT, echoed(**changes)) == problem
