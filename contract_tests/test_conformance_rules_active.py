"""Each active conformance rule called on its own, in-process: it passes on the sandox, sends the
requests it promises (the page sizes and cursors it asks for), and on a sandbox broken one way fails
with evidence naming what was wrong, or is skipped saying what it lacks. Fast where `test_catalogue`
runs the whole catalogue per broken sandbox."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from amplemarket_lead_lists.conformance import Session, Skip, Tier, active
from contract_tests.broken_sandboxes import Exchange
from contract_tests.rule_harness import (
    AUTH,
    OTHER_AUTH,
    chained,
    prefill,
    recorder,
    sandbox_session,
    scripted_session,
)
from contract_tests.test_catalogue import clocked

Asked = list[tuple[str, str, str]]


def gets_of(asked: Asked, path: str) -> list[str]:
    """The queries of the GETs of `path`, in order."""
    return [query for method, where, query in asked if method == "GET" and where == path]


def _list_get(exchange: Exchange, *, query: str | None = None) -> bool:
    body = exchange["body"]
    return (
        exchange["method"] == "GET"
        and exchange["path"].startswith("/lead-lists/")
        and exchange["status"] == 200
        and isinstance(body, dict)
        and (query is None or query in unquote(exchange["query"]))
    )


# -- unknown_lead_lists_are_not_found ---------------------------------------------------------------


def test_unknown_ids_are_read_with_and_without_paging() -> None:
    asked: Asked = []
    active.unknown_lead_lists_are_not_found(sandbox_session(recorder(asked)))
    assert [query for _, _, query in asked] == ["", "page[size]=1"]
    assert asked[0][1] == asked[1][1] and asked[0][1].startswith("/lead-lists/")


def test_an_unknown_id_answered_otherwise_names_the_request() -> None:
    def gone(exchange: Exchange) -> None:
        if exchange["status"] == 404:
            exchange["status"] = 410

    with pytest.raises(AssertionError, match=r"^GET of an unknown id answered 410, not 404$"):
        active.unknown_lead_lists_are_not_found(sandbox_session(gone))
    with pytest.raises(AssertionError, match=r"^GET of an unknown id with page\[size\]=1 answered 400, not 404$"):
        active.unknown_lead_lists_are_not_found(sandbox_session(app=clocked("paged_unknown_id_is_a_bad_request")))


# -- pages_walk_every_entry_once --------------------------------------------------------------------------


@pytest.mark.parametrize(("entries", "small"), [(2, "1"), (7, "1"), (250, "13")])
def test_a_list_is_walked_in_default_pages_then_in_about_twenty(entries: int, small: str) -> None:
    asked: Asked = []
    s = sandbox_session(recorder(asked))
    list_id = prefill(s, entries)
    s.lead_list_id = list_id
    active.pages_walk_every_entry_once(s)
    sizes = [query.split("&")[0] for query in gets_of(asked, f"/lead-lists/{list_id}") if query]
    assert f"page[size]={small}" in sizes


def test_a_list_of_one_or_of_more_than_2000_is_walked_once() -> None:
    asked: Asked = []
    s = sandbox_session(recorder(asked))
    s.lead_list_id = prefill(s, 1)
    active.pages_walk_every_entry_once(s)
    assert gets_of(asked, f"/lead-lists/{s.lead_list_id}") == [""]


def test_a_small_page_walk_meeting_other_entries_fails_with_the_counts() -> None:
    """Pages of 3 whose entries come in reverse order: each page is consistent, the order is not."""

    def shuffled(exchange: Exchange) -> None:
        if _list_get(exchange, query="page[size]=3"):
            exchange["body"]["leads"].reverse()

    s = sandbox_session(shuffled)
    s.lead_list_id = prefill(s, 60)
    with pytest.raises(AssertionError, match=r"^page\[size\]=3 walked 60 entries in another order or set than 100$"):
        active.pages_walk_every_entry_once(s)


# -- pages_reached_backwards_carry_links ------------------------------------------------------------------


def _backwards(entries: int, mutate: Any = None) -> tuple[Any, str, Asked]:
    asked: Asked = []
    s = sandbox_session(chained(recorder(asked), *([mutate] if mutate else [])))
    s.lead_list_id = prefill(s, entries)
    return s, s.lead_list_id, asked


@pytest.mark.parametrize(("entries", "size"), [(3, 1), (9, 3), (10, 4), (400, 100)])
def test_pages_reached_backwards_are_asked_for_in_thirds(entries: int, size: int) -> None:
    s, list_id, asked = _backwards(entries)
    active.pages_reached_backwards_carry_links(s)
    queries = gets_of(asked, f"/lead-lists/{list_id}")
    ids = [entry["id"] for entry in s.entries(list_id)]
    assert f"page[size]={size}&page[before]={ids[-1]}" in queries
    assert f"page[size]={size}&page[after]={ids[-2]}" in queries


def test_a_list_of_two_is_skipped_saying_three_are_needed() -> None:
    s, _, _ = _backwards(2)
    with pytest.raises(Skip, match=r"^the list read holds 2 entries; 3 are needed$"):
        active.pages_reached_backwards_carry_links(s)


def _drop_first_before(exchange: Exchange) -> None:
    if _list_get(exchange, query="page[before]") and "page[size]=3" in unquote(exchange["query"]).replace("%5D", "]"):
        del exchange["body"]["leads"][:1]


def _before_without(link: str) -> Any:
    def mutate(exchange: Exchange) -> None:
        if _list_get(exchange, query="page[before]"):
            exchange["body"]["_links"].pop(link, None)

    return mutate


def _last_without_prev(exchange: Exchange) -> None:
    if _list_get(exchange, query="page[after]"):
        exchange["body"]["_links"].pop("prev", None)


def _next_to_the_first(exchange: Exchange) -> None:
    if _list_get(exchange, query="page[before]"):
        exchange["body"]["_links"]["next"] = {"href": exchange["path"] + "?page[size]=3"}


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (_drop_first_before, r"^page\[before\] the last entry \(page\[size\]=3\) held 2 entries, not 3$"),
        (_before_without("next"), "^the page before the last entry has no next link, though entries follow it$"),
        (_before_without("prev"), "^the page before the last entry lacks a prev link$"),
        (_last_without_prev, "^the page after the second-to-last entry has no prev$"),
        (_next_to_the_first, "^next of the page reached by prev does not lead to the last entry$"),
    ],
)
def test_each_backwards_paging_fault_is_named(mutate: Any, problem: str) -> None:
    s, _, _ = _backwards(9, mutate)
    with pytest.raises(AssertionError, match=problem):
        active.pages_reached_backwards_carry_links(s)


def test_a_page_reached_by_prev_without_prev_is_named() -> None:
    """The page reached by `prev` is judged on its own, after the `page[before]` one passed."""
    seen = []

    def second_without_prev(exchange: Exchange) -> None:
        if _list_get(exchange, query="page[before]"):
            seen.append(1)
            if len(seen) == 2:
                exchange["body"]["_links"].pop("prev", None)

    s, _, _ = _backwards(9, second_without_prev)
    with pytest.raises(AssertionError, match=r"^the page reached by prev lacks a prev link$"):
        active.pages_reached_backwards_carry_links(s)


# -- page_sizes_are_bounded ------------------------------------------------------------------------------


def test_page_sizes_are_probed_at_both_bounds_on_both_paged_operations() -> None:
    asked: Asked = []
    s = sandbox_session(recorder(asked))
    s.lead_list_id = prefill(s, 150)
    active.page_sizes_are_bounded(s)
    want = ["page[size]=0", "page[size]=1", "page[size]=100", "page[size]=101"]
    assert gets_of(asked, "/lead-lists") == want
    assert gets_of(asked, f"/lead-lists/{s.lead_list_id}") == want


def _accepts_101(path_prefix: str) -> Any:
    def mutate(exchange: Exchange) -> None:
        if exchange["status"] == 400 and "101" in exchange["query"] and exchange["path"].startswith(path_prefix):
            exchange["status"], exchange["body"] = 200, {"lead_lists": [], "leads": []}

    return mutate


def _two_on_a_page_of_one(items: str) -> Any:
    def mutate(exchange: Exchange) -> None:
        if exchange["status"] == 200 and exchange["query"].endswith("=1") and isinstance(exchange["body"], dict):
            exchange["body"][items] = [{"id": "a"}, {"id": "b"}]

    return mutate


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (_accepts_101("/lead-lists/"), r"^GET lead-lists/\{id\}\?page\[size\]=101 answered 200, not 400$"),
        (_accepts_101("/lead-lists"), r"^GET lead-lists\?page\[size\]=101 answered 200, not 400$"),
        (_two_on_a_page_of_one("leads"), r"^GET with page\[size\]=1 answered 2 leads$"),
        (_two_on_a_page_of_one("lead_lists"), r"^GET with page\[size\]=1 answered 2 lead_lists$"),
    ],
)
def test_each_page_size_fault_is_named(mutate: Any, problem: str) -> None:
    s = sandbox_session(mutate)
    s.lead_list_id = prefill(s, 5)
    with pytest.raises(AssertionError, match=problem):
        active.page_sizes_are_bounded(s)


def test_a_page_size_of_0_answered_200_is_named() -> None:
    def accepts_0(exchange: Exchange) -> None:
        if exchange["status"] == 400 and exchange["query"].endswith("=0"):
            exchange["status"], exchange["body"] = 200, {"lead_lists": []}

    s = sandbox_session(accepts_0)
    s.lead_list_id = prefill(s, 5)
    with pytest.raises(AssertionError, match=r"^GET lead-lists\?page\[size\]=0 answered 200, not 400$"):
        active.page_sizes_are_bounded(s)


# -- listing_reaches_every_list ---------------------------------------------------------------------------


def test_the_listing_is_walked_and_its_first_five_lists_read_back() -> None:
    asked: Asked = []
    s = sandbox_session(recorder(asked))
    made = [prefill(s, 1) for _ in range(7)]
    active.listing_reaches_every_list(s)
    read = [path.rsplit("/", 1)[1] for method, path, _ in asked if method == "GET" and path != "/lead-lists"]
    assert read == made[::-1][:5]


def test_a_listing_paged_wrongly_fails_the_walk() -> None:
    def prev_on_the_first_page(exchange: Exchange) -> None:
        if exchange["method"] == "GET" and exchange["path"] == "/lead-lists" and not exchange["query"]:
            exchange["body"]["_links"]["prev"] = {"href": "/lead-lists"}

    s = sandbox_session(prev_on_the_first_page)
    prefill(s, 1)
    with pytest.raises(AssertionError, match=r"^the first page of `lead_lists` has a prev link$"):
        active.listing_reaches_every_list(s)


def test_an_empty_listing_is_skipped_by_name() -> None:
    with pytest.raises(Skip, match=r"^the key has no lead list to list$"):
        active.listing_reaches_every_list(sandbox_session())


def test_a_listing_that_cannot_be_read_fails() -> None:
    def refused(exchange: Exchange) -> None:
        if exchange["path"] == "/lead-lists":
            exchange["status"] = 500

    with pytest.raises(AssertionError, match=r"^GET /lead-lists answered 500, not 200$"):
        active.listing_reaches_every_list(sandbox_session(refused))


@pytest.mark.parametrize(("status", "name"), [(404, None), (200, "renamed")])
def test_a_listed_list_that_reads_back_otherwise_is_named(status: int, name: str | None) -> None:
    def reads_otherwise(exchange: Exchange) -> None:
        if _list_get(exchange):
            exchange["status"] = status
            exchange["body"]["name"] = name

    s = sandbox_session(reads_otherwise)
    list_id = prefill(s, 1)
    with pytest.raises(AssertionError, match=f"^listed lead list '{list_id}' reads back as {status}$"):
        active.listing_reaches_every_list(s)


# -- another_keys_lists_are_not_found_on_read --------------------------------------------------------------


def test_another_key_reading_is_refused_on_the_sandbox() -> None:
    s = sandbox_session()
    s.lead_list_id = prefill(s, 1)
    active.another_keys_lists_are_not_found_on_read(s)


def test_another_key_reading_the_list_is_named() -> None:
    s = sandbox_session(app=clocked("other_keys_can_read"))
    s.lead_list_id = prefill(s, 1)
    with pytest.raises(
        AssertionError, match=r"^GET of the first key's list with the second key answered 200, not 404$"
    ):
        active.another_keys_lists_are_not_found_on_read(s)


def test_another_key_seeing_the_list_listed_is_named() -> None:
    """Here the "second key" is the first one again, whose reads by id are made 404s: the listing still
    names the list."""

    def hidden_by_id(exchange: Exchange) -> None:
        if _list_get(exchange):
            exchange["status"] = 404

    s = sandbox_session(hidden_by_id)
    s.lead_list_id = prefill(s, 1)
    s.other_headers = AUTH
    with pytest.raises(AssertionError, match=r"^the second key's listing names the first key's list$"):
        active.another_keys_lists_are_not_found_on_read(s)


def test_another_key_whose_listing_fails_is_not_judged_on_it() -> None:
    def hidden(exchange: Exchange) -> None:
        if exchange["method"] == "GET" and exchange["status"] == 200 and exchange["path"].startswith("/lead-lists"):
            exchange["status"] = 404 if exchange["path"] != "/lead-lists" else 503

    s = sandbox_session(hidden)
    s.lead_list_id = prefill(s, 1)
    s.other_headers = AUTH
    active.another_keys_lists_are_not_found_on_read(s)


# -- created_lists_are_located ----------------------------------------------------------------------------


def test_a_create_is_located_on_the_sandbox_with_one_lead() -> None:
    s = sandbox_session()
    active.created_lists_are_located(s)
    [post] = [seen for seen in s.seen if seen.method == "POST"]
    assert post.status == 202 and post.body["status"] in ("queued", "processing")


def test_a_create_is_located_with_a_list_of_one_lead_sent() -> None:
    """Each lead sent is enriched (credits, on a real account): the rule creates its list with one."""
    located = {"status": "queued", "_links": {"self": {"href": "/lead-lists/x"}}}
    s, requests = scripted_session(
        lambda request: httpx.Response(202, headers={"Location": "/lead-lists/x"}, json=located)
    )
    active.created_lists_are_located(s)
    [post] = requests
    assert (post.method, len(json.loads(post.content)["leads"])) == ("POST", 1)


def _on_the_202(change: Any) -> Any:
    def mutate(exchange: Exchange) -> None:
        if exchange["status"] == 202:
            change(exchange)

    return mutate


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (
            _on_the_202(lambda e: e["headers"].pop("location")),
            r"^Location None differs from _links.self.href '/lead-lists/",
        ),
        (_on_the_202(lambda e: e["headers"].update(location="/elsewhere")), "^Location '/elsewhere' differs from"),
        (
            _on_the_202(lambda e: e["body"].update(status="completed")),
            "^a new list is 'completed', not queued or processing$",
        ),
        (_on_the_202(lambda e: e.update(status=201)), "^a create of 1 lead answered 201, not 202$"),
    ],
)
def test_each_create_answer_fault_is_named(mutate: Any, problem: str) -> None:
    with pytest.raises(AssertionError, match=problem):
        active.created_lists_are_located(sandbox_session(mutate))


# -- omitted_fields_take_their_defaults -------------------------------------------------------------------


def test_the_plain_lists_defaults_hold_on_the_sandbox() -> None:
    active.omitted_fields_take_their_defaults(sandbox_session())


def _plain(where: str, change: Any) -> Any:
    """`change` on the plain list's 202 (where="202") or on its completed reads."""

    def mutate(exchange: Exchange) -> None:
        body = exchange["body"]
        if not isinstance(body, dict) or "visible" not in body:
            return
        if (where == "202") == (exchange["status"] == 202) and (where == "202" or body.get("status") == "completed"):
            change(body)

    return mutate


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (_plain("202", lambda b: b.update(visible=False)), "^the 202 created without visible reports visible False$"),
        (
            _plain("read", lambda b: b.pop("visible")),
            "^the completed list created without visible reports visible None$",
        ),
        (
            _plain("202", lambda b: b["options"].update(reveal_phone_numbers=True)),
            "^the 202 created without options reports options.reveal_phone_numbers True$",
        ),
        (
            _plain("read", lambda b: b["options"].update(enrich=False)),
            "^the completed list created without options reports options.enrich False$",
        ),
        (
            _plain("read", lambda b: b.pop("options")),
            "^the completed list created without options reports options.reveal_phone_numbers None$",
        ),
        (_plain("202", lambda b: b.update(name="")), "^the 202 created without name has name ''$"),
        (_plain("read", lambda b: b.update(name=None)), "^the completed list created without name has name None$"),
    ],
)
def test_each_wrong_default_is_named(mutate: Any, problem: str) -> None:
    with pytest.raises(AssertionError, match=problem):
        active.omitted_fields_take_their_defaults(sandbox_session(mutate))


