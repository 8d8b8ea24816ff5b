"""A client library for accessing Amplemarket Lead Lists API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
