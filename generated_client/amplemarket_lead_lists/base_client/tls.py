"""One default TLS context per process, shared by every client (as httpx's docs advise)."""

from __future__ import annotations

import os
import ssl
import threading
from functools import lru_cache
from typing import Any

import httpx


def verification(verify: str | bool | ssl.SSLContext, httpx_args: dict[str, Any]) -> str | bool | ssl.SSLContext:
    """`verify_ssl` as httpx takes it. The default (True) is one TLS context per process, shared by every
    client, as httpx's docs advise: httpx would otherwise load the CA bundle into a new context for
    each client (a cost README's Benchmarks section measures). Any TLS
    setting of your own (`verify_ssl`, or `verify`, `cert`, `http2`, `trust_env` in `httpx_args`)
    is passed on untouched."""
    if verify is not True or not _OWN_TLS.isdisjoint(httpx_args):
        return verify
    trusted = tuple((path, _version(path)) for path in map(os.environ.get, ("SSL_CERT_FILE", "SSL_CERT_DIR")))
    with _TLS_LOCK:  # one context made, however many threads build clients at once
        return _default_tls_context(trusted)


_OWN_TLS = frozenset({"verify", "cert", "http2", "trust_env"})
_TLS_LOCK = threading.Lock()


def _version(path: str | None) -> tuple[int, int] | None:
    """When and how large `path` last changed: a CA file or folder edited in place is read again."""
    try:
        stat = os.stat(path) if path else None
    except OSError:
        return None
    return None if stat is None else (stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _default_tls_context(trusted: tuple[tuple[str | None, tuple[int, int] | None], ...]) -> ssl.SSLContext:
    """httpx's default context, keyed by what it reads (SSL_CERT_FILE and SSL_CERT_DIR, and when each
    last changed), so a change takes effect for the clients made afterwards, as without sharing."""
    return httpx.create_ssl_context()
