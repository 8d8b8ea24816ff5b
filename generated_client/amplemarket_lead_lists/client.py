# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from attrs import define

from .base_client import BaseAuthenticatedClient, BaseClient
from .exceptions import (
    MissingApiKeyError as MissingApiKeyError,  # importable from here as before 0.1.0
)


@define
class Client(BaseClient):
    """A class for keeping track of data related to the API

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL.
        An http:// URL to a host other than this machine (127.0.0.0/8, ::1, localhost) is refused
        (ValueError) unless ``allow_insecure_http=True``: the key and the leads would cross the network unencrypted.

        ``cookies``: A dictionary of cookies to be sent with every request (cookies the server sets are
        kept too, up to MAX_COOKIES and MAX_COOKIE_BYTES: see BoundedCookieJar)

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        httpx.TimeoutException if this is exceeded. Defaults to ``DEFAULT_TIMEOUT`` (30 s, 10 s to connect).

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False. A redirect to
        another scheme, host or port is refused before anything is sent there (UnsafeLinkError): the
        client sends nothing outside its base URL's origin.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.

    ``max_response_bytes``, ``max_retries``, ``retry_backoff_cap`` and ``rate_limiter`` are described on
    ``BaseClient`` (``base_client/client.py``), which holds every fixed part of this class.

    """


@define
class AuthenticatedClient(BaseAuthenticatedClient):
    """A Client which has been authenticated for use on secured endpoints

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL.
        An http:// URL to a host other than this machine (127.0.0.0/8, ::1, localhost) is refused
        (ValueError) unless ``allow_insecure_http=True``: the key and the leads would cross the network unencrypted.

        ``cookies``: A dictionary of cookies to be sent with every request (cookies the server sets are
        kept too, up to MAX_COOKIES and MAX_COOKIE_BYTES: see BoundedCookieJar)

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        httpx.TimeoutException if this is exceeded. Defaults to ``DEFAULT_TIMEOUT`` (30 s, 10 s to connect).

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False. A redirect to
        another scheme, host or port is refused before anything is sent there (UnsafeLinkError): the
        client sends nothing outside its base URL's origin.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.

    ``max_response_bytes``, ``max_retries``, ``retry_backoff_cap`` and ``rate_limiter`` are described on
    ``BaseClient`` (``base_client/client.py``), which holds every fixed part of this class.

    ``token``, ``prefix`` and ``auth_header_name`` say how the key is sent; ``from_env()`` reads them from the environment.
    """
