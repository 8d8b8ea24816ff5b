"""One exception hierarchy for everything that can go wrong while creating, waiting and paging.

The generated layer returns errors as values; here they become exceptions that carry what a caller
needs to decide: the HTTP status, the vendor's parsed `_errors`, and `retry_after` when the server
sent one. Messages name the request (method and path) but never a header, and every value the
server supplied (error text, a lead list's status or id, an href, the path built from such an id)
is scrubbed of the API key: a server may echo the `Authorization` header back. An error built from
an HTTP exchange finds the key in it; one built from values alone is given `secrets=`. Errors
pickle without the HTTP exchange they came from (which holds the key in its request headers).
"""

from __future__ import annotations

import copyreg
import socket
import ssl
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from ..models.error_object import ErrorObject
from ..models.errors_envelope import ErrorsEnvelope
from ..pacing import PacingTimeout
from ..types import Unset
from ..validation import Problem
from .decoding import decode_json
from .retry_after import retry_after_seconds

if TYPE_CHECKING:
    from ..models.lead_list import LeadList


REDACTED = "[redacted]"

_UNPICKLED = ("response", "request")
"""Attributes left out of a pickle: the exchange, whose request holds the API key."""

copyreg.pickle(Unset, lambda _: "UNSET")
"""UNSET pickles as the name of the one UNSET: request models test `is UNSET`, so an unpickled copy
of UNSET would read as a value (response models hold None instead)."""


class LeadListError(Exception):
    """Base of every error raised by `amplemarket_lead_lists.polling`.

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
        self.args = _scrubbed_value(self.args, secrets)
        for name, value in list(vars(self).items()):
            if name not in _UNPICKLED:
                setattr(self, name, _scrubbed_value(value, secrets))
        _scrub_chains((self.__cause__, self.__context__, sys.exception()), secrets)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle the message and the plain attributes; `response` comes back as None."""
        state = {name: (None if name in _UNPICKLED else value) for name, value in vars(self).items()}
        return (_restored, (type(self), self.args, state))


def _restored(cls: type[LeadListError], args: tuple[object, ...], state: dict[str, object]) -> LeadListError:
    error = cls.__new__(cls)
    BaseException.__init__(error, *args)
    vars(error).update(state)
    return error


SECRETS = "amplemarket_lead_lists.secrets"
"""The request extension holding the client's key, set by its first request hook (`exchange.guarded`):
the key may travel in another header than `Authorization` (`auth_header_name="X-Api-Key"`)."""


def secrets_of(request: httpx.Request | None) -> tuple[str, ...]:
    """The credential a request carried (the whole `Authorization` value, the key after its scheme, and
    the client's key wherever it was sent)."""
    if request is None:
        return ()
    value = request.headers.get("authorization", "")
    carried = request.extensions.get(SECRETS, ())
    return tuple(part for part in {value, value.rpartition(" ")[2], *carried} if len(part) >= 4)


def request_of(error: BaseException | None) -> httpx.Request | None:
    """The request an error answers: an httpx error's own, or the one a LeadListError (or its cause) holds
    in its `response` or `request`; None when nothing holds it (e.g. once unpickled)."""
    for holder in (error, getattr(error, "__cause__", None)):
        try:
            found = getattr(holder, "response", None)
            if isinstance(found, httpx.Response):
                return found.request
            found = getattr(holder, "request", None)
        except RuntimeError:  # httpx: a response or an error built without its request
            continue
        if isinstance(found, httpx.Request):
            return found
    return None


