"""How the rules read a server: GETs that wait out 429s, page walks that check every page on the way,
and what came back compared with what was sent. Plain httpx and JSON: no client, no Schemathesis."""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

PENDING = ("queued", "processing")
MAX_LEADS_PER_LIST = 60_000
"""The vendor's cap on the leads in one lead list (addLeads' description in the spec)."""
MAX_PAGE_SIZE = 100
"""The largest `page[size]` the spec allows (both paged operations): no rule ever asks for more."""
SMALL_PAGES = 20
"""About how many pages a walk in small pages cuts a list into."""
RATE_LIMIT_RETRIES = 5
"""How many 429s in a row a GET waits out (as `Retry-After` says) before it gives up."""
MAX_RETRY_AFTER = 120.0
"""The longest `Retry-After` a rule waits; a longer one fails the rule rather than stall the run."""
ECHOED = ("type", "owner", "shared", "visible", "name")
"""Create body fields a lead list must report back as sent (`options` too, key by key)."""


def get_politely(
    client: httpx.Client,
    url: str,
    params: dict[str, Any] | None,
    headers: dict[str, str],
    sleep: Callable[[float], None] = time.sleep,
) -> httpx.Response:
    """A GET that waits out up to RATE_LIMIT_RETRIES 429s, each for its `Retry-After` (1 s without
    one); the last answer is returned whatever it is."""
    got = client.get(url, params=params, headers=headers)
    for _ in range(RATE_LIMIT_RETRIES):
        if got.status_code != 429:
            break
        retry_after = got.headers.get("retry-after", "1")
        wait = float(retry_after) if retry_after.isdigit() else 1.0
        if wait > MAX_RETRY_AFTER:
            break
        sleep(wait)
        got = client.get(url, params=params, headers=headers)
    return got


def walk(
    first: dict[str, Any], fetch: Callable[[str], dict[str, Any]], *, size: int, items: str = "leads"
) -> list[dict[str, Any]]:
    """Every item (entries, or lead lists) reached by following `next` from `first`, the first page
    asked for with `page[size]` `size`; checks the page sizes, `prev` and the last page on the way."""
    pages = [first]
    sizes = [size]
    while "next" in pages[-1].get("_links", {}):
        if len(pages) > 1000:
            raise AssertionError("more than 1000 pages: the next links do not end")
        href = pages[-1]["_links"]["next"]["href"]
        sizes.append(int(parse_qs(urlsplit(href).query).get("page[size]", [sizes[-1]])[0]))
        pages.append(fetch(href))
    check_pages(pages, sizes, items)
    found = [item for page in pages for item in page.get(items, [])]
    ids = [item["id"] for item in found]
    if len(ids) != len(set(ids)):
        raise AssertionError(f"following next returned an item of `{items}` twice")
    for earlier, later in itertools.pairwise(pages):
        prev = later.get("_links", {}).get("prev")
        if prev is None:
            raise AssertionError("a page after the first has no prev link")
        back = [item["id"] for item in fetch(prev["href"]).get(items, [])]
        if back != [item["id"] for item in earlier.get(items, [])]:
            raise AssertionError(f"prev {prev['href']} does not lead back to the previous page")
    return found


def check_pages(pages: list[dict[str, Any]], sizes: list[int], items: str) -> None:
    """Consecutive pages from the first, each asked for with its `page[size]`: no `prev` on the first,
    exactly `page[size]` items on every page with a `next`, at most that on the last, and a last page
    that is empty only if it is the first (an empty list)."""
    if "prev" in pages[0].get("_links", {}):
        raise AssertionError(f"the first page of `{items}` has a prev link")
    for number, (page, size) in enumerate(zip(pages, sizes, strict=True), start=1):
        count = len(page.get(items, []))
        last = "next" not in page.get("_links", {})
        if count > size or (not last and count != size) or (last and number > 1 and count == 0):
            raise AssertionError(
                f"page {number} of `{items}` holds {count} with page[size]={size}"
                + (" (next led to an empty page)" if last and count == 0 else "")
            )


def small_page_size(entries: int) -> int:
    """The `page[size]` that cuts `entries` into about SMALL_PAGES pages, within the spec's 1–100:
    a list of more than 2,000 entries is walked in pages of 100 (asking for more is a 400)."""
    return min(MAX_PAGE_SIZE, max(1, math.ceil(entries / SMALL_PAGES)))


def normalised(value: object) -> str:
    """An input as a server may fairly rewrite it: case, surrounding space, scheme, `www.`, a final `/`."""
    text = str(value).strip().casefold().rstrip("/")
    for prefix in ("https://", "http://", "www."):
        text = text.removeprefix(prefix)
    return text


def echo_problem(request_body: dict[str, Any], lead_list: dict[str, Any]) -> str | None:
    """How a lead list differs from the create body it came from, or None: the type, name, owner,
    shared/visible flags and options sent must come back (a generated name only for an empty one)."""
    for field in ECHOED:
        want = request_body.get(field)
        if want is None or want == "":
            continue
        got = lead_list.get(field)
        if field == "owner" and isinstance(got, str) and isinstance(want, str):
            got, want = got.casefold(), want.casefold()
        if got != want:
            return f"lead list {lead_list.get('id')!r} reports {field} {got!r}; {want!r} was sent"
    options = lead_list.get("options") or {}
    for name, want in (request_body.get("options") or {}).items():
        if options.get(name) != want:
            return f"lead list {lead_list.get('id')!r} reports options.{name} {options.get(name)!r}; {want!r} was sent"
    return None