# -- lead_lists_echo_what_was_sent -------------------------------------------------------------------------


def test_the_flags_list_echoes_what_was_sent_on_the_sandbox() -> None:
    active.lead_lists_echo_what_was_sent(sandbox_session())


def test_a_list_reporting_another_owner_is_named() -> None:
    with pytest.raises(
        AssertionError, match=r"reports owner 'someone-else@example.com'; 'conformance@example.com' was sent$"
    ):
        active.lead_lists_echo_what_was_sent(sandbox_session(app=clocked("reports_another_owner")))


# -- completed_lists_hold_every_lead_sent, entries_carry_their_leads_input -----------------------------------


def test_the_plain_lists_entries_are_its_leads_on_the_sandbox() -> None:
    s = sandbox_session()
    active.completed_lists_hold_every_lead_sent(s)
    active.entries_carry_their_leads_input(s)


def test_a_list_short_of_a_lead_is_named_with_the_counts() -> None:
    with pytest.raises(AssertionError, match=r"^paging the completed list found 119 entries; 120 leads were sent$"):
        active.completed_lists_hold_every_lead_sent(sandbox_session(app=clocked("create_drops_the_last_lead")))


def test_entries_carrying_another_input_are_counted() -> None:
    """The sandbox variant rewrites the last entry of each page: 2 pages of the 120-entry list."""
    with pytest.raises(AssertionError, match=r"^2 entries carry a linkedin_url no lead sent$"):
        active.entries_carry_their_leads_input(sandbox_session(app=clocked("entry_linkedin_url_differs")))


