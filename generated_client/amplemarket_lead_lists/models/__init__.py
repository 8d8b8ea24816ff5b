# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
"""Contains all the data models used in inputs/outputs"""

from .email_validation_result import EmailValidationResult
from .error_object import ErrorObject
from .error_source import ErrorSource
from .errors_envelope import ErrorsEnvelope
from .lead_input import LeadInput
from .lead_list import LeadList
from .lead_list_add_leads import LeadListAddLeads
from .lead_list_create import LeadListCreate
from .lead_list_create_options import LeadListCreateOptions
from .lead_list_create_type import LeadListCreateType
from .lead_list_entry import LeadListEntry
from .lead_list_entry_data import LeadListEntryData
from .lead_list_options import LeadListOptions
from .lead_list_page import LeadListPage
from .lead_list_status import LeadListStatus
from .lead_list_summary import LeadListSummary
from .lead_list_type import LeadListType
from .link import Link
from .links import Links

__all__ = (
    "EmailValidationResult",
    "ErrorObject",
    "ErrorsEnvelope",
    "ErrorSource",
    "LeadInput",
    "LeadList",
    "LeadListAddLeads",
    "LeadListCreate",
    "LeadListCreateOptions",
    "LeadListCreateType",
    "LeadListEntry",
    "LeadListEntryData",
    "LeadListOptions",
    "LeadListPage",
    "LeadListStatus",
    "LeadListSummary",
    "LeadListType",
    "Link",
    "Links",
)
