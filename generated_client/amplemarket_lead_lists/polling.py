"""Deprecated: `amplemarket_lead_lists.polling`, the import path of every operation before 0.1.0's layout.

Code written against it keeps working: each name it exported comes from the package root, with a
DeprecationWarning saying so. Import them from `amplemarket_lead_lists` instead (see CHANGELOG.md).
"""

from __future__ import annotations

import warnings

import amplemarket_lead_lists as _root

MOVED = frozenset(
    {
        "LIST_LIMIT",
        "AddLeadsBody",
        "ApiError",
        "AuthenticationError",
        "BadRequestError",
        "ClientClosedError",
        "ConflictError",
        "CreateLeadListBody",
        "CreateOutcomeUnknownError",
        "InvalidRequestError",
        "LeadBody",
        "LeadListCanceledError",
        "LeadListError",
        "LeadListOptionsBody",
        "LeadListTypeName",
        "MalformedResponseError",
        "NotFoundError",
        "PaginationLimitError",
        "PaginationLoopError",
        "PermissionDeniedError",
        "PollEvent",
        "PollingTimeoutError",
        "Problem",
        "RateLimitError",
        "RateLimiter",
        "ResponseTooLargeError",
        "ServerError",
        "TransportError",
        "UnexpectedStatusError",
        "UnsafeLinkError",
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
    }
)
"""What `amplemarket_lead_lists.polling` exported: every name is now at the package root."""


def __getattr__(name: str) -> object:
    if name not in MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"amplemarket_lead_lists.polling is deprecated: import {name} from amplemarket_lead_lists",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(_root, name)
