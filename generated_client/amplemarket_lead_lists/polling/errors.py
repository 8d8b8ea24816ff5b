"""One exception hierarchy for everything that can go wrong while creating, waiting and paging.

The generated layer returns errors as values; here they become exceptions that carry what a caller
needs to decide: the HTTP status, the vendor's parsed `_errors`, and `retry_after` when the server
sent one. Messages name the request (method and path) but never a header, so the API key cannot leak.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import httpx

from ..models.error_object import ErrorObject
from ..models.errors_envelope import ErrorsEnvelope
from ..types import Unset
from ..validation import Problem
from .decoding import decode_json
from .retry_after import retry_after_seconds

if TYPE_CHECKING:
    from ..models.lead_list import LeadList


class LeadListError(Exception):
    """Base of every error raised by `amplemarket_lead_lists.polling`.

    `resume_after` is set when paging stopped on this error: pass it as `after=` to continue
    from the last entry already delivered, without skipping or repeating one.
    """

    resume_after: str | None = None


class ApiError(LeadListError):
    """The API answered with an error status."""

    def __init__(self, response: httpx.Response, errors: Sequence[ErrorObject]) -> None:
        self.response = response
        self.status_code = response.status_code
        self.errors = tuple(errors)
        self.retry_after = retry_after_seconds(response.headers)
        super().__init__(self._describe())

    def _describe(self) -> str:
        request = self.response.request
        summary = f"HTTP {self.status_code} from {request.method} {request.url.path}"
        problems = [_describe_error_object(error) for error in self.errors]
        return summary + (": " + "; ".join(problems) if problems else "")


def _describe_error_object(error: ErrorObject) -> str:
    words = [str(part) for part in (error.code, error.detail or error.title) if not isinstance(part, Unset)]
    source = error.source
    if not isinstance(source, Unset):
        for where in ("pointer", "parameter", "header"):
            value = getattr(source, where)
            if not isinstance(value, Unset):
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


def _error_objects(response: httpx.Response) -> list[ErrorObject]:
    try:
        return ErrorsEnvelope.from_dict(decode_json(response.content)).errors
    except (ValueError, KeyError, TypeError, AttributeError):
        return []


class TransportError(LeadListError):
    """The request never got an answer (connection failure, timeout), after the allowed retries."""

    def __init__(self, method: str, url: str | httpx.URL, attempts: int, cause: httpx.RequestError) -> None:
        self.method = method.upper()
        self.path = httpx.URL(url).path
        self.attempts = attempts
        self.__cause__ = cause
        super().__init__(f"{self.method} {self.path} failed after {attempts} attempt(s): {type(cause).__name__}")


class MalformedResponseError(LeadListError):
    """A success response whose body is not the lead list the spec describes."""

    def __init__(self, response: httpx.Response, problem: str) -> None:
        self.response = response
        self.status_code = response.status_code
        request = response.request
        super().__init__(f"HTTP {response.status_code} from {request.method} {request.url.path}: {problem}")


class InvalidRequestError(LeadListError, ValueError):
    """The request (its body, or a paging parameter) breaks the spec; nothing was sent."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        shown = "; ".join(str(problem) for problem in self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"invalid request: {shown}{more}")


class PollingTimeoutError(LeadListError):
    """The lead list did not finish before the deadline; the next poll would have passed it."""

    def __init__(self, lead_list: LeadList | None, elapsed: float, polls: int) -> None:
        self.lead_list = lead_list
        self.elapsed = elapsed
        self.polls = polls
        status = "unknown" if lead_list is None else str(lead_list.status)
        super().__init__(f"lead list still {status} after {elapsed:.1f} s and {polls} poll(s)")


class LeadListCanceledError(LeadListError):
    """The lead list ended in `canceled`."""

    def __init__(self, lead_list: LeadList) -> None:
        self.lead_list = lead_list
        super().__init__(f"lead list {lead_list.id} was canceled")


class UnexpectedStatusError(LeadListError):
    """The lead list is in a status this operation cannot handle (e.g. one the spec does not know)."""

    def __init__(self, lead_list: LeadList, expected: str) -> None:
        self.lead_list = lead_list
        self.status = str(lead_list.status)
        super().__init__(f"lead list {lead_list.id} has status {self.status!r}; expected {expected}")


class UnsafeLinkError(LeadListError):
    """A link points away from the configured API origin; it was not followed, so the key stayed home."""

    def __init__(self, href: str, base_url: httpx.URL) -> None:
        self.href = href
        super().__init__(f"refusing to follow {_without_userinfo(href)!r}: not on {_origin(base_url)}")


def _without_userinfo(href: str) -> str:
    """The href for a message: credentials in a URL (`user:secret@host`) are never repeated."""
    try:
        return str(httpx.URL(href).copy_with(userinfo=b""))
    except (httpx.InvalidURL, TypeError):
        return "<invalid URL>"


def _origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"


class PaginationLoopError(LeadListError):
    """The server sent a `next` link that was already followed; continuing would loop forever."""

    def __init__(self, href: str) -> None:
        self.href = href
        super().__init__(f"pagination loop: {href!r} was already followed")