# -- switched_off_options_show_in_entries -------------------------------------------------------------------


def test_switched_off_options_hold_on_the_sandbox() -> None:
    active.switched_off_options_show_in_entries(sandbox_session())


def _entries_carry(field: str) -> Any:
    def mutate(exchange: Exchange) -> None:
        if _list_get(exchange):
            for entry in exchange["body"].get("leads", [])[:2]:
                entry[field] = "x"

    return mutate


@pytest.mark.parametrize(("field", "validated", "enriched"), [("email_validation_result", 2, 0), ("person_id", 0, 2)])
def test_entries_validated_or_enriched_against_the_options_are_counted(
    field: str, validated: int, enriched: int
) -> None:
    with pytest.raises(
        AssertionError,
        match=f"^with validate_email and enrich false, {validated} of 3 entries carry "
        f"email_validation_result and {enriched} a person_id$",
    ):
        active.switched_off_options_show_in_entries(sandbox_session(_entries_carry(field)))


# -- listing_is_newest_first --------------------------------------------------------------------------------


def test_the_newer_list_is_listed_first_on_the_sandbox_even_across_pages() -> None:
    """A listing that puts one list a page per page is followed by `next` until both are found."""

    def one_a_page(exchange: Exchange) -> None:
        body = exchange["body"]
        listing = exchange["method"] == "GET" and exchange["path"] == "/lead-lists" and exchange["status"] == 200
        if listing and body["lead_lists"][1:]:
            body["lead_lists"] = body["lead_lists"][:1]
            body["_links"]["next"] = {"href": f"/lead-lists?page[after]={body['lead_lists'][0]['id']}"}

    asked: Asked = []
    s = sandbox_session(chained(one_a_page, recorder(asked)))
    active.listing_is_newest_first(s)
    assert len(gets_of(asked, "/lead-lists")) == 2


