"""Cases 1–3: paging speed over HTTP and in process, and memory while paging."""

from __future__ import annotations

import functools
import gc
import json
import tracemalloc
from collections.abc import Callable

import httpx

from amplemarket_lead_lists import AuthenticatedClient, iter_lead_list_entries, iter_lead_list_pages
from amplemarket_lead_lists.models import LeadList, Link, Links
from amplemarket_lead_lists.transport.links import link_target
from amplemarket_lead_lists.wire.decoding import decode_json

from .results import Row
from .server import AUTH, KEY, prefilled_list
from .timing import side_by_side

MEDIA = {"Content-Type": "application/vnd.amp+json"}

UNLIMITED = None
"""These cases run the same client thousands of times against servers with no rate limit: they
measure the client's own cost, so its pacing (500 a minute by default) is off."""


def _count_typed(client: AuthenticatedClient, lead_list_id: str, max_pages: int | None = None) -> int:
    return sum(1 for _ in iter_lead_list_entries(client, lead_list_id, max_pages=max_pages))


def _count_raw(http: httpx.Client, lead_list_id: str, max_pages: int | None = None) -> int:
    """The loop a user would write by hand: follow next hrefs, decode JSON, nothing else."""
    href: str | None = f"/lead-lists/{lead_list_id}"
    count = pages = 0
    while href and (max_pages is None or pages < max_pages):
        page = http.get(href).json()
        count += len(page["leads"])
        pages += 1
        href = page["_links"].get("next", {}).get("href")
    return count


def over_http(base_url: str) -> list[Row]:
    """Case 1: a completed 10,000-entry list through uvicorn, typed iteration vs the raw loop."""
    lead_list_id = prefilled_list(base_url, 10_000)
    with (
        AuthenticatedClient(base_url=base_url, token=KEY, rate_limiter=UNLIMITED) as client,
        httpx.Client(base_url=base_url, headers=AUTH) as http,
    ):
        assert _count_typed(client, lead_list_id) == _count_raw(http, lead_list_id) == 10_000
        typed, raw = side_by_side([lambda: _count_typed(client, lead_list_id), lambda: _count_raw(http, lead_list_id)])
    return [
        Row("1 paging over HTTP, 10k entries", "entries/s", 10_000 / typed.median, 10_000 / raw.median,
            "raw httpx loop", "entries/s", "time ≤ 1.15× raw", typed.median <= 1.15 * raw.median),
        Row("1 paging over HTTP, 10k entries", "seconds", typed.median, raw.median, "raw httpx loop", "s"),
    ]  # fmt: skip


def in_process(base_url: str) -> list[Row]:
    """Case 2: the same pages pre-rendered behind httpx.MockTransport, typed iteration vs json.loads."""
    lead_list_id = prefilled_list(base_url, 10_000)
    pages: dict[bytes, bytes] = {}  # by raw path: looking a page up must cost the handler next to nothing
    with httpx.Client(base_url=base_url, headers=AUTH) as http:
        first = href = f"/lead-lists/{lead_list_id}"
        while href:
            response = http.get(href)
            pages[httpx.URL(href).raw_path] = response.content
            href = response.json()["_links"].get("next", {}).get("href")
    first_page = pages[httpx.URL(first).raw_path]

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=pages.get(request.url.raw_path, first_page), headers=MEDIA)

    client = AuthenticatedClient(
        base_url="http://bench",
        token=KEY,
        allow_insecure_http=True,  # an in-process mock, named as a host
        rate_limiter=UNLIMITED,
        httpx_args={"transport": httpx.MockTransport(serve)},
    )
    bodies = list(pages.values())

    def decode_only() -> int:
        return sum(len(json.loads(body)["leads"]) for body in bodies)

    def fast_decode_only() -> int:
        """The decoder `polling` uses, alone: what the models and HTTP cost on top of decoding."""
        return sum(len(decode_json(body)["leads"]) for body in bodies)

    def typed_by_hand() -> int:
        """The generated models without `polling`: what the models cost, apart from our layer."""
        http = client.get_httpx_client()
        href: str | None = f"/lead-lists/{lead_list_id}"
        count = 0
        while href:
            page = LeadList.from_dict(http.get(href).json())
            count += len(page.leads) if isinstance(page.leads, list) else 0
            links = page.links
            href = links.next_.href if isinstance(links, Links) and isinstance(links.next_, Link) else None
        return count

    documents = [decode_json(body) for body in bodies]
    targets = [link_target(path.decode(), client.get_httpx_client().base_url) for path in pages]

    def models_only() -> int:
        """Where typed iteration spends its time, part 1: the generated models on decoded pages."""
        return sum(len(page.leads) for page in map(LeadList.from_dict, documents) if isinstance(page.leads, list))

    def requests_only() -> int:
        """Part 2: httpx sending each page request through the mock transport and reading the body."""
        http = client.get_httpx_client()
        return sum(len(http.get(target).content) for target in targets)

    assert _count_typed(client, lead_list_id) == decode_only() == fast_decode_only() == typed_by_hand() == 10_000
    assert models_only() == 10_000 and requests_only() == sum(map(len, bodies))
    typed, raw, fast_raw, by_hand, models, requests = side_by_side(
        [lambda: _count_typed(client, lead_list_id), decode_only, fast_decode_only, typed_by_hand, models_only,
         requests_only],
        runs=15,
    )  # fmt: skip
    per_entry = 1e6 / 10_000
    return [
        Row("2 typed iteration in process, 10k", "µs/entry", typed.median * per_entry, raw.median * per_entry,
            "json.loads alone", "µs", "≤ 2× json.loads", typed.median <= 2 * raw.median),
        Row("2 typed iteration in process, 10k", "µs/entry vs our decoder alone", typed.median * per_entry,
            fast_raw.median * per_entry, "polling.decoding.decode_json alone", "µs"),
        Row("2 typed iteration in process, 10k", "µs/entry vs models by hand", typed.median * per_entry,
            by_hand.median * per_entry, "httpx + .json() + LeadList.from_dict loop", "µs"),
        Row("2 typed iteration in process, 10k", "of which decoding (decode_json)", fast_raw.median * per_entry,
            typed.median * per_entry, "typed iteration", "µs"),
        Row("2 typed iteration in process, 10k", "of which models (LeadList.from_dict)", models.median * per_entry,
            typed.median * per_entry, "typed iteration", "µs"),
        Row("2 typed iteration in process, 10k", "of which httpx requests", requests.median * per_entry,
            typed.median * per_entry, "typed iteration", "µs"),
    ]  # fmt: skip


