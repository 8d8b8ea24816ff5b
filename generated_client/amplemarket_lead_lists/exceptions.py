"""Every public exception of the package, in one place (the generated `errors.UnexpectedStatus` aside).

    Exception
    ├── LeadListError                 every error of the API's operations; `resume_after` when paging stopped
    │   ├── ApiError                  the API answered an error status: `status_code`, `errors`, `retry_after`
    │   │   ├── BadRequestError       400, 422
    │   │   ├── AuthenticationError   401
    │   │   ├── PermissionDeniedError 403
    │   │   ├── NotFoundError         404
    │   │   ├── ConflictError         409
    │   │   ├── RateLimitError        429
    │   │   └── ServerError           5xx
    │   ├── TransportError            no answer: `sent` says whether the request may have arrived
    │   │   └── CreateOutcomeUnknownError   a create that may have happened (and Create*Error, below)
    │   ├── ClientClosedError · ResponseTooLargeError · MalformedResponseError · UnsafeLinkError
    │   ├── InvalidRequestError (also ValueError)   the request breaks the spec; nothing was sent
    │   ├── PollingTimeoutError · LeadListCanceledError · UnexpectedStatusError
    │   ├── PaginationLoopError ── PaginationLimitError · RepeatedItemError (also MalformedResponseError)
    │   └── PartialUploadError        an upload stopped after its list was created
    └── ValueError
        └── MissingApiKeyError        `AuthenticatedClient.from_env()` found no key

The generated layer returns errors as values; here they become exceptions. Messages name the request
(method and path) but never a header, and every value the server supplied (error text, a status, an
id, an href) is scrubbed of the API key (`wire.redaction`): a server may echo it back. An error built
from an HTTP exchange finds the key in it; one built from values alone is given `secrets=`. Errors
pickle without the HTTP exchange they came from (which holds the key in its request headers).
"""

from __future__ import annotations

import copyreg
import sys
from collections.abc import Sequence

import httpx

from .models.error_object import ErrorObject
from .models.lead_list import LeadList
from .types import Unset
from .validation import Problem
from .wire.failures import error_object_words, transport_reason
from .wire.redaction import origin_of, redacted, request_of, scrub_chains, scrubbed_value, secrets_of, shown_href
from .wire.retry_after import retry_after_seconds

_UNPICKLED = ("response", "request")
"""Attributes left out of a pickle: the exchange, whose request holds the API key."""

copyreg.pickle(Unset, lambda _: "UNSET")
"""UNSET pickles as the name of the one UNSET: request models test `is UNSET`, so an unpickled copy
of UNSET would read as a value (response models hold None instead)."""