def test_the_listing_stops_once_both_lists_are_found() -> None:
    asked: Asked = []
    s = sandbox_session(recorder(asked))
    for _ in range(101):
        prefill(s, 1)
    active.listing_is_newest_first(s)
    assert gets_of(asked, "/lead-lists") == [""]


def test_a_listing_oldest_first_is_named() -> None:
    with pytest.raises(
        AssertionError, match=r"^of two lists created one after the other the listing shows 2, the newer first: False$"
    ):
        active.listing_is_newest_first(sandbox_session(app=clocked("lists_oldest_first")))


def test_a_listing_missing_a_list_is_named() -> None:
    def drops_the_newest(exchange: Exchange) -> None:
        if exchange["method"] == "GET" and exchange["path"] == "/lead-lists" and exchange["status"] == 200:
            del exchange["body"]["lead_lists"][:1]

    with pytest.raises(AssertionError, match=r"listing shows 1, the newer first: False$"):
        active.listing_is_newest_first(sandbox_session(drops_the_newest))


def test_a_listing_repeating_the_newer_list_is_named_saying_the_newer_came_first() -> None:
    """Entries are not lists: the newer listed twice (three entries of the two) fails, and the evidence
    says the newer did come first (the fault is the repeat, not the order)."""

    def repeats_the_newest(exchange: Exchange) -> None:
        if exchange["method"] == "GET" and exchange["path"] == "/lead-lists" and exchange["status"] == 200:
            exchange["body"]["lead_lists"][1:1] = exchange["body"]["lead_lists"][:1]

    with pytest.raises(AssertionError, match=r"listing shows 3, the newer first: True$"):
        active.listing_is_newest_first(sandbox_session(repeats_the_newest))