def redacted(text: str, secrets: Sequence[str]) -> str:
    """`text` with every secret replaced by REDACTED."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def _scrubbed_value(value: Any, secrets: Sequence[str]) -> Any:
    """An attribute's value with every secret replaced: in a string, a tuple or list of values, or a
    generated model (through its JSON). A value without a secret is returned as it is, the same object."""
    if isinstance(value, str):
        clean = redacted(value, secrets)
        return value if clean == value else clean
    if isinstance(value, tuple | list):
        items = [_scrubbed_value(item, secrets) for item in value]
        if all(item is old for item, old in zip(items, value, strict=True)):
            return value
        return tuple(items) if isinstance(value, tuple) else items
    if callable(getattr(value, "to_dict", None)) and callable(getattr(value, "from_dict", None)):
        data = value.to_dict()
        clean = _scrubbed(data, secrets)
        return value if clean == data else type(value).from_dict(clean)
    return value


def _scrub_chains(starts: Iterable[BaseException | None], secrets: Sequence[str]) -> None:
    """Scrub the message and notes of every exception chained from `starts` (causes and contexts), each once."""
    pending = [start for start in starts if start is not None]
    seen: set[int] = set()
    while pending:
        link = pending.pop()
        if id(link) in seen:
            continue
        seen.add(id(link))
        link.args = _scrubbed_value(link.args, secrets)
        notes = getattr(link, "__notes__", None)
        if isinstance(notes, list):
            link.__notes__ = _scrubbed_value(notes, secrets)
        pending += [chained for chained in (link.__cause__, link.__context__) if chained is not None]


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
        problems = [_describe_error_object(error) for error in self.errors]
        return summary + (": " + _shortened("; ".join(problems)) if problems else "")


def _describe_error_object(error: ErrorObject) -> str:
    words = [str(part) for part in (error.code, error.detail or error.title) if part is not None]
    source = error.source
    if source is not None:
        for where in ("pointer", "parameter", "header"):
            value = getattr(source, where)
            if value is not None:
                words.append(f"({where} {value})")
    return " ".join(words) or "no details"


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


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: BadRequestError,
    429: RateLimitError,
}


def api_error(response: httpx.Response) -> ApiError:
    """The typed exception for an error response; a body that is not `_errors` still gives one."""
    cls = _BY_STATUS.get(response.status_code, ServerError if response.status_code >= 500 else ApiError)
    return cls(response, _error_objects(response))


MAX_DETAIL = 500
"""Characters of server-supplied error text kept in a message; the parsed `errors` keep it all."""


def _shortened(text: str) -> str:
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 1] + "…"


def _error_objects(response: httpx.Response) -> list[ErrorObject]:
    """The vendor's `_errors`, with the API key scrubbed from every text the server sent back.

    Scrubbed once decoded: JSON can spell the key in many ways (`\\/`, `\\u0073`, …), all of which
    decode to the key itself.
    """
    try:
        decoded = _scrubbed(decode_json(response.content), secrets_of(response.request))
        return ErrorsEnvelope.from_dict(decoded).errors
    except (ValueError, KeyError, TypeError, AttributeError):
        return []


def _scrubbed(value: object, secrets: Sequence[str]) -> Any:
    """Decoded JSON with every secret replaced by REDACTED in every string (keys included)."""
    if isinstance(value, str):
        return redacted(value, secrets)
    if isinstance(value, list):
        return [_scrubbed(item, secrets) for item in value]
    if isinstance(value, dict):
        return {redacted(str(key), secrets): _scrubbed(item, secrets) for key, item in value.items()}
    return value


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


def transport_reason(cause: httpx.RequestError) -> str:
    """The cause in words (never its own text, which may quote a header): what a user can act on."""
    if isinstance(cause, PacingTimeout):  # our own words, with the wait: nothing of the request in them
        return str(cause)
    if isinstance(cause, httpx.TimeoutException):
        return _TIMEOUTS.get(type(cause), "timed out")
    if isinstance(cause, httpx.ConnectError):
        return _connect_reason(cause)
    for kind, words in _REASONS:
        if isinstance(cause, kind):
            return words
    return "the request failed"


_TIMEOUTS: dict[type[httpx.TimeoutException], str] = {
    httpx.ConnectTimeout: "timed out connecting (the host is unreachable or a firewall drops the packets)",
    httpx.ReadTimeout: "timed out waiting for the response",
    httpx.WriteTimeout: "timed out sending the request",
    httpx.PoolTimeout: "timed out waiting for a free connection in the pool",
}

_REASONS: tuple[tuple[type[httpx.RequestError], str], ...] = (
    (httpx.ProxyError, "the proxy refused or failed the connection"),
    (httpx.RemoteProtocolError, "the server closed the connection or broke the HTTP protocol"),
    (httpx.ReadError, "the connection broke while reading the response"),
    (httpx.WriteError, "the connection broke while sending the request"),
    (httpx.UnsupportedProtocol, "the URL's scheme is not http or https"),
    (httpx.LocalProtocolError, "the request could not be formed (e.g. a header value with a newline)"),
)


def _connect_reason(cause: httpx.ConnectError) -> str:
    """Refused, DNS or TLS, read from the chained OS error's type, else from its errno or wording."""
    chain: list[BaseException] = []
    link: BaseException | None = cause
    while link is not None and len(chain) < 10:
        chain.append(link)
        link = link.__cause__ or link.__context__
    text = " ".join(str(item) for item in chain).lower()
    if any(isinstance(item, ssl.SSLError) for item in chain) or "ssl" in text or "certificate" in text:
        return "the TLS handshake failed (a certificate the client does not trust, or not an https server)"
    if any(isinstance(item, socket.gaierror) for item in chain) or any(word in text for word in _DNS_WORDS):
        return "DNS lookup failed: the host name does not resolve (a typo in the base URL, or no network)"
    if any(isinstance(item, ConnectionRefusedError) for item in chain) or "refused" in text:
        return "connection refused (nothing listens on that host and port)"
    return "could not connect"


