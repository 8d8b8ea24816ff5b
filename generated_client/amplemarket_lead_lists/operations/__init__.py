"""The API's operations: create a lead list, add leads, wait for it politely, page its entries and the
listing safely — each in one module with its sync and async twin, built as a plan (`engine`) and run by a
driver. Every request goes through the client's own httpx client, so its base URL, auth, headers,
timeout and transport apply.

Rules:
1. `Retry-After` is read from every response: delta-seconds (integer or decimal) or an HTTP-date
   (measured against the response's `Date` header when present). Missing, invalid or negative means
   `default_interval`. The wait is clamped to `[min_interval, max_interval]`.
2. A lead list from a create's or an add's answer is always polled (its 202 may say `completed`
   with no entries); one a GET read that is `completed` is returned; `canceled` raises
   LeadListCanceledError; `queued`/`processing` are polled again after the wait. A status the spec
   does not know is polled again while the server sends `Retry-After`, otherwise it raises
   UnexpectedStatusError naming the status.
3. When the next poll would fall after `timeout` seconds from the start, PollingTimeoutError is raised
   at once (with the last lead list seen, the elapsed time and the number of polls): no poll comes
   early and no sleep runs past the deadline. `timeout=None` waits without limit.
4. `on_poll(PollEvent)` is called after every poll; an exception it raises propagates.
5. 429 waits its `Retry-After` (rule 1) and retries, within the deadline (at most 10 in a row).
   5xx and transport errors on GET retry with exponential backoff and jitter (1 s doubling, cap 30 s,
   at most 5 retries: the client's `max_retries`, or a call's `max_retries=`; 0 disables, 429s get
   twice as many), then raise. Other 4xx raise at once. A closed client raises ClientClosedError.
   `create_lead_list` validates the body against the spec first (InvalidRequestError, nothing sent)
   and retries only a 429 or a 503 that carries `Retry-After`, never a timeout or a dropped
   connection (that could duplicate the list).
   `add_leads` follows the same rules (a repeated add could add its leads twice).
6. Pages start with the completed lead list's own entries (no second fetch) when a GET read it; a
   lead list from a create's or an add's answer (a 202 carries no entries) is read again first; then follow
   `_links.next.href` as given: relative hrefs join the client's base URL; absolute hrefs are followed
   only on the base URL's scheme, host and port, otherwise UnsafeLinkError is raised before any
   request. A `next` already followed raises PaginationLoopError; an empty page with `next` goes on.
   A page is checked before any of its items is handed over (each `id` a non-empty string, no more
   items than its `page[size]`, about the list asked for): MalformedResponseError. An item
   delivered before in the run (60,000 ids remembered: `delivered.py`) is RepeatedItemError. A poll
   answered with another list than the one asked for is MalformedResponseError too.
   A page that fails transiently is retried, so no entry is skipped or repeated; when paging gives
   up, the error's `resume_after` is the cursor to pass as `after=` to continue. `after=` starts
   after that entry id; `max_pages` stops early. A `page_size` given with a LeadList reads it again
   from its first page at that size (its own entries are not used). A list that is not completed raises
   UnexpectedStatusError. `page_size` (1–100), `after` and `max_pages` are checked against the spec
   first: InvalidRequestError names the parameter, nothing is sent.
   A `next` whose href is not a non-empty string, or a completed page whose entries cannot be read
   (no `leads` list, and no `results` list in its place), is MalformedResponseError: never a silent
   end. A query-only href (`?page[after]=…`) continues on the list's own path. Paging past
   `entry_limit` entries (60,000, the vendor's cap per list) or `empty_page_limit` (10) empty pages
   in a row raises PaginationLimitError.
7. Lazy: one page is held at a time, whatever the list's size; with `prefetch=1` the next page is
   requested while the caller works on the current one (two pages at most; rule 6 unchanged).
8. No exception message, repr, pickle or log line contains the API key: the token is checked when
   the client is built (empty, surrounding whitespace, control or non-ASCII characters: ValueError),
   server-supplied error text is scrubbed of it, and a request httpx cannot form is never retried.
9. Bounds that hold whatever the server does: every deadline (`timeout=`, a page's 600 s budget, a
   create's 600 s) is wall-clock: each request gets only the time left and a body still arriving
   when it runs out is abandoned. A body larger than the client's `max_response_bytes` (32 MiB by
   default, counted after decompression, and never inflated past it: requests ask for gzip and
   deflate only) is not read further: ResponseTooLargeError, not retried.
   A redirect (when the caller enabled them) that ends on another origin is UnsafeLinkError.
10. A create that may have reached the server but got no usable answer (none, a 5xx other than 503,
   a 2xx whose body cannot be read) is not retried:
   CreateOutcomeUnknownError names the list (a body without `name` gets a unique one), its owner
   and the time of the request, so it can be found instead of created twice:
   `find_lead_lists(client, name=error.name)` pages the listing (rule 11) for it.
11. `iter_lead_lists` pages `GET /lead-lists` (newest first; inferred from the vendor's conventions,
   see the spec) with rule 6's guarantees; `list_limit` (100,000) stands in for `entry_limit`.
12. Pacing: every client holds the requests it sends, from any thread or task, to the vendor's
   500 in any 60 s window (`AuthenticatedClient(rate_limiter=RateLimiter(...))` for another limit,
   `None` for none; see `pacing/`), so fan-out waits its turn instead of
   collecting 429s; a pacing wait counts against the same deadline as the request.
"""

from .adding import add_leads, add_leads_async
from .bodies import AddLeadsBody, CreateLeadListBody, LeadBody, LeadListOptionsBody, LeadListTypeName
from .creating import create_lead_list, create_lead_list_async
from .listing import LIST_LIMIT, aiter_lead_lists, find_lead_lists, find_lead_lists_async, iter_lead_lists
from .pages import aiter_lead_list_entries, aiter_lead_list_pages, iter_lead_list_entries, iter_lead_list_pages
from .paging import EMPTY_PAGE_LIMIT, ENTRY_LIMIT
from .waiting import PollEvent, wait_for_lead_list, wait_for_lead_list_async

__all__ = [
    "EMPTY_PAGE_LIMIT",
    "ENTRY_LIMIT",
    "LIST_LIMIT",
    "AddLeadsBody",
    "CreateLeadListBody",
    "LeadBody",
    "LeadListOptionsBody",
    "LeadListTypeName",
    "PollEvent",
    "add_leads",
    "add_leads_async",
    "aiter_lead_list_entries",
    "aiter_lead_list_pages",
    "aiter_lead_lists",
    "create_lead_list",
    "create_lead_list_async",
    "find_lead_lists",
    "find_lead_lists_async",
    "iter_lead_list_entries",
    "iter_lead_list_pages",
    "iter_lead_lists",
    "wait_for_lead_list",
    "wait_for_lead_list_async",
]