def test_a_listing_that_cannot_be_read_fails_the_order_rule() -> None:
    def refused(exchange: Exchange) -> None:
        if exchange["method"] == "GET" and exchange["path"] == "/lead-lists":
            exchange["status"] = 503

    with pytest.raises(AssertionError, match=r"^GET /lead-lists answered 503, not 200$"):
        active.listing_is_newest_first(sandbox_session(refused))


# -- adds ---------------------------------------------------------------------------------------------------


def test_an_add_to_an_unknown_list_is_refused_on_the_sandbox() -> None:
    s = sandbox_session()
    active.adding_to_unknown_lists_is_not_found(s)
    [post] = s.seen
    assert (post.method, post.status) == ("POST", 404) and post.path.endswith("/leads")


def test_an_add_to_an_unknown_list_sends_one_lead() -> None:
    """One lead: the least a server that wrongly accepts the add could enrich (credits, on a real account)."""
    s, requests = scripted_session(lambda request: httpx.Response(404, json={"_errors": []}))
    active.adding_to_unknown_lists_is_not_found(s)
    [post] = requests
    assert (post.method, len(json.loads(post.content)["leads"])) == ("POST", 1)


def test_an_add_to_an_unknown_list_answered_400_is_named() -> None:
    with pytest.raises(AssertionError, match=r"^an add to an unknown id answered 400, not 404$"):
        active.adding_to_unknown_lists_is_not_found(sandbox_session(app=clocked("add_to_unknown_is_a_bad_request")))


