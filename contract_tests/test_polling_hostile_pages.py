"""Pages a hostile or broken server may send, and arguments httpx cannot send: each is a typed error
carrying `resume_after`, raised before anything is repeated or lost (read-ahead included), never a raw
exception and never a silent end. Sync and async, entries and the listing."""

from __future__ import annotations

import asyncio
import json
import pickle
from collections.abc import Callable, Generator
from typing import Any, TypeVar

import httpx
import pytest
import respx

import amplemarket_lead_lists as lead_lists
from amplemarket_lead_lists import (
    InvalidRequestError,
    LeadListError,
    MalformedResponseError,
    PaginationLoopError,
    UnsafeLinkError,
)
from amplemarket_lead_lists.engine.readahead import iterate_pages_async, iterate_pages_sync
from amplemarket_lead_lists.engine.steps import Emit, Send, Sleep
from amplemarket_lead_lists.models import LeadList
from amplemarket_lead_lists.operations import responses as responses_module
from amplemarket_lead_lists.wire import decoding
from contract_tests.polling_harness import CT, LL, TOKEN, FakeTime, Runner, body, entry, next_href

GET = f"/lead-lists/{LL}"
PREFETCH = [0, 1]


def raw(page: dict[str, Any]) -> httpx.Response:
    """`page` as the server writes it: JSON escapes (`\\u0000`, `\\ud800`) for what UTF-8 cannot carry."""
    return httpx.Response(200, headers=CT, content=json.dumps(page).encode())


def first_page(entries: range = range(100), href: str | None = None) -> LeadList:
    """A completed lead list as `wait_for_lead_list` returns it: its first page of entries included."""
    return LeadList.from_dict(body(entries=entries, next_href=href if href is not None else next_href(99)))


def ids(entries: list[Any]) -> list[str]:
    return [item.id for item in entries]


E = TypeVar("E", bound=LeadListError)
PAGED: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "entries": (lead_lists.iter_lead_list_entries, lead_lists.aiter_lead_list_entries),
    "lead_lists": (lead_lists.iter_lead_lists, lead_lists.aiter_lead_lists),
}


def delivered_before(error: type[E], run: Runner, call: str, *args: Any, **kwargs: Any) -> tuple[list[str], E]:
    """The ids `call` delivered (sync or async, as `run` says) before it raised `error`, and the error."""
    delivered: list[str] = []
    sync_call, async_call = PAGED[call]
    with pytest.raises(error) as caught:
        if run.mode == "sync":
            for item in sync_call(run.client, *args, sleep=run.time.sleep, clock=run.time.clock, **kwargs):
                delivered.append(item.id)
        else:

            async def collect() -> None:
                items = async_call(run.client, *args, sleep=run.time.async_sleep, clock=run.time.clock, **kwargs)
                async for item in items:
                    delivered.append(item.id)

            asyncio.run(collect())
    return delivered, caught.value


def numbered(numbers: range) -> list[str]:
    return [entry(n)["id"] for n in numbers]


def summaries(numbers: range, next_after: int | None = None, **links: str) -> httpx.Response:
    page: dict[str, Any] = {"lead_lists": [{"id": f"ll{n:04d}", "name": f"list {n}"} for n in numbers]}
    if next_after is not None:
        page["_links"] = {"next": {"href": f"/lead-lists?page[size]=100&page[after]=ll{next_after:04d}"}}
    if links:
        page["_links"] = {"next": links}
    return raw(page)


# A. A query-only `next` href is read as the same href on the collection's path -----------------------

UNSENDABLE = {"NUL": "\x00", "CR LF": "a\r\nb", "lone surrogate": "\ud800"}


@pytest.mark.parametrize("prefetch", PREFETCH)
@pytest.mark.parametrize("path", ["", GET], ids=["query-only", "full path"])
@pytest.mark.parametrize("cursor", UNSENDABLE.values(), ids=UNSENDABLE.keys())
def test_a_next_href_httpx_cannot_send_is_an_unsafe_link_after_every_received_entry(
    run: Runner, api: respx.MockRouter, cursor: str, path: str, prefetch: int
) -> None:
    route = api.get(GET).mock(return_value=raw(body(entries=range(100, 150), next_href=f"{path}?page[after]={cursor}")))
    delivered, caught = delivered_before(UnsafeLinkError, run, "entries", first_page(), prefetch=prefetch)
    assert delivered == numbered(range(150)), "the page read ahead is delivered before the error"
    assert caught.resume_after == "e00149" and route.call_count == 1