class LeadListError(Exception):
    """Base of every error the API's operations raise.

    `resume_after` is set when paging stopped on this error: pass it as `after=` to continue
    from the last entry already delivered, without skipping or repeating one.
    """

    resume_after: str | None = None

    def __init__(self, *args: object, secrets: Sequence[str] = ()) -> None:
        super().__init__(*args)
        if secrets:
            self.scrub(secrets)

    def scrub(self, secrets: Sequence[str]) -> None:
        """Replace every secret (see `secrets_of`) by REDACTED in the message, in the attributes a pickle
        keeps (a lead list model included) and in the text of the exceptions chained to this one: its
        cause, and the exception being handled while it is built (what `raise … from` and implicit
        chaining attach), whose text may quote a value the server sent."""
        self.args = scrubbed_value(self.args, secrets)
        for name, value in list(vars(self).items()):
            if name not in _UNPICKLED:
                setattr(self, name, scrubbed_value(value, secrets))
        scrub_chains((self.__cause__, self.__context__, sys.exception()), secrets)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle the message and the plain attributes; `response` comes back as None."""
        state = {name: (None if name in _UNPICKLED else value) for name, value in vars(self).items()}
        return (_restored, (type(self), self.args, state))


def _restored(cls: type[LeadListError], args: tuple[object, ...], state: dict[str, object]) -> LeadListError:
    error = cls.__new__(cls)
    BaseException.__init__(error, *args)
    vars(error).update(state)
    return error


class ApiError(LeadListError):
    """The API answered with an error status."""

    response: httpx.Response | None
    """The error response (None once the error has been pickled and unpickled)."""

    def __init__(self, response: httpx.Response, errors: Sequence[ErrorObject]) -> None:
        self.response = response
        self.status_code = response.status_code
        self.errors = tuple(errors)
        self.retry_after = retry_after_seconds(response.headers)
        super().__init__(self._summary(response.request), secrets=secrets_of(response.request))

    def _summary(self, request: httpx.Request) -> str:
        summary = f"HTTP {self.status_code} from {request.method} {request.url.path}"
        problems = [error_object_words(error) for error in self.errors]
        return summary + (": " + _shortened("; ".join(problems)) if problems else "")


class BadRequestError(ApiError):
    """400 or 422: the request is invalid; `errors[i].source` says where."""


class AuthenticationError(ApiError):
    """401: the API key is missing or invalid."""


class PermissionDeniedError(ApiError):
    """403: the API key may not do this."""


class NotFoundError(ApiError):
    """404: no such lead list for this API key."""


class ConflictError(ApiError):
    """409: a limit of the account or of the list was reached."""


class RateLimitError(ApiError):
    """429: too many requests, still refused after the allowed retries or past the deadline."""


class ServerError(ApiError):
    """5xx: the server failed, still after the allowed retries."""


MAX_DETAIL = 500
"""Characters of server-supplied error text kept in a message; the parsed `errors` keep it all."""


def _shortened(text: str) -> str:
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 1] + "…"


NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.LocalProtocolError,
    httpx.UnsupportedProtocol,
)
"""Transport errors that mean the request never reached the server."""


class TransportError(LeadListError):
    """The request never got an answer (connection failure, timeout), after the allowed retries.

    `sent` is False when the request certainly never reached the server (it could not connect), True
    when it may have (a timeout or a dropped connection after sending). A request the client itself
    could not form (httpx's LocalProtocolError: e.g. a header value with a newline) is not chained
    to its cause, whose message quotes the offending header.
    """

    def __init__(self, method: str, url: str | httpx.URL, attempts: int, cause: httpx.RequestError) -> None:
        self.method = method.upper()
        self.path = httpx.URL(url).path
        self.host = _host_of(url, cause)
        self.attempts = attempts
        self.sent = not isinstance(cause, NOT_SENT)
        self.reason = transport_reason(cause)
        if isinstance(cause, httpx.LocalProtocolError):
            self.__suppress_context__ = True
        else:
            self.__cause__ = cause
        super().__init__(self._describe(cause), secrets=secrets_of(request_of(cause)))

    def _describe(self, cause: httpx.RequestError) -> str:
        where = f" to {self.host}" if self.host else ""
        return (
            f"{self.method} {self.path}{where} failed after {self.attempts} attempt(s): "
            f"{self.reason} ({type(cause).__name__})"
        )


def _host_of(url: str | httpx.URL, cause: httpx.RequestError) -> str:
    """The host (and a non-default port) the request went to: the cause's request knows the base URL."""
    request = request_of(cause)
    return _host(httpx.URL(url) if request is None else request.url)


def _host(url: httpx.URL) -> str:
    return url.host + (f":{url.port}" if url.port else "")


class ClientClosedError(LeadListError):
    """The client was closed (its `with` block ended, or its httpx client was closed): build a new one."""

    def __init__(self) -> None:
        super().__init__(
            "the client is closed (its `with` block ended or its httpx client was closed); create a new "
            "AuthenticatedClient, or keep the calls inside `with client:`"
        )


class CreateOutcomeUnknownError(TransportError):
    """A create that may have made the list got no usable answer: the list may exist.

    Raised as itself when the answer was lost (a timeout or a dropped connection after sending), and
    as CreateServerError, CreateMalformedResponseError or CreateResponseTooLargeError (each also the
    error it would otherwise be, with that error as its cause) for a 5xx other than 503 or a 2xx
    whose body could not be read: one `except CreateOutcomeUnknownError` covers every create that
    may have happened, and `except ServerError` & co. still catch theirs. It is not retried, which
    could create the list twice. `name`, `owner` and `requested_at` (UTC) identify it in the
    Amplemarket dashboard or with `find_lead_lists(client, name=error.name)`.
    """

    name: str
    owner: str
    requested_at: str

    def __init__(
        self,
        url: str | httpx.URL,
        attempts: int,
        cause: httpx.RequestError,
        *,
        name: str,
        owner: str,
        requested_at: str,
    ) -> None:
        self.name = name
        self.owner = owner
        self.requested_at = requested_at
        super().__init__("POST", url, attempts, cause)

    def _describe(self, cause: httpx.RequestError) -> str:
        return f"{super()._describe(cause)}; {self._look_up()}"

    def _look_up(self) -> str:
        return (
            f"the lead list may have been created: call find_lead_lists(client, name={self.name!r}) (owned by "
            f"{self.owner}, requested {self.requested_at}) before creating it again"
        )


class ResponseTooLargeError(LeadListError):
    """A response body grew past the client's `max_response_bytes` once decompressed; reading stopped.

    Not retried: the same request would download the same body again.
    """

    request: httpx.Request | None
    """The request (None once the error has been pickled and unpickled)."""

    def __init__(self, request: httpx.Request, status_code: int, limit: int) -> None:
        self.request = request
        self.status_code = status_code
        self.limit = limit
        super().__init__(
            f"HTTP {status_code} from {request.method} {request.url.path}: the body passed {limit} bytes "
            "(max_response_bytes); reading stopped",
            secrets=secrets_of(request),
        )


class MalformedResponseError(LeadListError):
    """A success response whose body is not the lead list the spec describes."""

    response: httpx.Response | None
    """The response (None for a page given by the caller, or once unpickled)."""

    def __init__(self, response: httpx.Response | None, problem: str, *, secrets: Sequence[str] = ()) -> None:
        self.response = response
        self.status_code = None if response is None else response.status_code
        request = None if response is None else response.request
        secrets = (*secrets, *secrets_of(request))
        problem = _shortened(redacted(problem, secrets))  # before shortening, which could cut a key in two
        where = (
            "malformed lead list"
            if request is None
            else f"HTTP {self.status_code} from {request.method} {request.url.path}"
        )
        super().__init__(f"{where}: {problem}", secrets=secrets)


class CreateServerError(ServerError, CreateOutcomeUnknownError):
    """A create answered with a 5xx other than 503: the list may exist (see CreateOutcomeUnknownError)."""


class CreateMalformedResponseError(MalformedResponseError, CreateOutcomeUnknownError):
    """A create answered 2xx with a body that is not a lead list with an id: the list exists, its id is
    unknown (see CreateOutcomeUnknownError)."""


class CreateResponseTooLargeError(ResponseTooLargeError, CreateOutcomeUnknownError):
    """A create whose 2xx or 5xx answer passed `max_response_bytes`: the list may exist (see
    CreateOutcomeUnknownError)."""


def outcome_unknown(error: LeadListError) -> bool:
    """Whether a create or an add (neither is retried) that failed with `error` may have happened anyway:
    yes after a timeout or a dropped connection once sent, a 5xx other than 503, a 2xx whose body could
    not be read, or anything else nothing says of; no after a request that never left (a closed client
    included) or a refusal (4xx, 503: the server did nothing)."""
    if isinstance(error, TransportError):
        return error.sent
    if isinstance(error, ClientClosedError):
        return False
    if isinstance(error, ApiError | MalformedResponseError | ResponseTooLargeError):
        status = error.status_code
        return status is None or 200 <= status < 300 or (status >= 500 and status != 503)
    return True


class InvalidRequestError(LeadListError, ValueError):
    """The request (its body, or a paging parameter) breaks the spec; nothing was sent."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        shown = "; ".join(str(problem) for problem in self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"invalid request: {shown}{more}")


class PollingTimeoutError(LeadListError):
    """The lead list did not finish before the deadline; the next poll would have passed it."""

    def __init__(
        self,
        lead_list: LeadList | None,
        elapsed: float,
        polls: int,
        lead_list_id: str | None = None,
        *,
        secrets: Sequence[str] = (),
    ) -> None:
        self.lead_list = lead_list
        self.lead_list_id = lead_list.id if lead_list is not None else lead_list_id
        self.elapsed = elapsed
        self.polls = polls
        status = "unknown" if lead_list is None else str(lead_list.status)
        which = "the lead list" if self.lead_list_id is None else f"lead list {self.lead_list_id}"
        shown = "<id>" if self.lead_list_id is None else repr(self.lead_list_id)
        state = (  # without an answer, nothing is known of the list's state on the server
            f"{which}: no poll was answered in {elapsed:.1f} s (the cause says why)"
            if polls == 0
            else f"{which} still {status} after {elapsed:.1f} s and {polls} poll(s); it keeps processing on the server"
        )
        super().__init__(f"{state}: call wait_for_lead_list(client, {shown}) again to go on waiting", secrets=secrets)


class LeadListCanceledError(LeadListError):
    """The lead list ended in `canceled`."""

    def __init__(self, lead_list: LeadList, *, secrets: Sequence[str] = ()) -> None:
        self.lead_list = lead_list
        super().__init__(f"lead list {lead_list.id} was canceled", secrets=secrets)


class UnexpectedStatusError(LeadListError):
    """The lead list is in a status this operation cannot handle (e.g. one the spec does not know)."""

    def __init__(self, lead_list: LeadList, expected: str, *, secrets: Sequence[str] = ()) -> None:
        self.lead_list = lead_list
        self.status = str(lead_list.status)
        super().__init__(f"lead list {lead_list.id} has status {self.status!r}; expected {expected}", secrets=secrets)


class UnsafeLinkError(LeadListError):
    """A link points away from the configured API origin; it was not followed, so the key stayed home."""

    def __init__(self, href: str, base_url: httpx.URL, *, secrets: Sequence[str] = ()) -> None:
        self.href = href
        shown = shown_href(href, secrets)
        super().__init__(f"refusing to follow {shown!r}: not on {origin_of(base_url)}", secrets=secrets)


class PaginationLoopError(LeadListError):
    """The server sent a `next` link that was already followed; continuing would loop forever."""

    def __init__(self, href: str, *, secrets: Sequence[str] = ()) -> None:
        self.href = href
        super().__init__(f"pagination loop: {shown_href(href, secrets)!r} was already followed", secrets=secrets)


class PaginationLimitError(PaginationLoopError):
    """Paging went on past what any lead list can hold (more entries than `entry_limit`, or more
    than `empty_page_limit` empty pages in a row): the server is paging nowhere."""

    def __init__(self, href: str, reason: str, *, secrets: Sequence[str] = ()) -> None:
        self.href = href
        self.reason = reason
        LeadListError.__init__(self, f"pagination stopped: {reason}", secrets=secrets)


class RepeatedItemError(PaginationLoopError, MalformedResponseError):
    """A page holds an item (an entry, a lead list) already delivered in this paging run, or twice:
    the server is paging in a loop. Nothing of the page was handed over; `resume_after` is the last
    item that was. Also a MalformedResponseError: the page is not one the spec describes."""

    def __init__(self, response: httpx.Response | None, problem: str) -> None:
        self.href = "" if response is None else str(response.request.url)
        """The page's URL ("" for a page the caller gave)."""
        MalformedResponseError.__init__(self, response, problem)


class PartialUploadError(LeadListError):
    """A chunk failed after the lead list was created: leads `[0, accepted)` are in the list.

    `lead_list_id` is the list, `lead_list` the lead list last returned (None when `continue_upload`
    failed on its first chunk), `failed` the indexes of the chunk that failed and `total` the number
    of leads in the body. `outcome_unknown` is True when that chunk may have been added anyway (a
    timeout after sending, a 5xx other than 503, an answer that could not be read or that named
    another list); the list then holds either `accepted` or `failed.stop` of them, and counting its
    entries tells which. The cause is `__cause__`. The message says how to continue; it never
    repeats a lead, nor the key (a lead list id may echo it).
    """

    def __init__(
        self, lead_list: LeadList | str, accepted: int, failed: range, total: int, cause: LeadListError
    ) -> None:
        self.lead_list = lead_list if isinstance(lead_list, LeadList) else None
        self.lead_list_id = lead_list.id if isinstance(lead_list, LeadList) else lead_list
        self.accepted = accepted
        self.failed = failed
        self.total = total
        self.outcome_unknown = outcome_unknown(cause)
        self.__cause__ = cause
        super().__init__(self._describe(cause), secrets=secrets_of(request_of(cause)))

    def _describe(self, cause: LeadListError) -> str:
        stopped = f"upload to lead list {self.lead_list_id} stopped at leads {self.failed.start}-{self.failed.stop - 1}"
        if self.outcome_unknown:
            return (
                f"{stopped} of {self.total}, which may or may not be in the list ({cause}); the first "
                f"{self.accepted} are. Wait for the list (wait_for_lead_list) and count its entries "
                f"({self.accepted} or {self.failed.stop}), then continue_upload(client, error.lead_list_id, body, "
                "start=<that count>)"
            )
        return (
            f"{stopped} of {self.total}, which were not added ({cause}); the first {self.accepted} are in the list. "
            f"continue_upload(client, error.lead_list_id, body, start=error.accepted) sends the other "
            f"{self.total - self.accepted}, none twice"
        )


class MissingApiKeyError(ValueError):
    """`AuthenticatedClient.from_env()` found no API key in the environment."""