def _posts(asked: list[tuple[str, int, int]]) -> Any:
    """Notes each POST's path kind, lead count and status."""

    def mutate(exchange: Exchange) -> None:
        if exchange["method"] == "POST":
            kind = "add" if exchange["path"].endswith("/leads") else "create"
            asked.append((kind, len((exchange["request_body"] or {}).get("leads", [])), exchange["status"]))

    return mutate


def _refuse_over(limit: int, kind: str) -> Any:
    """Requests of more than `limit` leads of this kind answered 400, whatever the sandbox did with them."""

    def mutate(exchange: Exchange) -> None:
        is_add = exchange["path"].endswith("/leads")
        leads = (exchange["request_body"] or {}).get("leads", [])
        if exchange["method"] == "POST" and is_add == (kind == "add") and len(leads) > limit:
            exchange["status"] = 400

    return mutate


def test_requests_of_10001_leads_are_refused_on_the_sandbox_and_10000_sent_only_when_large() -> None:
    posts: list[tuple[str, int, int]] = []
    active.ten_thousand_leads_per_request(sandbox_session(_posts(posts), allowed=frozenset({Tier.CREATE})))
    assert posts == [("create", 10_001, 400), ("create", 3, 202), ("add", 10_001, 400)]
    posts.clear()
    active.ten_thousand_leads_per_request(sandbox_session(_posts(posts)))
    assert posts[-1] == ("create", 10_000, 202)


def test_the_requests_refused_are_exactly_one_lead_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """One over, not more: a server whose limit is off by one (taking 10,001) must be caught. With the
    limit made 3 here, the same rule runs on small lists in a fraction of a second."""
    monkeypatch.setattr(active, "MAX_LEADS_PER_REQUEST", 3)
    posts: list[tuple[str, int, int]] = []
    refused = chained(_refuse_over(3, "create"), _refuse_over(3, "add"), _posts(posts))
    with pytest.raises(AssertionError, match="holds 7 entries, not 3"):  # the sandbox itself took the 4
        active.ten_thousand_leads_per_request(sandbox_session(refused, allowed=frozenset({Tier.CREATE})))
    assert posts == [("create", 4, 400), ("create", 3, 202), ("add", 4, 400)]


def test_a_create_of_10001_accepted_is_named() -> None:
    with pytest.raises(AssertionError, match=r"^a create of 10,001 leads answered 202, not 400$"):
        active.ten_thousand_leads_per_request(sandbox_session(app=clocked("accepts_too_many_leads")))


def test_an_add_of_10001_accepted_is_named() -> None:
    s = sandbox_session(_refuse_over(10_000, "create"), app=clocked("accepts_too_many_leads"))
    with pytest.raises(AssertionError, match=r"^an add of 10,001 leads answered 202, not 400$"):
        active.ten_thousand_leads_per_request(s)


def test_an_add_of_10001_refused_that_still_adds_is_named() -> None:
    s = sandbox_session(
        chained(_refuse_over(10_000, "create"), _refuse_over(10_000, "add")), app=clocked("accepts_too_many_leads")
    )
    with pytest.raises(AssertionError, match=r"^after a rejected add of 10,001 the list holds 10004 entries, not 3$"):
        active.ten_thousand_leads_per_request(s)


def test_a_create_of_exactly_10000_refused_is_named_when_large() -> None:
    with pytest.raises(AssertionError, match=r"^a create of 10,000 leads answered 400, not 202$"):
        active.ten_thousand_leads_per_request(sandbox_session(_refuse_over(9_999, "create")))