@pytest.mark.parametrize("path", ["", GET], ids=["query-only", "full path"])
def test_a_non_ascii_next_href_is_followed_percent_encoded_on_the_lists_path(
    run: Runner, api: respx.MockRouter, path: str
) -> None:
    api.get(GET, params__eq={"page[size]": "100", "page[after]": "e00099"}).mock(
        return_value=raw(body(entries=range(100, 150), next_href=f"{path}?page[after]=é"))
    )
    last = api.get(GET, params__eq={"page[after]": "é"}).mock(return_value=raw(body(entries=range(150, 160))))
    assert ids(run.entries(first_page())) == numbered(range(160))
    assert last.calls.last.request.url.raw_path == b"/lead-lists/ll_1?page[after]=%C3%A9"


@pytest.mark.parametrize("prefetch", PREFETCH)
@pytest.mark.parametrize("cursor", UNSENDABLE.values(), ids=UNSENDABLE.keys())
def test_the_listing_refuses_the_same_hrefs_with_the_cursor_to_resume(
    run: Runner, api: respx.MockRouter, cursor: str, prefetch: int
) -> None:
    api.get("/lead-lists").mock(side_effect=lambda request: summaries(range(3), href=f"?page[after]={cursor}"))
    delivered, caught = delivered_before(UnsafeLinkError, run, "lead_lists", prefetch=prefetch)
    assert delivered == ["ll0000", "ll0001", "ll0002"] and caught.resume_after == "ll0002"
    with pytest.raises(UnsafeLinkError) as found:
        run.find(name="list 1")
    assert found.value.resume_after == "ll0002"


# B. An `after` httpx cannot put in a URL is refused before anything is sent ----------------------------

UNSENDABLE_AFTER = {"lone surrogate": "\ud800", "past httpx's 64 KiB": "x" * 70_000}


@pytest.mark.parametrize("call", ["entries", "pages", "lead_lists"])
@pytest.mark.parametrize("after", UNSENDABLE_AFTER.values(), ids=UNSENDABLE_AFTER.keys())
def test_an_after_httpx_cannot_send_is_an_invalid_request(
    run: Runner, api: respx.MockRouter, after: str, call: str
) -> None:
    with pytest.raises(InvalidRequestError, match=r"page\[after\]: cannot be sent in a URL") as caught:
        getattr(run, call)(after=after) if call == "lead_lists" else getattr(run, call)(LL, after=after)
    assert [problem.parameter for problem in caught.value.problems] == ["page[after]"]
    assert after[:20] not in str(caught.value) and len(api.calls) == 0


# C. Every id of a page is checked before any item of it is delivered ----------------------------------


@pytest.mark.parametrize("prefetch", PREFETCH)
@pytest.mark.parametrize("position", [0, 49, 99], ids=["first", "middle", "last"])
@pytest.mark.parametrize("bad_id", [12345, None, ""], ids=repr)
def test_an_entry_without_a_usable_id_stops_before_its_page_is_delivered(
    run: Runner, api: respx.MockRouter, bad_id: object, position: int, prefetch: int
) -> None:
    page = body(entries=range(100, 200), next_href=next_href(199))
    page["leads"][position]["id"] = bad_id
    route = api.get(GET).mock(return_value=raw(page))
    delivered, caught = delivered_before(MalformedResponseError, run, "entries", first_page(), prefetch=prefetch)
    assert delivered == numbered(range(100)) and caught.resume_after == "e00099" and route.call_count == 1
    assert f"entry {position + 1} of this page of lead list {LL} has no usable `id`" in str(caught)


@pytest.mark.parametrize(("href", "shown"), [(" ", "an empty string"), (7, "a value of type int")], ids=repr)
def test_a_next_href_that_is_no_url_says_what_it_was(
    run: Runner, api: respx.MockRouter, href: object, shown: str
) -> None:
    page = body(entries=range(100, 102))
    page["_links"]["next"] = {"href": href}
    api.get(GET).mock(return_value=raw(page))
    delivered, caught = delivered_before(MalformedResponseError, run, "entries", first_page())
    assert delivered == numbered(range(102)) and caught.resume_after == "e00101"
    assert f"`_links.next.href` of lead list {LL} must be a URL, got {shown}" in str(caught)


