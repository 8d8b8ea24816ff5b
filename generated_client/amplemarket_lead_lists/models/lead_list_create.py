# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.lead_list_create_type import LeadListCreateType
from ..types import UNSET, Unset

T = TypeVar("T", bound="LeadListCreate")


@_attrs_define
class LeadListCreate:
    """The request body of `createLeadList`. Unknown top-level keys are rejected. Each lead must
    carry the field its list `type` requires, and only `email` lists may disable
    `options.validate_email` or `options.enrich`.

        Attributes:
            shared (bool): Shared across the account (true) or only with the owner (false).
            owner (str): Email of an existing user who owns the list.
            type_ (LeadListCreateType): The kinds of input a lead list can be created from.
            leads (list[LeadInput]): 1 to 10,000 leads. Which field every lead needs depends on the list's `type` (the
                `if`/`then` rules of the schema's `allOf`, stated here too as some generators drop them):
                `linkedin` needs `linkedin_url`; `email` needs `email`; `titles_and_company` needs
                `title` plus `company_name` or `company_domain`. A lead is never empty (`{}`).
            name (str | Unset): Defaults to a generated name.
            visible (bool | Unset): Visible in the dashboard. Defaults to true.
            options (LeadListCreateOptions | Unset):
    """

    shared: bool
    owner: str
    type_: LeadListCreateType
    leads: list[LeadInput]
    name: str | Unset = UNSET
    visible: bool | Unset = UNSET
    options: LeadListCreateOptions | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        shared = self.shared

        owner = self.owner

        type_ = self.type_.value

        leads = []
        for leads_item_data in self.leads:
            leads_item = leads_item_data.to_dict()
            leads.append(leads_item)

        name = self.name

        visible = self.visible

        options: dict[str, Any] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = self.options.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "shared": shared,
                "owner": owner,
                "type": type_,
                "leads": leads,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if visible is not UNSET:
            field_dict["visible"] = visible
        if options is not UNSET:
            field_dict["options"] = options

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        shared = src_dict["shared"]

        owner = src_dict["owner"]

        type_ = LeadListCreateType(src_dict["type"])

        leads = []
        _leads = src_dict["leads"]
        for leads_item_data in _leads:
            leads_item = LeadInput.from_dict(leads_item_data)

            leads.append(leads_item)

        name = src_dict.get("name", UNSET)

        visible = src_dict.get("visible", UNSET)

        _options = src_dict.get("options", UNSET)
        options: LeadListCreateOptions | Unset
        if isinstance(_options, Unset):
            options = UNSET
        else:
            options = LeadListCreateOptions.from_dict(_options)

        lead_list_create = cls(  # positional, in the order the attributes are declared above
            shared,
            owner,
            type_,
            leads,
            name,
            visible,
            options,
        )

        return lead_list_create


# Imported after the class is defined, so models that refer to each other still import, and
# resolved once per process rather than on every to_dict/from_dict call.
from ..models.lead_input import LeadInput  # noqa: E402
from ..models.lead_list_create_options import LeadListCreateOptions  # noqa: E402
