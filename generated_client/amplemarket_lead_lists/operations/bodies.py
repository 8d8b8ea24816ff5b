"""TypedDicts for the request bodies, so a type checker catches `"ownr"` or `"shared": "yes"`.

Annotate a body with them (`body: CreateLeadListBody = {...}`) and pass it wherever a dict is
accepted (`create_lead_list`, `add_leads`, `upload_lead_list`). Written once from the spec's
`LeadListCreate`, `LeadListAddLeads`, `LeadListCreateOptions` and `LeadInput`; a test holds them to it.
The runtime check against the spec (InvalidRequestError before sending) still applies, so rules a
type cannot say (a linkedin list's leads need `linkedin_url`) are caught too.
"""

from collections.abc import Mapping
from typing import Any, Literal, NotRequired, TypedDict

from ..models.lead_input import LeadInput
from ..models.lead_list_create import LeadListCreate

LeadListTypeName = Literal["linkedin", "email", "titles_and_company"]
"""The `type` of a lead list, as the spec's `LeadListCreateType` spells it."""


class LeadBody(TypedDict, total=False):
    """One lead; which field it needs depends on the list's `type` (other keys are sent as given)."""

    linkedin_url: str
    email: str
    title: str
    company_name: str
    company_domain: str


class LeadListOptionsBody(TypedDict, total=False):
    """`options` of a create; `validate_email` and `enrich` may only be disabled for `email` lists."""

    reveal_phone_numbers: bool
    validate_email: bool
    enrich: bool


class CreateLeadListBody(TypedDict):
    """The body of `create_lead_list` (`POST /lead-lists`); without `name` one is generated."""

    owner: str
    shared: bool
    type: LeadListTypeName
    leads: list[LeadBody]
    name: NotRequired[str]
    visible: NotRequired[bool]
    options: NotRequired[LeadListOptionsBody]


class AddLeadsBody(TypedDict):
    """The body of `POST /lead-lists/{id}/leads` (`add_leads` builds it from its leads and `type`)."""

    leads: list[LeadBody]
    type: NotRequired[LeadListTypeName]


CreateBody = LeadListCreate | CreateLeadListBody | Mapping[str, Any]
"""What the create functions accept: the generated model, the TypedDict, or any mapping."""

Lead = LeadInput | LeadBody | Mapping[str, Any]
"""What `add_leads` accepts for one lead."""