def test_a_given_page_with_an_unusable_id_delivers_nothing(run: Runner, api: respx.MockRouter) -> None:
    page = body(entries=range(3), next_href=next_href(2))
    page["leads"][1]["id"] = 7
    delivered, caught = delivered_before(MalformedResponseError, run, "entries", LeadList.from_dict(page))
    assert delivered == [] and caught.resume_after is None and len(api.calls) == 0
    assert "entry 2 of this page" in str(caught)


def test_a_repeated_id_is_quoted_to_its_first_40_characters(run: Runner, api: respx.MockRouter) -> None:
    """An id is the server's text: the message quotes enough of it to find the entry, no more."""
    long_id = "e" + "0123456789" * 5
    page = body(entries=range(100, 102))
    page["leads"][0]["id"] = page["leads"][1]["id"] = long_id
    api.get(GET).mock(return_value=raw(page))
    delivered, caught = delivered_before(MalformedResponseError, run, "entries", first_page())
    assert delivered == numbered(range(100))
    assert f"entry 2 of this page of lead list {LL} was already delivered (`id` {long_id[:40]!r})" in str(caught)


# D. A page holding more than it asked for is refused before its models are built ----------------------


@pytest.fixture
def models_built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of entries of each LeadList built from a dict from now on."""
    built: list[int] = []
    original = LeadList.from_dict.__func__  # type: ignore[attr-defined]

    def counting(cls: type[LeadList], src: dict[str, Any]) -> LeadList:
        built.append(len(src.get("leads") or []))
        return original(cls, src)  # type: ignore[no-any-return]

    monkeypatch.setattr(LeadList, "from_dict", classmethod(counting))
    return built


@pytest.mark.parametrize("prefetch", PREFETCH)
def test_a_page_past_the_page_size_it_asked_for_is_malformed(
    run: Runner, api: respx.MockRouter, models_built: list[int], prefetch: int
) -> None:
    api.get(GET, params__eq={"page[size]": "25"}).mock(
        return_value=raw(body(entries=range(25), next_href="?page[size]=25&page[after]=e00024"))
    )
    api.get(GET, params__eq={"page[size]": "25", "page[after]": "e00024"}).mock(
        return_value=raw(body(entries=range(25, 51)))
    )
    delivered, caught = delivered_before(MalformedResponseError, run, "entries", LL, page_size=25, prefetch=prefetch)
    assert delivered == numbered(range(25)) and caught.resume_after == "e00024"
    assert "`leads` holds 26 items, more than the 25 asked for (`page[size]`)" in str(caught)
    assert models_built == [25], "no model is built for the page that is too large"


def test_a_next_href_asks_for_its_own_page_size_up_to_the_specs_maximum(run: Runner, api: respx.MockRouter) -> None:
    """A page from `wait_for_lead_list` links on at the server's size (100) when no `page_size` is given
    (one given reads the list again: issue 25); a link asking for more than the spec's 100 still gets
    no more than 100."""
    api.get(GET, params__eq={"page[size]": "100", "page[after]": "e00099"}).mock(
        return_value=raw(body(entries=range(100, 200), next_href=f"{GET}?page[size]=500&page[after]=e00199"))
    )
    api.get(GET, params__eq={"page[size]": "500", "page[after]": "e00199"}).mock(
        return_value=raw(body(entries=range(200, 301)))
    )
    delivered, caught = delivered_before(MalformedResponseError, run, "entries", first_page())
    assert delivered == numbered(range(200)) and caught.resume_after == "e00199"
    assert "holds 101 items, more than the 100 asked for" in str(caught)


@pytest.mark.parametrize("asked", ["050", "0050", "00000000050"])
def test_a_next_hrefs_page_size_with_leading_zeros_is_read_as_its_number(
    run: Runner, api: respx.MockRouter, asked: str
) -> None:
    """`page[size]=050` asks for 50, as the API reads the number: a page of 51 is past it."""
    href = f"{GET}?page[size]={asked}&page[after]=e00099"
    api.get(GET, params__eq={"page[size]": asked, "page[after]": "e00099"}).mock(
        return_value=raw(body(entries=range(100, 151)))
    )
    delivered, caught = delivered_before(MalformedResponseError, run, "entries", first_page(href=href))
    assert delivered == numbered(range(100)) and caught.resume_after == "e00099"
    assert "holds 51 items, more than the 50 asked for" in str(caught)


@pytest.mark.parametrize("prefetch", PREFETCH)
def test_a_listing_page_past_its_page_size_is_malformed(run: Runner, api: respx.MockRouter, prefetch: int) -> None:
    api.get("/lead-lists").mock(
        side_effect=[
            raw({"lead_lists": [{"id": "ll0000", "name": "a"}, {"id": "ll0001", "name": "b"}],
                 "_links": {"next": {"href": "/lead-lists?page[size]=2&page[after]=ll0001"}}}),
            summaries(range(2, 5)),
        ]
    )  # fmt: skip
    delivered, caught = delivered_before(MalformedResponseError, run, "lead_lists", page_size=2, prefetch=prefetch)
    assert delivered == ["ll0000", "ll0001"] and caught.resume_after == "ll0001"
    assert "`lead_lists` holds 3 items, more than the 2 asked for" in str(caught)


@pytest.fixture
def bodies_decoded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of every body decoded into Python values."""
    decoded: list[int] = []
    original = decoding.decode_json

    def counting(content: bytes) -> Any:
        decoded.append(len(content))
        return original(content)

    monkeypatch.setattr(responses_module, "decode_json", counting)
    return decoded