def memory(base_url: str) -> list[Row]:
    """Case 3: memory while iterating 1,000 / 10,000 / 60,000 entries of one 60,000-entry list.

    "Peak" is the most memory traced during an iteration, under the default GC, above what was alive
    when it started. Each is measured after a warm-up pass traced too, so bounded process-wide caches
    (urllib.parse's and httpx's 128 URLs, `re`'s patterns) start full and their turnover nets out
    instead of counting as growth. "Held" is the most kept alive at a page boundary after a full
    collection. The raw loop's peak rises with the page count: httpx binds each response to its body
    stream, a reference cycle that waits for a full collection; `polling` unbinds it.
    """
    lead_list_id = prefilled_list(base_url, 60_000)
    rows = []
    held: dict[int, float] = {}
    with (
        AuthenticatedClient(base_url=base_url, token=KEY, rate_limiter=UNLIMITED) as client,
        httpx.Client(base_url=base_url, headers=AUTH) as http,
    ):
        tracemalloc.start()
        _count_typed(client, lead_list_id)
        _count_raw(http, lead_list_id)
        for entries in (1_000, 10_000, 60_000):
            held[entries] = _held(client, lead_list_id, entries // 100)
        tracemalloc.stop()
        peaks = {
            entries: (_peak(functools.partial(_count_typed, client, lead_list_id, entries // 100)),
                      _peak(functools.partial(_count_raw, http, lead_list_id, entries // 100)))
            for entries in (1_000, 10_000, 60_000)
        }  # fmt: skip
    for entries, (typed, raw) in peaks.items():
        rows.append(Row("3 memory while paging", f"{entries:,} entries: peak, default GC", typed, raw,
                        "raw httpx loop", "KiB"))  # fmt: skip
    growth = peaks[60_000][0] / peaks[1_000][0]
    rows.append(Row("3 memory while paging", "peak at 60,000 vs 1,000 entries", peaks[60_000][0], peaks[1_000][0],
                    "1,000 entries", "KiB", "flat (≤ 1.2×)", growth <= 1.2))  # fmt: skip
    for entries, kib in held.items():
        rows.append(Row("3 memory while paging", f"{entries:,} entries: held at page ends", kib, held[1_000],
                        "1,000 entries", "KiB", "flat (≤ 1.2× at 60,000)",
                        kib <= 1.2 * held[1_000] if entries == 60_000 else None))  # fmt: skip
    return rows


def _peak(run: Callable[[], object]) -> float:
    tracemalloc.start()
    run()
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    run()
    peak = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    return peak / 1024


def _held(client: AuthenticatedClient, lead_list_id: str, pages: int) -> float:
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    most = 0
    for _page in iter_lead_list_pages(client, lead_list_id, max_pages=pages):
        gc.collect()
        most = max(most, tracemalloc.get_traced_memory()[0] - before)
    return most / 1024
