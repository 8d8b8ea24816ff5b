# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.lead_list_create_type import LeadListCreateType
from ..types import UNSET, Unset

T = TypeVar("T", bound="LeadListAddLeads")


@_attrs_define
class LeadListAddLeads:
    """The request body of `addLeads`. Unknown top-level keys are rejected. When `type` is given,
    each lead must carry the field that type requires (the server checks against the list's
    own type when it is omitted).

        Attributes:
            leads (list[LeadInput]): 1 to 10,000 leads. Which field every lead needs depends on the list's `type` (the
                `if`/`then` rules of the schema's `allOf`, stated here too as some generators drop them):
                `linkedin` needs `linkedin_url`; `email` needs `email`; `titles_and_company` needs
                `title` plus `company_name` or `company_domain`. When `type` is omitted the server
                applies the list's own type. A lead is never empty (`{}`).
            type_ (LeadListCreateType | Unset): The kinds of input a lead list can be created from.
    """

    leads: list[LeadInput]
    type_: LeadListCreateType | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        leads = []
        for leads_item_data in self.leads:
            leads_item = leads_item_data.to_dict()
            leads.append(leads_item)

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "leads": leads,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        leads = []
        _leads = src_dict["leads"]
        for leads_item_data in _leads:
            leads_item = LeadInput.from_dict(leads_item_data)

            leads.append(leads_item)

        _type_ = src_dict.get("type", UNSET)
        type_: LeadListCreateType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = LeadListCreateType(_type_)

        lead_list_add_leads = cls(  # positional, in the order the attributes are declared above
            leads,
            type_,
        )

        return lead_list_add_leads


# Imported after the class is defined, so models that refer to each other still import, and
# resolved once per process rather than on every to_dict/from_dict call.
from ..models.lead_input import LeadInput  # noqa: E402