def values_bomb(value: bytes, count: int = 250_000) -> bytes:
    """A completed lead list carrying `count` copies of `value` in a field of its own: 0.5-0.8 GB of
    Python objects at the size cap (32 MiB), whatever the field."""
    return b'{"id": "ll_1", "status": "completed", "leads": [], "x": [' + b",".join([value] * count) + b"]}"


@pytest.mark.parametrize("prefetch", PREFETCH)
@pytest.mark.parametrize("value", [b"{}", b"[]", b'"a"', b"1"])
def test_a_page_of_more_json_values_than_any_page_holds_is_refused_undecoded(
    run: Runner, api: respx.MockRouter, bodies_decoded: list[int], prefetch: int, value: bytes
) -> None:
    """The size cap bounds bytes, not objects: 32 MiB of `{}` decode to 10 million dicts (≈ 0.66 GB)."""
    first = raw(body(entries=range(25), next_href="?page[size]=25&page[after]=e00024"))
    api.get(GET, params__eq={"page[size]": "25"}).mock(return_value=first)
    api.get(GET, params__eq={"page[size]": "25", "page[after]": "e00024"}).mock(
        return_value=httpx.Response(200, headers=CT, content=values_bomb(value))
    )
    delivered, caught = delivered_before(MalformedResponseError, run, "entries", LL, page_size=25, prefetch=prefetch)
    assert delivered == numbered(range(25)) and caught.resume_after == "e00024"
    assert "more than 200000 JSON values (MAX_JSON_VALUES)" in str(caught)
    assert bodies_decoded == [len(first.content)], "the page that cannot be one is never decoded"


def test_a_listing_page_of_more_json_values_than_any_page_holds_is_refused_undecoded(
    run: Runner, api: respx.MockRouter, bodies_decoded: list[int]
) -> None:
    nested = b'{"lead_lists": [' + b",".join([b"[]"] * 250_000) + b"]}"
    api.get("/lead-lists").mock(return_value=httpx.Response(200, headers=CT, content=nested))
    delivered, caught = delivered_before(MalformedResponseError, run, "lead_lists", page_size=2)
    assert delivered == [] and "more than 200000 JSON values" in str(caught)
    assert bodies_decoded == []


def test_a_lead_list_waited_for_with_more_json_values_than_any_page_is_refused_undecoded(
    run: Runner, api: respx.MockRouter, bodies_decoded: list[int]
) -> None:
    """`wait_for_lead_list` returns the first page of entries too: its answer is bounded the same way."""
    api.get(GET).mock(return_value=httpx.Response(200, headers=CT, content=values_bomb(b'"a"')))
    with pytest.raises(MalformedResponseError, match="more than 200000 JSON values"):
        run.wait()
    assert bodies_decoded == []


def test_a_lead_list_of_exactly_max_json_values_is_decoded(run: Runner, api: respx.MockRouter) -> None:
    """The bound is MAX_JSON_VALUES values (counted by their commas, braces and brackets), not one fewer."""
    head = b'{"id": "ll_1", "object": "lead_list", "status": "completed", "type": "linkedin", "leads": [], "x": ['
    content = head + b",".join([b"1"] * (200_000 - 7)) + b"]}"
    assert sum(map(content.count, (b",", b"{", b"["))) == 200_000
    api.get(GET).mock(return_value=httpx.Response(200, headers=CT, content=content))
    assert run.wait().id == LL