_DNS_WORDS = ("name or service not known", "nodename nor servname", "name resolution", "getaddrinfo", "no address")


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


_ANSWERED: dict[type[LeadListError], type[CreateOutcomeUnknownError]] = {
    ServerError: CreateServerError,
    MalformedResponseError: CreateMalformedResponseError,
    ResponseTooLargeError: CreateResponseTooLargeError,
}
"""What a create raises instead of each error of an answer that came but could not be used."""


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


def lost_create(error: LeadListError, attempts: int, *, name: str, owner: str, requested_at: str) -> LeadListError:
    """What a create that failed with `error` raises: when it may have happened (`outcome_unknown`), a
    CreateOutcomeUnknownError that names the list, chained to `error`'s cause (a lost answer) or to
    `error` (an unusable one); otherwise, or for an error no answer explains (a redirect off the API's
    origin), `error` itself. `attempts` is how many requests were sent."""
    if not outcome_unknown(error):
        return error
    if isinstance(error, TransportError):
        cause = error.__cause__
        assert isinstance(cause, httpx.RequestError), "a request that may have arrived is chained to its cause"
        return CreateOutcomeUnknownError(
            error.path, error.attempts, cause, name=name, owner=owner, requested_at=requested_at
        )
    kind = next((kind for base, kind in _ANSWERED.items() if isinstance(error, base)), None)
    if kind is None:
        return error
    request = request_of(error)
    assert request is not None, "an answer that came holds its request until pickled"
    lost = kind.__new__(kind)  # `error` as it is (its attributes, its message), and a CreateOutcomeUnknownError
    vars(lost).update(vars(error))
    lost.name, lost.owner, lost.requested_at = name, owner, requested_at
    lost.method, lost.path, lost.host = request.method, request.url.path, _host(request.url)
    lost.attempts, lost.sent, lost.reason = attempts, True, str(error)
    lost.__cause__ = error
    LeadListError.__init__(lost, f"{error}; {lost._look_up()}", secrets=secrets_of(request))
    return lost


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
        shown = _shown_href(href, secrets)
        super().__init__(f"refusing to follow {shown!r}: not on {_origin(base_url)}", secrets=secrets)


def _shown_href(href: str, secrets: Sequence[str]) -> str:
    """The href for a message: credentials in a URL (`user:secret@host`) are never repeated, and the
    secrets are replaced before it is shortened (which could cut one in two)."""
    try:
        text = str(httpx.URL(redacted(href, secrets)).copy_with(userinfo=b""))
    except (httpx.InvalidURL, TypeError, ValueError):
        return "<invalid URL>"
    return text if len(text) <= 200 else text[:199] + "…"


def _origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"


class PaginationLoopError(LeadListError):
    """The server sent a `next` link that was already followed; continuing would loop forever."""

    def __init__(self, href: str, *, secrets: Sequence[str] = ()) -> None:
        self.href = href
        super().__init__(f"pagination loop: {_shown_href(href, secrets)!r} was already followed", secrets=secrets)


class PaginationLimitError(PaginationLoopError):
    """Paging went on past what any lead list can hold (more entries than `entry_limit`, or more
    than `empty_page_limit` empty pages in a row): the server is paging nowhere."""

    def __init__(self, href: str, reason: str, *, secrets: Sequence[str] = ()) -> None:
        self.href = href
        self.reason = reason
        LeadListError.__init__(self, f"pagination stopped: {reason}", secrets=secrets)