def test_another_key_adding_is_refused_on_the_sandbox() -> None:
    active.another_keys_lists_are_not_found_on_add(sandbox_session())


def test_another_key_adding_to_the_list_is_named() -> None:
    """Here the "second key" is the first one again: its add is accepted."""
    s = sandbox_session()
    s.other_headers = AUTH
    with pytest.raises(
        AssertionError, match=r"^an add to the first key's list with the second key answered 202, not 404$"
    ):
        active.another_keys_lists_are_not_found_on_add(s)


def test_another_keys_refused_add_that_still_adds_is_named() -> None:
    """The "second key" is the first one again, whose accepted add is answered 404."""

    def refused_after_all(exchange: Exchange) -> None:
        if exchange["method"] == "POST" and exchange["path"].endswith("/leads"):
            exchange["status"] = 404

    s = sandbox_session(refused_after_all)
    s.other_headers = AUTH
    with pytest.raises(AssertionError, match=r"^after the second key's refused add the list holds 4 entries, not 3$"):
        active.another_keys_lists_are_not_found_on_add(s)


def test_entry_ids_survive_an_add_on_the_sandbox_and_the_sent_leads_grow() -> None:
    s = sandbox_session()
    active.entry_ids_survive_adds(s)
    leads = s.lists["plain"][1]["leads"]
    assert len(leads) == 123 and leads[-1]["linkedin_url"].endswith("conformance-added-2")
    active.completed_lists_hold_every_lead_sent(s)


def test_entries_renumbered_by_an_add_are_counted() -> None:
    with pytest.raises(AssertionError, match=r"^after an add 120 of 120 old entries changed id or place$"):
        active.entry_ids_survive_adds(sandbox_session(app=clocked("renumbers_after_add")))


def _on_the_add(change: Any) -> Any:
    def mutate(exchange: Exchange) -> None:
        if exchange["method"] == "POST" and exchange["path"].endswith("/leads"):
            change(exchange)

    return mutate


def _tail_without_the_last(exchange: Exchange) -> None:
    if _list_get(exchange, query="page[after]") and "page[size]" not in unquote(exchange["query"]):
        exchange["body"]["leads"] = exchange["body"]["leads"][:-1]


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (_on_the_add(lambda e: e.update(status=200)), "^an add of 3 leads answered 200, not 202$"),
        (
            _on_the_add(lambda e: e["body"].update(status="completed")),
            "^an accepted add answered with the list 'completed'$",
        ),
        (_tail_without_the_last, r"^page\[after\] the old last entry does not give exactly the added entries$"),
    ],
)
def test_each_add_fault_is_named(mutate: Any, problem: str) -> None:
    with pytest.raises(AssertionError, match=problem):
        active.entry_ids_survive_adds(sandbox_session(mutate))


def test_a_tail_read_refused_fails_the_add_rule() -> None:
    def refused(exchange: Exchange) -> None:
        if exchange["method"] == "GET" and "page%5Bafter%5D" in exchange["query"] and "size" not in exchange["query"]:
            exchange["status"] = 500

    with pytest.raises(AssertionError, match=r"^GET page\[after\] the old last entry answered 500, not 200$"):
        active.entry_ids_survive_adds(sandbox_session(refused))


# -- the cap and invalid creates ----------------------------------------------------------------------------


def test_the_cap_rule_without_a_nearly_full_list_is_skipped_by_name() -> None:
    with pytest.raises(Skip, match=r"^needs CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID: a list of 59,990 leads$"):
        active.lead_list_cap_keeps_the_first_leads(sandbox_session())


def test_the_cap_rule_on_a_list_of_another_size_is_skipped_saying_so() -> None:
    s = sandbox_session()
    s.nearly_full_lead_list_id = prefill(s, 10)
    with pytest.raises(Skip, match=r"^the nearly full list holds 10 entries, not 59,990$"):
        active.lead_list_cap_keeps_the_first_leads(s)
    assert [seen.method for seen in s.seen if seen.method != "GET"] == []


def test_invalid_creates_are_refused_on_the_sandbox() -> None:
    posts: list[tuple[str, int, int]] = []
    active.invalid_creates_are_rejected(sandbox_session(_posts(posts)))
    assert posts == [("create", 120, 400), ("create", 1, 400)]


def test_a_create_without_owner_accepted_is_named() -> None:
    with pytest.raises(AssertionError, match=r"^a create without owner answered 202, not 400$"):
        active.invalid_creates_are_rejected(sandbox_session(app=clocked("accepts_a_create_without_owner")))


