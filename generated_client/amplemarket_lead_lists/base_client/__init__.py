"""The hand-written base of the generated `Client` and `AuthenticatedClient`: settings and their checks,
cookies, TLS, and how each httpx client is built (guarded by `transport`, paced by `pacing`)."""

from .client import BaseAuthenticatedClient, BaseClient
from .cookies import MAX_COOKIE_BYTES, MAX_COOKIES, BoundedCookieJar
from .settings import DEFAULT_TIMEOUT, MAX_RESPONSE_BYTES

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_COOKIES",
    "MAX_COOKIE_BYTES",
    "MAX_RESPONSE_BYTES",
    "BaseAuthenticatedClient",
    "BaseClient",
    "BoundedCookieJar",
]
