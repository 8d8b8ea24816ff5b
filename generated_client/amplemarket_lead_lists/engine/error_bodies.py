"""An error response read into its typed exception, the vendor's `_errors` parsed and scrubbed of the key."""

from __future__ import annotations

import httpx

from ..exceptions import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from ..models.error_object import ErrorObject
from ..models.errors_envelope import ErrorsEnvelope
from ..wire.decoding import decode_json
from ..wire.redaction import scrubbed_json, secrets_of

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
    """The vendor's `_errors`, with the API key scrubbed from every text the server sent back.

    Scrubbed once decoded: JSON can spell the key in many ways (`\\/`, `\\u0073`, …), all of which
    decode to the key itself.
    """
    try:
        decoded = scrubbed_json(decode_json(response.content), secrets_of(response.request))
        return ErrorsEnvelope.from_dict(decoded).errors
    except (ValueError, KeyError, TypeError, AttributeError):
        return []