def test_a_linkedin_lead_without_its_url_accepted_is_named() -> None:
    def accepted(exchange: Exchange) -> None:
        if exchange["method"] == "POST" and "x@example.com" in str(exchange["request_body"]):
            exchange["status"] = 202

    with pytest.raises(AssertionError, match=r"^a linkedin lead without linkedin_url answered 202, not 400$"):
        active.invalid_creates_are_rejected(sandbox_session(accepted))


def test_rules_reading_with_the_second_key_use_it() -> None:
    """Sanity of the harness: the second key is another account (its reads of the first's lists 404)."""
    s = sandbox_session()
    list_id = prefill(s, 1)
    assert s.client.get(f"/lead-lists/{list_id}", headers=OTHER_AUTH).status_code == 404


# -- lead_list_cap_keeps_the_first_leads, on a scripted server ---------------------------------------------


class CapServer:
    """A completed list 10 leads short of 60,000, paged by `page[after]`, that takes adds up to the cap
    (or, when told, keeps the last leads, ignores the cap, refuses the partial add, or adds on the 409)."""

    def __init__(self, fault: str | None = None) -> None:
        self.fault = fault
        self.urls = [f"https://www.linkedin.com/in/prefilled-{n}" for n in range(60_000 - 10)]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return self.add(json.loads(request.content)["leads"])
        size = int(request.url.params.get("page[size]", 100))
        after = request.url.params.get("page[after]")
        start = int(after[1:]) + 1 if after else 0
        page = [{"id": f"e{n}", "linkedin_url": self.urls[n]} for n in range(start, min(start + size, len(self.urls)))]
        links = {"next": {"href": f"/lead-lists/L?page[size]={size}&page[after]=e{start + size - 1}"}}
        body = {
            "id": "L",
            "status": "completed",
            "leads": page,
            "_links": links if start + size < len(self.urls) else {},
        }
        return httpx.Response(200, json=body)

    def add(self, leads: list[dict[str, str]]) -> httpx.Response:
        room = 60_000 - len(self.urls)
        urls = [lead["linkedin_url"] for lead in leads]
        if room <= 0:
            if self.fault == "adds on the 409":
                self.urls += urls[:1]
            if self.fault != "no 409":
                return httpx.Response(409, json={"_errors": [{"code": "limit_reached"}]})
        if self.fault == "refuses the partial add":
            return httpx.Response(400, json={"_errors": [{"code": "unsupported_value"}]})
        kept = {"keeps the last": urls[-room:], "no cap": urls, "no 409": urls[: max(room, 1)]}.get(
            self.fault or "", urls[:room]
        )
        self.urls += kept
        return httpx.Response(202, json={"id": "L", "status": "queued"})


def cap_session(fault: str | None = None) -> Session:
    s, _ = scripted_session(CapServer(fault), nearly_full_lead_list_id="L")
    return s


def test_the_cap_keeps_the_first_leads_on_a_conforming_server() -> None:
    s = cap_session()
    active.lead_list_cap_keeps_the_first_leads(s)
    assert [(seen.method, seen.status) for seen in s.seen if seen.method == "POST"] == [("POST", 202), ("POST", 409)]


def test_the_cap_rule_sends_the_room_and_five_more_then_one_lead_to_the_full_list() -> None:
    """Each lead sent may be enriched (credits, on a real account): 10 + 5 past the cap, then only one
    for the 409 that a conforming server answers a full list."""
    s, requests = scripted_session(CapServer(), nearly_full_lead_list_id="L")
    active.lead_list_cap_keeps_the_first_leads(s)
    assert [len(json.loads(r.content)["leads"]) for r in requests if r.method == "POST"] == [15, 1]


@pytest.mark.parametrize(
    ("fault", "problem"),
    [
        (
            "keeps the last",
            "^an add of 15 to a list 10 short of 60,000 kept 10 entries, 5 of them from the 5 leads past the cap$",
        ),
        (
            "no cap",
            "^an add of 15 to a list 10 short of 60,000 kept 15 entries, 5 of them from the 5 leads past the cap$",
        ),
        ("refuses the partial add", "^an add past the cap answered 400, not 202$"),
        ("no 409", "^an add to a full list answered 202, not 409$"),
        ("adds on the 409", "^after the 409 the list holds 60,001 entries, not 60,000$"),
    ],
)
def test_each_cap_fault_is_named(fault: str, problem: str) -> None:
    with pytest.raises(AssertionError, match=problem):
        active.lead_list_cap_keeps_the_first_leads(cap_session(fault))