@pytest.mark.parametrize("page_size", [1, 25])
def test_commas_braces_and_brackets_inside_strings_do_not_make_a_real_page_refused(
    run: Runner, api: respx.MockRouter, page_size: int
) -> None:
    """Counted too, they only make the count err high: a page would need 80 times a full page's values."""
    page = body(entries=range(page_size))
    for item in page["leads"]:
        item["title"] = "{[, " * 2000  # 6,000 counted per entry, 150,000 for 25
        item["data"] = {"history": [{"role": n, "tags": ["a", "b"]} for n in range(100)]}  # a large `data`
    api.get(GET, params__eq={"page[size]": str(page_size)}).mock(return_value=raw(page))
    entries = run.entries(LL, page_size=page_size)
    assert [e.id for e in entries] == numbered(range(page_size)) and entries[0].title == "{[, " * 2000


# E. An item already delivered in this run is never delivered again --------------------------------------


@pytest.mark.parametrize("prefetch", PREFETCH)
def test_the_same_entries_behind_a_fresh_link_every_time_stop_at_once(
    run: Runner, api: respx.MockRouter, prefetch: int
) -> None:
    served = [0]

    def same_three(request: httpx.Request) -> httpx.Response:
        """Ends after 50 pages: a client that does not catch the repeat fails instead of hanging."""
        served[0] += 1
        href = f"?page[after]=e00002&nonce={served[0]}" if served[0] < 50 else None
        return raw(body(entries=range(3), next_href=href))

    api.get(GET).mock(side_effect=same_three)
    delivered, caught = delivered_before(MalformedResponseError, run, "entries", LL, prefetch=prefetch)
    assert delivered == numbered(range(3)) and caught.resume_after == "e00002" and served[0] == 2
    assert f"entry 1 of this page of lead list {LL} was already delivered (`id` 'e00000')" in str(caught)


@pytest.mark.parametrize("prefetch", PREFETCH)
def test_a_cursor_that_steps_back_behind_a_new_link_stops_before_a_repeat(
    run: Runner, api: respx.MockRouter, prefetch: int
) -> None:
    """Into the page delivered last: only its ids are kept (memory stays a page's, not the list's)."""
    api.get(GET).mock(
        side_effect=[
            raw(body(entries=range(100, 200), next_href=f"{next_href(149)}&back=1")),
            raw(body(entries=range(150, 250), next_href=next_href(249))),
        ]
    )
    delivered, caught = delivered_before(MalformedResponseError, run, "entries", first_page(), prefetch=prefetch)
    assert delivered == numbered(range(200)) and caught.resume_after == "e00199"
    assert "entry 1 of this page" in str(caught) and "(`id` 'e00150')" in str(caught)


def test_an_entry_repeated_within_a_page_or_the_after_cursor_itself_is_caught(
    run: Runner, api: respx.MockRouter
) -> None:
    page = body(entries=range(100, 103))
    page["leads"].append(entry(101))
    api.get(GET, params__eq={"page[size]": "100", "page[after]": "e00099"}).mock(return_value=raw(page))
    with pytest.raises(MalformedResponseError, match="entry 4 of this page") as caught:
        run.entries(LL, after="e00099")
    assert caught.value.resume_after == "e00099"
    api.get(GET, params__eq={"page[size]": "100", "page[after]": "e00101"}).mock(
        return_value=raw(body(entries=range(101, 110)))  # cursors are exclusive: e00101 is the caller's already
    )
    with pytest.raises(MalformedResponseError, match=r"entry 1 of this page .*'e00101'") as caught:
        run.entries(LL, after="e00101")
    assert caught.value.resume_after == "e00101"


def test_a_repeat_that_also_links_back_is_the_links_pagination_loop(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=lambda request: raw(body(entries=range(3), next_href=next_href(2))))
    delivered, caught = delivered_before(PaginationLoopError, run, "entries", LL)
    assert type(caught) is PaginationLoopError and caught.href == next_href(2)
    assert delivered == numbered(range(3)) and caught.resume_after == "e00002"


@pytest.mark.parametrize("prefetch", PREFETCH)
def test_a_lead_list_listed_twice_is_caught_before_it_is_repeated(
    run: Runner, api: respx.MockRouter, prefetch: int
) -> None:
    api.get("/lead-lists").mock(side_effect=[summaries(range(3), next_after=2), summaries(range(2, 4))])
    delivered, caught = delivered_before(MalformedResponseError, run, "lead_lists", prefetch=prefetch)
    assert delivered == ["ll0000", "ll0001", "ll0002"] and caught.resume_after == "ll0002"
    assert "lead list 1 of this page of the listing of lead lists was already delivered (`id` 'll0002')" in str(caught)


def test_fresh_ids_page_on_as_before(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(
        side_effect=[
            raw(body(entries=range(100, 200), next_href="?page[size]=100&page[after]=e00199")),
            raw(body(entries=range(200, 300))),
        ]
    )
    assert ids(run.entries(first_page(), prefetch=1)) == numbered(range(300))


# Read-ahead hands over the page it holds back, whatever the plan raises next ----------------------------


def failing_after_one_page() -> Generator[Send | Sleep | Emit[str], object, None]:
    yield Emit("page 1")
    raise RuntimeError("a bug in a plan")


def test_read_ahead_delivers_the_page_it_holds_before_any_failure(run: Runner) -> None:
    delivered: list[str] = []
    with pytest.raises(RuntimeError, match="a bug in a plan"):
        if run.mode == "sync":
            delivered.extend(iterate_pages_sync(failing_after_one_page(), run.client, FakeTime().sleep, 1))
        else:

            async def collect() -> None:
                pages = iterate_pages_async(failing_after_one_page(), run.client, FakeTime().async_sleep, 1)
                async for page in pages:
                    delivered.append(page)

            asyncio.run(collect())
    assert delivered == ["page 1"]


def two_pages_in_a_row() -> Generator[Send | Sleep | Emit[str], object, None]:
    yield Emit("page 1")
    yield Emit("page 2")


def test_read_ahead_hands_over_each_of_two_values_emitted_in_a_row(run: Runner) -> None:
    """The value held back is handed over when the next step is another value, not replaced by it."""
    if run.mode == "sync":
        delivered = list(iterate_pages_sync(two_pages_in_a_row(), run.client, FakeTime().sleep, 1))
    else:

        async def collect() -> list[str]:
            return [
                page async for page in iterate_pages_async(two_pages_in_a_row(), run.client, FakeTime().async_sleep, 1)
            ]

        delivered = asyncio.run(collect())
    assert delivered == ["page 1", "page 2"]


# Errors built from what a page holds are scrubbed of a key the server reflects -------------------------


@pytest.mark.parametrize(
    ("href", "error"),
    [
        (f"{GET}?page[after]=e00000&k={TOKEN}", PaginationLoopError),  # the same link every time
        (f"{GET}?page[after]=e00000&k={TOKEN}\x00", UnsafeLinkError),
        (f"https://{TOKEN}@evil.example{GET}", UnsafeLinkError),
    ],
    ids=["loop", "unsendable", "elsewhere"],
)
def test_an_error_quoting_a_next_href_never_repeats_the_key(
    run: Runner, api: respx.MockRouter, href: str, error: type[LeadListError]
) -> None:
    served = [0]

    def fresh_entry(request: httpx.Request) -> httpx.Response:
        served[0] += 1
        return raw(body(entries=range(served[0], served[0] + 1), next_href=href))

    api.get(GET).mock(side_effect=fresh_entry)
    _, caught = delivered_before(error, run, "entries", LL)
    assert TOKEN not in str(caught) and TOKEN not in repr(vars(caught)) and TOKEN.encode() not in pickle.dumps(caught)


def test_the_followed_links_remember_what_they_saw_and_nothing_else() -> None:
    """Hashes in a sorted array: a text whose hash sorts after every one kept is simply not there."""
    from amplemarket_lead_lists.operations.paging import Seen

    seen = Seen()
    kept = [f"/lead-lists/{LL}?page[after]=e{n:05d}" for n in range(50)]
    assert all(seen.add(href) for href in kept) and not any(seen.add(href) for href in kept)
    others = [f"/lead-lists/{LL}?page[after]=x{n:05d}" for n in range(500)]
    assert all(href in seen for href in kept) and not any(href in seen for href in others)
